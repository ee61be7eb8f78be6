// Incremental re-lint of an open document. A key never spans lines (its body is letters and digits)
// and whether it is reported depends only on its own line and the line above (next-line suppression
// markers), so an edit only needs the lines it touched, plus the line after them, detected again;
// every other finding just moves by the number of lines the edit added or removed. No whole-document
// text is built per keystroke.
import { detectKeys } from './keyDetector';
import { KeyMode } from './keyTypes';

/** A key in a document by line: `start`/`end` are UTF-16 offsets within the line. */
export interface LineKey {
  line: number;
  start: number;
  end: number;
  key: string;
  mode: KeyMode;
}

/** An edit as VS Code reports it: the replaced range's lines (before the edit) and the inserted text. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  text: string;
}

/** Line access to the document after the edits (VS Code: `document.lineAt(i).text`, `document.lineCount`). */
export interface LineSource {
  lineCount: number;
  lineText(line: number): string;
}

/** Beyond this many lines to re-detect, one pass over the whole text is cheaper than line by line. */
export const MAX_INCREMENTAL_LINES = 2000;

/** The keys of one document, kept current from edits. */
export class LineFindings {
  private keys: LineKey[] = [];
  private dirty: Array<[number, number]> = [];
  private whole = true;
  private capped = false;

  constructor(private readonly maxFindings: number) {}

  /** The current keys in text order (call `update` first). */
  get current(): readonly LineKey[] {
    return this.keys;
  }

  /** True when the document holds more keys than are listed. */
  get truncated(): boolean {
    return this.capped;
  }

  /** Whether the next update has to read the whole document. */
  get needsWholePass(): boolean {
    return this.whole;
  }

  /** Forgets what is known: the next update detects the whole document. */
  invalidate(): void {
    this.whole = true;
    this.dirty = [];
  }

  /** Records one edit: drops the keys on the replaced lines and moves those below. Edits are given in the order VS Code lists them. */
  edit(change: LineEdit): void {
    if (this.whole) return;
    const added = countLineBreaks(change.text);
    const delta = added - (change.endLine - change.startLine);
    const kept: LineKey[] = [];
    for (const key of this.keys) {
      if (key.line < change.startLine) kept.push(key);
      else if (key.line > change.endLine) kept.push(delta === 0 ? key : { ...key, line: key.line + delta });
    }
    this.keys = kept;
    // The edited lines, and the one after them (a next-line marker above it may have come or gone).
    let low = change.startLine;
    let high = change.startLine + added + 1;
    const dirty: Array<[number, number]> = [];
    for (const [a, b] of this.dirty) {
      if (b < change.startLine) dirty.push([a, b]);
      else if (a > change.endLine) dirty.push([a + delta, b + delta]);
      else {
        low = Math.min(low, a);
        high = Math.max(high, b + delta);
      }
    }
    dirty.push([low, high]);
    this.dirty = mergeIntervals(dirty);
    if (this.dirty.reduce((sum, [a, b]) => sum + b - a + 1, 0) > MAX_INCREMENTAL_LINES || this.capped) this.invalidate();
  }

  /** Replaces everything with a whole-document detection (for the first lint and for large changes). */
  setWhole(keys: LineKey[], truncated: boolean): void {
    this.keys = keys;
    this.capped = truncated;
    this.whole = false;
    this.dirty = [];
  }

  /** Detects keys again on the lines edits touched; false when nothing changed there. */
  update(source: LineSource): boolean {
    if (this.whole) throw new Error('LineFindings.update needs a whole pass first');
    if (this.dirty.length === 0) return false;
    const last = source.lineCount - 1;
    let changed = false;
    for (const [a, rawB] of this.dirty) {
      if (a > last) continue;
      const b = Math.min(rawB, last);
      const found = detectLines(source, a, b);
      const before = this.keys.filter((key) => key.line >= a && key.line <= b);
      if (!sameKeys(before, found)) changed = true;
      const first = this.keys.findIndex((key) => key.line >= a);
      const at = first === -1 ? this.keys.length : first;
      let end = at;
      while (end < this.keys.length && this.keys[end].line <= b) end++;
      this.keys.splice(at, end - at, ...found);
    }
    // Keys beyond the end of the document (lines removed by edits not reported line by line).
    if (this.keys.length > 0 && this.keys[this.keys.length - 1].line > last) {
      this.keys = this.keys.filter((key) => key.line <= last);
      changed = true;
    }
    this.dirty = [];
    if (this.keys.length > this.maxFindings) {
      this.keys = this.keys.slice(0, this.maxFindings);
      this.capped = true;
    }
    return changed;
  }
}

/** Keys on lines `first`…`last` of a document, detected with the line above as context. */
export function detectLines(source: LineSource, first: number, last: number): LineKey[] {
  const from = Math.max(0, first - 1);
  const lines: string[] = [];
  for (let i = from; i <= last; i++) lines.push(source.lineText(i));
  const text = lines.join('\n');
  const keys: LineKey[] = [];
  let line = from;
  let lineStart = 0;
  for (const finding of detectKeys(text).findings) {
    // Findings come in text order: walk the line starts forward.
    while (line - from + 1 < lines.length && finding.start > lineStart + lines[line - from].length) {
      lineStart += lines[line - from].length + 1;
      line++;
    }
    if (line < first) continue;
    keys.push({ line, start: finding.start - lineStart, end: finding.end - lineStart, key: finding.key, mode: finding.mode });
  }
  return keys;
}

function sameKeys(a: readonly LineKey[], b: readonly LineKey[]): boolean {
  return a.length === b.length && a.every((key, i) => key.line === b[i].line && key.start === b[i].start && key.end === b[i].end && key.key === b[i].key);
}

function mergeIntervals(intervals: Array<[number, number]>): Array<[number, number]> {
  intervals.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of intervals) {
    const top = merged[merged.length - 1];
    if (top && a <= top[1] + 1) top[1] = Math.max(top[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** Line breaks in a text: `\r\n`, `\n` and `\r` each count once, as in VS Code. */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) count++;
    else if (c === 0x0d) {
      count++;
      if (text.charCodeAt(i + 1) === 0x0a) i++;
    }
  }
  return count;
}
