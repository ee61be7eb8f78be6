/** The marker our quick fix writes on the line above a key. */
export const IGNORE_NEXT_LINE_MARKER = 'infinipost-ignore-next-line';

// Markers are matched as plain text anywhere on the line, as gitleaks, detect-secrets and
// secretlint do, so any comment syntax works (`//`, `#`, `/* */`, `<!-- -->`, `--`, …).
// `(?![\w-])` keeps `infinipost-ignore` from also matching `infinipost-ignore-next-line`.
const SAME_LINE =
  /infinipost-ignore(?![\w-])|gitleaks:allow|pragma:\s*allowlist[ -]secret|secretlint-disable-line(?![\w-])|trufflehog:ignore/i;
const NEXT_LINE =
  /infinipost-ignore-next-line(?![\w-])|pragma:\s*allowlist[ -]nextline[ -]secret|secretlint-disable-next-line(?![\w-])/i;

/** Whether a suppression comment on the offset's line, or a next-line one on the line above, covers it. */
export function isSuppressed(text: string, offset: number): boolean {
  return createSuppressionChecker(text)(offset);
}

/** A checker for many offsets of one text that looks at each line once, however many keys it holds. */
export function createSuppressionChecker(text: string): (offset: number) => boolean {
  // Remembering the last line keeps a minified line with thousands of keys linear.
  let cachedStart = -1;
  let cachedEnd = -1;
  let cachedResult = false;
  return (offset) => {
    if (offset >= cachedStart && offset < cachedEnd) {
      return cachedResult;
    }
    const start = lineStartBefore(text, offset);
    const end = lineEndAfter(text, offset);
    cachedStart = start;
    cachedEnd = end;
    cachedResult = SAME_LINE.test(text.slice(start, end)) || previousLineHasNextLineMarker(text, start);
    return cachedResult;
  };
}

/** Offset where the line holding `offset` starts (after `\n`, `\r\n` or `\r`). */
export function lineStartBefore(text: string, offset: number): number {
  // A backward scan instead of lastIndexOf: lastIndexOf('\r') in a `\n` file would run to the
  // start of the text for every key.
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 0x0a || c === 0x0d) {
      break;
    }
    i--;
  }
  return i;
}

/** Offset of the line break ending the line holding `offset`, or the text length. */
export function lineEndAfter(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      break;
    }
    i++;
  }
  return i;
}

function previousLineHasNextLineMarker(text: string, lineStart: number): boolean {
  if (lineStart === 0) {
    return false;
  }
  let previousEnd = lineStart - 1;
  if (text.charCodeAt(previousEnd) === 0x0a && previousEnd > 0 && text.charCodeAt(previousEnd - 1) === 0x0d) {
    previousEnd--;
  }
  const previousStart = lineStartBefore(text, previousEnd);
  return NEXT_LINE.test(text.slice(previousStart, previousEnd));
}
