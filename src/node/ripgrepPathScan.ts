// `infinipost-scan [paths…]` through ripgrep: rg walks each folder as git would list it (or as the
// Node walk does outside git) and searches every file for the key shape; the scanner reads only the
// files whose lines yield a key, while rg still searches the rest. Counts and skip notes match the
// Node route (fileList.ts + scanFiles): rg's own count of files searched, the files it says it left
// out (over the size limit, unreadable), and the scanner's verdict on each file it read. Used by
// pathScan.ts when an rg is available.
import { lstatSync } from 'fs';
import * as path from 'path';
import { RipgrepListOptions, ripgrepArgs, ripgrepFilesArgs } from '../core/ripgrepArgs';
import { BlockingFileScan, FileScanStatus, ScanFilesSummary } from './fileScanner';
import { ScanTarget, WALK_SKIPPED_GLOBS, listedByGit, regularFilesOnly, trackedIgnoredFiles } from './fileList';
import { runRipgrepFiles, runRipgrepList } from './ripgrep';

export interface RipgrepPathScan {
  summary: ScanFilesSummary;
  /** Files left out or skipped, by why (for the CLI's notes). */
  skipped: Map<Exclude<FileScanStatus, 'scanned'>, string[]>;
  /** Files whose target lies outside git (or in a folder git ignores): .env files there are where keys belong. */
  outsideGit: Set<string>;
}

/**
 * Scans the targets with the rg at `rgPath`; undefined when targets overlap (one inside another:
 * the Node route lists each file once). Rejects when rg fails; the caller then scans without it.
 */
export async function scanTargetsWithRipgrep(rgPath: string, targets: readonly ScanTarget[], maxFileBytes: number): Promise<RipgrepPathScan | undefined> {
  if (overlapping(targets)) return undefined;
  const scan = new BlockingFileScan({ maxFileBytes });
  const skipped = new Map<Exclude<FileScanStatus, 'scanned'>, string[]>();
  const skip = (status: Exclude<FileScanStatus, 'scanned'>, file: string) => skipped.set(status, [...(skipped.get(status) ?? []), file]);
  const outsideGit = new Set<string>();
  const read = new Set<string>();
  // keyLine: rg's output showed a line of the file yielding a key.
  const readNow = (file: string, inRepository: boolean, keyLine = false): void => {
    if (read.has(file)) return;
    read.add(file);
    if (!inRepository) outsideGit.add(file);
    const result = scan.add(file, keyLine);
    if (result.status !== 'scanned') skip(result.status, file);
  };
  // Files rg searched and named nothing in: scanned, and clean.
  let searchedClean = 0;
  const explicit: Array<{ path: string; inRepository: boolean }> = [];
  for (const target of targets) {
    if (target.kind === 'file') {
      explicit.push({ path: target.path, inRepository: target.inRepository });
      continue;
    }
    const options = selection(target.inRepository, maxFileBytes);
    // Outside git each named file is read at once; in git only once git confirms it would list it.
    const named: string[] = [];
    const left: Array<[Exclude<FileScanStatus, 'scanned'>, string]> = [];
    const repositories: string[] = [];
    const [listing, trackedIgnored] = await Promise.all([
      runRipgrepList(rgPath, target.path, ripgrepArgs(options), {
        onFile: (file) => {
          named.push(file);
          if (!target.inRepository) readNow(file, false, true);
        },
        onSkip: (skipped) => (skipped.status === 'repository' ? repositories.push(skipped.path) : left.push([skipped.status, skipped.path])),
      }),
      target.inRepository ? trackedIgnoredFiles(target.path) : Promise.resolve([]),
    ]);
    if (listing.searched === undefined) throw new Error('ripgrep printed no statistics');
    searchedClean += listing.searched - named.length;
    // git lists nothing inside a nested repository or submodule (its files are not read below); rg searched them.
    if (target.inRepository && repositories.length > 0) searchedClean -= await searchedCleanInside(rgPath, target.path, options, repositories, named, left);
    if (target.inRepository) for (const file of await listedByGit(target.path, named)) readNow(file, true, true);
    // Files rg left out: over the size limit, or unreadable (not folders it could not enter: the
    // Node walk passes over those in silence). In git, only files git would list.
    const leftFiles = left.filter(([, file]) => lstatSync(file, { throwIfNoEntry: false })?.isFile() === true);
    const kept = target.inRepository ? new Set(await listedByGit(target.path, leftFiles.map(([, file]) => file))) : undefined;
    for (const [status, file] of leftFiles) if (!kept || kept.has(file)) skip(status, file);
    for (const file of trackedIgnored) explicit.push({ path: file, inRepository: true });
  }
  // Named files, and tracked files a .gitignore rule matches: git lists them, rg's walk does not.
  const regular = await regularFilesOnly(explicit.map((file) => ({ path: file.path, inRepository: true })));
  const inRepository = new Map(explicit.map((file) => [file.path, file.inRepository]));
  for (const file of regular) readNow(file.path, inRepository.get(file.path) ?? true);
  const summary = scan.summary();
  return { summary: { ...summary, filesScanned: summary.filesScanned + searchedClean }, skipped, outsideGit };
}

// As the Node route lists: in git, what git would track (.gitignore, .git/info/exclude and the
// global excludes file; not ripgrep's own .ignore files); elsewhere every file but version control
// folders and node_modules. Hidden files count; links are never followed.
function selection(inRepository: boolean, maxFileBytes: number): RipgrepListOptions {
  return inRepository
    ? { excludes: [], useIgnoreFiles: true, useParentIgnoreFiles: true, useDotIgnoreFiles: false, useGlobalIgnoreFiles: true, followSymlinks: false, maxFileBytes, reportSkips: true }
    : { excludes: [WALK_SKIPPED_GLOBS], useIgnoreFiles: false, useParentIgnoreFiles: false, useGlobalIgnoreFiles: false, followSymlinks: false, maxFileBytes, reportSkips: true };
}

// How many of the files rg searched under the repositories nested in `dir` (absolute paths) it named
// nothing in: the files it lists there, less those it named and those it could not read.
async function searchedCleanInside(
  rgPath: string,
  dir: string,
  options: RipgrepListOptions,
  repositories: readonly string[],
  named: readonly string[],
  left: ReadonlyArray<readonly [Exclude<FileScanStatus, 'scanned'>, string]>,
): Promise<number> {
  const roots = [...new Set(repositories)];
  const outermost = roots.filter((root) => !roots.some((other) => other !== root && contains(other, root)));
  const inside = (file: string) => outermost.some((root) => contains(root, file));
  const listed = await runRipgrepFiles(rgPath, dir, ripgrepFilesArgs(options, outermost.map((root) => path.relative(dir, root))));
  const notCounted = new Set([...named, ...left.filter(([status]) => status === 'unreadable').map(([, file]) => file)]);
  return listed.filter((file) => inside(file) && !notCounted.has(file)).length;
}

// Whether `inner` is `outer` or lies under it.
function contains(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function overlapping(targets: readonly ScanTarget[]): boolean {
  return targets.some((a, i) => targets.some((b, j) => i !== j && b.kind === 'folder' && contains(b.path, a.path)));
}
