// Commands of the "Keys in git history" feature. The command registry decides whether a person
// used our own UI (`invocation.interactive`); a script gets results and no notifications.
import * as path from 'path';
import * as vscode from 'vscode';
import type { ApprovedApiOrigins } from '../apiCheck/apiOrigins';
import { KeyCheckStatus } from '../core/apiCheck';
import { apiOrigin } from '../core/apiBaseUrl';
import { rotationSteps } from '../core/historyModel';
import { mentionsKeyPrefix } from '../core/keyTypes';
import { redactKeys } from '../core/redact';
import { HistoryScanCancelled, existsInParent, findRepositoryRoot } from '../node/historyScan';
import { allowList, apiBaseUrl, apiTimeoutMs, maxScanFileBytes } from '../shared/config';
import { CommandTable, Invocation, ownUiArgument } from '../shared/commandRegistry';
import { confirmModal } from '../shared/confirm';
import { Logger, runFollowUp } from '../shared/logger';
import { HistoryService, LeakItem, RepositoryReport, ScanHistoryResult } from './historyService';
import { LeakKeyNode, LeakOccurrenceNode, LeakRepositoryNode } from './historyView';

export interface HistoryCommandDeps {
  service: HistoryService;
  logger: Logger;
  /** Where keys may be sent: the same decision as Test API Key's (approved origins, else a person). */
  origins: Pick<ApprovedApiOrigins, 'consent'>;
  /** Reveals the view after an interactive scan. */
  reveal: () => void;
}

/** What `infinipost.checkHistoryKeys` returns. */
export interface CheckHistoryKeysResult {
  checked: number;
  results: Array<{ maskedKey: string; status: KeyCheckStatus }>;
}

export class HistoryInputError extends Error {}

function isPlainObject(arg: unknown): arg is Record<string, unknown> {
  return !!arg && typeof arg === 'object' && Object.getPrototypeOf(arg) === Object.prototype;
}

/** A script's argument object: only when the registry says no person used our UI. */
function scripted(arg: unknown, invocation: Invocation): arg is Record<string, unknown> {
  return !invocation.interactive && isPlainObject(arg);
}

/** The repository a command works on: `{ folder }`, else the active editor's repository, else the first workspace folder. */
async function repositoryFor(arg: unknown): Promise<string> {
  if (!vscode.workspace.isTrusted) {
    throw new HistoryInputError('Scanning git history runs git in the repository, which a repository\'s own configuration can influence: trust this workspace first (it is in Restricted Mode).');
  }
  if (arg instanceof LeakKeyNode || arg instanceof LeakOccurrenceNode) return arg.item.repo;
  if (arg instanceof LeakRepositoryNode) return arg.report.repo;
  const folder = isPlainObject(arg) ? arg.folder : undefined;
  if (folder !== undefined) {
    if (typeof folder !== 'string' || !path.isAbsolute(folder)) throw new HistoryInputError('"folder" must be the absolute path of a repository root inside the workspace.');
    const resolved = path.resolve(folder);
    if (!vscode.workspace.getWorkspaceFolder(vscode.Uri.file(resolved))) throw new HistoryInputError(`${resolved} is not inside the workspace: open it in VS Code to scan its history.`);
    return resolved;
  }
  const editor = vscode.window.activeTextEditor?.document.uri;
  if (editor?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(editor)) {
    const root = await findRepositoryRoot(path.dirname(editor.fsPath));
    if (root && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))) return path.resolve(root);
  }
  const first = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!first) throw new HistoryInputError('Open a folder with a git repository to scan its history.');
  return first.uri.fsPath;
}

export function historyCommands(deps: HistoryCommandDeps): CommandTable {
  return {
    'infinipost.scanHistory': (arg, invocation) => scanHistory(deps, arg, invocation),
    'infinipost.checkHistoryKeys': (arg, invocation) => checkHistoryKeys(deps, arg, invocation),
    'infinipost.rotateLeakedKey': (arg, invocation) => rotateLeakedKey(deps, arg, invocation),
    'infinipost.showRotationSteps': (arg, invocation) => showRotationSteps(deps, arg, invocation),
    'infinipost.openLeakInCommit': (arg, invocation) => openLeakInCommit(deps, arg, invocation),
    'infinipost.acceptLeakedKey': (arg, invocation) => acceptLeakedKey(deps, arg, invocation),
  };
}

