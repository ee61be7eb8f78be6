// What git knows about a file, asked through the git command line (plain Node, no vscode): the
// built-in git extension's API can say which files are ignored but not which are tracked or
// what the last commit holds. Git is optional: without it, or in Restricted Mode, every answer
// is `unknown`.
import { promises as fs } from 'fs';
import * as path from 'path';
import { detectKeys } from '../core/keyDetector';
import { keyPrefix } from '../core/keyTypes';
import { findExecutable } from './findExecutable';
import { git } from './gitCommand';

/** Where a file stands with git. `outside`: in no repository; `unknown`: git is missing, disabled or failed. */
export type GitFileState = 'tracked' | 'untracked' | 'ignored' | 'outside' | 'unknown';

export interface GitResult {
  code: number;
  stdout: string;
}

/** Runs git with arguments in a directory; rejects only when git cannot be started. */
export type GitRunner = (args: readonly string[], cwd: string, input?: string) => Promise<GitResult>;

export interface GitStatusOptions {
  /** False in Restricted Mode: a repository's own config (core.fsmonitor, …) could run commands. */
  enabled: () => boolean;
  run?: GitRunner;
  warn?: (message: string) => void;
  /** Folders git is never started from (the workspace folders); the working directory never is either. */
  untrustedDirs?: () => readonly string[];
}

// Cached answers are cheap to lose; keep them bounded so a long session does not grow forever.
const MAX_CACHED_FILES = 5000;
const MAX_PARALLEL_GIT = 3;
// Commits and blobs can be large; the workspace scan caps what it reads the same way.
const MAX_GIT_OUTPUT_BYTES = 256 * 1024 * 1024;

// Paths given to one `git grep` call, in characters.
const GREP_PATH_CHARS = 16 * 1024;

interface BatchQueue<T> {
  /** The paths (repository-relative) for the next git call, and who waits for each answer. */
  next?: Map<string, Array<(answer: T | undefined) => void>>;
  /** Settles when the last git call queued for the repository has answered. */
  tail: Promise<void>;
}

/** Answers "is this file tracked / ignored / committed with this key" with per-repository caches. */
export class GitStatus {
  private readonly run: GitRunner;
  private available = true;
  private readonly gitDirs = new Map<string, Promise<boolean>>();
  private readonly tracked = new Map<string, Promise<Set<string> | undefined>>();
  private readonly ignored = new Map<string, Promise<boolean | undefined>>();
  private readonly headKeys = new Map<string, Promise<Set<string>>>();
  private readonly stamps = new Map<string, string>();
  private readonly ignoreBatches = new Map<string, BatchQueue<boolean>>();
  private readonly headBatches = new Map<string, BatchQueue<Set<string>>>();

  constructor(private readonly options: GitStatusOptions) {
    this.run = options.run ?? limitConcurrency((args, cwd, input) => runGit(args, cwd, input, options.untrustedDirs?.() ?? []), MAX_PARALLEL_GIT);
  }

  /** Whether git may be asked at all right now. */
  get usable(): boolean {
    return this.available && this.options.enabled();
  }

