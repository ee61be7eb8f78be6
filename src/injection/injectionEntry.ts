// Entry point of dist/injection.js: the key in new terminals, tasks and debug sessions, and the
// terminal revival question. src/injection/registerInjection.ts starts it once activation has
// returned (the collection is re-applied from SecretStorage then), or with the first use.
import * as vscode from 'vscode';
import { maskedKeyOf } from '../core/mask';
import { CommandTable } from '../shared/commandRegistry';
import { confirmModal } from '../shared/confirm';
import { InjectionDeps, KeyInjection } from './keyInjection';
import { TerminalRevivalGuard } from './terminalRevival';

/** The main bundle hands over the state all bundles share (src/shared/lazy.ts). */
export { adoptBundleState } from '../shared/bundleState';

export interface StartedInjection extends vscode.Disposable {
  injection: KeyInjection;
  revival: TerminalRevivalGuard;
  commands: CommandTable;
}

export function startInjection(deps: InjectionDeps & { globalState: vscode.Memento }): StartedInjection {
  const injection = new KeyInjection(deps);
  const revival = new TerminalRevivalGuard({ injection, globalState: deps.globalState, logger: deps.logger });
  void injection.refresh();
  return {
    injection,
    revival,
    commands: { 'infinipost.allowLiveKeyInjection': () => allowLiveKeyInjection(injection, deps) },
    dispose: () => {
      revival.dispose();
      injection.dispose();
    },
  };
}

async function allowLiveKeyInjection(injection: KeyInjection, deps: InjectionDeps): Promise<{ allowed: boolean; reason?: string; name?: string; injected?: boolean }> {
  await deps.vault.ready();
  const editor = vscode.window.activeTextEditor;
  const entry = deps.active.get(editor ? vscode.workspace.getWorkspaceFolder(editor.document.uri) : undefined);
  if (!entry) return { allowed: false, reason: 'No active key.' };
  if (entry.mode === 'live') {
    // Always asked, even when another extension runs this command: only a person may consent.
    const allowed = await confirmModal(
      `Give the live key "${entry.name}" (${maskedKeyOf(entry)}) to new terminals, tasks and debug sessions in this workspace?`,
      'Every program started there can read it. You can turn injection off with the infinipost.terminal.injectKey setting.',
      'Allow in This Workspace',
    );
    if (!allowed) return { allowed: false, name: entry.name, injected: injection.describe().injected };
  }
  await injection.allowLive(entry);
  return { allowed: true, name: entry.name, injected: injection.describe().injected };
}
