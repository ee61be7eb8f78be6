// The workspace scan's file-reading loop, in plain Node so the benchmark can run it outside VS Code.
import { keyPrefix } from './keyTypes';
import { constants as fsConstants, promises as fs } from 'fs';
import { detectKeys, KeyFinding, lineStarts, positionAt } from './keyDetector';

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
// `sk_` as bytes: keys are ASCII, so a buffer without these bytes cannot hold one in UTF-8 or Latin-1.
const LIVE_PREFIX_BYTES = Buffer.from(keyPrefix('live'), 'latin1');
const TEST_PREFIX_BYTES = Buffer.from(keyPrefix('test'), 'latin1');
const UTF8_BOM = 0xfeff;

/** Reads files with limited concurrency and finds hard-coded keys in them; unreadable files are counted, never thrown. */
export async function scanFiles(paths: readonly string[], options: ScanFilesOptions): Promise<ScanFilesSummary> {
  const { signal, onFile } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
  const outcomes: Array<FileScanResult | undefined> = new Array(paths.length);
  let next = 0;
  let done = 0;
  let room = options.maxFindingsTotal ?? MAX_FINDINGS_TOTAL;
  let limitReached = false;

  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      signal?.throwIfAborted();
      const index = next++;
      const result = await scanFile(paths[index], options);
      signal?.throwIfAborted();
      if (result.findings.length > room) {
        result.findings = result.findings.slice(0, room);
        result.truncated = true;
        limitReached = true;
      }
      room -= result.findings.length;
      outcomes[index] = result;
      done++;
      onFile?.(result, done, paths.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  signal?.throwIfAborted();

  const summary: ScanFilesSummary = { filesScanned: 0, skipped: { binary: 0, tooLarge: 0, unreadable: 0 }, results: [] };
  if (limitReached) summary.limitReached = true;
  for (const outcome of outcomes) {
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

/** Reads one file and finds the keys in it; never throws for I/O problems. */
export async function scanFile(path: string, options: Pick<ScanFilesOptions, 'maxFileBytes' | 'allow' | 'maxFindingsPerFile'>): Promise<FileScanResult> {
  let buffer: Buffer | undefined;
  try {
    buffer = await readLimited(path, options.maxFileBytes);
  } catch {
    // Deleted, renamed, a directory, a named pipe, no permission: nothing to report for it.
    return { path, status: 'unreadable', findings: [] };
  }
  if (!buffer) return { path, status: 'tooLarge', findings: [] };
  return { path, ...findKeysInBuffer(buffer, options.allow, options.maxFindingsPerFile) };
}

/** Finds keys in file contents: binary contents (a NUL byte in the first 8 KiB) are skipped; at most `maxFindings` keys are kept. */
export function findKeysInBuffer(
  buffer: Buffer,
  allow?: readonly string[],
  maxFindings = MAX_FINDINGS_PER_FILE,
): { status: 'scanned' | 'binary'; findings: FileKeyFinding[]; truncated?: boolean } {
  const sniff = buffer.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.indexOf(0) !== -1) return { status: 'binary', findings: [] };
  // Decoding is the expensive part, and snake_case code is full of `task_`, `risk_`, `mask_`: only
  // the two full prefixes justify it (a byte search for each is far cheaper than one decode).
  if (buffer.indexOf(LIVE_PREFIX_BYTES) === -1 && buffer.indexOf(TEST_PREFIX_BYTES) === -1) return { status: 'scanned', findings: [] };
  let text = buffer.toString('utf8');
  // VS Code drops a UTF-8 byte order mark from the document, so offsets must not count it.
  if (text.charCodeAt(0) === UTF8_BOM) text = text.slice(1);
  const { findings, truncated } = detectKeys(text, { allow, maxFindings });
  if (findings.length === 0) return truncated ? { status: 'scanned', findings: [], truncated } : { status: 'scanned', findings: [] };
  const starts = lineStarts(text);
  const positioned = findings.map((finding) => ({ ...finding, ...positionAt(starts, finding.start) }));
  return truncated ? { status: 'scanned', findings: positioned, truncated } : { status: 'scanned', findings: positioned };
}

// O_NONBLOCK: opening a named pipe for reading otherwise waits for a writer, holding one of the
// four libuv threads every fs call of the process shares. Regular files ignore the flag.
const OPEN_FLAGS = fsConstants.O_NONBLOCK === undefined ? 'r' : fsConstants.O_RDONLY | fsConstants.O_NONBLOCK;

// The whole file, or undefined when it is larger than `maxBytes`. Reads through one handle so a
// file replaced between the size check and the read cannot slip past the limit.
async function readLimited(path: string, maxBytes: number): Promise<Buffer | undefined> {
  if (OPEN_FLAGS === 'r' && !(await fs.stat(path)).isFile()) throw new Error('not a regular file');
  const handle = await fs.open(path, OPEN_FLAGS);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a regular file');
    const { size } = stat;
    if (size > maxBytes) return undefined;
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === size ? buffer : buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
