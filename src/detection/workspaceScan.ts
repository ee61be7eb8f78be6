// The workspace scan: lists the files a search would (files.exclude, search.exclude, .gitignore),
// reads them with the file scanner (src/node), and keeps the results current as files change.
import * as path from 'path';
import * as vscode from 'vscode';
import { FileScanResult, MAX_FINDINGS_TOTAL, scanFiles } from '../node/fileScanner';
import { ripgrepArgs } from '../core/ripgrepArgs';
import { findRipgrep, runRipgrepList } from '../node/ripgrep';
import { fileKind, pathExists } from '../node/fileKind';
import { KeyMode } from '../core/keyTypes';
import { affects, maxScanFileBytes, scanOnStartup } from '../shared/config';
import { Logger, runFollowUp } from '../shared/logger';
import { DetectionService } from './detectionService';
import { ExcludeMatcher, ExcludeSetting } from '../core/excludeMatcher';
import { GitStatus } from '../node/gitStatus';
import { NamedTimers } from '../shared/namedTimers';
import { GitWatcher } from './gitWatcher';

/** One key in the scan command's result: never the key itself. */
export interface ScanFinding {
  /** Workspace-relative path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like the editor's column. */
  column: number;
  mode: KeyMode;
  maskedKey: string;
  /** Present for files in a git repository: whether the key is in the last commit. */
  committed?: boolean;
}

/** What `infinipost.scanWorkspace` returns. */
export interface ScanCommandResult {
  filesScanned: number;
  findings: ScanFinding[];
  /** Set when the scan was cancelled; the findings then cover the files read so far. */
  cancelled?: boolean;
  /** Globs from the workspace's own files.exclude / search.exclude that kept files out of the scan. */
  excludedByWorkspaceSettings?: string[];
  /** Set when the workspace held more keys than the scan lists (per-file or total cap). */
  truncated?: boolean;
}

/** How the scan lists files: VS Code's own ripgrep (prefiltered to files holding a key prefix), or findFiles and a check of every file. */
export type ScanRoute = 'ripgrep' | 'node';

export interface WorkspaceScannerDeps {
  service: DetectionService;
  git: GitStatus;
  logger: Logger;
  /** Told about file events inside `.git`. */
  gitWatcher: GitWatcher;
}

// Startup scans wait until the window has settled, read fewer files at once, and show in the status bar only.
const STARTUP_DELAY_MS = 3000;
const STARTUP_CONCURRENCY = 2;
const COMMAND_CONCURRENCY = 8;
const CHANGE_DELAY_MS = 300;
const RESCAN_DELAY_MS = 1000;

