// The ripgrep command line for the workspace scan's listing and prefilter (plain code, no I/O).
// Every workspace-controlled string goes in as `--glob=!/…` (never its own argument, so never an
// option such as `--pre` or `--ignore-file`), and `--` ends the options before any path.
import { ExcludeSetting, ripgrepExcludeArgs } from './excludeMatcher';
import { MIN_BODY_LENGTH } from './keyDetector';
import { keyPrefix } from './keyTypes';

/**
 * What every reportable key contains: a prefix and at least MIN_BODY_LENGTH letters or digits.
 * No left boundary here (escapes such as `\nsk_…` count as one), so it is a superset of what the
 * detector reports; files without it cannot hold a finding, and most placeholders fall away.
 */
export const RIPGREP_KEY_PATTERN = `(?:${keyPrefix('live')}|${keyPrefix('test')})[A-Za-z0-9]{${MIN_BODY_LENGTH}}`;

/** What decides which files the scan reads, as VS Code's own search decides it. */
export interface RipgrepListOptions {
  /** `files.exclude` and `search.exclude` of the folder. */
  excludes: readonly ExcludeSetting[];
  /** `search.useIgnoreFiles`: .gitignore, .ignore, .rgignore. */
  useIgnoreFiles: boolean;
  /** `search.useParentIgnoreFiles`. */
  useParentIgnoreFiles: boolean;
  /** `search.useGlobalIgnoreFiles`: git's core.excludesFile and the like. */
  useGlobalIgnoreFiles: boolean;
  /** `search.followSymlinks`. */
  followSymlinks: boolean;
  /** Files larger than this are left out (the scan's size limit). */
  maxFileBytes: number;
}

/** Arguments for `rg` run in the folder: the files (NUL-separated) that hold a key-shaped string. */
export function ripgrepArgs(options: RipgrepListOptions): string[] {
  const args = [
    '--no-config',
    '--files-with-matches',
    '--null',
    // The counts after the list: how many files rg read, for the scan's summary.
    '--stats',
    '--no-messages',
    '--hidden',
    // Binary and encoding decisions stay with the scanner, so both routes agree: rg only prefilters.
    '--text',
    `--max-filesize=${Math.max(0, Math.floor(options.maxFileBytes))}`,
    '--glob=!**/.git',
  ];
  if (!options.useIgnoreFiles) args.push('--no-ignore');
  else if (!options.useParentIgnoreFiles) args.push('--no-ignore-parent');
  if (!options.useGlobalIgnoreFiles) args.push('--no-ignore-global');
  args.push(options.followSymlinks ? '--follow' : '--no-follow');
  args.push(...ripgrepExcludeArgs(options.excludes));
  args.push(`--regexp=${RIPGREP_KEY_PATTERN}`, '--', '.');
  return args;
}

/** Splits rg's `--null --stats` output into folder-relative paths with `/` and the number of files it searched. */
export function parseRipgrepList(stdout: string): { files: string[]; searched?: number } {
  // Every path ends with NUL, so the statistics are whatever follows the last one.
  const end = stdout.lastIndexOf('\0');
  const files = stdout
    .slice(0, end + 1)
    .split('\0')
    .filter((entry) => entry.length > 0)
    .map((entry) => entry.replace(/\\/g, '/').replace(/^\.\//, ''));
  const searched = /^(\d+) files searched$/m.exec(stdout.slice(end + 1));
  return searched ? { files, searched: Number(searched[1]) } : { files };
}
