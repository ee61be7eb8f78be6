// Entry point of dist/history.js: the git-history scan, its service, view contents and commands,
// loaded the first time a history command runs (src/history/registerHistory.ts).
import * as vscode from 'vscode';
import type { ApprovedApiOrigins } from '../apiCheck/apiOrigins';
import { checkKey } from '../node/apiClient';
import { scanHistory } from '../node/historyScan';
import { CommandTable } from '../shared/commandRegistry';
import { Logger } from '../shared/logger';
import { VaultServices } from '../vault/registerVault';
import { historyCommands } from './historyCommands';
import { HistoryService, RepositoryReport } from './historyService';
import { HistoryTreeProvider, renderTreeText } from './historyView';

/** The main bundle hands over the state all bundles share (src/shared/lazy.ts). */
export { adoptBundleState } from '../shared/bundleState';

export interface HistoryDeps extends Pick<VaultServices, 'vault' | 'leaks'> {
  logger: Logger;
  /** Where keys may be sent: the same decision as Test API Key's (approved origins, else a person). */
  origins: Pick<ApprovedApiOrigins, 'consent'>;
  /** Reveals the view after an interactive scan. */
  reveal: () => void;
}

/** The loaded feature: the thin registration forwards its view and commands here. */
export interface HistoryFeature extends vscode.Disposable {
  commands: CommandTable;
  tree: HistoryTreeProvider;
  onDidChange: vscode.Event<void>;
  allReports(): RepositoryReport[];
  refreshVaultMatches(): Promise<void>;
  viewText(): string;
}

export function createHistory(deps: HistoryDeps): HistoryFeature {
  const service = new HistoryService({ vault: deps.vault, leaks: deps.leaks, logger: deps.logger, scan: scanHistory, checkKey });
  const tree = new HistoryTreeProvider(service);
  return {
    commands: historyCommands({ service, logger: deps.logger, origins: deps.origins, reveal: deps.reveal }),
    tree,
    onDidChange: service.onDidChange,
    allReports: () => service.allReports(),
    refreshVaultMatches: () => service.refreshVaultMatches(),
    viewText: () => renderTreeText(tree),
    dispose: () => {
      vscode.Disposable.from(tree, service).dispose();
    },
  };
}
