// The commit guard in VS Code: the Protect / Stop Protecting commands, the launcher kept current in
// global storage, the notification for a commit the hook refused, and the one-time offer.
import * as path from 'path';
import * as vscode from 'vscode';
import { HOOK_NAME, CHAINED_HOOK_NAME, manualHookLine } from '../core/commitHook';
import { GuardResult, HookLocation, installHook, locateHook, readHookState, uninstallHook, writeLauncher } from '../node/commitHookFiles';
import { RefusalReport, watchRefusalReports } from '../node/refusalReports';
import { Logger } from '../shared/logger';

/** The buttons of the one-time offer; undefined when it was dismissed. */
export type OfferAnswer = 'Protect Commits' | 'Not Now' | 'Never' | undefined;

/** What to do about a pre-commit hook that is already there. */
export type ExistingHookAnswer = 'chain' | 'showLine' | undefined;

export interface CommitGuardDeps {
  /** The extension's global storage folder (the launcher and refusal reports live there). */
  storageDir: string;
  /** Absolute path of the bundled dist/cli.js. */
  cliPath: string;
  /** The runtime hooks start the scanner with: VS Code's own (`process.execPath`). */
  runtime: string;
  logger: Logger;
}

/** Owns the launcher path and the refusal watcher; the commands use it. */
export class CommitGuard implements vscode.Disposable {
  private launcher?: Promise<string>;
  private readonly refused = new vscode.EventEmitter<RefusalReport>();
  private readonly disposables: vscode.Disposable[] = [this.refused];
  /** Tests answer the existing-hook question here (dialogs are refused in the test host). */
  answerExistingHook?: (location: HookLocation) => ExistingHookAnswer;
  /** Tests answer the one-time offer here (nobody clicks notifications in the test host). */
  answerOffer?: (location: HookLocation) => OfferAnswer;

  /** Fires for each refused commit in a repository open in this window, after the notification is shown. */
  readonly onDidRefuseCommit = this.refused.event;

  constructor(private readonly deps: CommitGuardDeps) {}

  /** Rewrites the launcher (VS Code or the extension may have moved since) and watches for refused commits. */
  start(): void {
    this.launcherPath().catch((error) => this.deps.logger.warn(`Could not write the commit guard's launcher: ${String(error)}`));
    const watcher = watchRefusalReports(
      path.join(this.deps.storageDir, 'refused'),
      (report) => isInWorkspace(report.repository),
      (report) => {
        // Opening the first finding can fail (the file is gone by now); that must not become an unhandled rejection.
        this.showRefusal(report).catch((error) => this.deps.logger.warn(`Could not show a refused commit: ${String(error)}`));
        this.refused.fire(report);
      },
      (message) => this.deps.logger.warn(message),
    );
    this.disposables.push(new vscode.Disposable(() => watcher.dispose()));
  }

  /** The launcher's path, written once per activation. */
  launcherPath(): Promise<string> {
    this.launcher ??= writeLauncher(this.deps.storageDir, { runtime: this.deps.runtime, cli: this.deps.cliPath, reportsDir: path.join(this.deps.storageDir, 'refused') });
    return this.launcher;
  }

  /** Installs the hook; asks first (or takes the answer given) when a hook is already there. */
  async protect(location: HookLocation, interactive: boolean): Promise<GuardResult> {
    const launcher = await this.launcherPath();
    const state = await readHookState(location);
    let chainExisting = false;
    if (state.kind === 'other') {
      const answer = this.answerExistingHook ? this.answerExistingHook(location) : await askAboutExistingHook(location);
      if (answer === 'showLine') showManualLine(location, launcher).catch((error) => this.deps.logger.warn(`Could not copy the hook line: ${String(error)}`));
      chainExisting = answer === 'chain';
    }
    const result = await installHook(location, launcher, { chainExisting });
    this.deps.logger.info(`Commit guard ${result.protected ? 'installed' : 'not installed'} in ${location.root} (${result.hook}${result.chained ? ', existing hook chained' : ''}).`);
    if (result.protected && interactive) {
      void vscode.window.showInformationMessage(`Infinipost: commits in ${path.basename(location.root)} are now checked for API keys${result.chained ? ' (after its existing pre-commit hook)' : ''}.`);
    }
    return result;
  }

