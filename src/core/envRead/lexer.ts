// The lexer driver shared by every language: it knows strings, comments, interpolation holes and
// heredocs, as described by a language's LexerSpec, and nothing else. Strings that cannot span lines
// are dropped at the end of their line, so a construct a spec does not know (a JSX apostrophe, a
// regex) confuses one line at most.
import type { CodeAction, LanguageSpec, LexedRegion, LexerSpec, Literal, Range, StringForm, Token } from './types';

type Frame =
  | { type: 'code'; hole?: Range; close?: string; openChar?: string; depth: number }
  | { type: 'string'; literal: Literal }
  | { type: 'host' };

interface PendingHeredoc {
  form: StringForm;
  prefix: string;
}

/** What one lexer run shares between its steps. */
interface LexRun {
  text: string;
  spec: LexerSpec;
  to: number;
  jumps: { code: RegExp; hole: RegExp };
  tokens: Token[];
  stack: Frame[];
  pending: PendingHeredoc[];
}

export function lex(text: string, spec: LexerSpec, from: number, to: number): Token[] {
  const run: LexRun = { text, spec, to, jumps: jumpsFor(spec), tokens: [], stack: [spec.host ? { type: 'host' } : { type: 'code', depth: 0 }], pending: [] };
  let i = from;
  while (i < to) {
    const frame = run.stack[run.stack.length - 1];
    i = frame.type === 'host' ? leaveHost(run, i) : frame.type === 'code' ? stepInCode(run, frame, i) : stepInString(run, frame.literal, i);
  }
  for (const frame of run.stack) {
    if (frame.type === 'string' && !frame.literal.terminated) {
      frame.literal.contentEnd = frame.literal.end = Math.min(i, to);
    }
  }
  return run.tokens;
}

// Outside `<?php … ?>` (PHP's HTML): skips to the next opening tag; `to` when there is none.
function leaveHost(run: LexRun, i: number): number {
  const { text } = run;
  const open = text.indexOf('<?', i);
  if (open < 0 || open >= run.to) {
    return run.to;
  }
  run.stack[run.stack.length - 1] = { type: 'code', depth: 0 };
  return open + (text.startsWith('<?php', open) ? 5 : text.startsWith('<?=', open) ? 3 : 2);
}

// One step in code (or in an interpolation hole's code); returns where the next step starts.
function stepInCode(run: LexRun, frame: Extract<Frame, { type: 'code' }>, i: number): number {
  const { text, spec, stack, pending } = run;
  const jump = frame.close === undefined ? run.jumps.code : run.jumps.hole;
  jump.lastIndex = i;
  const next = jump.exec(text);
  if (next === null || next.index >= run.to) {
    return run.to;
  }
  if (next.index > i) {
    return next.index;
  }
  const ch = text[i];
  if (ch === '\n' && pending.length > 0) {
    const heredoc = pending.shift() as PendingHeredoc;
    const literal = newLiteral(i + 1, i + 1, heredoc.prefix, '', heredoc.form);
    run.tokens.push(literal);
    stack.push({ type: 'string', literal });
    return i + 1;
  }
  if (frame.close !== undefined) {
    if (ch === frame.close && frame.depth === 0) {
      (frame.hole as Range).end = i + 1;
      stack.pop();
      return i + 1;
    }
    if (frame.openChar !== undefined && ch === frame.openChar) {
      frame.depth++;
    } else if (ch === frame.close) {
      frame.depth--;
    }
  }
  if (spec.host && stack.length === 1 && ch === '?' && text[i + 1] === '>') {
    stack[0] = { type: 'host' };
    return i + 2;
  }
  const action = spec.code(text, i, run.to);
  return action === undefined ? i + 1 : applyCodeAction(run, action, i);
}

// Does what the language's spec found at `i` in code; returns where the next step starts.
function applyCodeAction(run: LexRun, action: CodeAction, i: number): number {
  switch (action.type) {
    case 'skip':
      return i + action.length;
    case 'comment':
      run.tokens.push({ type: 'comment', start: i, end: action.end, terminated: true });
      return Math.max(action.end, i + 1);
    case 'opaque': {
      const literal = newLiteral(i, action.end, '', '', OPAQUE);
      literal.contentEnd = literal.end = action.end;
      literal.terminated = true;
      run.tokens.push(literal);
      return Math.max(action.end, i + 1);
    }
    case 'heredoc':
      run.pending.push({ form: action.form, prefix: run.text.slice(i, i + action.length) });
      return i + action.length;
    case 'string': {
      const literal = newLiteral(i, i + action.length, action.prefix, action.open, action.form);
      run.tokens.push(literal);
      run.stack.push({ type: 'string', literal });
      return i + action.length;
    }
  }
}

