// Helpers the language specs share: looking around a literal (previous word, enclosing brackets,
// adjacent literals) and building the common rewrites (whole-literal replacement, insertion at
// the key, concatenation).
import { endOfLine, isWordChar } from './lexer';
import { refuse } from './types';
import type { Ctx, Literal, Range, Refusal, TextChange, Token } from './types';

/** `@Name(` at the end of a prefix: an annotation's argument list. */
export const ANNOTATION_OPENER = /@[\w.]+\s*\($/;

export function prevNonSpace(text: string, pos: number): { char: string; index: number } | undefined {
  let j = pos - 1;
  while (j >= 0 && /\s/.test(text[j])) {
    j--;
  }
  return j < 0 ? undefined : { char: text[j], index: j };
}

export function prevWord(text: string, pos: number): string {
  const prev = prevNonSpace(text, pos);
  if (prev === undefined || !isWordChar(prev.char)) {
    return '';
  }
  let k = prev.index;
  while (k >= 0 && isWordChar(text[k])) {
    k--;
  }
  return text.slice(k + 1, prev.index + 1);
}

/** The rest of the line after `pos`, trimmed at the start (empty at a line end). */
export function restOfLine(text: string, pos: number): string {
  return text.slice(pos, endOfLine(text, pos)).replace(/^[ \t]+/, '').replace(/\r$/, '');
}

export function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The tokens ending before `pos` and starting at or after `floor` that are not nested in another one. */
export function topLevelTokens(tokens: readonly Token[], floor: number, pos: number): Token[] {
  const tops: Token[] = [];
  let lastEnd = -1;
  for (const token of tokens) {
    if (token.start >= pos) {
      break;
    }
    if (token.start >= lastEnd) {
      if (token.start >= floor && token.end <= pos) {
        tops.push(token);
      }
      lastEnd = token.end;
    }
  }
  return tops;
}

/** Walks backwards from `pos` over code, jumping over whole tokens; `visit` returns false to stop. */
export function walkBack(ctx: Ctx, pos: number, floor: number, visit: (index: number) => boolean): void {
  const tops = topLevelTokens(ctx.tokens, floor, pos);
  let ti = tops.length - 1;
  for (let j = pos - 1; j >= floor; j--) {
    while (ti >= 0 && tops[ti].start > j) {
      ti--;
    }
    if (ti >= 0 && j < tops[ti].end) {
      j = tops[ti].start;
      ti--;
      continue;
    }
    if (!visit(j)) {
      return;
    }
  }
}

/**
 * The text before the literal on its line, then for each unclosed bracket around it (innermost first)
 * the text of the bracket's line up to and including it. Guards match these against constructs that
 * need a compile-time constant (`const`, annotations, attributes, default parameters).
 */
export function contextPrefixes(ctx: Ctx, literal: Literal): { prefixes: string[]; openers: string[] } {
  const { text, tokens } = ctx;
  const prefixes = [text.slice(lineStart(text, literal.start), literal.start)];
  const openers: string[] = [];
  // The walk stays in the code around the literal: its `<script>` block, or the interpolation hole
  // of another literal it is nested in.
  let floor = Math.max(0, literal.start - 4000);
  for (const region of ctx.regions) {
    if (region.start <= literal.start && literal.start < region.end) {
      floor = Math.max(floor, region.start);
    }
  }
  for (const t of tokens) {
    if (t.start >= literal.start) {
      break;
    }
    if (t.type === 'literal' && literal.end <= t.end) {
      for (const hole of t.holes) {
        if (hole.start < literal.start && literal.end <= hole.end) {
          floor = Math.max(floor, hole.start + 1);
        }
      }
    }
  }
  let depth = 0;
  walkBack(ctx, literal.start, floor, (j) => {
    const c = text[j];
    if (c === ')' || c === ']' || c === '}') {
      depth++;
    } else if (c === '(' || c === '[' || c === '{') {
      if (depth > 0) {
        depth--;
      } else {
        openers.push(c);
        prefixes.push(text.slice(lineStart(text, j), j + 1));
      }
    }
    return openers.length < 12;
  });
  return { prefixes, openers };
}

/** `x = "…"` directly inside `(` (or `[`/`{` of a parameter list): a default parameter value. */
export function isDefaultParameter(ctx: Ctx, literal: Literal, bracketKinds: string): boolean {
  const prev = prevNonSpace(ctx.text, literal.start);
  if (prev === undefined || prev.char !== '=' || /[=!<>+\-*/%&|^?:.]/.test(ctx.text[prev.index - 1] ?? '')) {
    return false;
  }
  const { openers } = contextPrefixes(ctx, literal);
  return openers.length > 0 && bracketKinds.includes(openers[0]);
}

/** Another string literal right before or after (implicit concatenation in Python, Ruby, Dart). */
export function hasAdjacentLiteral(ctx: Ctx, literal: Literal): boolean {
  const { text, tokens } = ctx;
  let before: Token | undefined;
  let after: Token | undefined;
  for (const token of tokens) {
    if (token === literal || token.type !== 'literal' || token.form.kind === 'opaque') {
      continue;
    }
    if (token.end <= literal.start && (before === undefined || token.end > before.end)) {
      before = token;
    }
    if (token.start >= literal.end && (after === undefined || token.start < after.start)) {
      after = token;
    }
  }
  const onlySpace = (from: number, to: number): boolean => /^[\s\\]*$/.test(text.slice(from, to));
  return (before !== undefined && onlySpace(before.end, literal.start)) || (after !== undefined && onlySpace(literal.end, after.start));
}

/**
 * Whether `a + b` can stand where the literal stands without parentheses: only between tokens that
 * bind looser than `+` (or PHP's `.`).
 */
export function concatFitsBare(ctx: Ctx, literal: Literal): boolean {
  const { text } = ctx;
  const php = ctx.spec.name === 'php';
  const prev = prevNonSpace(text, literal.start);
  const word = prevWord(text, literal.start);
  const prevOk =
    prev === undefined ||
    '([{,=:;?+'.includes(prev.char) ||
    (!php && '<>&|'.includes(prev.char)) ||
    (php && prev.char === '.') ||
    ['return', 'echo', 'print', 'puts', 'yield', 'await', 'in', 'and', 'or', 'not'].includes(word);
  const rest = restOfLine(text, literal.end);
  const next = rest[0];
  const commentStart = ctx.spec.lineComment;
  const nextOk =
    next === undefined ||
    ')]},;:+=!<>&|?'.includes(next) ||
    rest.startsWith(commentStart) ||
    (php && next === '.' && rest[1] !== '=');
  return prevOk && nextOk;
}

export function split(text: string, literal: Literal, keys: readonly Range[]): Array<{ text: string } | { key: Range }> {
  const parts: Array<{ text: string } | { key: Range }> = [];
  let pos = literal.contentStart;
  for (const key of keys) {
    parts.push({ text: text.slice(pos, key.start) });
    parts.push({ key });
    pos = key.end;
  }
  parts.push({ text: text.slice(pos, literal.contentEnd) });
  return parts;
}

export function isWhole(literal: Literal, keys: readonly Range[]): boolean {
  return (
    keys.length === 1 &&
    keys[0].start === literal.contentStart &&
    keys[0].end === literal.contentEnd &&
    literal.holes.length === 0
  );
}

export function replaceLiteral(literal: Literal, text: string): TextChange[] {
  return [{ start: literal.start, end: literal.end, text }];
}

export function insertAtKeys(keys: readonly Range[], hole: (key: Range) => string): TextChange[] {
  return keys.map((key) => ({ start: key.start, end: key.end, text: hole(key) }));
}

/** `"Bearer " + expr + "&a=1"`: each text piece keeps the literal's own prefix and quotes. */
export function concatenation(
  ctx: Ctx,
  literal: Literal,
  keys: readonly Range[],
  expr: string,
  operator: string,
  raw: boolean,
): TextChange[] | Refusal {
  const pieces: string[] = [];
  for (const part of split(ctx.text, literal, keys)) {
    if ('key' in part) {
      pieces.push(expr);
    } else if (part.text !== '') {
      if (raw && /\\$/.test(part.text) && ctx.spec.name === 'python') {
        return refuse('a raw Python string cannot end in a backslash');
      }
      pieces.push(literal.prefix + literal.open + part.text + literal.form.close);
    }
  }
  const joined = pieces.join(` ${operator} `);
  return replaceLiteral(literal, concatFitsBare(ctx, literal) ? joined : `(${joined})`);
}
