// Keys in git history, the I/O part: runs git and streams every blob reachable from any ref
// (branches, tags, remote-tracking branches, every stash entry) through the editor's detector once,
// then maps each key to the commits that introduced it. Plain Node (no vscode), so a command line
// tool can call scanHistory() too. Keys never appear on a git command line: git is only ever given
// object ids, and key bytes only ever travel from git to this process.
import { ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { findKeysInBuffer } from './fileScanner';
import {
  BlobIntroduction, BlobKey, CommitGraph, HistoryKey, RawLogParser, RefTip, aggregateHistoryKeys, parseRefs, stashRefs,
} from '../core/historyModel';
import { redactKeys } from '../core/redact';

export interface HistoryScanOptions {
  /** The repository's root (its work tree top level). */
  repo: string;
  /** Blobs larger than this are not read (counted in `skipped.tooLarge`). */
  maxBlobBytes: number;
  /** Keys or key bodies to leave alone (infinipost.diagnostics.allow). */
  allow?: readonly string[];
  /** Aborting kills git and rejects with HistoryScanCancelled. */
  signal?: AbortSignal;
  onProgress?: (progress: HistoryScanProgress) => void;
  /** The git program (default `git` on PATH). */
  gitPath?: string;
}

export interface HistoryScanProgress {
  phase: 'listing' | 'reading' | 'mapping';
  blobsScanned: number;
  /** Known once listing is done. */
  blobsTotal?: number;
}

export interface HistoryScanResult {
  repo: string;
  /** Blobs read and checked (skipped ones are not counted). */
  blobsScanned: number;
  skipped: { tooLarge: number; binary: number; missing: number };
  keys: HistoryKey[];
  commits: number;
  refs: RefTip[];
  shallow: boolean;
  /** Submodule paths seen in history: their contents live in other repositories and are not scanned. */
  submodules: string[];
  /** Set when git could not unpack some objects: the first thing it said. */
  corruptDetail?: string;
  /** Things the user should know about this scan (shallow clone, submodules, skipped blobs, refs that moved). */
  notes: string[];
}

/** A problem the user should read as-is (not a repository, a corrupt object, git missing). */
export class HistoryScanError extends Error {}
export class HistoryScanCancelled extends Error {
  constructor() {
    super('The git history scan was cancelled.');
  }
}

const MAX_SUBMODULE_NOTES = 20;
const MAX_STDERR = 4000;
const CORRUPT = /corrupt|unable to read|unable to unpack|bad object|inflate|invalid object|missing (blob|tree|commit)|did not receive expected object/i;

/** Scans every blob reachable from the repository's refs and stashes for keys. */
export async function scanHistory(options: HistoryScanOptions): Promise<HistoryScanResult> {
  const git = new GitProcesses(options);
  try {
    return await scanWith(git, options);
  } finally {
    git.killAll();
  }
}

async function scanWith(git: GitProcesses, options: HistoryScanOptions): Promise<HistoryScanResult> {
  const repo = await repositoryRoot(git, options.repo);
  const shallow = (await git.text(['rev-parse', '--is-shallow-repository'], repo)).trim() === 'true';
  const refs = await snapshotRefs(git, repo);
  const head = (await git.text(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], repo, { allowFailure: true })).trim();
  const result: HistoryScanResult = {
    repo, blobsScanned: 0, skipped: { tooLarge: 0, binary: 0, missing: 0 }, keys: [], commits: 0, refs, shallow, submodules: [], notes: [],
  };
  if (refs.length === 0 && !head) {
    result.notes.push('The repository has no commits yet: there is no history to scan.');
    return result;
  }
  const starts = [...new Set([...refs.map((ref) => ref.target), ...(head ? [head] : [])])];
  options.onProgress?.({ phase: 'listing', blobsScanned: 0 });
  const blobs = await listBlobs(git, repo, starts, options.maxBlobBytes, result);
  const blobKeys = await readBlobs(git, repo, blobs, options, result);
  options.onProgress?.({ phase: 'mapping', blobsScanned: result.blobsScanned, blobsTotal: blobs.length });
  const graph = new CommitGraph();
  const introductions = new Map<string, BlobIntroduction[]>();
  const submodules = new Set<string>();
  await mapIntroductions(git, repo, starts, blobKeys, graph, introductions, submodules);
  const headBlobs = head ? await headKeyBlobs(git, repo, head, blobKeys, submodules) : new Set<string>();
  result.commits = graph.size;
  result.submodules = [...submodules].sort();
  result.keys = aggregateHistoryKeys({ blobKeys, introductions, graph, refs: head ? [...refs, { name: 'HEAD', target: head }] : refs, headBlobs });
  // HEAD is only a helper for detached checkouts; refs report named refs (and HEAD when nothing else holds the key).
  for (const key of result.keys) if (key.refs.length > 1) key.refs = key.refs.filter((ref) => ref !== 'HEAD');
  addNotes(result);
  if (JSON.stringify(await snapshotRefs(git, repo)) !== JSON.stringify(refs)) {
    result.notes.push('Refs changed while the scan ran (a commit, fetch or checkout): the results describe the refs as they were when it started. Scan again for the current state.');
  }
  return result;
}

