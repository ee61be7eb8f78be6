import * as vscode from 'vscode';
import { CommandTable } from '../shared/commandRegistry';
import { Logger } from '../shared/logger';
import { ActiveKeys } from './activeKeys';
import { KeyTreeProvider } from './keyTreeProvider';
import { KeyVault } from './keyVault';
import { LeakRegistry } from './leakRegistry';
import { startRotationReminders, rotateCommand } from './rotateCommand';
import { vaultCommands } from './vaultCommands';

export interface VaultServices {
  vault: KeyVault;
  active: ActiveKeys;
  /** Stored keys found in pushed git history (written by the history scan). */
  leaks: LeakRegistry;
}

/** Creates the vault services shared by the other features. */
export function createVaultServices(context: vscode.ExtensionContext, logger: Logger): VaultServices {
  const vault = new KeyVault({ secrets: context.secrets, logger });
  const active = new ActiveKeys(context.workspaceState, vault);
  const leaks = new LeakRegistry(context.globalState);
  context.subscriptions.push(vault, active, leaks);
  return { vault, active, leaks };
}

/** The tree view, context key, rotation reminders, and the vault's commands. */
export function registerVault(context: vscode.ExtensionContext, services: VaultServices, logger: Logger): CommandTable {
  const { vault, active, leaks } = services;
  const tree = new KeyTreeProvider(vault, active, leaks);
  const view = vscode.window.createTreeView('infinipost.keys', { treeDataProvider: tree, showCollapseAll: false });
  const updateContext = () => {
    void vscode.commands.executeCommand('setContext', 'infinipost.hasKeys', vault.list().length > 0);
  };
  context.subscriptions.push(tree, view, vault.onDidChange(updateContext), startRotationReminders({ vault, leaks, state: context.globalState, logger }));
  void vault.ready().then(updateContext, (error) => logger.error(`Could not load stored keys: ${String(error)}`));
  return {
    ...vaultCommands({ vault, active, leaks, clipboard: vscode.env.clipboard, logger }),
    'infinipost.rotateKey': rotateCommand({ vault, active }),
  };
}
