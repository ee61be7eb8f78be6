// The workspace scan's file-reading loop, in plain Node so the benchmark can run it outside VS Code.
import { keyPrefix } from '../core/keyTypes';
import { close, closeSync, constants as fsConstants, fstat, fstatSync, open, openSync, read, readSync, stat, Stats, statSync } from 'fs';
import { detectKeys, hasLeftBoundaryAt, KeyFinding, lineStarts, positionAt } from '../core/keyDetector';

/** A key found in a file; `line` and `character` are zero-based, in UTF-16 code units like VS Code's positions. */
export interface FileKeyFinding extends KeyFinding {
  line: number;
  character: number;
}

/** `unreadable` also covers anything that is not a regular file (a named pipe, a socket, a device, a folder). */
export type FileScanStatus = 'scanned' | 'binary' | 'tooLarge' | 'unreadable';

/** Keys kept per file: the Problems panel lists 200 per file, and 20 files full of keys must not cost gigabytes. */
export const MAX_FINDINGS_PER_FILE = 200;
/** Keys kept for a whole scan; files past it are still read, their keys counted as `truncated`. */
export const MAX_FINDINGS_TOTAL = 10_000;

/** What happened to one file. */
export interface FileScanResult {
  path: string;
  status: FileScanStatus;
  /** Empty unless `status` is `scanned`; at most the per-file cap. */
  findings: FileKeyFinding[];
  /** True when the file holds more keys than `findings` lists (per-file or total cap). */
  truncated?: boolean;
}

export interface ScanFilesOptions {
  /** Files larger than this are skipped (counted as `tooLarge`). */
  maxFileBytes: number;
  /** Passed to detectKeys: keys (or key bodies) to leave alone. */
  allow?: readonly string[];
  /** Files read at the same time (default 8). */
  concurrency?: number;
  /** Aborting rejects the scan with the signal's reason; files already reported stay reported. */
  signal?: AbortSignal;
  /** Called once per file as soon as it is done, in completion order. */
  onFile?: (result: FileScanResult, done: number, total: number) => void;
  /** Keys kept per file (default MAX_FINDINGS_PER_FILE). */
  maxFindingsPerFile?: number;
  /** Keys kept for the whole scan (default MAX_FINDINGS_TOTAL). */
  maxFindingsTotal?: number;
  /**
   * Read one file at a time with blocking calls, for a process with nothing else to do (the CLI): a
   * page-cached small file then costs four system calls instead of four thread-pool round trips.
   */
  blocking?: boolean;
}

export interface ScanFilesSummary {
  /** Files read and checked for keys (skipped files are not counted). */
  filesScanned: number;
  skipped: { binary: number; tooLarge: number; unreadable: number };
  /** Only the files that hold at least one key, in the order of `paths`. */
  results: Array<{ path: string; findings: FileKeyFinding[]; truncated?: boolean }>;
  /** Set when the total cap was reached: some files' keys are not listed. */
  limitReached?: boolean;
}

// Like git and ripgrep: a NUL byte near the start means binary.
const BINARY_SNIFF_BYTES = 8192;
// The key prefixes as bytes: keys are ASCII, so a buffer without either cannot hold one in UTF-8 or Latin-1.
const LIVE_PREFIX_BYTES = Buffer.from(keyPrefix('live'), 'latin1');
const TEST_PREFIX_BYTES = Buffer.from(keyPrefix('test'), 'latin1');
const UTF8_BOM = 0xfeff;