function addNotes(result: HistoryScanResult): void {
  if (result.shallow) {
    result.notes.push('This is a shallow clone: commits older than its boundary are not here, so a key may have been committed earlier than the first commit shown. Run `git fetch --unshallow` for the full history.');
  }
  if (result.submodules.length > 0) {
    const listed = result.submodules.slice(0, MAX_SUBMODULE_NOTES).join(', ');
    const more = result.submodules.length > MAX_SUBMODULE_NOTES ? ` and ${result.submodules.length - MAX_SUBMODULE_NOTES} more` : '';
    result.notes.push(`Submodules were skipped (their history lives in other repositories; scan each one separately): ${listed}${more}.`);
  }
  if (result.skipped.tooLarge > 0) {
    result.notes.push(`${result.skipped.tooLarge} blob${result.skipped.tooLarge === 1 ? ' was' : 's were'} larger than the size limit (infinipost.scan.maxFileSizeKB) and not read.`);
  }
  if (result.skipped.missing > 0 && result.corruptDetail) {
    result.notes.push(`${result.skipped.missing} object${result.skipped.missing === 1 ? ' is' : 's are'} damaged and could not be read (git: "${result.corruptDetail}"): the repository is corrupt. Run \`git fsck\` to see what is broken; the rest of the history was scanned.`);
  } else if (result.skipped.missing > 0) {
    result.notes.push(`${result.skipped.missing} object${result.skipped.missing === 1 ? ' was' : 's were'} missing (removed while the scan ran, or a partial clone): scan again, or run \`git fsck\`.`);
  }
}

async function repositoryRoot(git: GitProcesses, folder: string): Promise<string> {
  const stat = await fs.stat(folder).catch(() => undefined);
  if (!stat?.isDirectory()) throw new HistoryScanError(`${folder} is not a folder.`);
  const out = await git.text(['rev-parse', '--show-toplevel'], folder, { allowFailure: true, quietFailure: true });
  const top = out.trim();
  if (!top) throw new HistoryScanError(`${folder} is not a git repository (or git cannot read it): there is no history to scan.`);
  const [realTop, realFolder] = await Promise.all([fs.realpath(top), fs.realpath(folder)]);
  if (path.resolve(realTop) !== path.resolve(realFolder)) {
    throw new HistoryScanError(`${folder} is inside the repository ${top}, not its root: scan ${top} instead.`);
  }
  return folder;
}

async function snapshotRefs(git: GitProcesses, repo: string): Promise<RefTip[]> {
  const [refs, stashes] = await Promise.all([
    git.text(['for-each-ref', '--format=%(objectname) %(*objectname) %(refname)'], repo),
    // Older stash entries live only in refs/stash's reflog, which `--all` does not walk.
    git.text(['stash', 'list', '--format=%H'], repo, { allowFailure: true, quietFailure: true }),
  ]);
  const stash = stashRefs(stashes).filter((entry) => entry.name !== 'refs/stash');
  return [...parseRefs(refs), ...stash];
}

interface BlobToRead {
  sha: string;
  size: number;
}

