// A fix is planned on the text as it was when the person chose it, but applied later: after the
// secret store answered (a keyring prompt can take minutes) or after a dialog. Offsets go stale
// when the text changes meanwhile, so a planned key is remembered by its value and by which of
// that value's occurrences it is, and found again in the current text just before the edit.
import type { KeyFinding } from './keyDetector';

/** A key named by content: its value, which occurrence of the value it is, and how many there were. */
export interface KeyAnchor {
  key: string;
  occurrence: number;
  occurrences: number;
}

/** Anchors for `chosen` (a subset of `all`, the findings of one text). */
export function anchorKeys(all: readonly KeyFinding[], chosen: readonly KeyFinding[]): KeyAnchor[] {
  return chosen.map((finding) => {
    const same = all.filter((f) => f.key === finding.key);
    return { key: finding.key, occurrence: same.findIndex((f) => f.start === finding.start), occurrences: same.length };
  });
}

/**
 * The findings in the current text that the anchors name, in text order; undefined when any of them
 * is gone or can no longer be told apart (the value now occurs a different number of times).
 */
export function relocateKeys(current: readonly KeyFinding[], anchors: readonly KeyAnchor[]): KeyFinding[] | undefined {
  const found: KeyFinding[] = [];
  for (const anchor of anchors) {
    const same = current.filter((f) => f.key === anchor.key);
    if (anchor.occurrence < 0 || same.length !== anchor.occurrences) return undefined;
    found.push(same[anchor.occurrence]);
  }
  return [...new Set(found)].sort((a, b) => a.start - b.start);
}