async function scanWithProgress(deps: HistoryCommandDeps, repo: string): Promise<RepositoryReport | undefined> {
  const { service } = deps;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Infinipost: scanning the git history of ${path.basename(repo)}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await service.scan(repo, {
          maxBlobBytes: maxScanFileBytes(),
          allow: allowList(vscode.Uri.file(repo)),
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'listing') progress.report({ message: 'listing objects…' });
            else if (p.phase === 'mapping') progress.report({ message: 'finding the commits that added each key…' });
            else if (p.blobsTotal) {
              const percent = Math.floor((100 * p.blobsScanned) / p.blobsTotal);
              progress.report({ message: `${p.blobsScanned} of ${p.blobsTotal} blobs`, increment: Math.max(0, percent - reported) });
              reported = Math.max(reported, percent);
            }
          },
        });
      } catch (error) {
        if (error instanceof HistoryScanCancelled) return undefined;
        throw error;
      } finally {
        subscription.dispose();
      }
    },
  );
}

async function scanHistory(deps: HistoryCommandDeps, arg: unknown, invocation: Invocation): Promise<ScanHistoryResult | undefined> {
  const { service } = deps;
  const repo = await repositoryFor(arg);
  const report = await scanWithProgress(deps, repo);
  if (!report) {
    if (scripted(arg, invocation)) throw new Error('The git history scan was cancelled.');
    return undefined;
  }
  const result = service.publicResult(report);
  if (!scripted(arg, invocation)) announce(deps, report, result);
  return result;
}

function announce(deps: HistoryCommandDeps, report: RepositoryReport, result: ScanHistoryResult): void {
  const { logger } = deps;
  deps.reveal();
  const pushed = result.keys.filter((k) => k.pushed).length;
  const text =
    result.keys.length === 0
      ? `Infinipost: no keys in the git history of ${path.basename(report.repo)} (${result.blobsScanned} blobs scanned).`
      : `Infinipost: ${result.keys.length} key${result.keys.length === 1 ? '' : 's'} in the git history of ${path.basename(report.repo)}: ${pushed} pushed, ${result.keys.length - pushed} local only.`;
  const show = pushed > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const actions = result.keys.length > 0 ? ['Check Whether They Still Work'] : [];
  void show(text, ...actions).then((choice) => {
    if (choice) runFollowUp(logger, () => vscode.commands.executeCommand('infinipost.checkHistoryKeys', ownUiArgument({ folder: report.repo })));
  });
}

async function checkHistoryKeys(deps: HistoryCommandDeps, arg: unknown, invocation: Invocation): Promise<CheckHistoryKeysResult | undefined> {
  const { service } = deps;
  const repo = await repositoryFor(arg);
  const report = service.report(repo) ?? (await scanWithProgress(deps, repo));
  if (!report) return { checked: 0, results: [] };
  const items = report.items.filter((item) => !item.accepted);
  if (items.length === 0) {
    if (!scripted(arg, invocation)) void vscode.window.showInformationMessage('Infinipost: no keys from git history to check. Scan the history first.');
    return { checked: 0, results: [] };
  }
  const base = apiBaseUrl();
  if (base.problem) void vscode.window.showWarningMessage(`Infinipost: ${base.problem}`);
  // As for Test API Key: an approved origin, or a person's "Allow" for this one. A script asking for
  // an origin nobody approved is not refused silently: a person sees what it would send, and where.
  const masked = items.map((item) => item.history.maskedKey);
  const request = { what: `${masked.length === 1 ? '1 key' : `${masked.length} keys`} found in git history`, list: masked };
  if (!(await deps.origins.consent(base.value, invocation.interactive, request))) {
    deps.logger.info(`Keys from git history not checked: sending them to ${apiOrigin(base.value)} was not allowed.`);
    return { checked: 0, results: [] };
  }
  const checked = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Infinipost: checking keys from git history', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return await service.checkValidity(items, { baseUrl: base.value, timeoutMs: apiTimeoutMs(), userAgent: 'infinipost-vscode' }, controller.signal, (done) =>
          progress.report({ message: `${done} of ${items.length}`, increment: 100 / items.length }),
        );
      } finally {
        subscription.dispose();
      }
    },
  );
  const result = { checked: checked.length, results: checked.map(({ item, status }) => ({ maskedKey: item.history.maskedKey, status })) };
  if (!scripted(arg, invocation)) {
    const valid = result.results.filter((r) => r.status === 'valid').length;
    const text = `Infinipost: ${result.checked} key${result.checked === 1 ? '' : 's'} from git history checked: ${valid} still valid${valid > 0 ? ' — rotate them now' : ''}.`;
    void (valid > 0 ? vscode.window.showWarningMessage(text) : vscode.window.showInformationMessage(text));
  }
  return result;
}