// rev-list names every reachable object once; batch-check says which are blobs and how big.
async function listBlobs(git: GitProcesses, repo: string, starts: readonly string[], maxBytes: number, result: HistoryScanResult): Promise<BlobToRead[]> {
  const revList = git.spawn(['rev-list', '--objects', '--no-object-names', '--stdin'], repo);
  const check = git.spawn(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], repo);
  revList.stdout!.pipe(check.stdin!);
  check.stdin!.on('error', () => undefined);
  revList.stdin!.on('error', () => undefined);
  revList.stdin!.end(starts.join('\n') + '\n');
  const blobs: BlobToRead[] = [];
  const lines = readLines(check.stdout!, (line) => {
    const [sha, type, size] = line.split(' ');
    if (type === 'missing') result.skipped.missing++;
    else if (type === 'blob') {
      const bytes = Number(size);
      if (bytes > maxBytes) result.skipped.tooLarge++;
      else blobs.push({ sha, size: bytes });
    }
  });
  await settleAll([git.finished(check, 'read object sizes'), git.finished(revList, 'list the objects of the history'), lines]);
  // cat-file reports an object it cannot unpack as "missing" and explains on stderr.
  const complaint = git.stderrOf(check);
  if (result.skipped.missing > 0 && CORRUPT.test(complaint)) result.corruptDetail = complaint.split('\n')[0];
  return blobs;
}

// Streams blob contents through `cat-file --batch` and the editor's detector; keeps only blobs with keys.
async function readBlobs(git: GitProcesses, repo: string, blobs: readonly BlobToRead[], options: HistoryScanOptions, result: HistoryScanResult): Promise<Map<string, BlobKey[]>> {
  const found = new Map<string, BlobKey[]>();
  if (blobs.length === 0) return found;
  const batch = git.spawn(['cat-file', '--batch'], repo);
  batch.stdin!.on('error', () => undefined);
  const feeding = writeLines(batch.stdin!, blobs.map((blob) => blob.sha));
  let lastReport = 0;
  const parsing = parseBatch(batch.stdout!, (sha, contents) => {
    if (contents === undefined) {
      result.skipped.missing++;
      return;
    }
    const scanned = findKeysInBuffer(contents, options.allow);
    if (scanned.status === 'binary') result.skipped.binary++;
    else result.blobsScanned++;
    if (scanned.findings.length > 0) {
      const keys = new Map<string, BlobKey>();
      for (const finding of scanned.findings) if (!keys.has(finding.key)) keys.set(finding.key, { key: finding.key, mode: finding.mode, line: finding.line + 1 });
      found.set(sha, [...keys.values()]);
    }
    const done = result.blobsScanned + result.skipped.binary;
    if (done - lastReport >= 500) {
      lastReport = done;
      options.onProgress?.({ phase: 'reading', blobsScanned: result.blobsScanned, blobsTotal: blobs.length });
    }
  });
  await settleAll([git.finished(batch, 'read blob contents'), feeding, parsing]);
  const read = result.blobsScanned + result.skipped.binary + result.skipped.missing;
  if (read < blobs.length) throw new HistoryScanError(`git stopped after ${read} of ${blobs.length} blobs: the repository may be corrupt. Run \`git fsck\`.`);
  return found;
}

// `log --raw -c` lists, per commit, the paths it changed and their new blobs (for a merge, only
// paths that differ from every parent: content taken from one side was introduced on that side).
async function mapIntroductions(
  git: GitProcesses,
  repo: string,
  starts: readonly string[],
  blobKeys: ReadonlyMap<string, unknown>,
  graph: CommitGraph,
  introductions: Map<string, BlobIntroduction[]>,
  submodules: Set<string>,
): Promise<void> {
  const log = git.spawn(
    ['log', '--stdin', '--raw', '-z', '--no-abbrev', '-c', '--root', '--no-renames', '--no-color', '--no-ext-diff', '--no-textconv', '--format=%x01%H %ct %P'],
    repo,
  );
  log.stdin!.on('error', () => undefined);
  log.stdin!.end(starts.join('\n') + '\n');
  let current = '';
  const parser = new RawLogParser({
    commit(sha, time, parents) {
      current = sha;
      graph.add(sha, time, parents);
    },
    entry(blob, mode, file) {
      if (mode === '160000') submodules.add(file);
      else if (blobKeys.has(blob)) {
        const list = introductions.get(blob) ?? [];
        list.push({ commit: current, path: file });
        introductions.set(blob, list);
      }
    },
  });
  log.stdout!.setEncoding('utf8');
  log.stdout!.on('data', (chunk: string) => parser.push(chunk));
  await git.finished(log, 'walk the commits');
  parser.end();
}

