import * as vscode from 'vscode';
import { CommandTable } from '../shared/commandRegistry';
import { VAULT_COMMAND_IDS } from '../shared/identities';
import { forwardCommands, lazyEntry } from '../shared/lazy';
import { Logger } from '../shared/logger';
import { ActiveKeys } from './activeKeys';
import { KeyTreeProvider } from './keyTreeProvider';
import { KeyVault } from './keyVault';
import { LeakRegistry } from './leakRegistry';
import { startRotationReminders } from './rotateCommand';
import type { VaultCommandDeps } from './vaultCommands';
import type * as VaultCommandsEntry from './vaultCommandsEntry';

export interface VaultServices {
  vault: KeyVault;
  active: ActiveKeys;
  /** Stored keys found in pushed git history (written by the history scan). */
  leaks: LeakRegistry;
}

/** Creates the vault services shared by the other features. */
export function createVaultServices(context: vscode.ExtensionContext, logger: Logger): VaultServices {
  const vault = new KeyVault({ secrets: context.secrets, logger });
  const active = new ActiveKeys(context.workspaceState, vault, logger);
  const leaks = new LeakRegistry(context.globalState);
  context.subscriptions.push(vault, active, leaks);
  return { vault, active, leaks };
}

/** The tree view, context key, rotation reminders, and the vault's commands (loaded when one first runs). */
export function registerVault(context: vscode.ExtensionContext, services: VaultServices, logger: Logger, liveConsent?: VaultCommandDeps['liveConsent']): CommandTable {
  const { vault, active, leaks } = services;
  const tree = new KeyTreeProvider(vault, active, leaks);
  const view = vscode.window.createTreeView('infinipost.keys', { treeDataProvider: tree, showCollapseAll: false });
  const updateContext = () => {
    void vscode.commands.executeCommand('setContext', 'infinipost.hasKeys', vault.list().length > 0);
  };
  context.subscriptions.push(tree, view, vault.onDidChange(updateContext), startRotationReminders({ vault, leaks, state: context.globalState, logger }));
  void vault.ready().then(updateContext, (error) => logger.error(`Could not load stored keys: ${String(error)}`));
  const load = lazyEntry<typeof VaultCommandsEntry>('vaultCommands');
  let built: CommandTable | undefined;
  const commands = () => (built ??= load().createVaultCommands({ vault, active, leaks, clipboard: vscode.env.clipboard, liveConsent, logger }));
  return forwardCommands(VAULT_COMMAND_IDS, commands);
}
