// The scan engine the benchmark times (kept next to it: the extension and the CLI do not use it):
// lists a folder with ripgrep when one is available, prefiltered to files holding a key prefix, and
// otherwise walks it in Node; then reads and checks the listed files with the extension's file scanner.
import { promises as fs } from 'fs';
import * as path from 'path';
import { ExcludeMatcher, ExcludeSetting } from '../src/core/excludeMatcher';
import { BlockingFileScan, ScanFilesOptions, ScanFilesSummary, scanFiles } from '../src/node/fileScanner';
import { ripgrepArgs } from '../src/core/ripgrepArgs';
import { RipgrepListing, runRipgrepList } from '../src/node/ripgrep';

export interface ScanDirectoryOptions extends Omit<ScanFilesOptions, 'signal'> {
  /** ripgrep to list with; undefined walks the folder in Node. */
  ripgrepPath?: string;
  /** `files.exclude`-style globs. */
  excludes?: readonly ExcludeSetting[];
  /** .gitignore / .ignore files (ripgrep route only; the Node walk reads none). */
  useIgnoreFiles?: boolean;
  signal?: AbortSignal;
}

export interface ScanDirectorySummary extends ScanFilesSummary {
  route: 'ripgrep' | 'node';
  /** Files listed before the prefilter (ripgrep: files it searched). */
  filesListed?: number;
}

/** Scans a folder for hard-coded keys; links are not followed and only regular files are read. */
export async function scanDirectory(root: string, options: ScanDirectoryOptions): Promise<ScanDirectorySummary> {
  const excludes = options.excludes ?? [];
  if (options.ripgrepPath) {
    const args = ripgrepArgs({
      excludes,
      useIgnoreFiles: options.useIgnoreFiles ?? true,
      useParentIgnoreFiles: false,
      useGlobalIgnoreFiles: false,
      followSymlinks: false,
      maxFileBytes: options.maxFileBytes,
    });
    // Blocking: each file rg names is read and checked at once, while rg searches the rest.
    let summary: ScanFilesSummary;
    let listing: RipgrepListing;
    if (options.blocking) {
      const scan = new BlockingFileScan(options);
      listing = await runRipgrepList(options.ripgrepPath, root, args, { signal: options.signal, allow: options.allow, onFile: (file) => scan.add(file) });
      summary = scan.summary();
    } else {
      listing = await runRipgrepList(options.ripgrepPath, root, args, { signal: options.signal, allow: options.allow });
      summary = await scanFiles(listing.files, options);
    }
    // Files rg read and found no prefix in were checked too: count them as scanned.
    const filesScanned = listing.searched === undefined ? summary.filesScanned : Math.max(summary.filesScanned, listing.searched - summary.skipped.binary - summary.skipped.unreadable);
    return { ...summary, filesScanned, route: 'ripgrep', filesListed: listing.searched };
  }
  const files = await walk(root, new ExcludeMatcher(excludes), options.signal);
  return { ...(await scanFiles(files, options)), route: 'node', filesListed: files.length };
}

// Regular files under root, breadth-first; `.git` folders, excluded paths and links are left out.
async function walk(root: string, matcher: ExcludeMatcher, signal?: AbortSignal): Promise<string[]> {
  const files: string[] = [];
  const pending = [''];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const rel = pending.shift()!;
    const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.name === '.git' || matcher.excludes(child)) continue;
      if (entry.isDirectory()) pending.push(child);
      else if (entry.isFile()) files.push(path.join(root, child));
    }
  }
  return files;
}
