// Pure text transforms behind "Move key to Infinipost vault and use process.env.INFINIPOST_API_KEY":
// a hard-coded key is replaced by the language's idiomatic read of an environment variable.
//
// The enclosing string literal is found with a small per-language lexer, not a parser: the
// extension bundle must stay small and no single parser covers twenty languages. The shared core
// (this plan, the lexer driver in ./envRead/lexer.ts, the safety check in ./envRead/safety.ts) knows
// no language; each language is one spec in ./envRead/languages, listed in ./envRead/languageTable.ts.
// Every plan is checked by lexing the result again: if anything outside the edited ranges changed
// shape (a quote that now closes a string early, say), the plan is refused and the caller offers the
// `.env` fix instead. Refusing is always preferred to producing broken code.
import { languageSpecFor } from './envRead/languageTable';
import { lexRegions } from './envRead/lexer';
import { keepsStructure, sortChanges } from './envRead/safety';
import { isRefusal, Refusal } from './envRead/types';
import type { Ctx, Literal, Range, TextChange, Token } from './envRead/types';
import { maskKey } from './mask';

export type { TextChange } from './envRead/types';
export { applyChanges } from './envRead/safety';

// Every language below needs the name as a bare identifier (`process.env.X`, `$X`, `$env:X`).
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Keys are letters, digits and underscores; the rewrites rely on that (a key never contains a quote).
const KEY_TEXT = /^[A-Za-z0-9_]+$/;

/** The expression that reads `variable` from the environment in `languageId`, or undefined when unsupported. */
export function envReadFor(languageId: string, variable: string): string | undefined {
  const spec = languageSpecFor(languageId);
  if (spec === undefined || !VARIABLE_NAME.test(variable)) {
    return undefined;
  }
  return (spec.displayRead ?? spec.envExpression)(variable);
}

/** True when keys in `languageId` files can be replaced by an environment read (otherwise offer the `.env` fix). */
export function supportsEnvRead(languageId: string): boolean {
  return languageSpecFor(languageId) !== undefined;
}

/** A key the plan could not rewrite, with the reason the lightbulb and the fix-all report show. */
export interface RefusedKey {
  start: number;
  end: number;
  reason: string;
}

/** The result of planning several keys of one file: the edit for those that can go, and why the others cannot. */
export interface EnvReadFixPlan {
  /** One edit (sorted, non-overlapping, at most one import) for the `fixed` keys. */
  changes: TextChange[];
  fixed: Array<{ start: number; end: number }>;
  refused: RefusedKey[];
}

/**
 * Plans as many of the given keys as can be rewritten safely, as one edit; a key that cannot be
 * rewritten is reported with its reason and does not block the others.
 */
export function planEnvReadFixes(
  text: string,
  languageId: string,
  keys: ReadonlyArray<{ start: number; end: number }>,
  variable: string,
): EnvReadFixPlan {
  const refused: RefusedKey[] = [];
  const candidates: Range[] = [];
  for (const key of keys) {
    const alone = planAllOrRefuse(text, languageId, [key], variable);
    if ('refused' in alone) {
      refused.push({ start: key.start, end: key.end, reason: alone.refused });
    } else {
      candidates.push({ start: key.start, end: key.end });
    }
  }
  const joint = planAllOrRefuse(text, languageId, candidates, variable);
  if ('changes' in joint) {
    return { changes: joint.changes, fixed: candidates, refused };
  }
  // Keys that are fine alone but not together (rare): keep the largest prefix that plans together.
  const fixed: Range[] = [];
  let changes: TextChange[] = [];
  for (const key of candidates) {
    const next = planAllOrRefuse(text, languageId, [...fixed, key], variable);
    if ('changes' in next) {
      fixed.push(key);
      changes = next.changes;
    } else {
      refused.push({ start: key.start, end: key.end, reason: `it cannot be rewritten together with the other keys (${next.refused})` });
    }
  }
  return { changes, fixed, refused: refused.sort((a, b) => a.start - b.start) };
}

/**
 * The keys a fix of `target` covers: the target and every copy of the same key on its line (a key
 * repeated in a trailing comment must not stay behind after the fix).
 */
export function sameLineCopies<K extends { start: number; end: number; key: string }>(
  text: string,
  findings: readonly K[],
  target: K,
): K[] {
  const lineStart = text.lastIndexOf('\n', target.start - 1) + 1;
  const next = text.indexOf('\n', target.end);
  const lineEnd = next < 0 ? text.length : next;
  return findings.filter((f) => f === target || (f.key === target.key && f.start >= lineStart && f.end <= lineEnd));
}

/** Plans every key or none: the changes, or the first reason a key cannot be rewritten. */
function planAllOrRefuse(
  text: string,
  languageId: string,
  keys: ReadonlyArray<{ start: number; end: number }>,
  variable: string,
): { changes: TextChange[] } | { refused: string } {
  const spec = languageSpecFor(languageId);
  if (spec === undefined) {
    return { refused: `${languageId} files have no environment read here` };
  }
  if (!VARIABLE_NAME.test(variable)) {
    return { refused: `${variable} is not a valid environment variable name` };
  }
  const sortedKeys = normalizeKeys(text, keys);
  if (sortedKeys === undefined) {
    return { refused: 'the key positions do not match the text' };
  }
  if (sortedKeys.length === 0) {
    return { changes: [] };
  }
  const regions = lexRegions(text, spec, languageId);
  const tokens = regions.flatMap((r) => r.tokens);
  const ctx: Ctx = { text, spec, languageId, variable, regions, tokens };
  const rewritten = rewriteKeys(ctx, sortedKeys);
  if (isRefusal(rewritten)) {
    return rewritten;
  }
  const { changes, maskedComments } = rewritten;
  // Masking a comment needs no import; only a read does.
  const reads = changes.length - maskedComments;
  const importChange = reads > 0 ? spec.importFor?.(ctx) : undefined;
  if (isRefusal(importChange)) {
    return importChange;
  }
  if (importChange !== undefined) {
    if (spec.importBeforeReads && changes.some((c) => c.start < importChange.start)) {
      return { refused: 'the import would come after the first read (the key is above where imports go)' };
    }
    changes.push(importChange);
  }
  const sorted = sortChanges(changes);
  if (sorted === undefined || !keepsStructure(text, spec, languageId, regions, sorted)) {
    return { refused: 'the rewritten file would not lex the same way outside the edit' };
  }
  return { changes: sorted };
}

