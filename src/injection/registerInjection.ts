import * as vscode from 'vscode';
import type { KeyMetadata } from '../core/keyIndex';
import { CommandTable } from '../shared/commandRegistry';
import { INJECTION_COMMAND_IDS } from '../shared/identities';
import { INJECTION_NOT_YET_APPLIED, InjectionStatus } from '../shared/injectionStatus';
import { forwardCommands, lazyEntry, startAfterActivation } from '../shared/lazy';
import { Logger } from '../shared/logger';
import type { ActiveKeys } from '../vault/activeKeys';
import type { KeyVault } from '../vault/keyVault';
import type * as InjectionEntry from './injectionEntry';
import type { LiveConsent } from './keyInjection';
import type { TerminalRevivalGuard } from './terminalRevival';

/** What the injection feature gives the rest of the extension; every member but `status` starts it. */
export interface InjectionFeature {
  commands: CommandTable;
  /** For the status bar: what the injection says once it has started, and when that changes. */
  status: InjectionStatus;
  liveConsent: () => LiveConsent;
  allowLive: (entry: KeyMetadata) => Promise<void>;
  /** Resolves once terminal injection reflects every change made so far (it applies asynchronously). */
  settled: () => Promise<void>;
  revival: () => TerminalRevivalGuard;
}

/**
 * The active key in new terminals, tasks and debug sessions (dist/injection.js). The collection is
 * applied from SecretStorage once activation has returned; the debug configuration provider is
 * registered here, so a launch before that starts the feature itself.
 */
export function registerInjection(context: vscode.ExtensionContext, deps: { vault: KeyVault; active: ActiveKeys; logger: Logger }): InjectionFeature {
  const load = lazyEntry<typeof InjectionEntry>('injection');
  const changed = new vscode.EventEmitter<void>();
  let started: InjectionEntry.StartedInjection | undefined;
  const feature = startAfterActivation(context.subscriptions, 'key injection', deps.logger, () => {
    const injection = load().startInjection({
      ...deps,
      collection: context.environmentVariableCollection,
      workspaceState: context.workspaceState,
      globalState: context.globalState,
    });
    const forward = injection.injection.onDidChange(() => changed.fire());
    started = injection;
    return {
      ...injection,
      dispose: () => {
        forward.dispose();
        injection.dispose();
      },
    };
  });
  context.subscriptions.push(
    changed,
    vscode.debug.registerDebugConfigurationProvider('*', { resolveDebugConfiguration: (folder, config) => feature().injection.resolveDebugConfiguration(folder, config) }),
  );
  return {
    commands: forwardCommands(INJECTION_COMMAND_IDS, () => feature().commands),
    status: { describe: () => started?.injection.describe() ?? INJECTION_NOT_YET_APPLIED, onDidChange: changed.event },
    liveConsent: () => feature().injection,
    allowLive: (entry) => feature().injection.allowLive(entry),
    settled: () => feature().injection.refresh(),
    revival: () => feature().revival,
  };
}
