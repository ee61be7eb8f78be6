// The ripgrep command line for the workspace scan's listing and prefilter (plain code, no I/O).
// Every workspace-controlled string goes in as `--glob=!/…` (never its own argument, so never an
// option such as `--pre` or `--ignore-file`), and `--` ends the options before any path.
import { ExcludeSetting, ripgrepExcludeArgs } from './excludeMatcher';
import { containsKeyPrefix, detectKeys, hasLeftBoundaryAt } from './keyDetector';
import { MIN_KEY_BODY_LENGTH, keyPrefix } from './keyTypes';

/**
 * What every reportable key contains: a prefix and at least MIN_KEY_BODY_LENGTH letters or digits.
 * No left boundary here (escapes such as `\nsk_…` count as one), so it is a superset of what the
 * detector reports; files without it cannot hold a finding, and most placeholders fall away.
 */
export const RIPGREP_KEY_PATTERN = `(?:${keyPrefix('live')}|${keyPrefix('test')})[A-Za-z0-9]{${MIN_KEY_BODY_LENGTH}}`;

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
  /** `.ignore` and `.rgignore` files, which VS Code's search honours along with .gitignore (default true). */
  useDotIgnoreFiles?: boolean;
  /** `search.followSymlinks`. */
  followSymlinks: boolean;
  /** Files larger than this are left out (the scan's size limit). */
  maxFileBytes: number;
  /** Let rg say on stderr which files it left out (see parseRipgrepSkip), instead of nothing. */
  reportSkips?: boolean;
}

/** What rg said it left out (see parseRipgrepSkip). */
export interface RipgrepSkip {
  /** A file over the size limit, one it could not read, or the `.git` of a repository inside the folder searched. */
  status: 'tooLarge' | 'unreadable' | 'repository';
  /** As rg printed it; for `repository`, the folder holding that `.git`. */
  path: string;
}

/**
 * What one line of rg's stderr (run with `reportSkips`) says was left out: a file over the size
 * limit (the ignore crate's debug line `ignoring <path>: <n> bytes`, unchanged since ripgrep 0.x),
 * one rg could not read (`<path>: <error> (os error <n>)`, `rg: ` first in some releases), or the
 * `.git` of a nested repository or submodule, which the selection's glob passes over (`ignoring
 * <folder>/.git: Ignore(…)`; the searched folder's own `.git` is not one); the path as rg printed it.
 */