/** Reads files with limited concurrency and finds hard-coded keys in them; unreadable files are counted, never thrown. */
export async function scanFiles(paths: readonly string[], options: ScanFilesOptions): Promise<ScanFilesSummary> {
  const { signal, onFile } = options;
  const concurrency = options.blocking ? 1 : Math.max(1, Math.floor(options.concurrency ?? 8));
  const tally = new ScanTally(paths.length, options.maxFindingsTotal);
  let next = 0;
  let done = 0;

  const worker = async (): Promise<void> => {
    // One read buffer per worker, grown as needed: files are checked before the next read reuses it.
    const scratch: Scratch = { buffer: Buffer.allocUnsafe(0) };
    while (next < paths.length) {
      signal?.throwIfAborted();
      const index = next++;
      const result = options.blocking ? scanFileBlocking(paths[index], options, scratch, false) : await scanFileWith(paths[index], options, scratch);
      signal?.throwIfAborted();
      tally.record(index, result);
      done++;
      onFile?.(result, done, paths.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  signal?.throwIfAborted();
  return tally.summary();
}

/**
 * Files scanned one at a time with blocking reads, as their names arrive (e.g. from ripgrep's
 * output while it still runs), for a process with nothing else to do: the CLI and the benchmark's
 * engine. The same per-file and total caps as scanFiles; results in the order files were added.
 */
export class BlockingFileScan {
  private readonly scratch: Scratch = { buffer: Buffer.allocUnsafe(0) };
  private readonly tally: ScanTally;
  private added = 0;

  constructor(private readonly options: Pick<ScanFilesOptions, 'maxFileBytes' | 'allow' | 'maxFindingsPerFile' | 'maxFindingsTotal'>) {
    this.tally = new ScanTally(0, options.maxFindingsTotal);
  }

  /** `keyLine`: a line of the file is already known to yield a key (ripgrep's output showed it). */
  add(path: string, keyLine = false): FileScanResult {
    const result = scanFileBlocking(path, this.options, this.scratch, keyLine);
    this.tally.record(this.added++, result);
    return result;
  }

  summary(): ScanFilesSummary {
    return this.tally.summary();
  }
}

// Outcomes by position, the total cap applied in the order files finish, and the summary.
class ScanTally {
  private readonly outcomes: Array<FileScanResult | undefined>;
  private room: number;
  private limitReached = false;

  constructor(expected: number, maxFindingsTotal = MAX_FINDINGS_TOTAL) {
    this.outcomes = new Array<FileScanResult | undefined>(expected);
    this.room = maxFindingsTotal;
  }

  record(index: number, result: FileScanResult): void {
    if (result.findings.length > this.room) {
      result.findings = result.findings.slice(0, this.room);
      result.truncated = true;
      this.limitReached = true;
    }
    this.room -= result.findings.length;
    this.outcomes[index] = result;
  }

  summary(): ScanFilesSummary {
    const summary: ScanFilesSummary = { filesScanned: 0, skipped: { binary: 0, tooLarge: 0, unreadable: 0 }, results: [] };
    if (this.limitReached) summary.limitReached = true;
    for (const outcome of this.outcomes) {
      if (!outcome) continue;
      if (outcome.status === 'scanned') {
        summary.filesScanned++;
        if (outcome.truncated) summary.results.push({ path: outcome.path, findings: outcome.findings, truncated: true });
        else if (outcome.findings.length > 0) summary.results.push({ path: outcome.path, findings: outcome.findings });
      } else {
        summary.skipped[outcome.status]++;
      }
    }
    return summary;
  }
}

interface Scratch {
  buffer: Buffer;
}

// Reads one file and finds the keys in it; never throws for I/O problems.
async function scanFileWith(path: string, options: Pick<ScanFilesOptions, 'maxFileBytes' | 'allow' | 'maxFindingsPerFile'>, scratch: Scratch): Promise<FileScanResult> {
  let buffer: Buffer | undefined;
  try {
    buffer = await readLimited(path, options.maxFileBytes, scratch);
  } catch {
    // Deleted, renamed, a directory, a named pipe, no permission: nothing to report for it.
    return { path, status: 'unreadable', findings: [] };
  }
  if (!buffer) return { path, status: 'tooLarge', findings: [] };
  return { path, ...findKeysInBuffer(buffer, options.allow, options.maxFindingsPerFile) };
}

function scanFileBlocking(path: string, options: Pick<ScanFilesOptions, 'maxFileBytes' | 'allow' | 'maxFindingsPerFile'>, scratch: Scratch, keyLine: boolean): FileScanResult {
  let buffer: Buffer | undefined;
  try {
    buffer = readLimitedBlocking(path, options.maxFileBytes, scratch);
  } catch {
    return { path, status: 'unreadable', findings: [] };
  }
  if (!buffer) return { path, status: 'tooLarge', findings: [] };
  return { path, ...findKeysInBuffer(buffer, options.allow, options.maxFindingsPerFile, keyLine) };
}

/**
 * Finds keys in file contents; at most `maxFindings` keys are kept. Binary contents (a NUL byte in
 * the first 8 KiB) are never reported: such a file counts as `binary` (skipped) when it holds a
 * line a key could be reported from, and as scanned and clean otherwise — as when ripgrep has
 * searched it for the key shape and named nothing, so both scan routes count the same files.
 * `keyLine` (ripgrep's output already showed a line yielding a key) skips the line check where the
 * whole-text pass gives the same answer: on text, which that pass reads anyway.
 */
export function findKeysInBuffer(
  buffer: Buffer,
  allow?: readonly string[],
  maxFindings = MAX_FINDINGS_PER_FILE,
  keyLine = false,
): { status: 'scanned' | 'binary'; findings: FileKeyFinding[]; truncated?: boolean } {
  // Decoding is the expensive part, and snake_case code is full of `task_`, `risk_`, `mask_`: only
  // the two full prefixes justify it (a byte search for each is far cheaper than one decode).
  const firstLive = buffer.indexOf(LIVE_PREFIX_BYTES);
  const firstTest = buffer.indexOf(TEST_PREFIX_BYTES);
  if (firstLive === -1 && firstTest === -1) return { status: 'scanned', findings: [] };
  const binary = buffer.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
  // Most files with a prefix hold only placeholders: checking just the lines with a prefix (and the
  // line above each, for next-line markers) settles them without decoding the whole file.
  if ((binary || !keyLine) && !linesMayHoldKey(buffer, allow, firstLive, firstTest)) return { status: 'scanned', findings: [] };
  if (binary) return { status: 'binary', findings: [] };
  let text = buffer.toString('utf8');
  // VS Code drops a UTF-8 byte order mark from the document, so offsets must not count it.
  if (text.charCodeAt(0) === UTF8_BOM) text = text.slice(1);
  const { findings, truncated } = detectKeys(text, { allow, maxFindings });
  if (findings.length === 0) return truncated ? { status: 'scanned', findings: [], truncated } : { status: 'scanned', findings: [] };
  const starts = lineStarts(text);
  const positioned = findings.map((finding) => ({ ...finding, ...positionAt(starts, finding.start) }));
  return truncated ? { status: 'scanned', findings: positioned, truncated } : { status: 'scanned', findings: positioned };
}

const MAX_SCRATCH_BYTES = 256 * 1024;
const LF = 0x0a;
const CR = 0x0d;

// True when a line holding a key prefix yields a finding (detected with the line above as context,
// exactly as the whole text would be: keys never span lines). Findings on the context line only
// make the answer true, which sends the file to the whole-text pass: never a key missed.
// `live` and `test` are the first offsets of each prefix (-1: none), already searched for by the caller.
function linesMayHoldKey(buffer: Buffer, allow: readonly string[] | undefined, live: number, test: number): boolean {
  let checkedUpTo = 0;
  const byteAt = (index: number) => buffer[index];
  while (live !== -1 || test !== -1) {
    const at = test === -1 || (live !== -1 && live < test) ? live : test;
    // A prefix glued to a word (`task_test_…`, `desk_live_…`) is never a key: rejected on the raw
    // bytes, by the detector's own rule, without decoding its line.
    if (at >= checkedUpTo && hasLeftBoundaryAt(byteAt, at)) {
      const start = lineStart(buffer, at);
      const end = lineEnd(buffer, at);
      let from = start;
      if (start > 0) from = lineStart(buffer, start >= 2 && buffer[start - 1] === LF && buffer[start - 2] === CR ? start - 2 : start - 1);
      if (detectKeys(buffer.toString('utf8', from, end), { allow, maxFindings: 1 }).findings.length > 0) return true;
      checkedUpTo = end;
    }
    if (at === live) live = buffer.indexOf(LIVE_PREFIX_BYTES, Math.max(at + 1, checkedUpTo));
    else test = buffer.indexOf(TEST_PREFIX_BYTES, Math.max(at + 1, checkedUpTo));
  }
  return false;
}

function lineStart(buffer: Buffer, offset: number): number {
  let i = offset;
  while (i > 0 && buffer[i - 1] !== LF && buffer[i - 1] !== CR) i--;
  return i;
}

function lineEnd(buffer: Buffer, offset: number): number {
  let i = offset;
  while (i < buffer.length && buffer[i] !== LF && buffer[i] !== CR) i++;
  return i;
}

// O_NONBLOCK: opening a named pipe for reading otherwise waits for a writer, holding one of the
// four libuv threads every fs call of the process shares. Regular files ignore the flag.
const OPEN_FLAGS = fsConstants.O_NONBLOCK === undefined ? 'r' : fsConstants.O_RDONLY | fsConstants.O_NONBLOCK;

// The whole file, or undefined when it is larger than `maxBytes`. Reads through one descriptor so a
// file replaced between the size check and the read cannot slip past the limit. Node's callback
// API: FileHandle promises cost more per call than the read itself for small files.
async function readLimited(path: string, maxBytes: number, scratch: Scratch): Promise<Buffer | undefined> {
  if (OPEN_FLAGS === 'r' && !(await call<Stats>((done) => stat(path, done))).isFile()) throw new Error('not a regular file');
  const fd = await call<number>((done) => open(path, OPEN_FLAGS, done));
  try {
    const info = await call<Stats>((done) => fstat(fd, done));
    if (!info.isFile()) throw new Error('not a regular file');
    const { size } = info;
    if (size > maxBytes) return undefined;
    const buffer = bufferFor(size, scratch);
    let filled = 0;
    while (filled < size) {
      const bytesRead = await call<number>((done) => read(fd, buffer, filled, size - filled, filled, done));
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await call<undefined>((done) => close(fd, (error) => done(error, undefined)));
  }
}

// readLimited with blocking calls (same descriptor discipline, same scratch buffer rule).
function readLimitedBlocking(path: string, maxBytes: number, scratch: Scratch): Buffer | undefined {
  if (OPEN_FLAGS === 'r' && !statSync(path).isFile()) throw new Error('not a regular file');
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > maxBytes) return undefined;
    const buffer = bufferFor(info.size, scratch, maxBytes);
    let filled = 0;
    while (filled < info.size) {
      const bytesRead = readSync(fd, buffer, filled, info.size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

// Large files get a buffer of their own, so eight workers never pin eight large buffers; the one
// blocking reader keeps a single buffer up to the size limit instead (no garbage per large file).
function bufferFor(size: number, scratch: Scratch, limit = MAX_SCRATCH_BYTES): Buffer {
  if (scratch.buffer.length < size && size <= limit) scratch.buffer = Buffer.allocUnsafe(Math.min(limit, Math.max(size, scratch.buffer.length * 2, 16 * 1024)));
  return size <= scratch.buffer.length ? scratch.buffer : Buffer.allocUnsafe(size);
}

function call<T>(start: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}
