// Which files a path scan reads: inside a git work tree what git would track (`git ls-files
// --cached --others --exclude-standard`, so .gitignore applies); elsewhere a walk of the folder.
// Only regular files are kept: symbolic links are skipped (a link inside the tree is scanned at its
// target, one out of the tree is not ours to read), as are pipes, sockets and devices.
import { promises as fs } from 'fs';
import * as path from 'path';
import { git } from './gitCommand';

export interface ListedFile {
  /** Absolute path. */
  path: string;
  /** Whether git decided which files to list (a .gitignore applied). */
  inRepository: boolean;
}

export interface FileListing {
  files: ListedFile[];
  /** Paths given on the command line that do not exist. */
  missing: string[];
}

// Folders a walk outside git never enters: version control metadata and dependency trees.
const WALK_SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules']);

/** A path named on the command line, as the scan treats it. */
export type ScanTarget =
  | { kind: 'file'; path: string; inRepository: boolean }
  /** inRepository: the folder lies in a git work tree and git does not ignore it, so .gitignore applies. */
  | { kind: 'folder'; path: string; inRepository: boolean };

/** The paths named on the command line, planned: what each one is, and which do not exist. */
export interface TargetPlan {
  targets: ScanTarget[];
  missing: string[];
}

/** What each path names (absolute); a link, pipe, socket or device named on the command line is left out like one found in a folder. */
export async function planTargets(targets: readonly string[], cwd: string): Promise<TargetPlan> {
  const planned: ScanTarget[] = [];
  const missing: string[] = [];
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    const stat = await fs.lstat(absolute).catch(() => undefined);
    if (!stat) missing.push(target);
    else if (stat.isFile()) planned.push({ kind: 'file', path: absolute, inRepository: await trackableByGit(absolute) });
    else if (stat.isDirectory()) planned.push({ kind: 'folder', path: absolute, inRepository: await gitListsFolder(absolute) });
  }
  return { targets: planned, missing };
}

/** Lists the regular files under the planned paths (files or folders), without duplicates. */
export async function listFiles(plan: TargetPlan): Promise<FileListing> {
  const seen = new Set<string>();
  const files: ListedFile[] = [];
  const add = (file: string, inRepository: boolean) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push({ path: file, inRepository });
  };
  for (const target of plan.targets) {
    if (target.kind === 'file') {
      add(target.path, target.inRepository);
      continue;
    }
    const fromGit = target.inRepository ? await gitFiles(target.path) : undefined;
    if (fromGit) for (const file of fromGit) add(file, true);
    else for (const file of await walk(target.path)) add(file, false);
  }
  return { files: await regularFilesOnly(files), missing: plan.missing };
}

/** Folders a walk outside git never enters, as `files.exclude`-style globs (for ripgrep). */
export const WALK_SKIPPED_GLOBS: Record<string, boolean> = Object.fromEntries([...WALK_SKIPPED_DIRS].map((name) => [`**/${name}`, true]));

// Whether git decides what a folder holds: it is in a work tree and not ignored. A folder the
// repository ignores (a build output, a cache) was named on purpose: it is walked.
async function gitListsFolder(dir: string): Promise<boolean> {
  return (await gitIgnoreAnswer(dir, '.')) === 'listed';
}

// One git process for both questions: `check-ignore` exits 1 for a path git would list, 0 for an
// ignored one, and 128 outside a work tree (or when git cannot answer: walked like no repository).
async function gitIgnoreAnswer(cwd: string, target: string): Promise<'listed' | 'ignored' | 'outside'> {
  const result = await git(['check-ignore', '-q', '--', target], cwd).catch(() => undefined);
  return result?.code === 1 ? 'listed' : result?.code === 0 ? 'ignored' : 'outside';
}

/**
 * Which of `files` (under `dir`) `git ls-files` would list there: ripgrep's walk also enters nested
 * repositories and submodules, whose files git lists only as one entry (a folder, a gitlink).
 */
export async function listedByGit(dir: string, files: readonly string[]): Promise<string[]> {
  const listed = new Set<string>();
  for (let start = 0; start < files.length; start += GIT_PATHS_PER_CALL) {
    const chunk = files.slice(start, start + GIT_PATHS_PER_CALL).map((file) => path.relative(dir, file));
    const result = await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...chunk.map((rel) => `:(literal)${rel}`)], dir);
    if (result.code !== 0) throw new Error(`git ls-files failed in ${dir}: ${result.stderr.trim().slice(0, 200)}`);
    for (const rel of result.stdout.toString('utf8').split('\0')) if (rel.length > 0) listed.add(path.join(dir, rel));
  }
  return files.filter((file) => listed.has(file));
}

// Paths per git command line, well below every platform's limit on its length.
const GIT_PATHS_PER_CALL = 200;

/** Files git tracks under `dir` although a .gitignore rule matches them (added before the rule, or with --force). */
export async function trackedIgnoredFiles(dir: string): Promise<string[]> {
  const result = await git(['ls-files', '-z', '--cached', '--ignored', '--exclude-standard', '--', '.'], dir);
  if (result.code !== 0) return [];
  const listed = result.stdout.toString('utf8').split('\0').filter((rel) => rel.length > 0);
  return [...new Set(listed)].map((rel) => path.join(dir, rel));
}

// What git would track under a folder it lists (see gitListsFolder); undefined when git fails.
async function gitFiles(dir: string): Promise<string[] | undefined> {
  const result = await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], dir);
  if (result.code !== 0) return undefined;
  const listed = result.stdout.toString('utf8').split('\0').filter((rel) => rel.length > 0);
  return [...new Set(listed)].map((rel) => path.join(dir, rel));
}

// A file named on the command line counts as in the repository when git would track it (not ignored).
async function trackableByGit(file: string): Promise<boolean> {
  return (await gitIgnoreAnswer(path.dirname(file), file)) === 'listed';
}

async function walk(root: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!WALK_SKIPPED_DIRS.has(entry.name)) pending.push(full);
      } else if (entry.isFile()) {
        found.push(full);
      }
    }
  }
  return found.sort();
}

// git lists links and submodules too (the walk already kept regular files only, from the directory entries).
export async function regularFilesOnly(files: ListedFile[]): Promise<ListedFile[]> {
  const kept: Array<ListedFile | undefined> = await Promise.all(
    files.map(async (file) => {
      if (!file.inRepository) return file;
      const stat = await fs.lstat(file.path).catch(() => undefined);
      return stat?.isFile() ? file : undefined;
    }),
  );
  return kept.filter((file): file is ListedFile => file !== undefined);
}
