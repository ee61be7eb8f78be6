import * as vscode from 'vscode';
import type { ApprovedApiOrigins } from '../apiCheck/apiOrigins';
import { checkKey } from '../node/apiClient';
import { scanHistory } from '../node/historyScan';
import { CommandTable } from '../shared/commandRegistry';
import { Logger } from '../shared/logger';
import { VaultServices } from '../vault/registerVault';
import { historyCommands } from './historyCommands';
import { HistoryService } from './historyService';
import { HistoryTreeProvider, renderTreeText } from './historyView';

/** "Keys in git history": the scan and check commands, the "Leaked in Git History" view, and the vault's leak marks. */
export function registerHistory(context: vscode.ExtensionContext, services: VaultServices & { origins: ApprovedApiOrigins }, logger: Logger): { commands: CommandTable; viewText: () => string } {
  const service = new HistoryService({ vault: services.vault, leaks: services.leaks, logger, scan: scanHistory, checkKey });
  const tree = new HistoryTreeProvider(service);
  const view = vscode.window.createTreeView('infinipost.history', { treeDataProvider: tree, showCollapseAll: true });
  const updateContext = () => {
    const reports = service.allReports();
    const listed = reports.reduce((sum, report) => sum + report.items.filter((item) => !item.accepted).length, 0);
    void vscode.commands.executeCommand('setContext', 'infinipost.historyScanned', reports.length > 0);
    view.badge = listed > 0 ? { value: listed, tooltip: `${listed} key${listed === 1 ? '' : 's'} in git history` } : undefined;
  };
  context.subscriptions.push(
    service,
    tree,
    view,
    service.onDidChange(updateContext),
    // A key added, rotated or removed changes which history keys are vault keys.
    services.vault.onDidChange(() => void service.refreshVaultMatches().catch((error) => logger.warn(`Could not re-match history keys: ${String(error)}`))),
  );
  const commands = historyCommands({
    service,
    logger,
    origins: services.origins,
    reveal: () => void vscode.commands.executeCommand('infinipost.history.focus').then(undefined, () => undefined),
  });
  return { commands, viewText: () => renderTreeText(tree) };
}