/** The key a command is about: a view node, or `{ maskedKey, folder? }` from a script. */
function itemFrom(deps: HistoryCommandDeps, arg: unknown, invocation: Invocation): LeakItem {
  const { service } = deps;
  if (arg instanceof LeakKeyNode || arg instanceof LeakOccurrenceNode) return arg.item;
  if (scripted(arg, invocation) && typeof arg.maskedKey === 'string') {
    const repo = typeof arg.folder === 'string' ? path.resolve(arg.folder) : undefined;
    const item = service.findByMaskedKey(arg.maskedKey, repo);
    if (item) return item;
    throw new HistoryInputError(`No key ${redactKeys(arg.maskedKey).slice(0, 40)} in the last history scan${repo ? ` of ${repo}` : ''}. Scan the history first.`);
  }
  throw new HistoryInputError('Pick a key in the "Leaked in Git History" view.');
}

async function rotateLeakedKey(deps: HistoryCommandDeps, arg: unknown, invocation: Invocation): Promise<unknown> {
  const item = itemFrom(deps, arg, invocation);
  if (!item.vault) return showRotationSteps(deps, arg, invocation);
  // A person's click in the view stays a person's click in the rotation flow (dialogs, not rejections).
  return vscode.commands.executeCommand('infinipost.rotateKey', invocation.interactive ? ownUiArgument({ id: item.vault.id }) : { id: item.vault.id });
}

async function showRotationSteps(deps: HistoryCommandDeps, arg: unknown, invocation: Invocation): Promise<{ maskedKey: string; steps: string[] }> {
  const { logger } = deps;
  const item = itemFrom(deps, arg, invocation);
  const steps = rotationSteps(item.history.maskedKey);
  if (!scripted(arg, invocation)) {
    const choice = await vscode.window.showInformationMessage(
      `Rotate ${item.history.maskedKey}${item.history.pushed ? ' (pushed: treat it as public)' : ''}`,
      { modal: true, detail: steps.map((step, i) => `${i + 1}. ${step}`).join('\n') },
      'Add New Key to VS Code',
    );
    if (choice) runFollowUp(logger, () => vscode.commands.executeCommand('infinipost.addKey'));
  }
  return { maskedKey: item.history.maskedKey, steps };
}

async function openLeakInCommit(deps: HistoryCommandDeps, arg: unknown, invocation: Invocation): Promise<{ commit: string; path: string }> {
  const item = itemFrom(deps, arg, invocation);
  const occurrence = arg instanceof LeakOccurrenceNode ? arg.occurrence : pickOccurrence(item, arg);
  await openChange(item.repo, occurrence.commit, occurrence.path, occurrence.line);
  return { commit: occurrence.commit, path: occurrence.path };
}