export function parseRipgrepSkip(line: string): RipgrepSkip | undefined {
  const large = /ignoring (.+): \d+ bytes$/.exec(line);
  if (large && line.slice(0, large.index).includes('DEBUG')) return { status: 'tooLarge', path: large[1] };
  const repository = /ignoring (.+)[\\/]\.git: Ignore\(/.exec(line);
  if (repository && line.slice(0, repository.index).includes('DEBUG')) return repository[1] === '.' ? undefined : { status: 'repository', path: repository[1] };
  const unreadable = /^(?:rg: )?(.+?): [^:]*\(os error \d+\)$/.exec(line);
  if (unreadable) return { status: 'unreadable', path: unreadable[1] };
  return undefined;
}

/**
 * Arguments for `rg` run in the folder: every line holding a key-shaped string, each as
 * `path NUL number : text`, then statistics. No context lines: a next-line suppression marker
 * above a key can only take a finding away, so without it a file is listed when in doubt (and
 * read and judged whole); printing the line above every match would double rg's output.
 */
export function ripgrepArgs(options: RipgrepListOptions): string[] {
  return [
    '--no-config',
    '--line-number',
    '--no-heading',
    '--no-column',
    '--color=never',
    '--null',
    // The counts after the list: how many files rg read, for the scan's summary.
    '--stats',
    // reportSkips: rg names the files it cannot open, and (at debug level) those over --max-filesize.
    options.reportSkips ? '--debug' : '--no-messages',
    // Binary and encoding decisions stay with the scanner, so both routes agree: rg only prefilters.
    '--text',
    `--max-filesize=${Math.max(0, Math.floor(options.maxFileBytes))}`,
    ...selectionArgs(options),
    `--regexp=${RIPGREP_KEY_PATTERN}`,
    '--',
    '.',
  ];
}

/**
 * Arguments for `rg` listing, NUL-separated, the files the same options search under `paths`
 * (relative to the folder it runs in): a count that rg's statistics give only for the whole folder.
 */
export function ripgrepFilesArgs(options: RipgrepListOptions, paths: readonly string[]): string[] {
  return ['--no-config', '--null', '--no-messages', `--max-filesize=${Math.max(0, Math.floor(options.maxFileBytes))}`, ...selectionArgs(options), '--files', '--', ...paths];
}

// Which files rg visits: hidden ones too, never inside .git, then the ignore and link settings and the excludes.
function selectionArgs(options: RipgrepListOptions): string[] {
  const args = ['--hidden', '--glob=!**/.git'];
  if (!options.useIgnoreFiles) args.push('--no-ignore');
  else {
    if (!options.useParentIgnoreFiles) args.push('--no-ignore-parent');
    // .ignore and .rgignore: ripgrep's own files, which git knows nothing of.
    if (options.useDotIgnoreFiles === false) args.push('--no-ignore-dot');
  }
  if (!options.useGlobalIgnoreFiles) args.push('--no-ignore-global');
  args.push(options.followSymlinks ? '--follow' : '--no-follow');
  args.push(...ripgrepExcludeArgs(options.excludes));
  return args;
}

/**
 * Reads ripgrep's output (see ripgrepArgs) line by line as it arrives (lines split at `\n`, without
 * it), so the whole output is never held. The result: the folder-relative paths (with `/`) of the
 * files where a matched line, detected with the line above it when rg printed that line too,
 * yields a key; only those need reading in full. Keys never span lines and their report depends
 * only on their line and the one above, which can only suppress it, so a file left out here cannot
 * hold a finding. Also how many files rg searched.
 */
export class RipgrepListParser {
  private readonly files: string[] = [];
  private currentPath: string | undefined;
  private currentPathBytes: Uint8Array | undefined;
  // The last record's text, or where its bytes are (decoded only if the next line needs it as context).
  private previous: { number: number; text?: string; bytes?: Uint8Array; start?: number; end?: number } | undefined;
  private decided = false;
  private inStats = false;
  private malformed = false;
  private searched: number | undefined;
  // block(): the last line of the previous block when it was passed over, and whether the next line must be fed.
  private unfedLine: Uint8Array | undefined;
  private feedNextLine = false;

  /** `onDecided` hears each listed path as soon as it is decided, while rg still runs. */
  constructor(
    private readonly allow?: readonly string[],
    private readonly onDecided?: (path: string) => void,
  ) {}

  line(line: string): void {
    if (this.inStats) {
      this.statsLine(line);
      return;
    }
    const nul = line.indexOf('\0');
    if (nul === -1) {
      // `--` between groups, a blank line before the statistics, the statistics; anything else is
      // part of a path holding a line break, which makes the rest of the output ambiguous.
      if (STATS_LINE.test(line)) {
        this.inStats = true;
        this.statsLine(line);
      } else if (line !== '--' && line !== '') {
        this.malformed = true;
      }
      this.previous = undefined;
      return;
    }
    const path = line.slice(0, nul);
    const record = /^(\d+)([:-])/.exec(line.slice(nul + 1));
    if (!record) {
      this.malformed = true;
      return;
    }
    this.enter(path);
    const number = Number(record[1]);
    const text = line.slice(nul + 1 + record[0].length);
    if (!this.decided && record[2] === ':') this.decide(path, number, text);
    this.previous = { number, text };
  }

  /**
   * line() for the bytes [start, end) of `bytes` (one line without its `\n`), with the same result,
   * decoding only what a decision needs: most matched lines hold only prefixes glued to a word
   * (`task_test_…`), which the detector's boundary rule rejects on the bytes; context lines are
   * decoded only when the line below them is checked.
   */
  lineBytes(bytes: Uint8Array, start: number, end: number): void {
    const nul = this.inStats ? -1 : bytes.indexOf(0, start);
    let at = nul + 1;
    let number = 0;
    while (nul !== -1 && at < end && bytes[at] >= DIGIT_0 && bytes[at] <= DIGIT_9) number = number * 10 + bytes[at++] - DIGIT_0;
    if (nul === -1 || nul >= end || at === nul + 1 || at >= end || (bytes[at] !== COLON && bytes[at] !== DASH) || !Number.isSafeInteger(number)) {
      this.line(decode(bytes, start, end));
      return;
    }
    const textStart = at + 1;
    // Most lines belong to the file of the line before: compared as bytes, decoded only when new.
    if (this.currentPathBytes && equalBytes(this.currentPathBytes, bytes, start, nul)) {
      if (this.decided) return;
    } else {
      this.enter(decode(bytes, start, nul));
      this.currentPathBytes = bytes.slice(start, nul);
    }
    const path = this.currentPath!;
    if (!this.decided && bytes[at] === COLON && (prefixWithBoundary(bytes, textStart, end) || this.previousMayHoldKey(number))) {
      const text = decode(bytes, textStart, end);
      this.decide(path, number, text);
      this.previous = { number, text };
      return;
    }
    this.previous = { number, bytes, start: textStart, end };
  }

  /**
   * lineBytes() for every line of [start, end) (whole lines, each ending in `\n`), with the same
   * result at a fraction of the cost. Most records hold only prefixes glued to a word
   * (`task_test_…`), so `search` (a native byte search, such as Node's Buffer#indexOf) finds the
   * prefixes in the whole block, and only a line holding one with a left boundary, the record
   * before it (the context a decision reads) and the record after it (whose decision reads it) go
   * through lineBytes(). Every other line costs one search for its NUL: a line without one (the
   * statistics, or a piece of a file name holding a line break) always goes through lineBytes().
   */
  block(bytes: Uint8Array, start: number, end: number, search: ByteSearch): void {
    const prefixes = PREFIX_ARRAYS.map((prefix) => ({ prefix, next: search(prefix, start) }));
    let previous = this.unfedLine;
    let previousStart = 0;
    let previousEnd = previous?.length ?? 0;
    for (let at = start; at < end; ) {
      const newline = bytes.indexOf(LINE_FEED, at);
      const lineEnd = newline === -1 || newline >= end ? end : newline;
      const nul = this.inStats ? -1 : bytes.indexOf(0, at);
      const record = nul !== -1 && nul < lineEnd;
      let boundary = false;
      for (const candidates of prefixes) {
        if (candidates.next !== -1 && candidates.next < at) candidates.next = search(candidates.prefix, at);
        // A prefix in the text with a left boundary, judged from the byte after the NUL: the number
        // and `:` before the text are never part of an escape, and `:` is itself a boundary.
        for (let candidate = candidates.next; record && !boundary && candidate !== -1 && candidate < lineEnd; candidate = search(candidates.prefix, candidate + 1)) {
          boundary = candidate > nul && hasLeftBoundaryAt((i) => bytes[nul + 1 + i], candidate - nul - 1);
        }
      }
      if (!record || boundary || this.feedNextLine) {
        if (previous) this.lineBytes(previous, previousStart, previousEnd);
        this.lineBytes(bytes, at, lineEnd);
        previous = undefined;
      } else {
        previous = bytes;
        previousStart = at;
        previousEnd = lineEnd;
      }
      // lineBytes() checks the record after a prefix with a boundary against it (previousMayHoldKey).
      this.feedNextLine = boundary;
      at = lineEnd + 1;
    }
    // The last line, if passed over, may be the context of the next block's first.
    this.unfedLine = previous?.slice(previousStart, previousEnd);
  }

  result(): { files: string[]; searched?: number } {
    return this.searched === undefined ? { files: this.files } : { files: this.files, searched: this.searched };
  }

  /**
   * Whether the output could not be read line by line: a file name holding a line break (rg prints
   * names as they are) splits one record into pieces. The list is then not to be trusted: a piece
   * of a name (or worse, one shaped like the statistics) must not hide the files after it.
   */
  get unreadable(): boolean {
    return this.malformed;
  }

  private enter(path: string): void {
    if (path === this.currentPath) return;
    this.currentPath = path;
    this.currentPathBytes = undefined;
    this.decided = false;
    this.previous = undefined;
  }

  // A context line never matches rg's pattern; checked all the same, so both entries always agree.
  private previousMayHoldKey(number: number): boolean {
    const previous = this.previous;
    if (!previous || previous.number !== number - 1) return false;
    return previous.text !== undefined ? containsKeyPrefix(previous.text) : prefixWithBoundary(previous.bytes!, previous.start!, previous.end!);
  }

  private decide(path: string, number: number, text: string): void {
    const previous = this.previous && this.previous.number === number - 1 ? this.previous : undefined;
    const context = previous ? `${previous.text ?? decode(previous.bytes!, previous.start!, previous.end!)}\n` : '';
    if (detectKeys(context + text, { allow: this.allow, maxFindings: 1 }).findings.length > 0) {
      const listed = path.replace(/\\/g, '/').replace(/^\.\//, '');
      this.files.push(listed);
      this.decided = true;
      this.onDecided?.(listed);
    }
  }

  private statsLine(line: string): void {
    if (line !== '' && (line.includes('\0') || !STATS_LINE.test(line))) this.malformed = true;
    if (this.searched !== undefined) return;
    const searched = /^(\d+) files searched$/m.exec(line);
    if (searched) this.searched = Number(searched[1]);
  }
}

// What `--stats` prints after the last record (rg 13 and 14): a number, then what it counts.
const STATS_LINE = /^\d+(?:\.\d+)? (?:matches|matched lines|files contained matches|files searched|bytes printed|bytes searched|seconds spent searching|seconds)$/;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const COLON = 0x3a;
const DASH = 0x2d;
const UTF8 = new TextDecoder('utf-8');
// Both prefixes as bytes (keys are ASCII).
const PREFIX_BYTES = [keyPrefix('live'), keyPrefix('test')].map((prefix) => Array.from(prefix, (c) => c.charCodeAt(0)));

const LINE_FEED = 0x0a;
const PREFIX_ARRAYS = PREFIX_BYTES.map((prefix) => Uint8Array.from(prefix));

/** The first offset at or after `from` where `needle` occurs in the bytes being parsed, or -1. */
export type ByteSearch = (needle: Uint8Array, from: number) => number;

function decode(bytes: Uint8Array, start: number, end: number): string {
  return UTF8.decode(bytes.subarray(start, end));
}

// Whether [start, end) holds a key prefix with a left boundary (judged within the line, as the
// detector judges the line's text: a byte of a multi-byte character is a boundary as the character is).
function prefixWithBoundary(bytes: Uint8Array, start: number, end: number): boolean {
  const [live, test] = PREFIX_BYTES;
  const length = live.length;
  const codeAt = (i: number) => bytes[start + i];
  for (let at = bytes.indexOf(live[0], start); at !== -1 && at + length <= end; at = bytes.indexOf(live[0], at + 1)) {
    if ((startsWith(bytes, at, live) || startsWith(bytes, at, test)) && hasLeftBoundaryAt(codeAt, at - start)) return true;
  }
  return false;
}

function startsWith(bytes: Uint8Array, at: number, prefix: readonly number[]): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

function equalBytes(known: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
}