// HEAD as it was when the scan started (a commit meanwhile must not mix two states).
async function headKeyBlobs(git: GitProcesses, repo: string, head: string, blobKeys: ReadonlyMap<string, unknown>, submodules: Set<string>): Promise<Set<string>> {
  const out = await git.text(['ls-tree', '-r', '-z', '--full-tree', head], repo);
  const blobs = new Set<string>();
  for (const entry of out.split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!match) continue;
    if (match[2] === 'commit') submodules.add(match[4]);
    else if (blobKeys.has(match[3])) blobs.add(match[3]);
  }
  return blobs;
}

/** Waits for every promise, then throws the first rejection in the order given (the most telling one first). */
async function settleAll(promises: ReadonlyArray<Promise<unknown>>): Promise<void> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

// ---- streaming helpers ----------------------------------------------------------------------

function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const text = pending + chunk;
      const lines = text.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) onLine(line);
    });
    stream.on('end', () => {
      if (pending) onLine(pending);
      resolve();
    });
    stream.on('error', reject);
  });
}

async function writeLines(stream: NodeJS.WritableStream, lines: readonly string[]): Promise<void> {
  const CHUNK = 256;
  for (let i = 0; i < lines.length; i += CHUNK) {
    const ok = stream.write(lines.slice(i, i + CHUNK).join('\n') + '\n');
    if (!ok) {
      const closed = await new Promise<boolean>((resolve) => {
        const onDrain = () => done(false);
        const onClose = () => done(true);
        const done = (value: boolean) => {
          stream.removeListener('drain', onDrain);
          stream.removeListener('close', onClose);
          stream.removeListener('error', onClose);
          resolve(value);
        };
        stream.once('drain', onDrain);
        stream.once('close', onClose);
        stream.once('error', onClose);
      });
      if (closed) return;
    }
  }
  stream.end();
}

/**
 * Parses `cat-file --batch` output: `<sha> blob <size>\n<contents>\n`, or `<sha> missing\n`.
 * Each blob is handed over whole (it is under the size cap), then dropped.
 */
function parseBatch(stream: NodeJS.ReadableStream, onBlob: (sha: string, contents: Buffer | undefined) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let header = Buffer.alloc(0);
    let body: Buffer | undefined;
    let sha = '';
    let filled = 0;
    // +1 for the newline git writes after the contents.
    let needed = 0;
    stream.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        if (body === undefined) {
          const newline = chunk.indexOf(0x0a, at);
          if (newline === -1) {
            header = Buffer.concat([header, chunk.subarray(at)]);
            return;
          }
          const line = Buffer.concat([header, chunk.subarray(at, newline)]).toString('latin1');
          header = Buffer.alloc(0);
          at = newline + 1;
          const [id, type, size] = line.split(' ');
          if (type === 'missing' || type === undefined) {
            onBlob(id, undefined);
            continue;
          }
          sha = id;
          needed = Number(size) + 1;
          filled = 0;
          if (needed <= chunk.length - at) {
            // The whole blob is in this chunk: hand over a view, no copy.
            onBlob(sha, chunk.subarray(at, at + needed - 1));
            at += needed;
            continue;
          }
          body = Buffer.allocUnsafe(needed);
        }
        const take = Math.min(needed - filled, chunk.length - at);
        chunk.copy(body, filled, at, at + take);
        filled += take;
        at += take;
        if (filled === needed) {
          onBlob(sha, body.subarray(0, needed - 1));
          body = undefined;
        }
      }
    });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
}

// ---- running git ------------------------------------------------------------------------------

// Repository config must not run programs (no fsmonitor hook, no pager, no gpg). Memory stays bounded on
// big repositories: git's defaults let cat-file keep 96 MiB of delta bases and map whole packs,
// which made a 5,000-commit scan peak at 143 MiB; these limits keep each git process under ~50 MiB
// at a small cost in speed.
const GIT_OPTIONS = [
  // log.showSignature would run gpg for every commit (and `stash list` is a log).
  '-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '-c', 'log.showSignature=false',
  '-c', 'core.deltaBaseCacheLimit=16m', '-c', 'core.packedGitWindowSize=8m', '-c', 'core.packedGitLimit=32m',
  '--no-pager',
];

