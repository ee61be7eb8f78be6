import { KEY_PREFIX_LENGTH, KeyMode, MIN_KEY_BODY_LENGTH, keyPrefix } from './keyTypes';
import { createSuppressionChecker } from './suppressions';

/** A hard-coded key found in a text; `start`/`end` (exclusive) cover exactly the key, prefix included. */
export interface KeyFinding {
  start: number;
  end: number;
  key: string;
  mode: KeyMode;
}

export interface DetectOptions {
  /** Keys to leave alone (`infinipost.diagnostics.allow`): each entry is a whole key or just its body, compared exactly. */
  allow?: readonly string[];
  /** Stop after this many findings and set `truncated` (default: unlimited). */
  maxFindings?: number;
  /** Report keys even when a suppression comment covers them. */
  ignoreSuppressions?: boolean;
}

export interface DetectResult {
  findings: KeyFinding[];
  /** True when more keys were present than `maxFindings` allowed. */
  truncated: boolean;
  /** Keys skipped because of a suppression comment (counted up to where scanning stopped). */
  suppressed: number;
  /** Key-shaped strings skipped as placeholders or redacted copies (counted up to where scanning stopped). */
  placeholders: number;
}

// The minimum body length (MIN_KEY_BODY_LENGTH) is the key format's; there is deliberately no
// maximum: gitleaks' 99-character cap lets a longer real key through unreported.

// Runs of identical characters (`xxxxxx`) or consecutive ones (`abcdef`, `654321`) this long
// are typed by people; a random body holds one with probability ~2e-9 per character.
const MAX_RUN = 6;
// Interleaved sequences (`A1b2C3d4…`) are compared ignoring case, which makes chance runs far
// more likely (~7e-8 per character for six), so they need a longer run.
const MAX_INTERLEAVED_RUN = 8;
// Bodies below this fraction of the best possible Shannon entropy for their length are
// hand-typed. Measured on a million random bodies per length: the lowest seen was
// 0.69 (16 chars), 0.72 (24), 0.75 (32), 0.78 (64) of the maximum.
const ENTROPY_FLOOR = 0.6;

// Searching for `k_` rather than `sk_` is several times faster: V8 scans for the first
// character with memchr, and `s` is one of the most frequent letters in code and prose.
const NEEDLE = 'k_';
// What follows the needle's `k_` in each prefix (`live_`, `test_`).
const LIVE = keyPrefix('live').slice(3);
const TEST = keyPrefix('test').slice(3);

const CHAR_S = 0x73;
const CHAR_UNDERSCORE = 0x5f;
const CHAR_BACKSLASH = 0x5c;
const CHAR_PERCENT = 0x25;
const ESCAPE_LETTER_CODES: readonly number[] = Array.from('ntrbfv0', (letter) => letter.charCodeAt(0));
// What copies shortened for docs and logs put right after the visible part: one of these, or three
// `.` or `*` in a row.
const REDACTION_MARKS = '\u2026\u2022\u25cf'; // … • ●
const REPEATED_REDACTION_MARKS = '.*';

// Filler words are tuned so that random bodies almost never contain one: measured on a
// million random bodies each of 16 to 64 characters, at most about five in a million are
// taken for placeholders.
// Words of six or more letters match anywhere in any casing (a given one turns up in a
// random body with probability ~3e-8).
const LONG_FILLER_WORDS = new RegExp(
  ['example', 'sample', 'placeholder', 'redacted', 'replace', 'changeme', 'secret', 'test1234', 'insert',
    'apikey', 'invalid', 'notreal', 'qwerty'].join('|'),
  'i',
);
// Shorter words would hit ~1e-6 (five letters) to ~3e-5 (four letters) of random bodies in any
// casing, so they must be spelled the way people type them (lower, Title or UPPER case), and
// four-letter ones must open or close the body (`YourSecretKey…`, `…FakeKey`).
const SHORT_FILLER_WORDS = new RegExp(naturalCasings(['dummy', 'lorem']).join('|'));
const EDGE_FILLER_WORDS = anchoredAtEitherEnd(naturalCasings(['your', 'fake', 'demo', 'mock', 'test', 'here']));
// `xxxx` typed over part of a key, case kept consistent as a person would.
const MASKED_END = anchoredAtEitherEnd(['xxxx', 'XXXX']);

