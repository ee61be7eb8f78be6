// The "Leaked in Git History" view: one node per distinct key (masked), children for where it
// entered the history. Labels, descriptions and tooltips are built from masked keys and metadata only.
import * as path from 'path';
import * as vscode from 'vscode';
import { ownUiArgument } from '../shared/commandRegistry';
import { KeyOccurrence, rewriteAdvice, shortRefName } from '../core/historyModel';
import { HistoryService, LeakItem, RepositoryReport } from './historyService';

const MAX_OCCURRENCES = 50;

export class LeakRepositoryNode extends vscode.TreeItem {
  constructor(readonly report: RepositoryReport) {
    super(path.basename(report.repo) || report.repo, vscode.TreeItemCollapsibleState.Expanded);
    const listed = report.items.filter((item) => !item.accepted).length;
    this.description = `${listed} key${listed === 1 ? '' : 's'} · ${report.result.blobsScanned} blobs scanned`;
    this.tooltip = `${report.repo}\nScanned ${new Date(report.scannedAt).toLocaleString()}: ${report.result.commits} commits, ${report.result.blobsScanned} blobs.`;
    this.iconPath = new vscode.ThemeIcon('repo');
    this.contextValue = 'infinipost.leakRepository';
  }
}

export class LeakKeyNode extends vscode.TreeItem {
  constructor(readonly item: LeakItem) {
    super(item.history.maskedKey, vscode.TreeItemCollapsibleState.Collapsed);
    const h = item.history;
    this.id = `${item.repo}\0${item.id}`;
    this.description = describeLeak(item).join(' · ');
    this.tooltip = leakTooltip(item);
    this.iconPath = leakIcon(item);
    this.contextValue = `infinipost.leak.${item.vault ? 'vault' : 'other'}`;
    this.accessibilityInformation = { label: `${h.mode} key ending ${h.maskedKey.slice(-4)}, ${describeLeak(item).join(', ')}` };
  }
}

export class LeakOccurrenceNode extends vscode.TreeItem {
  constructor(readonly item: LeakItem, readonly occurrence: KeyOccurrence) {
    super(`${occurrence.commit.slice(0, 7)} · ${formatDate(occurrence.time)}`, vscode.TreeItemCollapsibleState.None);
    this.description = `${occurrence.path}:${occurrence.line}`;
    this.tooltip = `Commit ${occurrence.commit}\n${occurrence.path}, line ${occurrence.line}\nClick to open the change in this commit.`;
    this.iconPath = new vscode.ThemeIcon('git-commit');
    this.contextValue = 'infinipost.leakCommit';
    this.command = { command: 'infinipost.openLeakInCommit', title: 'Open in Commit', arguments: [this] };
  }
}

export class LeakNoteNode extends vscode.TreeItem {
  constructor(text: string) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.tooltip = text;
    this.iconPath = new vscode.ThemeIcon('info');
  }
}

type HistoryNode = LeakRepositoryNode | LeakKeyNode | LeakOccurrenceNode | LeakNoteNode;

/** Short words for the key node's description, in a fixed order. */
export function describeLeak(item: LeakItem): string[] {
  const h = item.history;
  const parts = [h.mode.toUpperCase(), h.pushed ? 'pushed' : 'local only'];
  if (item.vault) parts.push(`vault: ${item.vault.name} (${item.vault.environment})`);
  parts.push(h.inHead ? 'still in HEAD' : 'removed');
  if (item.check) parts.push(item.check.status === 'valid' ? 'still valid' : item.check.status);
  return parts;
}