// One step inside a string literal; returns where the next step starts.
function stepInString(run: LexRun, literal: Literal, i: number): number {
  const { text, to, stack } = run;
  const form = literal.form;
  const atLineStart = i === literal.contentStart || text[i - 1] === '\n';
  if (!atLineStart || form.terminator === undefined) {
    const jump = stringJumpFor(form);
    jump.lastIndex = i;
    const next = jump.exec(text);
    const target = next === null ? to : Math.min(next.index, to);
    if (target > i) {
      return target;
    }
  }
  if (form.terminator !== undefined && atLineStart) {
    const end = heredocEnd(text, form.terminator, i, to);
    if (end !== undefined) {
      literal.contentEnd = i;
      literal.end = end;
      literal.terminated = true;
      stack.pop();
      return literal.end;
    }
  }
  for (const hole of form.holes ?? []) {
    if (text.startsWith(hole.open, i)) {
      if (form.braceEscapes && hole.open === '{' && text[i + 1] === '{') {
        return i + 2;
      }
      const range: Range = { start: i, end: to };
      literal.holes.push(range);
      const openChar = hole.close === '}' ? '{' : hole.close === ')' ? '(' : undefined;
      stack.push({ type: 'code', hole: range, close: hole.close, openChar, depth: 0 });
      return i + hole.open.length;
    }
  }
  if (form.braceEscapes && text[i] === '}' && text[i + 1] === '}') {
    return i + 2;
  }
  if (form.escape !== undefined && text.startsWith(form.escape, i)) {
    const after = i + form.escape.length;
    return after + (text[after] === '\r' && text[after + 1] === '\n' ? 2 : 1);
  }
  if (form.close !== '' && text.startsWith(form.close, i)) {
    if (form.doubledClose && text.startsWith(form.close, i + form.close.length)) {
      return i + 2 * form.close.length;
    }
    literal.contentEnd = i;
    literal.end = i + form.close.length;
    literal.terminated = true;
    stack.pop();
    return literal.end;
  }
  if (text[i] === '\n' && !form.multiline) {
    // Not a string after all (or a broken one): resume as code on the next line.
    literal.contentEnd = literal.end = i;
    stack.pop();
    return i;
  }
  return i + 1;
}

// Where a heredoc ends when the line at `i` is its terminator line; undefined when it is not.
function heredocEnd(text: string, terminator: NonNullable<StringForm['terminator']>, i: number, to: number): number | undefined {
  const lineEnd = endOfLine(text, i, to);
  const line = text.slice(i, lineEnd).replace(/\r$/, '');
  const body = terminator.indented ? line.replace(/^[ \t]+/, '') : line;
  const word = terminator.word;
  if (body === word || (terminator.suffixOk && body.startsWith(word) && !/[A-Za-z0-9_]/.test(body[word.length]))) {
    return i + (line.length - body.length) + word.length;
  }
  return undefined;
}

export const OPAQUE: StringForm = { kind: 'opaque', close: '', multiline: false };

const escapeClass = (chars: string): string => chars.replace(/[\\\]^-]/g, '\\$&');

const codeJumps = new WeakMap<LexerSpec, { code: RegExp; hole: RegExp }>();

/** Regexes finding the next character that matters in code (and in interpolated code, where brackets count too). */
function jumpsFor(spec: LexerSpec): { code: RegExp; hole: RegExp } {
  let jumps = codeJumps.get(spec);
  if (jumps === undefined) {
    const base = escapeClass(spec.triggers + '\n');
    jumps = { code: new RegExp(`[${base}]`, 'g'), hole: new RegExp(`[${base}(){}\`]`, 'g') };
    codeJumps.set(spec, jumps);
  }
  return jumps;
}

const stringJumps = new WeakMap<StringForm, RegExp>();

/** A regex finding the next character that matters inside a string of this form. */
function stringJumpFor(form: StringForm): RegExp {
  let jump = stringJumps.get(form);
  if (jump === undefined) {
    let chars = '\n';
    chars += form.close.slice(0, 1) + (form.escape ?? '').slice(0, 1);
    for (const hole of form.holes ?? []) {
      chars += hole.open[0];
    }
    if (form.braceEscapes) {
      chars += '{}';
    }
    jump = new RegExp(`[${escapeClass(chars)}]`, 'g');
    stringJumps.set(form, jump);
  }
  return jump;
}

