// The safety check every plan passes: the edited text is lexed again, and every string and comment
// outside the edited ranges must keep its shape. Refusing is always preferred to producing broken code.
import { lexRegions } from './lexer';
import type { LanguageSpec, LexedRegion, Range, TextChange } from './types';

/** Applies sorted, non-overlapping changes (offsets into `text`) and returns the new text. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  const sorted = sortChanges(changes);
  if (sorted === undefined) {
    throw new RangeError('Text changes overlap.');
  }
  let out = '';
  let last = 0;
  for (const change of sorted) {
    if (change.start < last || change.end > text.length || change.start > change.end) {
      throw new RangeError('Text change out of range.');
    }
    out += text.slice(last, change.start) + change.text;
    last = change.end;
  }
  return out + text.slice(last);
}

export function sortChanges(changes: readonly TextChange[]): TextChange[] | undefined {
  const sorted = [...changes].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) {
      return undefined;
    }
  }
  return sorted;
}

/**
 * Lexes the text before and after the change: every string and comment outside the edited ranges
 * must keep its shape (shifted), and whatever the edit created must be closed within the edit.
 */
export function keepsStructure(
  text: string,
  spec: LanguageSpec,
  languageId: string,
  before: readonly LexedRegion[],
  changes: readonly TextChange[],
): boolean {
  const after = applyChanges(text, changes);
  const now = lexRegions(after, spec, languageId);
  if (before.length !== now.length) {
    return false;
  }
  const newRanges: Range[] = [];
  let delta = 0;
  for (const c of changes) {
    newRanges.push({ start: c.start + delta, end: c.start + delta + c.text.length });
    delta += c.text.length - (c.end - c.start);
  }
  // A token's start moves with every change at or before it; its end does not move for an insertion
  // right after it (an import added after `import "C"` stays outside that literal).
  const map = (pos: number, isEnd = false): number => {
    let d = 0;
    for (const c of changes) {
      if (c.end < pos || (c.end === pos && (!isEnd || c.start < c.end))) {
        d += c.text.length - (c.end - c.start);
      }
    }
    return pos + d;
  };
  const touched = (t: Range, ranges: readonly Range[]): Range | undefined =>
    ranges.find((r) => t.start < r.end && r.start < t.end && !(t.start < r.start && r.end <= t.end));
  const oldKept: string[] = [];
  for (const t of before.flatMap((r) => r.tokens)) {
    if (touched(t, changes) === undefined) {
      oldKept.push(`${t.type}:${map(t.start)}:${map(t.end, true)}:${t.terminated}`);
    }
  }
  const newKept: string[] = [];
  for (const t of now.flatMap((r) => r.tokens)) {
    const r = touched(t, newRanges);
    if (r === undefined) {
      newKept.push(`${t.type}:${t.start}:${t.end}:${t.terminated}`);
    } else if (!t.terminated || t.start < r.start || t.end > r.end) {
      return false;
    }
  }
  return oldKept.length === newKept.length && oldKept.every((s, i) => s === newKept[i]);
}
