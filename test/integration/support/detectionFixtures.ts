import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { Dirent, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { waitFor } from './host';

/** The workspace folder the host opened (a fresh temp dir with README.md). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test host has no workspace folder');
  return folder.uri.fsPath;
}

/** A fresh folder inside the workspace; remove it with `removeDir`. */
export function makeWorkspaceDir(prefix: string): string {
  return mkdtempSync(path.join(workspaceRoot(), `${prefix}-`));
}

/** Writes a file (creating parent folders) and returns its URI. */
export function writeFile(file: string, contents: string | Buffer): vscode.Uri {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, contents);
  return vscode.Uri.file(file);
}

/**
 * Cleans up a test folder without pulling the floor from under anything still working in it.
 * Repositories in it are closed in the git extension first (VS Code 1.100's extensions/git
 * src/model.ts starts `repository.status()` without awaiting it, and src/repository.ts runs status
 * on a debounce after file events: in a vanished folder either one ends as an unhandled
 * `spawn git ENOENT`). Then every file goes, so no key is left for later scans and fixes, but the
 * folders (and each repository's .git) stay: a search, git or scan started meanwhile still finds
 * its working directory. The runner deletes the whole test root once the host has exited.
 * Close the editors of files in it before.
 */
export async function removeDir(dir: string | undefined): Promise<void> {
  if (!dir) return;
  await closeRepositoriesUnder(dir);
  removeFilesUnder(dir);
}

/**
 * Empties and saves the documents this suite opened under `dir` before the folder goes: VS Code
 * keeps documents an extension opened in memory for minutes after their editors close, and their
 * keys would otherwise still count as hard-coded keys for the suites that run next.
 */
export async function blankDocumentsUnder(dir: string | undefined): Promise<void> {
  if (!dir) return;
  for (const document of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && d.uri.fsPath.startsWith(dir + path.sep))) {
    const edit = new vscode.WorkspaceEdit();
    edit.delete(document.uri, new vscode.Range(0, 0, document.lineCount, 0));
    await vscode.workspace.applyEdit(edit);
    await document.save();
  }
}

interface GitApiLike {
  repositories: ReadonlyArray<{ rootUri: vscode.Uri }>;
}

function gitApi(): GitApiLike | undefined {
  const extension = vscode.extensions.getExtension<{ enabled: boolean; getAPI(version: 1): GitApiLike }>('vscode.git');
  return extension?.isActive && extension.exports.enabled ? extension.exports.getAPI(1) : undefined;
}

async function closeRepositoriesUnder(dir: string): Promise<void> {
  const api = gitApi();
  if (!api) return;
  const inside = () => api.repositories.filter((repository) => repository.rootUri.fsPath === dir || repository.rootUri.fsPath.startsWith(dir + path.sep));
  for (const { rootUri } of inside()) {
    // Only a repository the git extension still has open: for an unknown one `git.close` asks which (a quick pick nobody answers).
    const open = api.repositories.some((repository) => repository.rootUri.fsPath === rootUri.fsPath);
    if (open) await vscode.commands.executeCommand('git.close', rootUri);
  }
  await waitFor(() => inside().length === 0, `the git extension to close the repositories in ${path.basename(dir)}`, 30_000);
}

function removeFilesUnder(dir: string): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git') removeFilesUnder(full);
    } else {
      rmSync(full, { force: true });
    }
  }
}

/** Runs git in a folder with a throwaway identity; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Infinipost Tests', '-c', 'user.email=tests@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** Infinipost's diagnostics for a file, in order. */
export function keyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Infinipost')
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

/** Waits until a file shows exactly `count` Infinipost diagnostics (and `check` holds), and returns them. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  count: number,
  what: string,
  check: (d: vscode.Diagnostic[]) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  try {
    return await waitFor(() => {
      const found = keyDiagnostics(uri);
      return found.length === count && check(found) ? found : undefined;
    }, what, timeoutMs);
  } catch (error) {
    const now = keyDiagnostics(uri).map((d) => [d.range.start.line, d.severity, d.message.slice(0, 80)]);
    throw new Error(`${(error as Error).message} (now: ${JSON.stringify(now)})`);
  }
}

/** How long to wait for git changes made outside VS Code to show (file watchers, then git itself, on a busy machine). */
export const GIT_CHANGE_TIMEOUT_MS = 30_000;

/** The value of a diagnostic's code, whatever its shape. */
export function codeValue(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? code.value : code;
}

let untitledCount = 0;

/** Opens a file, or new unsaved content in a language, in an editor. */
export async function openEditor(target: vscode.Uri | { content: string; language: string }): Promise<vscode.TextEditor> {
  if (target instanceof vscode.Uri) return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
  // A fresh name each time: a reused `Untitled-N` can come back with the text of the one just closed.
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `infinipost-detection-${process.pid}-${++untitledCount}` });
  const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), target.language);
  const editor = await vscode.window.showTextDocument(document);
  assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), target.content)));
  return editor;
}

/** Closes every editor, discarding unsaved changes (no save prompt in a headless host). */
export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 50 && vscode.window.tabGroups.all.some((group) => group.tabs.length > 0); i++) {
    const dirty = vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.isDirty));
    await vscode.commands.executeCommand(dirty ? 'workbench.action.revertAndCloseActiveEditor' : 'workbench.action.closeAllEditors');
  }
}

/** Sets a user setting for the duration of `body`, then restores what was there. */
export async function withSetting<T>(section: string, key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration(section);
  const previous = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await vscode.workspace.getConfiguration(section).update(key, previous, vscode.ConfigurationTarget.Global);
  }
}
