import * as vscode from 'vscode';
import { InjectionStatus } from '../shared/injectionStatus';
import { ActiveKeys } from '../vault/activeKeys';
import { maskedKeyOf } from '../core/mask';
import { KeyVault } from '../vault/keyVault';
import { LeakRegistry } from '../vault/leakRegistry';

/** The status bar item: environment and TEST/LIVE of the active key; click selects another. */
export function registerStatusBar(deps: { vault: KeyVault; active: ActiveKeys; leaks?: LeakRegistry; injection?: InjectionStatus }): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('infinipost.activeKey', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Infinipost Active Key';
  item.command = 'infinipost.selectKey';
  const update = () => {
    const entry = deps.active.get(activeFolder());
    const injection = deps.injection?.describe();
    if (!entry) {
      item.text = '$(key) Infinipost';
      item.tooltip = deps.vault.list().length ? 'No active Infinipost key. Click to select one.' : 'No Infinipost key stored. Click to select or add one.';
      item.backgroundColor = undefined;
      item.accessibilityInformation = { label: 'Infinipost: no active key. Select a key.' };
    } else {
      const mode = entry.mode === 'live' ? 'LIVE' : 'TEST';
      const terminal = injection?.injected ? ' $(terminal)' : '';
      const leaked = deps.leaks?.isLeaked(entry.id) ?? false;
      item.text = `${leaked ? '$(warning)' : '$(key)'} ${entry.environment} · ${mode}${terminal}`;
      const tooltip = new vscode.MarkdownString(
        `**Infinipost active key:** ${entry.name}\n\n\`${maskedKeyOf(entry)}\` · ${entry.environment} · ${mode}\n\n` +
          `${leaked ? '$(warning) **Leaked in git history — rotate.**\n\n' : ''}${injection ? injection.text + '\n\n' : ''}Click to select another key.`,
      );
      tooltip.supportThemeIcons = true;
      item.tooltip = tooltip;
      item.backgroundColor = leaked ? new vscode.ThemeColor('statusBarItem.errorBackground') : entry.mode === 'live' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.accessibilityInformation = {
        label: `Infinipost active key ${entry.name}, ${leaked ? 'leaked in git history, rotate, ' : ''}${entry.environment}, ${mode}${injection?.injected ? ', injected into terminals' : ''}. Select another key.`,
      };
    }
    item.show();
  };
  const subscriptions = [
    item,
    deps.vault.onDidChange(update),
    deps.active.onDidChange(update),
    vscode.window.onDidChangeActiveTextEditor(update),
    ...(deps.injection ? [deps.injection.onDidChange(update)] : []),
    ...(deps.leaks ? [deps.leaks.onDidChange(update)] : []),
  ];
  void deps.vault.ready().then(update, update);
  update();
  return vscode.Disposable.from(...subscriptions);
}

function activeFolder(): vscode.WorkspaceFolder | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
}
