// Owns the hard-coded key findings: open documents (linted as you type) and files on disk (from
// the workspace scan), what git says about them, and the one diagnostic collection.
import * as path from 'path';
import * as vscode from 'vscode';
import { FileKeyFinding } from '../node/fileScanner';
import { KeyFinding, allowListMatcher, containsKeyPrefix, detectKeys, lineStarts, positionAt } from '../core/keyDetector';
import { LineFindings, LineKey } from '../core/lineFindings';
import { KeyMode } from '../core/keyTypes';
import { maskKey } from '../core/mask';
import { affects, allowList, severitySetting } from '../shared/config';
import { Logger } from '../shared/logger';
import { ProviderAttribution, attributeFile, attributeNearby } from '../core/keyAttribution';
import { CHECKED_SCHEMES, DetectedKey, KeyGitStatus, keyDiagnostics, toSeverity } from './diagnostics';
import { GitFileState, GitStatus, relativePath } from '../node/gitStatus';

const CHECKED = new Set(CHECKED_SCHEMES);
const LINT_DELAY_MS = 150;
// An open document is one file the person is looking at: count its keys exactly up to here (the
// Problems summary says how many more), so a 10 MB paste of keys still costs bounded memory.
const MAX_DOCUMENT_FINDINGS = 10_000;

interface RawKey {
  range: vscode.Range;
  mode: KeyMode;
  key: string;
  /** Another provider the surrounding code points to (Stripe); only known where the text is at hand. */
  provider?: ProviderAttribution;
}

interface FileKeys {
  uri: vscode.Uri;
  keys: RawKey[];
  /** More keys are in the file than `keys` lists (the per-file cap). */
  truncated?: boolean;
}

interface DocumentKeys extends FileKeys {
  lines: LineFindings;
  /** The document version the line findings follow. */
  version: number;
  /** The provider the whole file points to (its imports), from the last whole pass. */
  fileProvider?: ProviderAttribution;
}

interface GitInfo {
  state: GitFileState;
  /** The file's path relative to its repository root. */
  repositoryPath?: string;
  /** Keys in the file's last commit; fetched only for tracked files that hold keys. */
  committed?: Set<string>;
}

interface GitEntry {
  info?: GitInfo;
  /** False once git may have changed its answer. */
  fresh: boolean;
  pending?: Promise<void>;
  /** Set once an "unknown" answer was asked again; cleared by a known answer. */
  retried?: boolean;
}

// A git question that fails while git works (a commit holding the index, a passing spawn error) is
// asked once more after this long: no further event may come to correct the "unknown" answer.
const GIT_RETRY_DELAY_MS = 2000;

export interface DetectionServiceDeps {
  git: GitStatus;
  logger: Logger;
}

/** Whether a file is a `.env` / `.env.*` file, where keys belong as long as git ignores it. */
export function isEnvFile(uri: vscode.Uri): boolean {
  const name = path.posix.basename(uri.path);
  return name === '.env' || name.startsWith('.env.');
}

/**
 * The current hard-coded keys, per file and for the workspace, and the diagnostics that show them.
 * An open document's text wins over what the workspace scan read from disk.
 */
export class DetectionService implements vscode.Disposable {
  private readonly collection: vscode.DiagnosticCollection;
  private readonly changed = new vscode.EventEmitter<readonly vscode.Uri[]>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly documents = new Map<string, DocumentKeys>();
  private readonly scanned = new Map<string, FileKeys>();
  private readonly published = new Map<string, { keys: DetectedKey[]; signature: string }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly gitInfo = new Map<string, GitEntry>();
  private readonly gitPending = new Map<string, Promise<void>>();
  private readonly allow = new Map<string, ((key: string) => boolean) | undefined>();

  /** Fires with the files whose findings changed. */
  readonly onDidChange: vscode.Event<readonly vscode.Uri[]> = this.changed.event;

  constructor(private readonly deps: DetectionServiceDeps) {
    this.collection = vscode.languages.createDiagnosticCollection('infinipost');
    this.disposables.push(this.collection, this.changed);
  }

