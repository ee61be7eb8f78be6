import * as vscode from 'vscode';
import { parseJsonc, settingKeys } from '../core/jsonc';
import { SECTION, USER_ONLY_SETTINGS } from './config';
import { SettingKey } from './identities';
import { Logger, runFollowUp } from './logger';

/**
 * Tells the user, once per setting and session, when a workspace's .vscode/settings.json tries to
 * set a user-only Infinipost setting (where keys are sent, what the variable is called). VS Code
 * drops such values before extensions see them, so the file itself is read to notice the attempt.
 */
export function registerSettingsGuard(logger: Logger): vscode.Disposable {
  const reported = new Set<string>();
  const check = async () => {
    const attempted = new Set<string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
      let text: string;
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        if (bytes.byteLength > 1024 * 1024) continue; // not a settings file anyone wrote by hand
        text = new TextDecoder().decode(bytes);
      } catch {
        continue;
      }
      for (const key of settingKeys(parseJsonc(text), SECTION)) if (isUserOnly(key)) attempted.add(key);
    }
    const fresh = [...attempted].filter((key) => !reported.has(key));
    if (fresh.length === 0) return;
    fresh.forEach((key) => reported.add(key));
    const names = fresh.map((key) => `${SECTION}.${key}`).join(', ');
    logger.warn(`Ignored workspace settings: ${names}. Only user settings may set them.`);
    void vscode.window
      .showWarningMessage(
        `This workspace's settings try to set ${names}. Infinipost ignores them: only your user settings decide where keys are sent and what they are called.`,
        'Open Workspace Settings',
      )
      .then((choice) => choice && runFollowUp(logger, () => vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile')));
  };
  const run = () => void check().catch((error) => logger.warn(`Could not read workspace settings: ${String(error)}`));
  const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
  run();
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(run),
    watcher.onDidChange(run),
    vscode.workspace.onDidChangeWorkspaceFolders(run),
  );
}

function isUserOnly(key: string): key is SettingKey {
  return (USER_ONLY_SETTINGS as readonly string[]).includes(key);
}
