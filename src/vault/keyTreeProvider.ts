import * as vscode from 'vscode';
import { KeyMetadata } from '../core/keyIndex';
import { keyRowDescription } from '../core/keyRow';
import { formatAge } from '../core/rotation';
import { ownUiArgument } from '../shared/commandRegistry';
import { ActiveKeys } from './activeKeys';
import { maskedKeyOf } from '../core/mask';
import { KeyVault } from './keyVault';
import { LeakRegistry } from './leakRegistry';

/** A key in the "API Keys" view; commands receive it as their argument. */
export class KeyNode extends vscode.TreeItem {
  constructor(readonly keyId: string, entry: KeyMetadata, isActive: boolean, now: Date, leaked = false) {
    super(entry.name, vscode.TreeItemCollapsibleState.None);
    const masked = maskedKeyOf(entry);
    const mode = entry.mode.toUpperCase();
    const age = formatAge(entry.createdAt, now);
    this.id = entry.id;
    this.description = keyRowDescription(entry, masked, leaked);
    this.contextValue = `infinipost.key.${isActive ? 'active' : 'inactive'}.${entry.mode}`;
    this.iconPath = leaked ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) : iconFor(entry, isActive);
    const check = entry.lastCheck
      ? `Last check: ${entry.lastCheck.status} (${new Date(entry.lastCheck.at).toLocaleString()})\n\n${entry.lastCheck.message}`
      : 'Not checked yet: use Test to check it against the Infinipost API.';
    this.tooltip = new vscode.MarkdownString(
      `**${escapeMarkdown(entry.name)}**${isActive ? ' — active key' : ''}\n\n` +
        `\`${masked}\` · ${entry.environment} · ${mode}\n\n${leaked ? '**Leaked in git history — rotate.** A pushed commit holds this key (see Leaked in Git History).\n\n' : ''}Added ${new Date(entry.createdAt).toLocaleDateString()} (${age})\n\n${escapeMarkdown(check)}`,
    );
    this.accessibilityInformation = {
      label: `${entry.name}, ${leaked ? 'leaked in git history, rotate, ' : ''}${entry.mode} key ending ${entry.last4}, ${entry.environment}, added ${age}${isActive ? ', active' : ''}${entry.lastCheck ? `, last check ${entry.lastCheck.status}` : ''}`,
    };
  }
}

function iconFor(entry: KeyMetadata, isActive: boolean): vscode.ThemeIcon {
  const status = entry.lastCheck?.status;
  if (status === 'valid') return new vscode.ThemeIcon(isActive ? 'pass-filled' : 'pass', new vscode.ThemeColor('testing.iconPassed'));
  if (status === 'expired' || status === 'invalid' || status === 'unauthorized' || status === 'forbidden') {
    return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  }
  if (status) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon(isActive ? 'key' : 'circle-outline');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export class KeyTreeProvider implements vscode.TreeDataProvider<KeyNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly vault: KeyVault, private readonly active: ActiveKeys, private readonly leaks?: LeakRegistry, private readonly now: () => Date = () => new Date()) {
    this.disposables.push(vault.onDidChange(() => this.changed.fire()), active.onDidChange(() => this.changed.fire()));
    if (leaks) this.disposables.push(leaks.onDidChange(() => this.changed.fire()));
  }

  dispose(): void {
    this.disposables.forEach((d) => {
      d.dispose();
    });
  }

  getTreeItem(node: KeyNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: KeyNode): Promise<KeyNode[]> {
    if (node) return [];
    try {
      await this.vault.ready();
    } catch {
      return []; // the welcome view explains; the failure was already reported
    }
    const now = this.now();
    // Context-menu commands get these nodes back by identity: marked as our own UI, a person's click.
    return this.vault.list().map((entry) => ownUiArgument(new KeyNode(entry.id, entry, this.active.isActiveAnywhere(entry.id), now, this.leaks?.isLeaked(entry.id) ?? false)));
  }
}