// The edits for the keys themselves (reads in code and literals, masks in comments), without the import.
function rewriteKeys(ctx: Ctx, sortedKeys: readonly Range[]): { changes: TextChange[]; maskedComments: number } | Refusal {
  const { text, spec, regions, tokens } = ctx;
  const byLiteral = new Map<Literal, Range[]>();
  const changes: TextChange[] = [];
  let maskedComments = 0;
  for (const key of sortedKeys) {
    if (!regions.some((r) => r.start <= key.start && key.end <= r.end)) {
      return { refused: 'the key is outside the code (a template or the surrounding HTML)' };
    }
    // `$sk_…` is a variable name in most interpolating languages, not a key in text.
    if (text[key.start - 1] === '$') {
      return { refused: 'the key follows a `$`, which makes it a variable name here' };
    }
    const place = locate(tokens, key);
    if (place.type === 'comment') {
      // A comment has no meaning to keep: the copy of the key there is masked, not left behind.
      changes.push({ start: key.start, end: key.end, text: maskKey(text.slice(key.start, key.end)) });
      maskedComments++;
      continue;
    }
    if (place.type === 'unsupported') {
      return { refused: place.reason };
    }
    if (place.type === 'literal') {
      const list = byLiteral.get(place.literal) ?? [];
      list.push(key);
      byLiteral.set(place.literal, list);
    } else {
      if (spec.rewriteBare === undefined) {
        return { refused: 'the key is not inside a string literal' };
      }
      const change = spec.rewriteBare(ctx, key);
      if (isRefusal(change)) {
        return change;
      }
      changes.push(change);
    }
  }
  for (const [literal, literalKeys] of byLiteral) {
    if (literalKeys.some((k) => isEscapedAt(text, k.start, literal.form.escape))) {
      return { refused: 'the key starts right after an escape character' };
    }
    const rewritten = spec.rewriteLiteral(ctx, literal, literalKeys);
    if (isRefusal(rewritten)) {
      return rewritten;
    }
    changes.push(...rewritten);
  }
  return { changes, maskedComments };
}

type Place = { type: 'literal'; literal: Literal } | { type: 'code' } | { type: 'comment' } | { type: 'unsupported'; reason: string };

function locate(tokens: readonly Token[], key: Range): Place {
  let best: Literal | undefined;
  for (const token of tokens) {
    if (token.start >= key.end) {
      break; // sorted by start
    }
    if (token.end <= key.start) {
      continue;
    }
    if (token.type === 'comment') {
      return key.end <= token.end ? { type: 'comment' } : { type: 'unsupported', reason: 'the key crosses the end of a comment' };
    }
    if (key.start < token.contentStart || key.end > token.contentEnd) {
      return { type: 'unsupported', reason: 'the key crosses a string delimiter' };
    }
    if (best === undefined || token.contentStart >= best.contentStart) {
      best = token; // the innermost: a literal nested in another's interpolation hole
    }
  }
  if (best === undefined) {
    return { type: 'code' };
  }
  if (!best.terminated || best.form.kind === 'opaque') {
    return { type: 'unsupported', reason: best.terminated ? 'the key is in a regex, character or sigil literal' : 'the string around the key is not closed' };
  }
  const hole = best.holes.find((h) => h.start < key.end && key.start < h.end);
  if (hole !== undefined) {
    // Interpolated code, not text (a literal nested in it would have been the innermost).
    return key.start > hole.start && key.end < hole.end ? { type: 'code' } : { type: 'unsupported', reason: 'the key crosses an interpolation' };
  }
  return { type: 'literal', literal: best };
}

function normalizeKeys(text: string, keys: ReadonlyArray<{ start: number; end: number }>): Range[] | undefined {
  const sorted = keys
    .map((k) => ({ start: k.start, end: k.end }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Range[] = [];
  for (const key of sorted) {
    if (!Number.isInteger(key.start) || !Number.isInteger(key.end) || key.start < 0 || key.end > text.length || key.start >= key.end) {
      return undefined;
    }
    if (!KEY_TEXT.test(text.slice(key.start, key.end))) {
      return undefined;
    }
    const previous = out[out.length - 1];
    if (previous !== undefined) {
      if (previous.start === key.start && previous.end === key.end) {
        continue;
      }
      if (key.start < previous.end) {
        return undefined;
      }
    }
    out.push(key);
  }
  return out;
}

/** True when the character at `pos` is escaped (an odd run of escape characters before it). */
function isEscapedAt(text: string, pos: number, escape: string | undefined): boolean {
  if (escape === undefined || escape.length !== 1) {
    return false;
  }
  let n = 0;
  for (let j = pos - 1; j >= 0 && text[j] === escape; j--) {
    n++;
  }
  return n % 2 === 1;
}