// Scratch buffers reused across calls: detection runs synchronously, and allocating per
// candidate dominated the cost of files with thousands of keys.
const SCRATCH_LENGTH = 1024;
const charCounts = new Int32Array(128);
const failureScratch = new Int32Array(SCRATCH_LENGTH);

/** Finds hard-coded `sk_live_`/`sk_test_` keys in a text, skipping placeholders, allowed keys and suppressed lines. */
export function detectKeys(text: string, options: DetectOptions = {}): DetectResult {
  const maxFindings = options.maxFindings ?? Infinity;
  const isAllowed = allowListMatcher(options.allow);
  const isSuppressed = options.ignoreSuppressions ? undefined : createSuppressionChecker(text);
  const result: DetectResult = { findings: [], truncated: false, suppressed: 0, placeholders: 0 };

  let from = 0;
  for (;;) {
    const k = text.indexOf(NEEDLE, from);
    if (k === -1) {
      break;
    }
    from = k + 2;
    const start = k - 1;
    const mode = prefixModeAt(text, k);
    if (mode === undefined || !hasLeftBoundary(text, start)) {
      continue;
    }
    const bodyStart = start + KEY_PREFIX_LENGTH;
    let end = bodyStart;
    while (end < text.length && isAlphanumeric(text.charCodeAt(end))) {
      end++;
    }
    // No key can start inside this body: its first character would lack a left boundary.
    from = end;
    if (end - bodyStart < MIN_KEY_BODY_LENGTH) {
      continue;
    }
    const body = text.slice(bodyStart, end);
    if (isRedactionAt(text, end) || placeholderReason(body) !== undefined) {
      result.placeholders++;
      continue;
    }
    const key = text.slice(start, end);
    if (isAllowed && isAllowed(key)) {
      continue;
    }
    if (isSuppressed?.(start)) {
      result.suppressed++;
      continue;
    }
    if (result.findings.length >= maxFindings) {
      result.truncated = true;
      break;
    }
    result.findings.push({ start, end, key, mode });
  }
  return result;
}

/**
 * Whether a key is on an allow list (`infinipost.diagnostics.allow`): each entry is a whole key or
 * just its body, compared exactly after trimming. The one allow-list rule for the editor, the
 * refactor, the scan and the CLI; undefined when the list is empty.
 */
export function allowListMatcher(entries: readonly string[] | undefined): ((key: string) => boolean) | undefined {
  if (!entries || entries.length === 0) return undefined;
  const allowed = new Set(entries.map((entry) => entry.trim()));
  return (key) => allowed.has(key) || allowed.has(key.slice(KEY_PREFIX_LENGTH));
}

/** A cheap check for whether a text could hold a key at all, e.g. to skip files before a full scan. */
export function containsKeyPrefix(text: string): boolean {
  let from = 0;
  for (;;) {
    const k = text.indexOf(NEEDLE, from);
    if (k === -1) {
      return false;
    }
    if (prefixModeAt(text, k) !== undefined) {
      return true;
    }
    from = k + 2;
  }
}