function leakTooltip(item: LeakItem): vscode.MarkdownString {
  const h = item.history;
  const lines = [`**\`${h.maskedKey}\`** — ${h.mode} key found in git history`, ''];
  lines.push(
    h.pushed
      ? `**Pushed**: remote-tracking refs hold it (${h.refs.filter((r) => r.startsWith('refs/remotes/')).map(shortRefName).join(', ')}). Anyone with the remote can read it: rotate it now.`
      : `**Local only**. ${rewriteAdvice(h.firstCommit)}`,
  );
  lines.push('');
  if (item.vault) lines.push(`**In the vault** as "${escapeMarkdown(item.vault.name)}" (${item.vault.environment}): use Rotate to replace it.`, '');
  lines.push(h.inHead ? '**Still in HEAD**: the current commit holds it.' : '**Removed** from HEAD, but still in the history above.', '');
  lines.push(`First committed in \`${h.firstCommit.slice(0, 12)}\` (${formatDate(h.firstCommitTime)}) · ${h.paths.slice(0, 5).map(escapeMarkdown).join(', ')}${h.paths.length > 5 ? ` and ${h.paths.length - 5} more` : ''}`, '');
  lines.push(`Refs: ${h.refs.map(shortRefName).map(escapeMarkdown).join(', ') || 'none'}`, '');
  lines.push(item.check ? `**Validity** (${new Date(item.check.at).toLocaleString()}): ${escapeMarkdown(item.check.message)}` : 'Validity not checked: use "Check Whether These Keys Still Work".');
  return new vscode.MarkdownString(lines.join('\n'));
}

function leakIcon(item: LeakItem): vscode.ThemeIcon {
  if (item.check && item.check.status !== 'valid' && ['invalid', 'expired', 'unauthorized'].includes(item.check.status)) {
    return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  }
  if (item.history.pushed) return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
}

function formatDate(seconds: number): string {
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().slice(0, 10) : 'unknown date';
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: HistoryService) {
    this.subscription = service.onDidChange(() => this.changed.fire());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: HistoryNode): HistoryNode[] {
    // Context-menu commands get these nodes back by identity: marked as our own UI, a person's click.
    return this.childrenOf(node).map((child) => ownUiArgument(child));
  }

  private childrenOf(node?: HistoryNode): HistoryNode[] {
    if (!node) {
      const reports = this.service.allReports();
      return reports.length === 1 ? this.repositoryChildren(reports[0]) : reports.map((report) => new LeakRepositoryNode(report));
    }
    if (node instanceof LeakRepositoryNode) return this.repositoryChildren(node.report);
    if (node instanceof LeakKeyNode) {
      const occurrences = node.item.history.occurrences;
      const shown: HistoryNode[] = occurrences.slice(0, MAX_OCCURRENCES).map((o) => new LeakOccurrenceNode(node.item, o));
      if (occurrences.length > MAX_OCCURRENCES) shown.push(new LeakNoteNode(`… and ${occurrences.length - MAX_OCCURRENCES} more commits`));
      return shown;
    }
    return [];
  }

  private repositoryChildren(report: RepositoryReport): HistoryNode[] {
    const keys = report.items.filter((item) => !item.accepted).map((item) => new LeakKeyNode(item));
    const notes = report.result.notes.map((note) => new LeakNoteNode(note));
    if (keys.length === 0) notes.unshift(new LeakNoteNode(`No keys in the history of ${path.basename(report.repo)} (${report.result.blobsScanned} blobs scanned).`));
    return [...keys, ...notes];
  }
}

/** Every node's label, description, tooltip and accessible label as plain text (what a person can see). */
export function renderTreeText(tree: HistoryTreeProvider): string {
  const lines: string[] = [];
  const visit = (node: HistoryNode | undefined, depth: number) => {
    for (const child of tree.getChildren(node)) {
      const tooltip = typeof child.tooltip === 'string' ? child.tooltip : (child.tooltip?.value ?? '');
      const label = typeof child.label === 'string' ? child.label : (child.label?.label ?? '');
      lines.push(`${'  '.repeat(depth)}${label} | ${String(child.description ?? '')} | ${tooltip} | ${child.accessibilityInformation?.label ?? ''}`);
      visit(child, depth + 1);
    }
  };
  visit(undefined, 0);
  return lines.join('\n');
}
