import * as vscode from 'vscode';
import { registerApiCheck } from './apiCheck/registerApiCheck';
import { registerDetection } from './detection/registerDetection';
import { registerCommands } from './shared/commandRegistry';
import { registerInjection } from './injection/keyInjection';
import { registerRefactor } from './refactor/registerRefactor';
import { createLogger } from './shared/logger';
import { registerSettingsGuard } from './shared/settingsGuard';
import { createVaultServices, registerVault, registerVaultStatusBar } from './vault/registerVault';

/**
 * Only in VS Code's extension test mode: the secret store, so tests can play a second window, and
 * the live-key consent a person gives in a dialog (dialogs are refused in the test host).
 */
export interface TestHooks {
  secrets: vscode.SecretStorage;
  allowLiveInjection(): Promise<void>;
  /** Resolves once terminal injection reflects every change made so far (it applies asynchronously). */
  injectionSettled(): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): { testHooks?: TestHooks } {
  const channel = vscode.window.createOutputChannel('Infinipost', { log: true });
  const logger = createLogger(channel);
  const services = createVaultServices(context, logger);

  const injection = registerInjection(context, { ...services, logger });
  const detection = registerDetection(context, logger);
  const commands = {
    ...registerVault(context, services, logger),
    ...injection.commands,
    ...detection.commands,
    ...registerApiCheck(context, services, logger),
    ...registerRefactor(context, { ...services, detection: detection.service, logger }),
    'infinipost.showOutput': () => logger.show(),
  };
  registerVaultStatusBar(context, services, injection.status);
  context.subscriptions.push(channel, registerCommands(commands, logger), registerSettingsGuard(logger));
  if (context.extensionMode !== vscode.ExtensionMode.Test) return {};
  const allowLiveInjection = async () => {
    const entry = services.active.get();
    if (entry) await injection.status.allowLive(entry);
  };
  return { testHooks: { secrets: context.secrets, allowLiveInjection, injectionSettled: () => injection.status.refresh() } };
}

export function deactivate(): void {}