  /** The innermost repository (or submodule) root holding the file, found by looking for `.git`. */
  async repositoryRoot(filePath: string): Promise<string | undefined> {
    let dir = path.dirname(path.resolve(filePath));
    for (;;) {
      if (await this.hasGitDir(dir)) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }

  /** Where the file stands with git. */
  async stateOf(filePath: string): Promise<GitFileState> {
    if (!this.usable) return 'unknown';
    const root = await this.repositoryRoot(filePath);
    if (!root) return 'outside';
    const tracked = await this.trackedFiles(root);
    if (!tracked) return 'unknown';
    const rel = relativePath(root, filePath);
    if (tracked.has(rel)) return 'tracked';
    const ignored = await this.cached(this.ignored, filePath, () => this.checkIgnored(root, rel));
    return ignored === undefined ? 'unknown' : ignored ? 'ignored' : 'untracked';
  }

  /** The keys that the file holds in the repository's last commit (HEAD); empty when it has none. */
  async committedKeys(filePath: string): Promise<Set<string>> {
    if (!this.usable) return new Set();
    const root = await this.repositoryRoot(filePath);
    if (!root) return new Set();
    return this.cached(this.headKeys, filePath, async () => (await this.batch(this.headBatches, root, relativePath(root, filePath), (rels) => this.headKeysOf(root, rels))) ?? new Set<string>());
  }

  /** Splits files under one repository root into the git-ignored ones and the rest; undefined when git cannot tell. */
  async ignoredAmong(root: string, filePaths: readonly string[]): Promise<Set<string> | undefined> {
    if (!this.usable || filePaths.length === 0) return new Set();
    const byRel = new Map(filePaths.map((file) => [relativePath(root, file), file]));
    const result = await this.git(['check-ignore', '--stdin', '-z'], root, [...byRel.keys()].join('\0') + '\0');
    // 0: some ignored, 1: none ignored, anything else: an error (a path beyond a symlink, …).
    if (!result || (result.code !== 0 && result.code !== 1)) return undefined;
    const ignored = new Set<string>();
    for (const rel of result.stdout.split('\0')) {
      const file = byRel.get(rel);
      if (file) ignored.add(file);
    }
    return ignored;
  }

  /** The files git tracks in a repository, relative to its root with `/`; undefined when git cannot tell. */
  trackedFiles(root: string): Promise<Set<string> | undefined> {
    return this.cached(this.tracked, root, async () => {
      // The stamp is read before the list: a change in between then shows as a new stamp at the next
      // refresh. Read together, a stamp newer than the list could hide a `git add` for good.
      const stamp = await this.stamp(root);
      const result = await this.git(['ls-files', '-z'], root);
      if (stamp !== undefined) this.stamps.set(root, stamp);
      if (!result || result.code !== 0) return undefined;
      return new Set(result.stdout.split('\0').filter((rel) => rel.length > 0));
    });
  }

  /**
   * Re-reads each known repository's HEAD commit and index time; forgets what it knew about the
   * repositories that changed, and about those `force` names (all of them when true), and returns
   * the roots it forgot: the files there must be asked about again.
   */
  async refresh(force: boolean | readonly string[] = false): Promise<string[]> {
    const roots = new Set<string>([...this.tracked.keys(), ...this.stamps.keys()]);
    const forced = (root: string) => force === true || (Array.isArray(force) && force.includes(root));
    const changed: string[] = [];
    for (const root of roots) {
      const stamp = await this.stamp(root);
      if (forced(root) || stamp === undefined || stamp !== this.stamps.get(root)) {
        changed.push(root);
        if (stamp === undefined) this.stamps.delete(root);
        else this.stamps.set(root, stamp);
      }
    }
    for (const root of changed) this.forgetRepository(root);
    if (force === true) this.gitDirs.clear();
    return changed;
  }

  /** Forgets which directories hold repositories (a `.git` appeared or went away). */
  forgetRepositoryLocations(): void {
    this.gitDirs.clear();
  }

  /** Forgets whether files are ignored (a .gitignore changed). */
  forgetIgnored(): void {
    this.ignored.clear();
  }

  /** Forgets everything, and gives git another chance if it could not be started before. */
  reset(): void {
    this.available = true;
    this.gitDirs.clear();
    this.tracked.clear();
    this.ignored.clear();
    this.headKeys.clear();
    this.stamps.clear();
  }

  private forgetRepository(root: string): void {
    this.tracked.delete(root);
    const prefix = root.endsWith(path.sep) ? root : root + path.sep;
    for (const cache of [this.ignored, this.headKeys]) {
      for (const file of [...cache.keys()]) {
        if (file.startsWith(prefix)) cache.delete(file);
      }
    }
  }

  private async stamp(root: string): Promise<string | undefined> {
    const result = await this.git(['rev-parse', '--absolute-git-dir', 'HEAD'], root);
    if (!result) return undefined;
    // An unborn branch (no commit yet) fails on HEAD but still prints the git dir first.
    const [gitDir, head = ''] = result.stdout.split('\n');
    // No git dir printed: not (or no longer) a repository.
    if (!gitDir || !path.isAbsolute(gitDir)) return undefined;
    const index = await fs.stat(path.join(gitDir, 'index')).catch(() => undefined);
    return `${head}|${index?.mtimeMs ?? 0}|${index?.size ?? 0}`;
  }

  private checkIgnored(root: string, rel: string): Promise<boolean | undefined> {
    return this.batch(this.ignoreBatches, root, rel, (rels) => this.ignoredOf(root, rels));
  }

  // One `git check-ignore --stdin` for every file asked about in the same moment.
  private async ignoredOf(root: string, rels: readonly string[]): Promise<Map<string, boolean> | undefined> {
    const result = await this.git(['check-ignore', '--stdin', '-z'], root, rels.join('\0') + '\0');
    // 0: some ignored, 1: none ignored, anything else: an error (a path beyond a symlink, …).
    if (!result || (result.code !== 0 && result.code !== 1)) return undefined;
    const ignored = new Set(result.stdout.split('\0'));
    return new Map(rels.map((rel) => [rel, ignored.has(rel)]));
  }

  // The keys each file holds in HEAD, from one `git grep` over HEAD's tree per batch of files: keys
  // never span lines, so the lines holding a key prefix give the same keys as the whole blob (binary
  // files are read as text, as the blob was).
  private async headKeysOf(root: string, rels: readonly string[]): Promise<Map<string, Set<string>>> {
    const keys = new Map(rels.map((rel) => [rel, new Set<string>()]));
    for (let from = 0; from < rels.length; ) {
      // Command lines are bounded (ARG_MAX, Windows' 32 KiB): a few KiB of paths per git call.
      let to = from;
      for (let chars = 0; to < rels.length && (to === from || chars + rels[to].length < GREP_PATH_CHARS); to++) chars += rels[to].length + 12;
      const pathspecs = rels.slice(from, to).map((rel) => `:(literal)${rel}`);
      from = to;
      const result = await this.git(['grep', '-z', '-a', '-F', '--no-color', '--no-line-number', '--no-column', '--no-textconv', '-e', keyPrefix('live'), '-e', keyPrefix('test'), 'HEAD', '--', ...pathspecs], root);
      // 1: no line matched; anything else but 0: no answer, as a missing blob gave none before.
      if (!result || result.code !== 0) continue;
      for (const record of result.stdout.split('\n')) {
        const nul = record.indexOf('\0');
        if (nul === -1 || !record.startsWith('HEAD:')) continue;
        const found = keys.get(record.slice('HEAD:'.length, nul));
        if (!found) continue;
        for (const finding of detectKeys(record.slice(nul + 1), { ignoreSuppressions: true }).findings) found.add(finding.key);
      }
    }
    return keys;
  }

  // Collects the questions about one repository asked while its previous git call runs (or within
  // the same turn of the event loop) and answers them with one git call; undefined: git could not tell.
  private batch<T>(queues: Map<string, BatchQueue<T>>, root: string, rel: string, ask: (rels: readonly string[]) => Promise<Map<string, T> | undefined>): Promise<T | undefined> {
    let queue = queues.get(root);
    if (!queue) {
      queue = { tail: Promise.resolve() };
      queues.set(root, queue);
    }
    let next = queue.next;
    if (!next) {
      const created = new Map<string, Array<(answer: T | undefined) => void>>();
      const owner = queue;
      next = created;
      owner.next = created;
      owner.tail = owner.tail
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(async () => {
          if (owner.next === created) owner.next = undefined;
          const answers = await ask([...created.keys()]).catch(() => undefined);
          created.forEach((resolvers, key) => resolvers.forEach((resolve) => resolve(answers?.get(key))));
        });
    }
    const waiting = next;
    return new Promise((resolve) => {
      const resolvers = waiting.get(rel);
      if (resolvers) resolvers.push(resolve);
      else waiting.set(rel, [resolve]);
    });
  }

  private hasGitDir(dir: string): Promise<boolean> {
    let known = this.gitDirs.get(dir);
    if (!known) {
      known = fs.stat(path.join(dir, '.git')).then(
        () => true,
        () => false,
      );
      this.gitDirs.set(dir, known);
    }
    return known;
  }

  private async git(args: readonly string[], cwd: string, input?: string): Promise<GitResult | undefined> {
    if (!this.usable) return undefined;
    try {
      return await this.run(args, cwd, input);
    } catch (error) {
      // A folder deleted meanwhile is "not a repository" (spawn reports a missing cwd as ENOENT);
      // only a missing git program switches git off, and a passing failure (EAGAIN, EMFILE) is "unknown".
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !(await directoryExists(cwd))) return undefined;
      this.available = false;
      this.options.warn?.(`git is not available, so keys cannot be told apart by git status: ${String(error)}`);
      return undefined;
    }
  }