  async unprotect(location: HookLocation, interactive: boolean): Promise<GuardResult> {
    const before = await readHookState(location);
    const result = await uninstallHook(location);
    if (before.kind === 'ours') this.deps.logger.info(`Commit guard removed from ${location.root}${result.chained ? '; the earlier pre-commit hook is back' : ''}.`);
    if (interactive) {
      const message = before.kind === 'ours' ? `commits in ${path.basename(location.root)} are no longer checked for API keys${result.chained ? '; its earlier pre-commit hook is back in place' : ''}.` : `commits in ${path.basename(location.root)} were not protected by Infinipost.`;
      void vscode.window.showInformationMessage(`Infinipost: ${message}`);
    }
    return result;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async showRefusal(report: RefusalReport): Promise<void> {
    const count = report.findings.length;
    const first = report.findings.slice(0, 3).map((f) => `${f.file}:${f.line} ${f.maskedKey}`);
    const more = count > 3 ? `, and ${count - 3} more` : '';
    const choice = await vscode.window.showWarningMessage(
      `Infinipost stopped a commit in ${path.basename(report.repository)}: it adds ${count} API key${count === 1 ? '' : 's'} (${first.join(', ')}${more}).`,
      'Show Keys',
      'Fix All',
    );
    if (choice === 'Show Keys') await showKeys(report);
    if (choice === 'Fix All') await vscode.commands.executeCommand('infinipost.fixAllInWorkspace');
  }
}

/** The repository a command acts on: `{ folder }` (inside the workspace), the active editor's, or the first folder's. */
export async function targetLocation(arg: unknown): Promise<HookLocation> {
  if (!vscode.workspace.isTrusted) throw new Error('the commit guard runs git, which a repository can configure to run programs: trust this workspace first');
  const folder = requestedFolder(arg);
  if (folder !== undefined && !isInWorkspace(folder)) throw new Error(`${folder} is not inside a folder of this workspace`);
  const start = folder ?? activeEditorFolder() ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!start) throw new Error('open a folder that is a git repository first');
  return locateHook(start);
}

function requestedFolder(arg: unknown): string | undefined {
  if (!arg || typeof arg !== 'object' || !('folder' in arg)) return undefined;
  const folder = (arg as { folder?: unknown }).folder;
  if (folder === undefined) return undefined;
  if (typeof folder !== 'string' || !path.isAbsolute(folder)) throw new Error('folder must be an absolute path');
  return path.resolve(folder);
}

function activeEditorFolder(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  // A file opened from outside the workspace does not pick the repository.
  return uri?.scheme === 'file' && isInWorkspace(uri.fsPath) ? path.dirname(uri.fsPath) : undefined;
}

function isInWorkspace(folder: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((workspaceFolder) => {
    const root = workspaceFolder.uri.fsPath;
    const relative = path.relative(root, folder);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

// The one dialog of the feature: changing a hook someone else installed needs a person's yes.
async function askAboutExistingHook(location: HookLocation): Promise<ExistingHookAnswer> {
  const chain = 'Keep It and Add the Check';
  const showLine = 'Show the Line to Add';
  try {
    const answer = await vscode.window.showWarningMessage(
      `${path.basename(location.root)} already has a pre-commit hook.`,
      {
        modal: true,
        detail: `Infinipost can keep it: it is renamed to ${CHAINED_HOOK_NAME} and still runs first, then the key check runs. "Stop Protecting Commits" puts it back as ${HOOK_NAME}. Or add one line to it yourself.`,
      },
      chain,
      showLine,
    );
    return answer === chain ? 'chain' : answer === showLine ? 'showLine' : undefined;
  } catch {
    return undefined;
  }
}

async function showManualLine(location: HookLocation, launcher: string): Promise<void> {
  const line = manualHookLine(launcher);
  const copy = 'Copy Line';
  const choice = await vscode.window.showInformationMessage(`Infinipost: add this line to ${location.hook} (or to the script your hook manager runs): ${line}`, copy);
  if (choice === copy) await vscode.env.clipboard.writeText(line);
}

async function showKeys(report: RefusalReport): Promise<void> {
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const first = report.findings[0];
  if (!first) return;
  const uri = vscode.Uri.file(path.resolve(report.repository, first.file));
  const position = new vscode.Position(first.line - 1, first.column - 1);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
}
