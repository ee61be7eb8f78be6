import * as vscode from 'vscode';
import { SECTION, workspaceOverrides } from './config';
import { Logger } from './logger';

/**
 * Tells the user, once per setting and session, when a workspace's .vscode/settings.json tries to
 * set a user-only Infinipost setting (where keys are sent, what the variable is called). The
 * values are ignored either way; silence would hide that a repository tried.
 */
export function registerSettingsGuard(logger: Logger): vscode.Disposable {
  const reported = new Set<string>();
  const check = () => {
    const fresh = workspaceOverrides().filter((key) => !reported.has(key));
    if (fresh.length === 0) return;
    fresh.forEach((key) => reported.add(key));
    const names = fresh.map((key) => `${SECTION}.${key}`).join(', ');
    logger.warn(`Ignored workspace settings: ${names}. Only user settings may set them.`);
    void vscode.window
      .showWarningMessage(
        `This workspace's settings try to set ${names}. Infinipost ignores them: only your user settings decide where keys are sent and what they are called.`,
        'Open Workspace Settings',
      )
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile'));
  };
  check();
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) check();
  });
}