/** Scans the workspace for hard-coded keys and keeps the scan's findings current. */
export class WorkspaceScanner implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private running?: { controller: AbortController; done: Promise<ScanCommandResult> };
  /** Files the scan reads (paths); undefined until a scan has started: no scan, no updates. */
  private scannedPaths?: Set<string>;
  private reportedExcludes?: string;
  private readonly matchers = new Map<string, ExcludeMatcher>();
  private readonly changedPaths = new Set<string>();
  private readonly deletedPaths = new Set<string>();
  private readonly timers: NamedTimers;
  private flushing: Promise<void> = Promise.resolve();
  private ripgrepPath?: { path?: string };
  private routeOverride?: ScanRoute;
  /** The route the last listing took (ripgrep falls back per folder when it fails). */
  lastRoute?: ScanRoute;

  constructor(private readonly deps: WorkspaceScannerDeps) {
    this.timers = new NamedTimers((name, error) => deps.logger.warn(`${name}: ${String(error)}`));
  }

  /** Follows file and setting changes; schedules the startup scan when enabled. */
  start(): void {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.fileEvent(uri, 'changed')),
      watcher.onDidChange((uri) => this.fileEvent(uri, 'changed')),
      watcher.onDidDelete((uri) => this.fileEvent(uri, 'deleted')),
      vscode.workspace.onDidSaveTextDocument((document) => this.fileEvent(document.uri, 'changed')),
      vscode.workspace.onDidCreateFiles((event) => event.files.forEach((uri) => this.fileEvent(uri, 'changed'))),
      vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => this.fileEvent(uri, 'deleted'))),
      vscode.workspace.onDidRenameFiles((event) =>
        event.files.forEach(({ oldUri, newUri }) => {
          this.fileEvent(oldUri, 'deleted');
          this.fileEvent(newUri, 'changed');
        }),
      ),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanLater()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (['files.exclude', 'search.exclude', 'search.useIgnoreFiles', 'search.useParentIgnoreFiles', 'search.useGlobalIgnoreFiles', 'search.followSymlinks'].some((section) => event.affectsConfiguration(section)) || affects(event, 'scan.maxFileSizeKB')) {
          this.matchers.clear();
          this.rescanLater();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        // Git may run now: ask it everything again.
        this.deps.git.reset();
        this.deps.service.invalidateGit();
        this.rescanLater();
      }),
    );
    if (scanOnStartup()) this.later('startup', STARTUP_DELAY_MS, () => this.scanInBackground());
  }

  /** The scan command: progress notification with cancel; returns masked findings only. */
  async scanWithProgress(): Promise<ScanCommandResult> {
    return this.scan(vscode.ProgressLocation.Notification, COMMAND_CONCURRENCY);
  }

  /** Tests compare both routes on one workspace; undefined goes back to choosing by what is installed. */
  useRoute(route: ScanRoute | undefined): void {
    this.routeOverride = route;
  }

  dispose(): void {
    this.running?.controller.abort();
    this.timers.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private scanInBackground(): void {
    this.scan(vscode.ProgressLocation.Window, STARTUP_CONCURRENCY).catch((error) => this.deps.logger.warn(`Workspace scan failed: ${String(error)}`));
  }

  private async scan(location: vscode.ProgressLocation, concurrency: number): Promise<ScanCommandResult> {
    // A newer scan supersedes a running one (settings changed, or the command during the startup scan).
    this.running?.controller.abort();
    this.timers.cancel('startup');
    const controller = new AbortController();
    let cancelledByUser = false;
    this.scannedPaths ??= new Set();
    const options = { location, title: 'Infinipost: scanning for hard-coded keys', cancellable: location === vscode.ProgressLocation.Notification };
    const done = Promise.resolve(
      vscode.window.withProgress(options, async (progress, token) => {
        const cancel = token.onCancellationRequested(() => {
          cancelledByUser = true;
          controller.abort();
        });
        try {
          return await this.scanFolders(controller.signal, progress, concurrency);
        } finally {
          cancel.dispose();
        }
      }),
    );
    this.running = { controller, done };
    try {
      let result = await done;
      // Superseded, not cancelled by the person: the newer scan's answer is the current one (a
      // settings change during the command's scan must not turn its result into a partial one).
      for (let current = controller; result.cancelled && !cancelledByUser && this.running && this.running.controller !== current; ) {
        current = this.running.controller;
        result = await this.running.done;
      }
      return result;
    } finally {
      if (this.running?.controller === controller) this.running = undefined;
    }
  }

  private async scanFolders(signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>, concurrency: number): Promise<ScanCommandResult> {
    const started = Date.now();
    progress.report({ message: 'listing files…' });
    const { paths, searched } = await this.listFiles(signal);
    if (signal.aborted) return this.result(0, true);
    let filesScanned = 0;
    let reported = 0;
    // This scan's own: a scan starting while this one waits for git must not reset it.
    let truncated = false;
    const onFile = (result: FileScanResult, done: number, total: number): void => {
      if (result.status === 'scanned') filesScanned++;
      if (result.truncated) truncated = true;
      this.scannedPaths?.add(result.path);
      this.deps.service.setScanFindings(vscode.Uri.file(result.path), result.findings, result.truncated);
      const percent = Math.floor((done / total) * 100);
      if (percent > reported) {
        progress.report({ increment: percent - reported, message: `${done} of ${total} files` });
        reported = percent;
      }
    };
    try {
      const summary = await scanFiles(paths, { maxFileBytes: maxScanFileBytes(), concurrency, signal, onFile });
      if (summary.limitReached) this.reportLimit();
    } catch (error) {
      if (signal.aborted) return this.result(filesScanned, true, truncated);
      throw error;
    }
    // Files that left the scan (deleted, newly excluded or ignored) drop their findings.
    const current = new Set(paths);
    for (const uri of this.deps.service.scannedUris()) {
      if (!current.has(uri.fsPath)) this.deps.service.setScanFindings(uri, []);
    }
    this.scannedPaths = current;
    // ripgrep read every listed file and named those holding a key prefix; only those were read again here.
    if (searched !== undefined) filesScanned = Math.max(filesScanned, searched);
    this.deps.logger.info(`Workspace scan: ${filesScanned} files checked in ${Date.now() - started} ms (${searched !== undefined ? 'ripgrep' : 'file search'}).`);
    return this.result(filesScanned, false, truncated);
  }

  private reportLimit(): void {
    const message = `The workspace holds more than ${MAX_FINDINGS_TOTAL.toLocaleString('en-US')} hard-coded keys: only the first are listed in Problems. Fix or ignore those, then scan again.`;
    this.deps.logger.warn(message);
    void vscode.window.showWarningMessage(`Infinipost: ${message}`);
  }

  private async result(filesScanned: number, cancelled: boolean, truncated = false): Promise<ScanCommandResult> {
    await this.deps.service.gitSettled();
    const scanned = this.scannedPaths ?? new Set<string>();
    const findings = this.deps.service
      .workspaceFindings()
      .filter((key) => key.uri.scheme === 'file' && scanned.has(key.uri.fsPath))
      .map((key): ScanFinding => {
        const finding: ScanFinding = {
          file: vscode.workspace.asRelativePath(key.uri),
          line: key.range.start.line + 1,
          column: key.range.start.character + 1,
          mode: key.mode,
          maskedKey: key.maskedKey,
        };
        if (key.git === 'committed' || key.git === 'tracked' || key.git === 'untracked') finding.committed = key.git === 'committed';
        return finding;
      })
      .sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
    const result: ScanCommandResult = cancelled ? { filesScanned, findings, cancelled } : { filesScanned, findings };
    if (truncated) result.truncated = true;
    const excluded = workspaceExcludeGlobs();
    if (excluded.length > 0) {
      result.excludedByWorkspaceSettings = excluded;
      this.reportWorkspaceExcludes(excluded);
    }
    return result;
  }

  // A repository's settings can hide files from the scan; the user should hear which globs did.
  private reportWorkspaceExcludes(globs: readonly string[]): void {
    const signature = globs.join('\n');
    if (signature === this.reportedExcludes) return;
    this.reportedExcludes = signature;
    this.deps.logger.warn(`This workspace's files.exclude / search.exclude settings keep these from the key scan: ${globs.join(', ')}`);
    if (globs.some((glob) => /^(\*\*|\*|\*\*\/\*|\*\*\/\*\*)$/.test(glob.trim()))) {
      void vscode.window.showWarningMessage(
        `This workspace's exclude settings hide every file from the Infinipost key scan (${globs.slice(0, 3).join(', ')}). Files you open are still checked.`,
        'Open Workspace Settings',
      ).then((choice) => choice && runFollowUp(this.deps.logger, () => vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile')));
    }
  }

  // Every file the scan should read, as paths: with ripgrep only those holding a key prefix.
  private async listFiles(signal: AbortSignal): Promise<{ paths: string[]; searched?: number }> {
    const rg = this.ripgrep();
    const paths: string[] = [];
    let searched: number | undefined = rg ? 0 : undefined;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const listing = rg ? await this.listWithRipgrep(rg, folder, signal) : undefined;
      if (signal.aborted) return { paths: [] };
      if (listing) {
        paths.push(...listing.files);
        if (searched !== undefined) searched = listing.searched === undefined ? undefined : searched + listing.searched;
      } else {
        searched = undefined;
        paths.push(...(await this.listWithFindFiles(folder, signal)));
      }
    }
    this.lastRoute = searched !== undefined ? 'ripgrep' : 'node';
    return { paths, searched };
  }

  private ripgrep(): string | undefined {
    if (this.routeOverride === 'node') return undefined;
    this.ripgrepPath ??= { path: findRipgrep(vscode.env.appRoot) };
    return this.ripgrepPath.path;
  }

  // ripgrep applies the exclude globs, ignore files, link and size settings as VS Code's search
  // does; the matcher then checks the few files it names for `when` conditions. Undefined: rg
  // failed, and the folder is listed the other way.
  private async listWithRipgrep(rg: string, folder: vscode.WorkspaceFolder, signal: AbortSignal): Promise<{ files: string[]; searched?: number } | undefined> {
    const search = vscode.workspace.getConfiguration('search', folder.uri);
    const args = ripgrepArgs({
      excludes: excludeSettings(folder),
      useIgnoreFiles: search.get<boolean>('useIgnoreFiles', true) !== false,
      useParentIgnoreFiles: search.get<boolean>('useParentIgnoreFiles', false) === true,
      useGlobalIgnoreFiles: search.get<boolean>('useGlobalIgnoreFiles', false) === true,
      followSymlinks: search.get<boolean>('followSymlinks', true) !== false,
      maxFileBytes: maxScanFileBytes(),
    });
    try {
      const listing = await runRipgrepList(rg, folder.uri.fsPath, args, { signal });
      const root = folder.uri.fsPath;
      const matcher = this.matcherFor(folder);
      const files = listing.files.filter((file) => {
        const rel = path.relative(root, file).split(path.sep).join('/');
        return !rel.startsWith('../') && !rel.split('/').includes('.git') && !matcher.excludes(rel);
      });
      return { files, searched: listing.searched };
    } catch (error) {
      if (signal.aborted) return { files: [] };
      this.deps.logger.warn(`ripgrep could not list ${folder.name} (${String(error)}); listing it with VS Code's file search instead.`);
      return undefined;
    }
  }

  private async listWithFindFiles(folder: vscode.WorkspaceFolder, signal: AbortSignal): Promise<string[]> {
    const tokenSource = new vscode.CancellationTokenSource();
    const onAbort = () => tokenSource.cancel();
    signal.addEventListener('abort', onAbort);
    try {
      const settings = excludeSettings(folder);
      const globs = ExcludeMatcher.simpleGlobs(settings);
      // One brace group can hold globs but not nested groups; then prune by files.exclude only and filter below.
      const exclude = globs.length > 0 && globs.every((glob) => !/[{},]/.test(glob)) ? `{${globs.join(',')}}` : undefined;
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), exclude, undefined, tokenSource.token);
      return signal.aborted ? [] : await this.eligible(uris.map((uri) => uri.fsPath));
    } finally {
      signal.removeEventListener('abort', onAbort);
      tokenSource.dispose();
    }
  }

  // The paths that are in a workspace folder, not excluded by settings, and not ignored by git.
  private async eligible(paths: readonly string[]): Promise<string[]> {
    const kept = paths.filter((file) => {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
      if (!folder || folder.uri.scheme !== 'file') return false;
      const rel = path.relative(folder.uri.fsPath, file).split(path.sep).join('/');
      return !rel.split('/').includes('.git') && !this.matcherFor(folder).excludes(rel);
    });
    if (!this.deps.git.usable || kept.length === 0) return kept;
    // One repository lookup per folder, then one `git check-ignore` per repository.
    const rootOfDir = new Map<string, Promise<string | undefined>>();
    const byRoot = new Map<string, string[]>();
    await Promise.all(
      kept.map(async (file) => {
        const dir = path.dirname(file);
        let root = rootOfDir.get(dir);
        if (!root) {
          root = this.deps.git.repositoryRoot(file);
          rootOfDir.set(dir, root);
        }
        const resolved = await root;
        if (!resolved) return;
        const files = byRoot.get(resolved);
        if (files) files.push(file);
        else byRoot.set(resolved, [file]);
      }),
    );
    const ignored = new Set<string>();
    for (const [root, files] of byRoot) {
      const subset = await this.deps.git.ignoredAmong(root, files);
      subset?.forEach((file) => ignored.add(file));
    }
    return ignored.size === 0 ? kept : kept.filter((file) => !ignored.has(file));
  }

  private matcherFor(folder: vscode.WorkspaceFolder): ExcludeMatcher {
    const id = folder.uri.toString();
    let matcher = this.matchers.get(id);
    if (!matcher) {
      const root = folder.uri.fsPath;
      // Sibling conditions (`"when": "$(basename).ts"`) are rare; each costs one stat.
      matcher = new ExcludeMatcher(excludeSettings(folder), (rel) => pathExists(path.join(root, rel)));
      this.matchers.set(id, matcher);
    }
    return matcher;
  }

  private fileEvent(uri: vscode.Uri, kind: 'changed' | 'deleted'): void {
    if (uri.scheme !== 'file') return;
    const file = uri.fsPath;
    if (this.deps.gitWatcher.fileEvent(file)) return;
    if (path.basename(file) === '.gitignore') {
      this.deps.git.forgetIgnored();
      this.deps.service.invalidateGit();
      this.rescanLater();
    }
    if (!this.scannedPaths || !vscode.workspace.getWorkspaceFolder(uri)) return;
    (kind === 'changed' ? this.changedPaths : this.deletedPaths).add(file);
    if (kind === 'changed') this.deletedPaths.delete(file);
    else this.changedPaths.delete(file);
    this.later('changes', CHANGE_DELAY_MS, () => {
      this.flushing = this.flushing.then(() => this.flushChanges()).catch((error) => this.deps.logger.warn(`Could not update scan results: ${String(error)}`));
    });
  }

  private async flushChanges(): Promise<void> {
    // Let a running full scan finish first, so its results do not overwrite newer ones.
    await this.running?.done.catch(() => undefined);
    const scanned = this.scannedPaths;
    if (!scanned) return;
    const deleted = [...this.deletedPaths];
    const changed = [...this.changedPaths];
    this.deletedPaths.clear();
    this.changedPaths.clear();
    const files: string[] = [];
    for (const file of changed) {
      const kind = await fileKind(file);
      if (kind === 'directory') {
        // A folder moved or copied in: its files arrive as one event.
        files.push(...(await this.filesUnder(file)));
      } else if (kind) {
        files.push(file);
      } else {
        // Events from VS Code and from the file watcher arrive in no fixed order: gone is gone.
        deleted.push(file);
      }
    }
    for (const file of deleted) {
      this.deps.service.removeScanFindingsUnder(vscode.Uri.file(file));
      scanned.delete(file);
      const prefix = file + path.sep;
      for (const known of scanned) if (known.startsWith(prefix)) scanned.delete(known);
    }
    if (files.length === 0) return;
    const eligible = new Set(await this.eligible(files));
    for (const file of files) {
      if (!eligible.has(file)) {
        scanned.delete(file);
        this.deps.service.setScanFindings(vscode.Uri.file(file), []);
      }
    }
    await scanFiles([...eligible], {
      maxFileBytes: maxScanFileBytes(),
      concurrency: STARTUP_CONCURRENCY,
      onFile: (result) => {
        scanned.add(result.path);
        this.deps.service.setScanFindings(vscode.Uri.file(result.path), result.findings, result.truncated);
      },
    });
  }

  // The search runs from the workspace folder, never from the new folder itself: VS Code starts
  // ripgrep with the pattern's base folder as its working directory (VS Code 1.100,
  // src/vs/workbench/services/search/node/ripgrepFileSearch.ts, spawnRipgrepCmd), and a folder gone
  // again by then fails the spawn with ENOENT.
  private async filesUnder(dir: string): Promise<string[]> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir));
    if (!folder || folder.uri.scheme !== 'file') return [];
    const rel = path.relative(folder.uri.fsPath, dir).split(path.sep).join('/');
    if (rel === '' || rel === '..' || rel.startsWith('../')) return [];
    // A name a glob cannot spell literally: a full rescan picks its files up instead.
    if (/[[\]{}*?,]/.test(rel)) {
      this.rescanLater();
      return [];
    }
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `${rel}/**/*`));
    return uris.map((uri) => uri.fsPath);
  }

  private rescanLater(): void {
    if (this.scannedPaths) this.later('rescan', RESCAN_DELAY_MS, () => this.scanInBackground());
  }

  private later(name: string, delayMs: number, action: () => unknown): void {
    this.timers.later(name, delayMs, action);
  }
}

/** Exclude globs set to true by the workspace or its folders (not by the user or VS Code's defaults). */
function workspaceExcludeGlobs(): string[] {
  const globs = new Set<string>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const section of ['files', 'search']) {
      const inspected = vscode.workspace.getConfiguration(section, folder.uri).inspect<ExcludeSetting>('exclude');
      for (const value of [inspected?.workspaceValue, inspected?.workspaceFolderValue]) {
        for (const [glob, on] of Object.entries(value ?? {})) if (on === true) globs.add(glob);
      }
    }
  }
  return [...globs];
}

function excludeSettings(folder: vscode.WorkspaceFolder): ExcludeSetting[] {
  return [
    vscode.workspace.getConfiguration('files', folder.uri).get<ExcludeSetting>('exclude') ?? {},
    vscode.workspace.getConfiguration('search', folder.uri).get<ExcludeSetting>('exclude') ?? {},
  ];
}
