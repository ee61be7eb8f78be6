import * as vscode from 'vscode';
import { ApprovedApiOrigins } from './apiCheck/apiOrigins';
import { registerApiCheck } from './apiCheck/registerApiCheck';
import { registerCommitGuard } from './commitGuard/registerCommitGuard';
import type { CommitGuard } from './commitGuard/commitGuard';
import type { StagedKeyWarning } from './commitGuard/stagedKeyWarning';
import { DetectionFeature, registerDetection } from './detection/registerDetection';
import { registerHistory } from './history/registerHistory';
import { registerCommands } from './shared/commandRegistry';
import { InjectionFeature, registerInjection } from './injection/registerInjection';
import type { TerminalRevivalGuard } from './injection/terminalRevival';
import { registerRefactor } from './refactor/registerRefactor';
import { startAfterActivation } from './shared/lazy';
import { createLogger } from './shared/logger';
import { ModalQuestion, setModalTestAnswerer } from './shared/confirm';
import { registerSettingsGuard } from './shared/settingsGuard';
import { registerStatusBar } from './statusBar/statusBar';
import { VaultServices, createVaultServices, registerVault } from './vault/registerVault';

/**
 * Only in VS Code's extension test mode: the secret store, so tests can play a second window, and
 * the answers a person gives in dialogs (dialogs are refused in the test host); the terminal
 * revival question, which the web test host never asks (it persists no terminals).
 */
export interface TestHooks {
  secrets: vscode.SecretStorage;
  allowLiveInjection(): Promise<void>;
  terminalRevival: ReturnType<TerminalRevivalGuard['testHooks']>;
  /** Everything the "Leaked in Git History" view shows (labels, descriptions, tooltips), as text. */
  historyViewText(): string;
  /** How the workspace scan lists files (ripgrep or VS Code's file search), to compare both routes. */
  scanRoute: DetectionFeature['scanRoute'];
  /** Every modal question asked since activation, oldest first: what a person would have seen. */
  modalsAsked(): readonly ModalQuestion[];
  /** Runs `action` while playing a person who answers yes to every modal it asks. */
  confirmingModals<T>(action: () => Thenable<T>): Promise<T>;
  /** Plays the person's "Allow" for sending keys to the origin of `baseUrl`. */
  approveApiOrigin(baseUrl: string): Promise<void>;
  /** The commit guard: answers for the existing-hook dialog, and refused commits as they are reported. */
  commitGuard: CommitGuard;
  /** Keys staged for commit, as the status bar warning sees them (masked). */
  stagedKeys: StagedKeyWarning;
  /** Resolves once terminal injection reflects every change made so far (it applies asynchronously). */
  injectionSettled(): Promise<void>;
}

/**
 * Registers every command, provider, view and the status bar item, and nothing more: each feature's
 * code is a separate bundle loaded on first use, and what runs in the background from start-up
 * (detection, injection, the commit guard, the settings guard) starts once this has returned
 * (src/shared/lazy.ts). The host times loading dist/extension.js plus this call as "activation".
 */
export function activate(context: vscode.ExtensionContext): { testHooks?: TestHooks } {
  const channel = vscode.window.createOutputChannel('Infinipost', { log: true });
  const logger = createLogger(channel);
  const services = createVaultServices(context, logger);
  const origins = new ApprovedApiOrigins(context.globalState);

  const injection = registerInjection(context, { ...services, logger });
  const detection = registerDetection(context, logger);
  const history = registerHistory(context, { ...services, origins }, logger);
  const commitGuard = registerCommitGuard(context, { detection: detection.service, logger });
  const commands = {
    ...registerVault(context, services, logger, injection.liveConsent),
    ...injection.commands,
    ...detection.commands,
    ...registerApiCheck(context, { ...services, origins }, logger),
    ...registerRefactor(context, { ...services, detection: detection.service, liveConsent: injection.liveConsent, logger }),
    ...history.commands,
    ...commitGuard.commands,
    'infinipost.showOutput': () => logger.show(),
  };
  // The status bar item; the injection feature reports whether the key reaches terminals.
  context.subscriptions.push(registerStatusBar({ ...services, injection: injection.status }));
  context.subscriptions.push(channel, registerCommands(commands, logger));
  // It reads the workspace's settings files: background work, started once activation has returned.
  startAfterActivation(context.subscriptions, 'the settings guard', logger, () => registerSettingsGuard(logger));
  if (context.extensionMode !== vscode.ExtensionMode.Test) return {};
  const extras: FeatureTestHooks = {
    // Read on use: reading them starts their feature (src/shared/lazy.ts startAfterActivation).
    get terminalRevival() {
      return injection.revival().testHooks();
    },
    historyViewText: history.viewText,
    scanRoute: detection.scanRoute,
    get commitGuard() {
      return commitGuard.guard;
    },
    get stagedKeys() {
      return commitGuard.stagedKeys;
    },
    injectionSettled: () => injection.settled(),
  };
  return { testHooks: testHooks(context, services, injection, origins, extras) };
}

type FeatureTestHooks = Pick<TestHooks, 'terminalRevival' | 'historyViewText' | 'scanRoute' | 'commitGuard' | 'stagedKeys' | 'injectionSettled'>;

function testHooks(
  context: vscode.ExtensionContext,
  services: VaultServices,
  injection: Pick<InjectionFeature, 'allowLive'>,
  origins: ApprovedApiOrigins,
  features: FeatureTestHooks,
): TestHooks {
  const asked: ModalQuestion[] = [];
  let confirming = 0;
  setModalTestAnswerer((question) => {
    asked.push(question);
    return confirming > 0 ? true : undefined;
  });
  context.subscriptions.push({ dispose: () => setModalTestAnswerer(undefined) });
  const own: Omit<TestHooks, keyof FeatureTestHooks> = {
    secrets: context.secrets,
    allowLiveInjection: async () => {
      const entry = services.active.get();
      if (entry) await injection.allowLive(entry);
    },
    modalsAsked: () => [...asked],
    confirmingModals: async (action) => {
      confirming++;
      try {
        return await action();
      } finally {
        confirming--;
      }
    },
    approveApiOrigin: (baseUrl) => origins.approve(baseUrl),
  };
  // Copied with their getters, so the commit guard's hooks still load only when a test reads them.
  return Object.defineProperties(own, Object.getOwnPropertyDescriptors(features)) as TestHooks;
}

export function deactivate(): void {}
