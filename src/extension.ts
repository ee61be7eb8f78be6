import * as vscode from 'vscode';
import { registerApiCheck } from './apiCheck/registerApiCheck';
import { DetectionFeature, registerDetection } from './detection/registerDetection';
import { registerHistory } from './history/registerHistory';
import { registerCommands } from './shared/commandRegistry';
import { registerInjection } from './injection/keyInjection';
import type { TerminalRevivalGuard } from './injection/terminalRevival';
import { registerRefactor } from './refactor/registerRefactor';
import { createLogger } from './shared/logger';
import { registerSettingsGuard } from './shared/settingsGuard';
import { createVaultServices, registerVault, registerVaultStatusBar } from './vault/registerVault';

/**
 * Only in VS Code's extension test mode: the secret store, so tests can play a second window, and
 * the live-key consent a person gives in a dialog (dialogs are refused in the test host); the
 * terminal revival question, which the web test host never asks (it persists no terminals).
 */
export interface TestHooks {
  secrets: vscode.SecretStorage;
  allowLiveInjection(): Promise<void>;
  terminalRevival: ReturnType<TerminalRevivalGuard['testHooks']>;
  /** Answers the next "check keys from git history" question as the person would (undefined: ask). */
  answerHistoryCheck(answer: boolean | undefined): void;
  /** Everything the "Leaked in Git History" view shows (labels, descriptions, tooltips), as text. */
  historyViewText(): string;
  /** How the workspace scan lists files (ripgrep or VS Code's file search), to compare both routes. */
  scanRoute: DetectionFeature['scanRoute'];
}

export function activate(context: vscode.ExtensionContext): { testHooks?: TestHooks } {
  const channel = vscode.window.createOutputChannel('Infinipost', { log: true });
  const logger = createLogger(channel);
  const services = createVaultServices(context, logger);

  const injection = registerInjection(context, { ...services, logger });
  const detection = registerDetection(context, logger);
  const history = registerHistory(context, services, logger);
  const commands = {
    ...registerVault(context, services, logger),
    ...injection.commands,
    ...detection.commands,
    ...registerApiCheck(context, services, logger),
    ...registerRefactor(context, { ...services, detection: detection.service, logger }),
    ...history.commands,
    'infinipost.showOutput': () => logger.show(),
  };
  registerVaultStatusBar(context, services, injection.status);
  context.subscriptions.push(channel, registerCommands(commands, logger), registerSettingsGuard(logger));
  if (context.extensionMode !== vscode.ExtensionMode.Test) return {};
  const allowLiveInjection = async () => {
    const entry = services.active.get();
    if (entry) await injection.status.allowLive(entry);
  };
  return {
    testHooks: {
      secrets: context.secrets,
      allowLiveInjection,
      terminalRevival: injection.revival.testHooks(),
      answerHistoryCheck: history.answerCheck,
      historyViewText: history.viewText,
      scanRoute: detection.scanRoute,
    },
  };
}

export function deactivate(): void {}