async function acceptLeakedKey(deps: HistoryCommandDeps, arg: unknown, invocation: Invocation): Promise<{ accepted: string; file: string } | undefined> {
  const { service, logger } = deps;
  const item = itemFrom(deps, arg, invocation);
  let reason: string | undefined;
  if (scripted(arg, invocation)) {
    // Accepting silences a leaked key for the whole team: a script needs a person's yes.
    const ok = await confirmModal(
      `A script or another extension asks to accept ${item.history.maskedKey} in git history.`,
      'Its fingerprint goes into .infinipost-baseline.json and the key is no longer reported. Accept it only if the key was rotated or never worked.',
      'Accept Key',
    );
    if (!ok) throw new HistoryInputError('Accepting the key was not confirmed by the user; nothing was written.');
    reason = typeof arg.reason === 'string' ? arg.reason : undefined;
  } else {
    reason = await vscode.window.showInputBox({
      title: `Accept ${item.history.maskedKey} in git history`,
      prompt: 'Why is this key acceptable (for example "revoked on 2024-05-01")? A SHA-256 fingerprint, never the key, goes into .infinipost-baseline.json; commit that file so your team shares the decision.',
      ignoreFocusOut: true,
      validateInput: (value) => (mentionsKeyPrefix(value) ? 'Describe the key; do not paste it.' : value.length > 500 ? 'Keep it under 500 characters.' : undefined),
    });
    if (reason === undefined) return undefined;
  }
  const file = await service.accept(item, reason ? redactKeys(reason).slice(0, 500) : undefined);
  logger.info(`Accepted ${item.history.maskedKey} in ${file}.`);
  if (!scripted(arg, invocation)) void vscode.window.showInformationMessage(`Infinipost: ${item.history.maskedKey} accepted in ${path.basename(file)}. Commit that file so your team shares the decision.`);
  return { accepted: item.history.maskedKey, file };
}

function pickOccurrence(item: LeakItem, arg: unknown) {
  const wanted = isPlainObject(arg) && typeof arg.commit === 'string' ? arg.commit : undefined;
  const occurrence = wanted ? item.history.occurrences.find((o) => o.commit === wanted || o.commit.startsWith(wanted)) : item.history.occurrences[0];
  if (!occurrence) throw new HistoryInputError(wanted ? `The key did not enter the history in commit ${wanted.slice(0, 40)}.` : 'No commit holds this key (only a tag to a blob does).');
  return occurrence;
}

// The built-in git extension's API (extensions/git/src/api/git.d.ts, version 1), the part used here.
interface GitApiLike {
  openRepository?(root: vscode.Uri): Promise<unknown>;
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
}

/**
 * Opens VS Code's diff of one file in one commit. The git: URIs come from the git extension's
 * toGitUri (extensions/git/src/uri.ts in VS Code 1.100: the path and ref in the query, no content);
 * its file system provider (extensions/git/src/fileSystemProvider.ts) reads the blob with git only
 * for repositories it has open, hence openRepository first. The key reaches the editor only because
 * the person asked to see that change; documents of the read-only git: scheme are not backed up.
 */
async function openChange(repo: string, commit: string, file: string, line: number): Promise<void> {
  const extension = vscode.extensions.getExtension<{ enabled: boolean; getAPI(version: 1): GitApiLike }>('vscode.git');
  const exports = extension ? (extension.isActive ? extension.exports : await extension.activate()) : undefined;
  if (!exports?.enabled) throw new HistoryInputError(`The built-in Git extension is disabled, so VS Code cannot show the commit. Enable it, or run \`git show ${commit.slice(0, 12)}\` in a terminal.`);
  const api = exports.getAPI(1);
  await api.openRepository?.(vscode.Uri.file(repo));
  const target = vscode.Uri.file(path.join(repo, ...file.split('/')));
  const after = api.toGitUri(target, commit);
  const options: vscode.TextDocumentShowOptions = { preview: true, selection: new vscode.Range(line - 1, 0, line - 1, 0) };
  if (await existsInParent(repo, commit, file)) {
    const before = api.toGitUri(target, `${commit}^`);
    await vscode.commands.executeCommand('vscode.diff', before, after, `${file} (${commit.slice(0, 7)})`, options);
  } else {
    await vscode.commands.executeCommand('vscode.open', after, options);
  }
}