export function newLiteral(start: number, contentStart: number, prefix: string, open: string, form: StringForm): Literal {
  return {
    type: 'literal', start, end: contentStart, contentStart, contentEnd: contentStart,
    prefix, open, form, holes: [], terminated: false,
  };
}

export function endOfLine(text: string, i: number, to: number = text.length): number {
  const n = text.indexOf('\n', i);
  return n < 0 || n > to ? to : n;
}

export function blockCommentEnd(text: string, i: number, to: number, open: string, close: string, nested: boolean): number {
  let depth = 0;
  let j = i;
  while (j < to) {
    if (nested && text.startsWith(open, j)) {
      depth++;
      j += open.length;
    } else if (text.startsWith(close, j)) {
      depth--;
      j += close.length;
      if (depth <= 0 || !nested) {
        return j;
      }
    } else {
      j++;
    }
  }
  return to;
}

export const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

export function str(prefix: string, open: string, form: StringForm): CodeAction {
  return { type: 'string', length: prefix.length + open.length, prefix, open, form };
}

export function cStyleComment(text: string, i: number, to: number, nested: boolean): CodeAction | undefined {
  if (text[i] !== '/') {
    return undefined;
  }
  if (text[i + 1] === '/') {
    return { type: 'comment', end: endOfLine(text, i, to) };
  }
  if (text[i + 1] === '*') {
    return { type: 'comment', end: blockCommentEnd(text, i, to, '/*', '*/', nested) };
  }
  return undefined;
}

/** A char literal such as `'a'` or `'\n'` (Java, C#, Go, Kotlin, Rust); undefined for a Rust lifetime. */
export function charLiteral(text: string, i: number, to: number): { type: 'opaque'; end: number } | undefined {
  const m = /^'(?:\\(?:x[0-9A-Fa-f]{2}|u\{[0-9A-Fa-f]{1,6}\}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0-7]{1,3}|[^\n])|[^\\'\n])'/.exec(
    text.slice(i, Math.min(to, i + 16)),
  );
  return m ? { type: 'opaque', end: i + m[0].length } : undefined;
}

const REGEX_KEYWORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else',
  'yield', 'await', 'if', 'unless', 'when', 'and', 'or', 'not', 'puts', 'while', 'until',
]);

/** Whether a `/` at `i` starts a regex literal rather than a division (the usual previous-token heuristic). */
export function regexAllowed(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && /\s/.test(text[j])) {
    j--;
  }
  if (j < 0) {
    return true;
  }
  const c = text[j];
  if (isWordChar(c) || c === '$') {
    let k = j;
    while (k >= 0 && (isWordChar(text[k]) || text[k] === '$')) {
      k--;
    }
    return REGEX_KEYWORDS.has(text.slice(k + 1, j + 1));
  }
  return !')]}"\'`'.includes(c);
}

export function regexEnd(text: string, i: number, to: number): number | undefined {
  let inClass = false;
  for (let j = i + 1; j < to; j++) {
    const c = text[j];
    if (c === '\n') {
      return undefined;
    }
    if (c === '\\') {
      j++;
    } else if (c === '[') {
      inClass = true;
    } else if (c === ']') {
      inClass = false;
    } else if (c === '/' && !inClass) {
      let k = j + 1;
      while (k < to && /[A-Za-z]/.test(text[k])) {
        k++;
      }
      return k;
    }
  }
  return undefined;
}

/** Lexes the parts of the file that hold code: the `<script>` blocks of Vue and Svelte files, all of anything else. */
export function lexRegions(text: string, spec: LanguageSpec, languageId: string): LexedRegion[] {
  if (!(spec.scriptBlockIds ?? []).includes(languageId)) {
    return [{ start: 0, end: text.length, tokens: lex(text, spec.lexer, 0, text.length) }];
  }
  const regions: LexedRegion[] = [];
  const open = /<script\b[^>]*>/gi;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const close = text.slice(start).search(/<\/script\s*>/i);
    const end = close < 0 ? text.length : start + close;
    regions.push({ start, end, tokens: lex(text, spec.lexer, start, end) });
    open.lastIndex = end;
  }
  return regions;
}