  /** Starts following documents: those already open (activation is onStartupFinished), opened, edited and closed. */
  start(): void {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.lintNow(document, true)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.documentChanged(event);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.release(document.uri)),
      // VS Code keeps a closed file's document alive for minutes; the person closing its last tab is done with it.
      vscode.window.tabGroups.onDidChangeTabs((event) => this.tabsChanged(event)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affects(event, 'diagnostics.liveKeySeverity', 'diagnostics.testKeySeverity', 'diagnostics.allow')) {
          this.allow.clear();
          this.republishAll();
        }
      }),
    );
    // The documents already open are linted once activation has returned (it only registers).
    const initial = setTimeout(() => {
      for (const document of vscode.workspace.textDocuments) this.lintNow(document, true);
    }, 0);
    this.disposables.push(new vscode.Disposable(() => clearTimeout(initial)));
  }

  /**
   * The keys currently reported in a file, in text order, whatever their severity setting (even `Off`);
   * allowed keys and keys in .env files git ignores are not reported.
   */
  findingsFor(uri: vscode.Uri): readonly DetectedKey[] {
    return this.published.get(uri.toString())?.keys ?? [];
  }

  /**
   * The hard-coded keys in a document's current text, allowed keys left out, with their offsets: what
   * the quick fixes and the refactor act on, so they never disagree with the diagnostics. Brings the
   * service up to date first (an edit still waiting for the lint debounce, a document not seen yet).
   * Unlike `findingsFor`, keys in a git-ignored .env file are included: whether to act there is the caller's call.
   */
  currentKeys(document: vscode.TextDocument): KeyFinding[] {
    const id = document.uri.toString();
    let entry = this.documents.get(id);
    if (!entry || entry.version !== document.version || this.timers.has(id)) {
      this.lintNow(document, !entry || entry.version !== document.version);
      entry = this.documents.get(id);
    }
    // A scheme the editor does not lint (say, a git view) has no entry: the same detection, once.
    const keys: KeyFinding[] = entry
      ? entry.keys.map((k) => ({ start: document.offsetAt(k.range.start), end: document.offsetAt(k.range.end), key: k.key, mode: k.mode }))
      : detectKeys(document.getText()).findings;
    const isAllowed = this.allowFor(document.uri);
    return isAllowed ? keys.filter((k) => !isAllowed(k.key)) : keys;
  }

  /** Every key currently reported: open documents and files the workspace scan read. */
  workspaceFindings(): readonly DetectedKey[] {
    return [...this.published.values()].flatMap((entry) => entry.keys);
  }

  /** Resolves once every pending git answer (tracked, ignored, committed) is reflected in the findings. */
  async gitSettled(): Promise<void> {
    while (this.gitPending.size > 0) await Promise.all([...this.gitPending.values()]);
  }

  /** Records what the workspace scan read from disk for a file; no findings removes it. */
  setScanFindings(uri: vscode.Uri, findings: readonly FileKeyFinding[], truncated?: boolean): void {
    const id = uri.toString();
    if (findings.length === 0 && !truncated) {
      if (!this.scanned.delete(id)) return;
    } else {
      const keys = findings.map((f) => ({ mode: f.mode, key: f.key, range: new vscode.Range(f.line, f.character, f.line, f.character + (f.end - f.start)) }));
      this.scanned.set(id, truncated ? { uri, keys, truncated } : { uri, keys });
    }
    this.publish(uri);
  }

  /** The files for which the workspace scan holds findings. */
  scannedUris(): vscode.Uri[] {
    return [...this.scanned.values()].map((entry) => entry.uri);
  }

  /** Drops scan findings for a deleted file or folder (and everything under it). */
  removeScanFindingsUnder(uri: vscode.Uri): void {
    const id = uri.toString();
    const prefix = id.endsWith('/') ? id : id + '/';
    for (const [key, entry] of [...this.scanned]) {
      if (key === id || key.startsWith(prefix)) {
        this.scanned.delete(key);
        this.publish(entry.uri);
      }
    }
  }

  /** Forgets what git said about files (under the given repository roots, or all) and asks again. */
  invalidateGit(roots?: readonly string[]): void {
    const prefixes = roots?.map((root) => (root.endsWith(path.sep) ? root : root + path.sep));
    const files = new Map([...this.scanned, ...this.documents]);
    for (const [id, entry] of this.gitInfo) {
      const file = files.get(id);
      if (!file) {
        if (!entry.pending) this.gitInfo.delete(id);
        continue;
      }
      if (prefixes && !prefixes.some((prefix) => file.uri.fsPath.startsWith(prefix))) continue;
      entry.fresh = false;
      // Asks git again; the current answer stays on screen until the new one arrives.
      this.publish(file.uri);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  // Moves the document's findings with the edit right away (cheap); detection waits for the debounce.
  private documentChanged(event: vscode.TextDocumentChangeEvent): void {
    const entry = this.documents.get(event.document.uri.toString());
    if (entry) {
      // A version skipped means an edit we did not see: start over from the whole text.
      if (event.document.version !== entry.version + 1) entry.lines.invalidate();
      for (const change of event.contentChanges) entry.lines.edit({ startLine: change.range.start.line, endLine: change.range.end.line, text: change.text });
      entry.version = event.document.version;
    }
    this.lintSoon(event.document);
  }

  private lintSoon(document: vscode.TextDocument): void {
    if (!CHECKED.has(document.uri.scheme)) return;
    const id = document.uri.toString();
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        if (!document.isClosed) this.lintNow(document, false);
      }, LINT_DELAY_MS),
    );
  }

  // `whole`: read the whole text (opening, or unknown state); otherwise only the lines edits touched.
  private lintNow(document: vscode.TextDocument, whole: boolean): void {
    if (!CHECKED.has(document.uri.scheme)) return;
    const id = document.uri.toString();
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    const entry = this.documents.get(id);
    const lines = entry?.lines ?? new LineFindings(MAX_DOCUMENT_FINDINGS);
    let fileProvider = entry?.fileProvider;
    if (whole) lines.invalidate();
    if (lines.needsWholePass) {
      const text = document.getText();
      const { keys, truncated } = detectWhole(text);
      lines.setWhole(keys, truncated);
      // Whether the file imports another provider's library: read on whole passes only, so typing
      // stays line-local (an import added later counts from the next whole pass: open, paste, save).
      fileProvider = keys.length > 0 ? attributeFile(text) : undefined;
    } else {
      lines.update({ lineCount: document.lineCount, lineText: (line) => document.lineAt(line).text });
    }
    const keys = lines.current.map((k) => ({
      mode: k.mode,
      key: k.key,
      range: new vscode.Range(k.line, k.start, k.line, k.end),
      provider: providerOf(document, k, fileProvider),
    }));
    this.documents.set(id, { uri: document.uri, keys, truncated: lines.truncated, lines, version: document.version, fileProvider });
    this.publish(document.uri);
  }

  private release(uri: vscode.Uri): void {
    const id = uri.toString();
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    // What the scan read from disk takes over again; otherwise the entry goes away.
    if (this.documents.delete(id)) this.publish(uri);
  }

  private tabsChanged(event: vscode.TabChangeEvent): void {
    for (const uri of event.opened.flatMap(tabUris)) {
      // A document kept alive after its tab closed comes back without an open event.
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document && !this.documents.has(uri.toString())) this.lintNow(document, true);
    }
    if (event.closed.length === 0) return;
    const shown = new Set(vscode.window.tabGroups.all.flatMap((group) => group.tabs.flatMap(tabUris)).map((uri) => uri.toString()));
    for (const uri of event.closed.flatMap(tabUris)) {
      if (!shown.has(uri.toString())) this.release(uri);
    }
  }

  private republishAll(): void {
    for (const entry of [...this.documents.values(), ...this.scanned.values()]) this.publish(entry.uri);
  }

  private publish(uri: vscode.Uri): void {
    const id = uri.toString();
    const source = this.documents.get(id) ?? this.scanned.get(id);
    let keys: DetectedKey[] | undefined = [];
    if (source && source.keys.length > 0) {
      keys = this.describe(uri, source.keys);
      // Undefined: a .env file waits for git before it is flagged or not.
      if (!keys) return;
    }
    const before = this.published.get(id);
    if (!source) {
      const entry = this.gitInfo.get(id);
      if (entry && !entry.pending) this.gitInfo.delete(id);
    }
    if (keys.length === 0) {
      this.collection.delete(uri);
      if (this.published.delete(id)) this.changed.fire([uri]);
      return;
    }
    const severities = {
      live: toSeverity(severitySetting('liveKeySeverity', uri)),
      test: toSeverity(severitySetting('testKeySeverity', uri)),
    };
    this.collection.set(uri, keyDiagnostics(keys, severities, source?.truncated === true));
    const signature = keys.map((k) => `${k.range.start.line}:${k.range.start.character}:${k.range.end.character}:${k.mode}:${k.git}:${k.maskedKey}:${k.provider?.provider ?? ''}`).join('|');
    this.published.set(id, { keys, signature });
    if (before?.signature !== signature) this.changed.fire([uri]);
  }

  private describe(uri: vscode.Uri, raw: readonly RawKey[]): DetectedKey[] | undefined {
    const isAllowed = this.allowFor(uri);
    const kept = isAllowed ? raw.filter((k) => !isAllowed(k.key)) : raw;
    if (kept.length === 0) return [];
    const envFile = isEnvFile(uri);
    const info = this.gitFor(uri);
    if (envFile) {
      if (!info) return undefined;
      // Outside any repository, ignored, or git unknown: a .env file is exactly where a key belongs.
      if (info.state !== 'tracked' && info.state !== 'untracked') return [];
    }
    return kept.map((k) => ({
      uri,
      range: k.range,
      mode: k.mode,
      key: k.key,
      maskedKey: maskKey(k.key),
      git: gitStatusOf(info, k.key),
      envFile,
      repositoryPath: info?.repositoryPath,
      provider: k.provider,
    }));
  }

  private allowFor(uri: vscode.Uri): ((key: string) => boolean) | undefined {
    // Resource-scoped: one lookup per folder, not per keystroke.
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
    if (!this.allow.has(folder)) this.allow.set(folder, allowListMatcher(allowList(uri)));
    return this.allow.get(folder);
  }

  // What git says about the file: undefined until first answered; a stale answer while it is asked
  // again (each answer republishes the file).
  private gitFor(uri: vscode.Uri): GitInfo | undefined {
    if (uri.scheme !== 'file') return { state: 'outside' };
    const id = uri.toString();
    let entry = this.gitInfo.get(id);
    if (!entry) {
      entry = { fresh: false };
      this.gitInfo.set(id, entry);
    }
    if (!entry.fresh && !entry.pending) {
      const current = entry;
      // Fresh from now on unless invalidated while git is asked; then the answer is asked again.
      current.fresh = true;
      current.pending = this.askGit(uri)
        .then((info) => {
          current.info = info;
          if (info.state !== 'unknown') current.retried = false;
          else if (!current.retried && this.deps.git.usable) {
            current.retried = true;
            const key = `git-retry:${id}`;
            clearTimeout(this.timers.get(key));
            this.timers.set(
              key,
              setTimeout(() => {
                this.timers.delete(key);
                if (this.gitInfo.get(id) !== current) return;
                current.fresh = false;
                this.publish(uri);
              }, GIT_RETRY_DELAY_MS),
            );
          }
        })
        .finally(() => {
          current.pending = undefined;
          this.gitPending.delete(id);
        })
        .then(() => {
          if (this.gitInfo.get(id) === current) this.publish(uri);
        })
        // Never rejects: gitSettled() awaits it, and nobody else would handle the rejection.
        .catch((error) => this.deps.logger.warn(`Could not show what git says about ${vscode.workspace.asRelativePath(uri)}: ${String(error)}`));
      this.gitPending.set(id, current.pending);
    }
    return entry.info;
  }

  private async askGit(uri: vscode.Uri): Promise<GitInfo> {
    try {
      const state = await this.deps.git.stateOf(uri.fsPath);
      const root = state === 'outside' || state === 'unknown' ? undefined : await this.deps.git.repositoryRoot(uri.fsPath);
      return {
        state,
        repositoryPath: root ? relativePath(root, uri.fsPath) : undefined,
        committed: state === 'tracked' ? await this.deps.git.committedKeys(uri.fsPath) : undefined,
      };
    } catch (error) {
      this.deps.logger.warn(`Could not ask git about ${vscode.workspace.asRelativePath(uri)}: ${String(error)}`);
      return { state: 'unknown' };
    }
  }
}