// The repository is named by cwd alone: variables a parent git process may have set must not redirect it.
function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE']) delete env[name];
  return env;
}

class GitProcesses {
  private readonly children = new Set<ChildProcess>();
  private readonly stderr = new WeakMap<ChildProcess, string>();
  private cancelled = false;
  private readonly onAbort = () => {
    this.cancelled = true;
    this.killAll();
  };

  constructor(private readonly options: HistoryScanOptions) {
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  spawn(args: readonly string[], cwd: string): ChildProcess {
    if (this.cancelled || this.options.signal?.aborted) throw new HistoryScanCancelled();
    const child = spawn(this.options.gitPath ?? 'git', [...GIT_OPTIONS, ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: gitEnvironment(),
      windowsHide: true,
    });
    this.children.add(child);
    this.stderr.set(child, '');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      const sofar = this.stderr.get(child) ?? '';
      if (sofar.length < MAX_STDERR) this.stderr.set(child, sofar + text);
    });
    child.once('close', () => this.children.delete(child));
    return child;
  }

  /** Resolves when the child exits with 0; rejects with a readable error otherwise. */
  finished(child: ChildProcess, what: string, opts: { allowFailure?: boolean; quietFailure?: boolean } = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'ENOENT' ? new HistoryScanError('git was not found: install git (https://git-scm.com) and make sure it is on PATH.') : new HistoryScanError(`Could not run git: ${redactKeys(error.message)}`));
      });
      child.once('close', (code, signal) => {
        if (this.cancelled || this.options.signal?.aborted) { reject(new HistoryScanCancelled()); return; }
        if (code === 0 || opts.allowFailure) { resolve(code ?? -1); return; }
        const stderr = redactKeys((this.stderr.get(child) ?? '').trim()).split('\n').slice(-3).join(' ');
        const corrupt = CORRUPT.test(stderr);
        const hint = corrupt ? ' The repository looks damaged: run `git fsck` to see what is broken.' : '';
        reject(new HistoryScanError(`git could not ${what}${signal ? ` (${signal})` : ` (exit code ${code})`}: ${stderr || 'no message'}.${hint}`));
      });
    });
  }

  async text(args: readonly string[], cwd: string, opts: { allowFailure?: boolean; quietFailure?: boolean } = {}): Promise<string> {
    const child = this.spawn(args, cwd);
    child.stdin!.on('error', () => undefined);
    child.stdin!.end();
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
    const code = await this.finished(child, `run git ${args[0]}`, opts);
    return code === 0 ? Buffer.concat(chunks).toString('utf8') : '';
  }

  /** What the child wrote to stderr so far (capped), with key-shaped text masked. */
  stderrOf(child: ChildProcess): string {
    return redactKeys((this.stderr.get(child) ?? '').trim());
  }

  killAll(): void {
    for (const child of this.children) child.kill();
    this.children.clear();
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** The top level of the repository holding `dir`, or undefined when there is none (or git is missing). */
export async function findRepositoryRoot(dir: string, gitPath?: string): Promise<string | undefined> {
  const git = new GitProcesses({ repo: dir, maxBlobBytes: 0, gitPath });
  try {
    const top = (await git.text(['rev-parse', '--show-toplevel'], dir, { allowFailure: true })).trim();
    return top || undefined;
  } catch {
    return undefined;
  } finally {
    git.killAll();
  }
}

/** Whether the commit's first parent has the file (a file the commit added is shown alone, not as a diff). */
export async function existsInParent(repo: string, commit: string, file: string, gitPath?: string): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) return false;
  const git = new GitProcesses({ repo, maxBlobBytes: 0, gitPath });
  try {
    const child = git.spawn(['cat-file', '-e', `${commit}^1:${file}`], repo);
    child.stdin!.end();
    return (await git.finished(child, 'look up the file', { allowFailure: true })) === 0;
  } finally {
    git.killAll();
  }
}
