import * as vscode from 'vscode';
import type { ApprovedApiOrigins } from '../apiCheck/apiOrigins';
import { CommandTable } from '../shared/commandRegistry';
import { HISTORY_COMMAND_IDS } from '../shared/identities';
import { forwardCommands, lazyEntry } from '../shared/lazy';
import { Logger } from '../shared/logger';
import { VaultServices } from '../vault/registerVault';
import type * as HistoryEntry from './historyEntry';


/**
 * "Keys in git history": the scan and check commands, the "Leaked in Git History" view, and the
 * vault's leak marks. The scan, its service and the view's contents load with the first command
 * (dist/history.js); until a scan ran the view has nothing to show, so it shows its welcome text.
 */
export function registerHistory(context: vscode.ExtensionContext, services: VaultServices & { origins: ApprovedApiOrigins }, logger: Logger): { commands: CommandTable; viewText: () => string } {
  const treeChanged = new vscode.EventEmitter<void>();
  const load = lazyEntry<typeof HistoryEntry>('history');
  let built: HistoryEntry.HistoryFeature | undefined;
  const view = vscode.window.createTreeView<vscode.TreeItem>('infinipost.history', {
    treeDataProvider: {
      onDidChangeTreeData: treeChanged.event,
      getTreeItem: (node) => node,
      getChildren: (node) => built?.tree.getChildren(node) ?? [],
    },
    showCollapseAll: true,
  });
  const feature = (): HistoryEntry.HistoryFeature => {
    if (built) return built;
    const loaded = load().createHistory({
      vault: services.vault,
      leaks: services.leaks,
      logger,
      origins: services.origins,
      reveal: () => void vscode.commands.executeCommand('infinipost.history.focus').then(undefined, () => undefined),
    });
    const updateContext = () => {
      const reports = loaded.allReports();
      const listed = reports.reduce((sum, report) => sum + report.items.filter((item) => !item.accepted).length, 0);
      void vscode.commands.executeCommand('setContext', 'infinipost.historyScanned', reports.length > 0);
      view.badge = listed > 0 ? { value: listed, tooltip: `${listed} key${listed === 1 ? '' : 's'} in git history` } : undefined;
    };
    context.subscriptions.push(loaded, loaded.onDidChange(updateContext), loaded.tree.onDidChangeTreeData(() => treeChanged.fire()));
    return (built = loaded);
  };
  context.subscriptions.push(
    view,
    treeChanged,
    // A key added, rotated or removed changes which history keys are vault keys (none before a scan).
    services.vault.onDidChange(() => void built?.refreshVaultMatches().catch((error) => logger.warn(`Could not re-match history keys: ${String(error)}`))),
  );
  const commands = forwardCommands(HISTORY_COMMAND_IDS, () => feature().commands);
  return { commands, viewText: () => built?.viewText() ?? '' };
}
