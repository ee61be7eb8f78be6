import * as vscode from 'vscode';
import { CommandTable } from '../shared/commandRegistry';
import { Logger } from '../shared/logger';
import { ActiveKeys } from './activeKeys';
import { KeyTreeProvider } from './keyTreeProvider';
import { KeyVault } from './keyVault';
import { startRotationReminders, rotateCommand } from './rotateCommand';
import { InjectionStatus, registerStatusBar } from './statusBar';
import { vaultCommands } from './vaultCommands';

export interface VaultServices {
  vault: KeyVault;
  active: ActiveKeys;
}

/** Creates the vault services shared by the other features. */
export function createVaultServices(context: vscode.ExtensionContext, logger: Logger): VaultServices {
  const vault = new KeyVault({ secrets: context.secrets, logger });
  const active = new ActiveKeys(context.workspaceState, vault);
  context.subscriptions.push(vault, active);
  return { vault, active };
}

/** The tree view, context key, rotation reminders, and the vault's commands. */
export function registerVault(context: vscode.ExtensionContext, services: VaultServices, logger: Logger): CommandTable {
  const { vault, active } = services;
  const tree = new KeyTreeProvider(vault, active);
  const view = vscode.window.createTreeView('infinipost.keys', { treeDataProvider: tree, showCollapseAll: false });
  const updateContext = () => {
    void vscode.commands.executeCommand('setContext', 'infinipost.hasKeys', vault.list().length > 0);
    view.badge = undefined;
  };
  context.subscriptions.push(tree, view, vault.onDidChange(updateContext), startRotationReminders({ vault, state: context.globalState, logger }));
  void vault.ready().then(updateContext, (error) => logger.error(`Could not load stored keys: ${String(error)}`));
  return {
    ...vaultCommands({ vault, active, clipboard: vscode.env.clipboard, logger }),
    'infinipost.rotateKey': rotateCommand({ vault, active }),
  };
}

/** The status bar item; the injection feature reports whether the key reaches terminals. */
export function registerVaultStatusBar(context: vscode.ExtensionContext, services: VaultServices, injection?: InjectionStatus): void {
  context.subscriptions.push(registerStatusBar({ ...services, injection }));
}