/** Says why a key body looks like a placeholder rather than a real key, or returns undefined for a real-looking body. */
export function placeholderReason(body: string): string | undefined {
  const filler = LONG_FILLER_WORDS.exec(body) ?? SHORT_FILLER_WORDS.exec(body) ?? EDGE_FILLER_WORDS.exec(body);
  if (filler) {
    return `filler word "${filler[0].toLowerCase()}"`;
  }
  if (MASKED_END.test(body)) {
    return 'masked with x';
  }
  if (longestRun(body) >= MAX_RUN) {
    return 'repeated character';
  }
  if (body.length >= 2 && smallestPeriod(body) <= body.length / 2) {
    return 'repeated pattern';
  }
  if (longestSequence(body, 1, false) >= MAX_RUN || longestSequence(body, 2, true) >= MAX_INTERLEAVED_RUN) {
    return 'character sequence';
  }
  if (body.length >= 2 && shannonEntropy(body) < ENTROPY_FLOOR * Math.log2(Math.min(body.length, 62))) {
    return 'low entropy';
  }
  return undefined;
}

/** Offsets at which each line starts; line breaks are `\n`, `\r\n` and `\r`, as in VS Code. */
export function lineStarts(text: string): number[] {
  // indexOf runs at memchr speed; a charCodeAt loop over 10 MB is several times slower.
  const starts = [0];
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf !== -1 || cr !== -1) {
    if (cr === -1 || (lf !== -1 && lf < cr)) {
      starts.push(lf + 1);
      lf = text.indexOf('\n', lf + 1);
    } else {
      const next = cr + 1 === lf ? lf + 1 : cr + 1;
      starts.push(next);
      if (next !== cr + 1) {
        lf = text.indexOf('\n', next);
      }
      cr = text.indexOf('\r', next);
    }
  }
  return starts;
}

/** Converts an offset into a zero-based line and character, given the text's `lineStarts`. */
export function positionAt(starts: readonly number[], offset: number): { line: number; character: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (starts[mid] <= offset) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return { line: low, character: offset - starts[low] };
}

function naturalCasings(words: readonly string[]): string[] {
  return words.flatMap((word) => [word, word[0].toUpperCase() + word.slice(1), word.toUpperCase()]);
}

function anchoredAtEitherEnd(words: readonly string[]): RegExp {
  const alternatives = words.join('|');
  return new RegExp(`^(?:${alternatives})|(?:${alternatives})$`);
}

function prefixModeAt(text: string, k: number): KeyMode | undefined {
  if (k === 0 || text.charCodeAt(k - 1) !== CHAR_S) {
    return undefined;
  }
  if (text.startsWith(LIVE, k + 2)) {
    return 'live';
  }
  if (text.startsWith(TEST, k + 2)) {
    return 'test';
  }
  return undefined;
}