  // Remembers answers; `undefined` (git could not tell) is not remembered, so the next question tries again.
  private cached<T>(cache: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> {
    let value = cache.get(key);
    if (!value) {
      if (cache.size >= MAX_CACHED_FILES) cache.delete(cache.keys().next().value as string);
      const computed = compute();
      value = computed;
      cache.set(key, computed);
      const forget = () => {
        if (cache.get(key) === computed) cache.delete(key);
      };
      computed.then((result) => result === undefined && forget(), forget);
    }
    return value;
  }
}

/** The file's path relative to a repository root, with `/` as git writes it. */
export function relativePath(root: string, filePath: string): string {
  return path.relative(root, filePath).split(path.sep).join('/');
}

/**
 * Runs the git command line; `core.fsmonitor` is switched off so no repository hook program runs.
 * git is started by its absolute path from PATH, never found in `cwd` or `untrustedDirs` (on
 * Windows a bare name is looked up in the working directory first: a repository's own git.exe).
 */
export async function runGit(args: readonly string[], cwd: string, input?: string, untrustedDirs: readonly string[] = []): Promise<GitResult> {
  const executable = await findExecutable('git', [cwd, ...untrustedDirs]);
  if (!executable) throw Object.assign(new Error('git was not found on PATH (outside the workspace folders)'), { code: 'ENOENT' });
  try {
    const output = await git(args, cwd, { executable, input, maxOutputBytes: MAX_GIT_OUTPUT_BYTES });
    return { code: output.code, stdout: output.stdout.toString('utf8') };
  } catch (error) {
    // Wrapped here so the error's stack names this module, not only Node's internals.
    const { message, code } = error as NodeJS.ErrnoException;
    throw Object.assign(new Error(`git ${args[0] ?? ''} could not start: ${message}`), { code });
  }
}

function limitConcurrency(run: GitRunner, limit: number): GitRunner {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (args, cwd, input) => {
    // A finishing call hands its slot straight to the next waiting one.
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await run(args, cwd, input);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

async function directoryExists(dir: string): Promise<boolean> {
  return fs.stat(dir).then(
    (stat) => stat.isDirectory(),
    () => false,
  );
}