// One pass over the whole text, positions from its line starts (no positionAt round trip per key).
/** Another provider for the key at `k`, from its line and the two above, else from the file's imports. */
function providerOf(document: vscode.TextDocument, k: LineKey, fileProvider: ProviderAttribution | undefined): ProviderAttribution | undefined {
  const first = Math.max(0, k.line - 2);
  let window = '';
  for (let line = first; line < k.line; line++) window += document.lineAt(line).text + '\n';
  const start = window.length + k.start;
  window += document.lineAt(k.line).text;
  const nearby = attributeNearby(window, start, window.length - document.lineAt(k.line).text.length + k.end);
  return nearby === 'Infinipost' ? undefined : (nearby ?? fileProvider);
}

function detectWhole(text: string): { keys: LineKey[]; truncated: boolean } {
  // Most documents hold no key prefix at all: one indexOf pass instead of a full detection.
  if (!containsKeyPrefix(text)) return { keys: [], truncated: false };
  const { findings, truncated } = detectKeys(text, { maxFindings: MAX_DOCUMENT_FINDINGS });
  if (findings.length === 0) return { keys: [], truncated };
  const starts = lineStarts(text);
  const keys = findings.map((f) => {
    const { line, character } = positionAt(starts, f.start);
    return { line, start: character, end: character + (f.end - f.start), key: f.key, mode: f.mode };
  });
  return { keys, truncated };
}

function tabUris(tab: vscode.Tab): vscode.Uri[] {
  if (tab.input instanceof vscode.TabInputText) return [tab.input.uri];
  if (tab.input instanceof vscode.TabInputTextDiff) return [tab.input.modified];
  return [];
}

function gitStatusOf(info: GitInfo | undefined, key: string): KeyGitStatus {
  if (!info) return 'unknown';
  if (info.state === 'tracked') return info.committed?.has(key) ? 'committed' : 'tracked';
  return info.state;
}