function isAlphanumeric(c: number): boolean {
  const lower = c | 0x20;
  return (c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
}

// Letters, digits and `_` before `sk_` make it part of another word (`task_test_…`,
// `my_sk_live_…`). `$` and `-` are boundaries on purpose: `--key=sk_…`, `KEY=$…` and
// kebab-case neighbours are where keys get pasted, and gitleaks' `\b` treats them the same way.
function hasLeftBoundary(text: string, start: number): boolean {
  return hasLeftBoundaryAt((i) => text.charCodeAt(i), start);
}

/**
 * hasLeftBoundary over character codes read by `codeAt` (a string's UTF-16 units, or a buffer's
 * bytes: every boundary rule is about ASCII, and a byte of a multi-byte UTF-8 character is a
 * boundary exactly as the decoded character is). Lets a scanner reject `task_test_…` in raw
 * file contents before decoding anything.
 */
export function hasLeftBoundaryAt(codeAt: (index: number) => number, start: number): boolean {
  if (start === 0) {
    return true;
  }
  const c = codeAt(start - 1);
  if (c !== CHAR_UNDERSCORE && !isAlphanumeric(c)) {
    return true;
  }
  // Escapes end in a letter or digit yet separate words: `"a\nsk_…"` in a string literal,
  // `key%3Dsk_…` in a URL, `\u003csk_…` / `\x3csk_…` as JSON encoders and C-like languages write them.
  return (
    (start >= 2 && codeAt(start - 2) === CHAR_BACKSLASH && ESCAPE_LETTER_CODES.includes(c)) ||
    (start >= 3 && codeAt(start - 3) === CHAR_PERCENT && isHexDigit(codeAt(start - 2)) && isHexDigit(c)) ||
    hexEscapeEndsAt(codeAt, start, 0x78 /* x */, 2) ||
    hexEscapeEndsAt(codeAt, start, 0x75 /* u */, 4)
  );
}

// True when `\<letter>` and `digits` hex digits end right before `start`.
function hexEscapeEndsAt(codeAt: (index: number) => number, start: number, letter: number, digits: number): boolean {
  const backslash = start - digits - 2;
  if (backslash < 0 || codeAt(backslash) !== CHAR_BACKSLASH || codeAt(backslash + 1) !== letter) return false;
  for (let i = backslash + 2; i < start; i++) if (!isHexDigit(codeAt(i))) return false;
  return true;
}

function isHexDigit(c: number): boolean {
  const lower = c | 0x20;
  return (c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x66);
}

// Copies shortened for docs and logs: `…`, `...`, `***` or masking bullets right after the visible part.
function isRedactionAt(text: string, i: number): boolean {
  if (i >= text.length) {
    return false;
  }
  const c = text[i];
  if (REDACTION_MARKS.includes(c)) {
    return true;
  }
  // A single `*` or `.` is markdown emphasis or the end of a sentence, not a redaction.
  return REPEATED_REDACTION_MARKS.includes(c) && text[i + 1] === c && text[i + 2] === c;
}

function longestRun(body: string): number {
  let longest = 1;
  let run = 1;
  for (let i = 1; i < body.length; i++) {
    run = body.charCodeAt(i) === body.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > longest) {
      longest = run;
    }
  }
  return longest;
}

// Longest run of characters, `stride` apart, that each step by +1 or by -1 (`abcdef`,
// `987654`, `a1b2c3d4e5f6` at stride 2).
function longestSequence(body: string, stride: number, ignoreCase: boolean): number {
  // `| 0x20` lower-cases ASCII letters and leaves digits as they are.
  const fold = ignoreCase ? 0x20 : 0;
  let longest = 1;
  for (let offset = 0; offset < stride; offset++) {
    let run = 1;
    let step = 0;
    for (let i = offset + stride; i < body.length; i += stride) {
      const diff = (body.charCodeAt(i) | fold) - (body.charCodeAt(i - stride) | fold);
      if ((diff === 1 || diff === -1) && diff === step) {
        run++;
      } else {
        run = diff === 1 || diff === -1 ? 2 : 1;
        step = diff;
      }
      if (run > longest) {
        longest = run;
      }
    }
  }
  return longest;
}

// Knuth–Morris–Pratt failure function: linear even for very long bodies.
function smallestPeriod(body: string): number {
  // Only ordinary lengths share the scratch buffer, so one huge body does not pin its memory.
  const failure = body.length <= SCRATCH_LENGTH ? failureScratch : new Int32Array(body.length);
  failure[0] = 0;
  let matched = 0;
  for (let i = 1; i < body.length; i++) {
    const c = body.charCodeAt(i);
    while (matched > 0 && c !== body.charCodeAt(matched)) {
      matched = failure[matched - 1];
    }
    if (c === body.charCodeAt(matched)) {
      matched++;
    }
    failure[i] = matched;
  }
  return body.length - failure[body.length - 1];
}

// Bodies are ASCII; other characters share counters, which only lowers their entropy.
function shannonEntropy(body: string): number {
  for (let i = 0; i < body.length; i++) {
    charCounts[body.charCodeAt(i) & 0x7f]++;
  }
  let entropy = 0;
  // Each distinct character is summed once, then its count is reset for the next call.
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i) & 0x7f;
    const count = charCounts[c];
    if (count > 0) {
      const p = count / body.length;
      entropy -= p * Math.log2(p);
      charCounts[c] = 0;
    }
  }
  return entropy;
}
