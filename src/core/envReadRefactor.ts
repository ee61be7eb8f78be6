// Pure text transforms behind "Move key to Infinipost vault and use process.env.INFINIPOST_API_KEY":
// a hard-coded key is replaced by the language's idiomatic read of an environment variable.
//
// The enclosing string literal is found with a small per-language lexer, not a parser: the
// extension bundle must stay small and no single parser covers twenty languages. The lexer only
// knows strings, comments and interpolation holes. Strings that cannot span lines are dropped at
// the end of their line, so a construct it does not know (a JSX apostrophe, a regex) confuses one
// line at most. Every plan is checked by lexing the result again: if anything outside the edited
// ranges changed shape (a quote that now closes a string early, say), the plan is refused and the
// caller offers the `.env` fix instead. Refusing is always preferred to producing broken code.

/** A replacement of `[start, end)` of the ORIGINAL text; a list of them is sorted and non-overlapping. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

interface Range {
  start: number;
  end: number;
}

type Family =
  | 'js' | 'python' | 'go' | 'ruby' | 'php' | 'java' | 'kotlin' | 'csharp'
  | 'rust' | 'swift' | 'dart' | 'elixir' | 'shell' | 'powershell';

const FAMILIES: ReadonlyMap<string, Family> = new Map<string, Family>([
  ['javascript', 'js'], ['typescript', 'js'], ['javascriptreact', 'js'], ['typescriptreact', 'js'],
  ['vue', 'js'], ['svelte', 'js'],
  ['python', 'python'], ['go', 'go'], ['ruby', 'ruby'], ['php', 'php'], ['java', 'java'],
  ['kotlin', 'kotlin'], ['csharp', 'csharp'], ['rust', 'rust'], ['swift', 'swift'], ['dart', 'dart'],
  ['elixir', 'elixir'], ['shellscript', 'shell'], ['powershell', 'powershell'],
]);

// Every language below needs the name as a bare identifier (`process.env.X`, `$X`, `$env:X`).
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Keys are letters, digits and underscores; the rewrites rely on that (a key never contains a quote).
const KEY_TEXT = /^[A-Za-z0-9_]+$/;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** The expression that reads `variable` from the environment in `languageId`, or undefined when unsupported. */
export function envReadFor(languageId: string, variable: string): string | undefined {
  const family = FAMILIES.get(languageId);
  if (family === undefined || !VARIABLE_NAME.test(variable)) {
    return undefined;
  }
  return envExpression(family, variable);
}

/** True when keys in `languageId` files can be replaced by an environment read (otherwise offer the `.env` fix). */
export function supportsEnvRead(languageId: string): boolean {
  return FAMILIES.has(languageId);
}

/** Plans replacing the key at `[keyStart, keyEnd)` by an environment read (plus an import when needed); undefined when it cannot be done safely. */
export function planEnvReadRefactor(
  text: string,
  languageId: string,
  keyStart: number,
  keyEnd: number,
  variable: string,
): TextChange[] | undefined {
  return planEnvReadRefactorAll(text, languageId, [{ start: keyStart, end: keyEnd }], variable);
}

/** Plans replacing every given key of one file as a single edit (one import at most); undefined when any key cannot be handled safely. */
export function planEnvReadRefactorAll(
  text: string,
  languageId: string,
  keys: ReadonlyArray<{ start: number; end: number }>,
  variable: string,
): TextChange[] | undefined {
  const family = FAMILIES.get(languageId);
  if (family === undefined || !VARIABLE_NAME.test(variable)) {
    return undefined;
  }
  const sortedKeys = normalizeKeys(text, keys);
  if (sortedKeys === undefined) {
    return undefined;
  }
  if (sortedKeys.length === 0) {
    return [];
  }
  const regions = lexRegions(text, languageId);
  const tokens = regions.flatMap((r) => r.tokens);
  const ctx: Ctx = { text, family, languageId, variable, regions, tokens };

  const byLiteral = new Map<Literal, Range[]>();
  const changes: TextChange[] = [];
  for (const key of sortedKeys) {
    if (!regions.some((r) => r.start <= key.start && key.end <= r.end)) {
      return undefined; // e.g. a key in a Vue template or in PHP's surrounding HTML
    }
    // `$sk_…` is a variable name in most interpolating languages, not a key in text.
    if (text[key.start - 1] === '$') {
      return undefined;
    }
    const place = locate(tokens, key);
    if (place.type === 'unsupported') {
      return undefined;
    }
    if (place.type === 'literal') {
      const list = byLiteral.get(place.literal) ?? [];
      list.push(key);
      byLiteral.set(place.literal, list);
    } else {
      const change = rewriteBare(ctx, key);
      if (change === undefined) {
        return undefined;
      }
      changes.push(change);
    }
  }
  for (const [literal, literalKeys] of byLiteral) {
    if (literalKeys.some((k) => isEscapedAt(text, k.start, literal.form.escape))) {
      return undefined;
    }
    const rewritten = rewriteLiteral(ctx, literal, literalKeys);
    if (rewritten === undefined) {
      return undefined;
    }
    changes.push(...rewritten);
  }
  const importChange = importFor(ctx);
  if (importChange === null) {
    return undefined;
  }
  if (importChange !== undefined) {
    // Python runs top to bottom: `import os` must come before the first read (a key in a docstring).
    if (family === 'python' && changes.some((c) => c.start < importChange.start)) {
      return undefined;
    }
    changes.push(importChange);
  }
  const sorted = sortChanges(changes);
  if (sorted === undefined || !keepsStructure(text, languageId, regions, sorted)) {
    return undefined;
  }
  return sorted;
}

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

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

type Quote = '"' | "'";

function envExpression(family: Family, v: string, quote?: Quote): string {
  switch (family) {
    case 'js':
      return `process.env.${v}`;
    case 'python': {
      const q = quote ?? '"';
      return `os.environ[${q}${v}${q}]`;
    }
    case 'go':
      return `os.Getenv("${v}")`;
    case 'ruby':
      return `ENV.fetch("${v}")`;
    case 'php':
      return `getenv('${v}')`;
    case 'java':
    case 'kotlin':
      return `System.getenv("${v}")`;
    case 'csharp':
      return `Environment.GetEnvironmentVariable("${v}")`;
    case 'rust':
      // A missing variable should fail loudly at the read, not as a confusing 401 later.
      return `std::env::var("${v}").expect("${v} is not set")`;
    case 'swift':
      // `!` keeps the type `String` (what the literal was) and, being postfix, needs no
      // parentheses anywhere; `?? ""` would bind looser than `+` in the surrounding expression.
      return `ProcessInfo.processInfo.environment["${v}"]!`;
    case 'dart': {
      const q = quote ?? "'";
      return `Platform.environment[${q}${v}${q}]!`;
    }
    case 'elixir':
      return `System.fetch_env!("${v}")`;
    case 'shell':
      return `"$${v}"`;
    case 'powershell':
      return `$env:${v}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

interface Hole {
  open: string;
  close: string;
}

interface StringForm {
  /** Which rewrite applies; `opaque` marks tokens that are skipped but never rewritten (regex, char, sigil). */
  kind: string;
  /** Closing delimiter; empty for heredocs, which end at a terminator line. */
  close: string;
  /** Escape introducer (`\`, `` ` ``, `\#`); absent in raw strings. */
  escape?: string;
  /** A doubled closing delimiter is a literal one (`''` in PowerShell, `""` in C# verbatim strings). */
  doubledClose?: boolean;
  multiline: boolean;
  holes?: readonly Hole[];
  /** `{{` and `}}` are literal braces (Python f-strings, C# interpolated strings). */
  braceEscapes?: boolean;
  terminator?: { word: string; indented: boolean; suffixOk: boolean };
}

interface Literal {
  type: 'literal';
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  prefix: string;
  open: string;
  form: StringForm;
  holes: Range[];
  terminated: boolean;
}

interface Comment {
  type: 'comment';
  start: number;
  end: number;
  terminated: boolean;
}

type Token = Literal | Comment;

type CodeAction =
  | { type: 'string'; length: number; prefix: string; open: string; form: StringForm }
  | { type: 'comment'; end: number }
  | { type: 'opaque'; end: number }
  | { type: 'heredoc'; length: number; form: StringForm }
  | { type: 'skip'; length: number };

interface LexerSpec {
  /** Every character that can start a token in code; the lexer jumps over all others. */
  triggers: string;
  code(text: string, i: number, to: number): CodeAction | undefined;
  /** PHP: code lives between `<?php` and `?>`; the rest is HTML. */
  host?: boolean;
}

type Frame =
  | { type: 'code'; hole?: Range; close?: string; openChar?: string; depth: number }
  | { type: 'string'; literal: Literal }
  | { type: 'host' };

interface PendingHeredoc {
  form: StringForm;
  prefix: string;
}

function lex(text: string, spec: LexerSpec, from: number, to: number): Token[] {
  const { code: codeJump, hole: holeJump } = jumpsFor(spec);
  const tokens: Token[] = [];
  const stack: Frame[] = [spec.host ? { type: 'host' } : { type: 'code', depth: 0 }];
  const pending: PendingHeredoc[] = [];
  let i = from;
  outer: while (i < to) {
    const frame = stack[stack.length - 1];
    if (frame.type === 'host') {
      const open = text.indexOf('<?', i);
      if (open < 0 || open >= to) {
        break;
      }
      i = open + (text.startsWith('<?php', open) ? 5 : text.startsWith('<?=', open) ? 3 : 2);
      stack[stack.length - 1] = { type: 'code', depth: 0 };
      continue;
    }
    if (frame.type === 'code') {
      const jump = frame.close === undefined ? codeJump : holeJump;
      jump.lastIndex = i;
      const next = jump.exec(text);
      if (next === null || next.index >= to) {
        i = to;
        break;
      }
      if (next.index > i) {
        i = next.index;
        continue;
      }
      const ch = text[i];
      if (ch === '\n' && pending.length > 0) {
        const heredoc = pending.shift() as PendingHeredoc;
        const literal = newLiteral(i + 1, i + 1, heredoc.prefix, '', heredoc.form);
        tokens.push(literal);
        stack.push({ type: 'string', literal });
        i++;
        continue;
      }
      if (frame.close !== undefined) {
        if (ch === frame.close && frame.depth === 0) {
          (frame.hole as Range).end = i + 1;
          stack.pop();
          i++;
          continue;
        }
        if (frame.openChar !== undefined && ch === frame.openChar) {
          frame.depth++;
        } else if (ch === frame.close) {
          frame.depth--;
        }
      }
      if (spec.host && stack.length === 1 && ch === '?' && text[i + 1] === '>') {
        stack[0] = { type: 'host' };
        i += 2;
        continue;
      }
      const action = spec.code(text, i, to);
      if (action === undefined) {
        i++;
        continue;
      }
      switch (action.type) {
        case 'skip':
          i += action.length;
          break;
        case 'comment':
          tokens.push({ type: 'comment', start: i, end: action.end, terminated: true });
          i = Math.max(action.end, i + 1);
          break;
        case 'opaque': {
          const literal = newLiteral(i, action.end, '', '', OPAQUE);
          literal.contentEnd = literal.end = action.end;
          literal.terminated = true;
          tokens.push(literal);
          i = Math.max(action.end, i + 1);
          break;
        }
        case 'heredoc':
          pending.push({ form: action.form, prefix: text.slice(i, i + action.length) });
          i += action.length;
          break;
        case 'string': {
          const literal = newLiteral(i, i + action.length, action.prefix, action.open, action.form);
          tokens.push(literal);
          stack.push({ type: 'string', literal });
          i += action.length;
          break;
        }
      }
      continue;
    }
    const literal = frame.literal;
    const form = literal.form;
    const atLineStart = i === literal.contentStart || text[i - 1] === '\n';
    if (!atLineStart || form.terminator === undefined) {
      const jump = stringJumpFor(form);
      jump.lastIndex = i;
      const next = jump.exec(text);
      const target = next === null ? to : Math.min(next.index, to);
      if (target > i) {
        i = target;
        if (i >= to) {
          break;
        }
        continue;
      }
    }
    if (form.terminator !== undefined && atLineStart) {
      const lineEnd = endOfLine(text, i, to);
      const line = text.slice(i, lineEnd).replace(/\r$/, '');
      const body = form.terminator.indented ? line.replace(/^[ \t]+/, '') : line;
      const word = form.terminator.word;
      if (
        body === word ||
        (form.terminator.suffixOk && body.startsWith(word) && !/[A-Za-z0-9_]/.test(body[word.length]))
      ) {
        literal.contentEnd = i;
        literal.end = i + (line.length - body.length) + word.length;
        literal.terminated = true;
        stack.pop();
        i = literal.end;
        continue;
      }
    }
    if (form.holes !== undefined) {
      for (const hole of form.holes) {
        if (text.startsWith(hole.open, i)) {
          if (form.braceEscapes && hole.open === '{' && text[i + 1] === '{') {
            i += 2;
            continue outer;
          }
          const range: Range = { start: i, end: to };
          literal.holes.push(range);
          const openChar = hole.close === '}' ? '{' : hole.close === ')' ? '(' : undefined;
          stack.push({ type: 'code', hole: range, close: hole.close, openChar, depth: 0 });
          i += hole.open.length;
          continue outer;
        }
      }
    }
    if (form.braceEscapes && text[i] === '}' && text[i + 1] === '}') {
      i += 2;
      continue;
    }
    if (form.escape !== undefined && text.startsWith(form.escape, i)) {
      const after = i + form.escape.length;
      i = after + (text[after] === '\r' && text[after + 1] === '\n' ? 2 : 1);
      continue;
    }
    if (form.close !== '' && text.startsWith(form.close, i)) {
      if (form.doubledClose && text.startsWith(form.close, i + form.close.length)) {
        i += 2 * form.close.length;
        continue;
      }
      literal.contentEnd = i;
      literal.end = i + form.close.length;
      literal.terminated = true;
      stack.pop();
      i = literal.end;
      continue;
    }
    if (text[i] === '\n' && !form.multiline) {
      // Not a string after all (or a broken one): resume as code on the next line.
      literal.contentEnd = literal.end = i;
      stack.pop();
      continue;
    }
    i++;
  }
  for (const frame of stack) {
    if (frame.type === 'string' && !frame.literal.terminated) {
      frame.literal.contentEnd = frame.literal.end = Math.min(i, to);
    }
  }
  return tokens;
}

const OPAQUE: StringForm = { kind: 'opaque', close: '', multiline: false };

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

function newLiteral(start: number, contentStart: number, prefix: string, open: string, form: StringForm): Literal {
  return {
    type: 'literal', start, end: contentStart, contentStart, contentEnd: contentStart,
    prefix, open, form, holes: [], terminated: false,
  };
}

function endOfLine(text: string, i: number, to: number = text.length): number {
  const n = text.indexOf('\n', i);
  return n < 0 || n > to ? to : n;
}

function blockCommentEnd(text: string, i: number, to: number, open: string, close: string, nested: boolean): number {
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

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

function str(prefix: string, open: string, form: StringForm): CodeAction {
  return { type: 'string', length: prefix.length + open.length, prefix, open, form };
}

function cStyleComment(text: string, i: number, to: number, nested: boolean): CodeAction | undefined {
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
function charLiteral(text: string, i: number, to: number): { type: 'opaque'; end: number } | undefined {
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
function regexAllowed(text: string, i: number): boolean {
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

function regexEnd(text: string, i: number, to: number): number | undefined {
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

const JS_SQ: StringForm = { kind: 'js-quote', close: "'", escape: '\\', multiline: false };
const JS_DQ: StringForm = { kind: 'js-quote', close: '"', escape: '\\', multiline: false };
const JS_TEMPLATE: StringForm = {
  kind: 'js-template', close: '`', escape: '\\', multiline: true, holes: [{ open: '${', close: '}' }],
};

const JS_LEXER: LexerSpec = {
  triggers: '\'"`/#',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      const comment = cStyleComment(text, i, to, false);
      if (comment !== undefined) {
        return comment;
      }
      if (regexAllowed(text, i)) {
        const end = regexEnd(text, i, to);
        if (end !== undefined) {
          return { type: 'opaque', end };
        }
      }
      return undefined;
    }
    if (c === '#' && i === 0 && text[1] === '!') {
      return { type: 'comment', end: endOfLine(text, i, to) };
    }
    if (c === "'") {
      return str('', c, JS_SQ);
    }
    if (c === '"') {
      return str('', c, JS_DQ);
    }
    if (c === '`') {
      return str('', c, JS_TEMPLATE);
    }
    return undefined;
  },
};

const PY_PREFIXES = new Set(['', 'r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);

const PYTHON_LEXER: LexerSpec = {
  triggers: '\'"#\\rRbBuUfF',
  code(text, i, to) {
    const c = text[i];
    if (c === '#') {
      return { type: 'comment', end: endOfLine(text, i, to) };
    }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      return { type: 'skip', length: text[i + 1] === '\r' ? 3 : 2 };
    }
    let p = 0;
    if (c !== '"' && c !== "'") {
      if (!/[rRbBuUfF]/.test(c) || isWordChar(text[i - 1])) {
        return undefined;
      }
      while (p < 2 && /[rRbBuUfF]/.test(text[i + p])) {
        p++;
      }
    }
    const q = text[i + p];
    if (q !== '"' && q !== "'") {
      return undefined;
    }
    const prefix = text.slice(i, i + p);
    const flags = prefix.toLowerCase();
    if (!PY_PREFIXES.has(flags)) {
      return undefined;
    }
    const triple = text.startsWith(q + q + q, i + p);
    const open = triple ? q + q + q : q;
    const fString = flags.includes('f');
    return str(prefix, open, {
      kind: 'py', close: open, escape: '\\', multiline: triple,
      holes: fString ? [{ open: '{', close: '}' }] : undefined, braceEscapes: fString,
    });
  },
};

const GO_DQ: StringForm = { kind: 'go', close: '"', escape: '\\', multiline: false };
const GO_RAW: StringForm = { kind: 'go-raw', close: '`', multiline: true };

const GO_LEXER: LexerSpec = {
  triggers: '\'"`/',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, false);
    }
    if (c === '"') {
      return str('', c, GO_DQ);
    }
    if (c === '`') {
      return str('', c, GO_RAW);
    }
    if (c === "'") {
      return charLiteral(text, i, to);
    }
    return undefined;
  },
};

const JAVA_DQ: StringForm = { kind: 'java', close: '"', escape: '\\', multiline: false };
const JAVA_TEXT_BLOCK: StringForm = { kind: 'java-text-block', close: '"""', escape: '\\', multiline: true };

const JAVA_LEXER: LexerSpec = {
  triggers: '\'"/',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, false);
    }
    if (c === '"') {
      return text.startsWith('"""', i) ? str('', '"""', JAVA_TEXT_BLOCK) : str('', c, JAVA_DQ);
    }
    if (c === "'") {
      return charLiteral(text, i, to);
    }
    return undefined;
  },
};

const KOTLIN_HOLES: readonly Hole[] = [{ open: '${', close: '}' }];
const KOTLIN_DQ: StringForm = { kind: 'kotlin', close: '"', escape: '\\', multiline: false, holes: KOTLIN_HOLES };
const KOTLIN_RAW: StringForm = { kind: 'kotlin', close: '"""', multiline: true, holes: KOTLIN_HOLES };

const KOTLIN_LEXER: LexerSpec = {
  triggers: '\'"/',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, true);
    }
    if (c === '"') {
      return text.startsWith('"""', i) ? str('', '"""', KOTLIN_RAW) : str('', c, KOTLIN_DQ);
    }
    if (c === "'") {
      return charLiteral(text, i, to);
    }
    return undefined;
  },
};

const CSHARP_LEXER: LexerSpec = {
  triggers: '\'"/@$',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, false);
    }
    if (c === "'") {
      return charLiteral(text, i, to);
    }
    if (c !== '"' && c !== '@' && c !== '$') {
      return undefined;
    }
    const m = /^([@$]{0,4})("+)/.exec(text.slice(i, i + 64));
    if (m === null) {
      return undefined;
    }
    const prefix = m[1];
    const quotes = m[2].length;
    const dollars = prefix.split('$').length - 1;
    const verbatim = prefix.includes('@');
    if (!verbatim && quotes >= 3) {
      const open = m[2];
      return str(prefix, open, {
        kind: 'cs-raw', close: open, multiline: true,
        // With several `$`, holes need as many braces; such strings are only lexed, never rewritten.
        holes: dollars === 1 ? [{ open: '{', close: '}' }] : undefined,
      });
    }
    const interpolated = dollars > 0;
    return str(prefix, '"', {
      kind: verbatim ? 'cs-verbatim' : 'cs-regular',
      close: '"',
      escape: verbatim ? undefined : '\\',
      doubledClose: verbatim,
      multiline: verbatim,
      holes: interpolated ? [{ open: '{', close: '}' }] : undefined,
      braceEscapes: interpolated,
    });
  },
};

const RUST_LEXER: LexerSpec = {
  triggers: '\'"/brc',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, true);
    }
    if (c === "'") {
      return charLiteral(text, i, to);
    }
    if (c === '"') {
      return str('', '"', { kind: 'rust', close: '"', escape: '\\', multiline: true });
    }
    if ((c === 'b' || c === 'r' || c === 'c') && !isWordChar(text[i - 1])) {
      const m = /^(br|cr|b|c|r)(#*)"/.exec(text.slice(i, i + 40));
      if (m !== null) {
        const raw = m[1].includes('r');
        const prefix = m[1] + m[2];
        return str(prefix, '"', {
          kind: m[1] === 'r' ? 'rust' : 'rust-bytes',
          close: '"' + m[2],
          escape: raw ? undefined : '\\',
          multiline: true,
        });
      }
      if (c === 'b' && text[i + 1] === "'") {
        return charLiteral(text, i + 1, to);
      }
    }
    return undefined;
  },
};

const SWIFT_LEXER: LexerSpec = {
  triggers: '"/#',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, true);
    }
    if (c !== '"' && c !== '#') {
      return undefined;
    }
    const m = /^(#*)("""|")/.exec(text.slice(i, i + 40));
    if (m === null) {
      return undefined;
    }
    const hashes = m[1];
    return str(hashes, m[2], {
      kind: 'swift',
      close: m[2] + hashes,
      escape: '\\' + hashes,
      multiline: m[2] === '"""',
      holes: [{ open: '\\' + hashes + '(', close: ')' }],
    });
  },
};

const DART_LEXER: LexerSpec = {
  triggers: '\'"/r',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, true);
    }
    let prefix = '';
    if (c === 'r' && !isWordChar(text[i - 1]) && (text[i + 1] === '"' || text[i + 1] === "'")) {
      prefix = 'r';
    } else if (c !== '"' && c !== "'") {
      return undefined;
    }
    const q = text[i + prefix.length];
    const open = text.startsWith(q + q + q, i + prefix.length) ? q + q + q : q;
    const raw = prefix === 'r';
    return str(prefix, open, {
      kind: raw ? 'dart-raw' : 'dart',
      close: open,
      escape: raw ? undefined : '\\',
      multiline: open.length === 3,
      holes: raw ? undefined : [{ open: '${', close: '}' }],
    });
  },
};

const RUBY_HOLES: readonly Hole[] = [{ open: '#{', close: '}' }];
const RUBY_SQ: StringForm = { kind: 'rb-sq', close: "'", escape: '\\', multiline: true };
const RUBY_DQ: StringForm = { kind: 'rb-dq', close: '"', escape: '\\', multiline: true, holes: RUBY_HOLES };
const RUBY_CMD: StringForm = { kind: 'rb-dq', close: '`', escape: '\\', multiline: true, holes: RUBY_HOLES };
const PERCENT_CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

const RUBY_LEXER: LexerSpec = {
  triggers: '\'"`#=<%?/',
  code(text, i, to) {
    const c = text[i];
    if (c === '#') {
      return { type: 'comment', end: endOfLine(text, i, to) };
    }
    if (c === '=' && (i === 0 || text[i - 1] === '\n') && text.startsWith('=begin', i)) {
      const end = text.indexOf('\n=end', i);
      return { type: 'comment', end: end < 0 || end >= to ? to : endOfLine(text, end + 1, to) };
    }
    if (c === "'") {
      return str('', c, RUBY_SQ);
    }
    if (c === '"') {
      return str('', c, RUBY_DQ);
    }
    if (c === '`') {
      return str('', c, RUBY_CMD);
    }
    if (c === '<' && text[i + 1] === '<') {
      const m = /^<<([~-]?)(['"`]?)([A-Za-z_]\w*)\2/.exec(text.slice(i, i + 80));
      if (m !== null && (m[1] !== '' || m[2] !== '' || /^[A-Z]/.test(m[3]))) {
        const interpolating = m[2] !== "'";
        return {
          type: 'heredoc', length: m[0].length,
          form: {
            kind: interpolating ? 'rb-heredoc' : 'rb-heredoc-raw', close: '', multiline: true,
            escape: interpolating ? '\\' : undefined, holes: interpolating ? RUBY_HOLES : undefined,
            terminator: { word: m[3], indented: m[1] !== '', suffixOk: false },
          },
        };
      }
      return undefined;
    }
    if (c === '%') {
      const m = /^%[qQwWiIrsx]([^\w\s])/.exec(text.slice(i, i + 3));
      if (m !== null) {
        const open = m[1];
        const close = PERCENT_CLOSERS[open] ?? open;
        let depth = 0;
        for (let j = i + 3; j < to; j++) {
          if (text[j] === '\\') {
            j++;
          } else if (text[j] === open && close !== open) {
            depth++;
          } else if (text[j] === close) {
            if (depth === 0) {
              return { type: 'opaque', end: j + 1 };
            }
            depth--;
          }
        }
        return { type: 'opaque', end: to };
      }
      return undefined;
    }
    if (c === '?' && /[^\s\w]/.test(text[i + 1] ?? ' ') && !isWordChar(text[i + 2]) && !/[\w)\]]/.test(text[i - 1] ?? ' ')) {
      return { type: 'skip', length: 2 };
    }
    if (c === '/' && regexAllowed(text, i)) {
      const end = regexEnd(text, i, to);
      return end === undefined ? undefined : { type: 'opaque', end };
    }
    return undefined;
  },
};

const PHP_SQ: StringForm = { kind: 'php', close: "'", escape: '\\', multiline: true };
const PHP_HOLES: readonly Hole[] = [{ open: '{$', close: '}' }, { open: '${', close: '}' }];
const PHP_DQ: StringForm = { kind: 'php', close: '"', escape: '\\', multiline: true, holes: PHP_HOLES };
const PHP_EXEC: StringForm = { kind: 'php-exec', close: '`', escape: '\\', multiline: true, holes: PHP_HOLES };

const PHP_LEXER: LexerSpec = {
  triggers: '\'"`#/<?',
  host: true,
  code(text, i, to) {
    const c = text[i];
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      // A line comment ends at `?>` too.
      const end = endOfLine(text, i, to);
      const close = text.indexOf('?>', i);
      return { type: 'comment', end: close >= 0 && close < end ? close : end };
    }
    if (c === '/' && text[i + 1] === '*') {
      return { type: 'comment', end: blockCommentEnd(text, i, to, '/*', '*/', false) };
    }
    if (c === "'") {
      return str('', c, PHP_SQ);
    }
    if (c === '"') {
      return str('', c, PHP_DQ);
    }
    if (c === '`') {
      return str('', c, PHP_EXEC);
    }
    if (c === '<' && text.startsWith('<<<', i)) {
      const m = /^<<<[ \t]*(['"]?)([A-Za-z_]\w*)\1/.exec(text.slice(i, i + 80));
      if (m !== null) {
        return {
          type: 'heredoc', length: m[0].length,
          form: {
            kind: 'php-heredoc', close: '', multiline: true,
            terminator: { word: m[2], indented: true, suffixOk: true },
          },
        };
      }
    }
    return undefined;
  },
};

const ELIXIR_HOLES: readonly Hole[] = [{ open: '#{', close: '}' }];
const SIGIL_CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

const ELIXIR_LEXER: LexerSpec = {
  triggers: '\'"#~?',
  code(text, i, to) {
    const c = text[i];
    if (c === '#') {
      return { type: 'comment', end: endOfLine(text, i, to) };
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c + c + c, i);
      const open = triple ? c + c + c : c;
      return str('', open, {
        kind: triple ? 'ex-heredoc' : c === '"' ? 'ex-dq' : 'ex-sq',
        close: open, escape: '\\', multiline: true, holes: ELIXIR_HOLES,
      });
    }
    if (c === '~') {
      const m = /^~([a-zA-Z]+)("""|'''|[^\w\s])/.exec(text.slice(i, i + 40));
      if (m !== null) {
        const open = m[2];
        const close = SIGIL_CLOSERS[open] ?? open;
        return str('~' + m[1], open, { kind: 'opaque', close, escape: '\\', multiline: true });
      }
      return undefined;
    }
    if (c === '?' && !/[\w)\]]/.test(text[i - 1] ?? ' ') && text[i + 1] !== undefined && !/\s/.test(text[i + 1])) {
      return { type: 'skip', length: text[i + 1] === '\\' ? 3 : 2 };
    }
    return undefined;
  },
};

const SHELL_DQ_HOLES: readonly Hole[] = [
  { open: '$(', close: ')' }, { open: '${', close: '}' }, { open: '`', close: '`' },
];
const SHELL_SQ: StringForm = { kind: 'sh-sq', close: "'", multiline: true };
const SHELL_ANSI: StringForm = { kind: 'sh-sq', close: "'", escape: '\\', multiline: true };
const SHELL_DQ: StringForm = { kind: 'sh-dq', close: '"', escape: '\\', multiline: true, holes: SHELL_DQ_HOLES };

const SHELL_LEXER: LexerSpec = {
  triggers: '\'"#\\$<',
  code(text, i, to) {
    const c = text[i];
    if (c === '#' && (i === 0 || /[\s;|&()]/.test(text[i - 1]))) {
      return { type: 'comment', end: endOfLine(text, i, to) };
    }
    if (c === '\\') {
      return { type: 'skip', length: 2 };
    }
    if (c === "'") {
      return str('', c, SHELL_SQ);
    }
    if (c === '"') {
      return str('', c, SHELL_DQ);
    }
    if (c === '$' && text[i + 1] === "'") {
      return str('$', "'", SHELL_ANSI);
    }
    if (c === '$' && text[i + 1] === '"') {
      return str('$', '"', SHELL_DQ);
    }
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      const m = /^<<(-?)[ \t]*(['"]?)\\?([A-Za-z_][\w.-]*)\2/.exec(text.slice(i, i + 80));
      if (m !== null) {
        const quoted = m[2] !== '' || text[i + 2 + m[1].length] === '\\';
        return {
          type: 'heredoc', length: m[0].length,
          form: {
            kind: quoted ? 'sh-heredoc-raw' : 'sh-heredoc', close: '', multiline: true,
            escape: quoted ? undefined : '\\', holes: quoted ? undefined : SHELL_DQ_HOLES,
            terminator: { word: m[3], indented: m[1] === '-', suffixOk: false },
          },
        };
      }
    }
    return undefined;
  },
};

const PS_SQ: StringForm = { kind: 'ps-sq', close: "'", doubledClose: true, multiline: true };
const PS_HOLES: readonly Hole[] = [{ open: '$(', close: ')' }];
const PS_DQ: StringForm = { kind: 'ps-dq', close: '"', escape: '`', doubledClose: true, multiline: true, holes: PS_HOLES };

const POWERSHELL_LEXER: LexerSpec = {
  triggers: '\'"#<`@',
  code(text, i, to) {
    const c = text[i];
    if (c === '<' && text[i + 1] === '#') {
      return { type: 'comment', end: blockCommentEnd(text, i, to, '<#', '#>', false) };
    }
    if (c === '#') {
      return { type: 'comment', end: endOfLine(text, i, to) };
    }
    if (c === '`') {
      return { type: 'skip', length: 2 };
    }
    if (c === '@' && (text[i + 1] === '"' || text[i + 1] === "'") && /^[ \t]*\r?\n/.test(text.slice(i + 2, i + 40))) {
      const double = text[i + 1] === '"';
      return {
        type: 'heredoc', length: 2,
        form: {
          kind: double ? 'ps-here-dq' : 'ps-here-sq', close: '', multiline: true,
          escape: double ? '`' : undefined, holes: double ? PS_HOLES : undefined,
          terminator: { word: double ? '"@' : "'@", indented: true, suffixOk: true },
        },
      };
    }
    if (c === "'") {
      return str('', c, PS_SQ);
    }
    if (c === '"') {
      return str('', c, PS_DQ);
    }
    return undefined;
  },
};

const LEXERS: Readonly<Record<Family, LexerSpec>> = {
  js: JS_LEXER, python: PYTHON_LEXER, go: GO_LEXER, ruby: RUBY_LEXER, php: PHP_LEXER, java: JAVA_LEXER,
  kotlin: KOTLIN_LEXER, csharp: CSHARP_LEXER, rust: RUST_LEXER, swift: SWIFT_LEXER, dart: DART_LEXER,
  elixir: ELIXIR_LEXER, shell: SHELL_LEXER, powershell: POWERSHELL_LEXER,
};

interface LexedRegion extends Range {
  tokens: Token[];
}

/** Lexes the parts of the file that hold code: the `<script>` blocks of Vue and Svelte files, all of anything else. */
function lexRegions(text: string, languageId: string): LexedRegion[] {
  const family = FAMILIES.get(languageId) as Family;
  const spec = LEXERS[family];
  if (languageId !== 'vue' && languageId !== 'svelte') {
    return [{ start: 0, end: text.length, tokens: lex(text, spec, 0, text.length) }];
  }
  const regions: LexedRegion[] = [];
  const open = /<script\b[^>]*>/gi;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const close = text.slice(start).search(/<\/script\s*>/i);
    const end = close < 0 ? text.length : start + close;
    regions.push({ start, end, tokens: lex(text, spec, start, end) });
    open.lastIndex = end;
  }
  return regions;
}

// ---------------------------------------------------------------------------------------------
// Locating keys
// ---------------------------------------------------------------------------------------------

type Place = { type: 'literal'; literal: Literal } | { type: 'code' } | { type: 'unsupported' };

function locate(tokens: readonly Token[], key: Range): Place {
  let best: Literal | undefined;
  for (const token of tokens) {
    if (token.start >= key.end) {
      break; // sorted by start
    }
    if (token.end <= key.start) {
      continue;
    }
    if (token.type === 'comment' || key.start < token.contentStart || key.end > token.contentEnd) {
      return { type: 'unsupported' }; // in a comment, or across a string's delimiters
    }
    if (best === undefined || token.contentStart >= best.contentStart) {
      best = token; // the innermost: a literal nested in another's interpolation hole
    }
  }
  if (best === undefined) {
    return { type: 'code' };
  }
  if (!best.terminated || best.form.kind === 'opaque') {
    return { type: 'unsupported' };
  }
  const hole = best.holes.find((h) => h.start < key.end && key.start < h.end);
  if (hole !== undefined) {
    // Interpolated code, not text (a literal nested in it would have been the innermost).
    return key.start > hole.start && key.end < hole.end ? { type: 'code' } : { type: 'unsupported' };
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

// ---------------------------------------------------------------------------------------------
// Context around a literal
// ---------------------------------------------------------------------------------------------

interface Ctx {
  text: string;
  family: Family;
  languageId: string;
  variable: string;
  regions: readonly LexedRegion[];
  tokens: readonly Token[];
}

function prevNonSpace(text: string, pos: number): { char: string; index: number } | undefined {
  let j = pos - 1;
  while (j >= 0 && /\s/.test(text[j])) {
    j--;
  }
  return j < 0 ? undefined : { char: text[j], index: j };
}

function prevWord(text: string, pos: number): string {
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
function restOfLine(text: string, pos: number): string {
  return text.slice(pos, endOfLine(text, pos)).replace(/^[ \t]+/, '').replace(/\r$/, '');
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The tokens ending before `pos` and starting at or after `floor` that are not nested in another one. */
function topLevelTokens(tokens: readonly Token[], floor: number, pos: number): Token[] {
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
function walkBack(ctx: Ctx, pos: number, floor: number, visit: (index: number) => boolean): void {
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
function contextPrefixes(ctx: Ctx, literal: Literal): { prefixes: string[]; openers: string[] } {
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
function isDefaultParameter(ctx: Ctx, literal: Literal, bracketKinds: string): boolean {
  const prev = prevNonSpace(ctx.text, literal.start);
  if (prev === undefined || prev.char !== '=' || /[=!<>+\-*/%&|^?:.]/.test(ctx.text[prev.index - 1] ?? '')) {
    return false;
  }
  const { openers } = contextPrefixes(ctx, literal);
  return openers.length > 0 && bracketKinds.includes(openers[0]);
}

/** Another string literal right before or after (implicit concatenation in Python, Ruby, Dart). */
function hasAdjacentLiteral(ctx: Ctx, literal: Literal): boolean {
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
function concatFitsBare(ctx: Ctx, literal: Literal): boolean {
  const { text, family } = ctx;
  const prev = prevNonSpace(text, literal.start);
  const word = prevWord(text, literal.start);
  const prevOk =
    prev === undefined ||
    '([{,=:;?+'.includes(prev.char) ||
    (family !== 'php' && '<>&|'.includes(prev.char)) ||
    (family === 'php' && prev.char === '.') ||
    ['return', 'echo', 'print', 'puts', 'yield', 'await', 'in', 'and', 'or', 'not'].includes(word);
  const rest = restOfLine(text, literal.end);
  const next = rest[0];
  const commentStart = family === 'python' || family === 'ruby' || family === 'php' ? '#' : '//';
  const nextOk =
    next === undefined ||
    ')]},;:+=!<>&|?'.includes(next) ||
    rest.startsWith(commentStart) ||
    (family === 'php' && next === '.' && rest[1] !== '=');
  return prevOk && nextOk;
}

function split(text: string, literal: Literal, keys: readonly Range[]): Array<{ text: string } | { key: Range }> {
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

function isWhole(literal: Literal, keys: readonly Range[]): boolean {
  return (
    keys.length === 1 &&
    keys[0].start === literal.contentStart &&
    keys[0].end === literal.contentEnd &&
    literal.holes.length === 0
  );
}

function replaceLiteral(literal: Literal, text: string): TextChange[] {
  return [{ start: literal.start, end: literal.end, text }];
}

function insertAtKeys(keys: readonly Range[], hole: (key: Range) => string): TextChange[] {
  return keys.map((key) => ({ start: key.start, end: key.end, text: hole(key) }));
}

/** `"Bearer " + expr + "&a=1"`: each text piece keeps the literal's own prefix and quotes. */
function concatenation(
  ctx: Ctx,
  literal: Literal,
  keys: readonly Range[],
  expr: string,
  operator: string,
  raw: boolean,
): TextChange[] | undefined {
  const pieces: string[] = [];
  for (const part of split(ctx.text, literal, keys)) {
    if ('key' in part) {
      pieces.push(expr);
    } else if (part.text !== '') {
      if (raw && /\\$/.test(part.text) && ctx.family === 'python') {
        return undefined; // a raw Python string cannot end in a backslash
      }
      pieces.push(literal.prefix + literal.open + part.text + literal.form.close);
    }
  }
  const joined = pieces.join(` ${operator} `);
  return replaceLiteral(literal, concatFitsBare(ctx, literal) ? joined : `(${joined})`);
}

// ---------------------------------------------------------------------------------------------
// Rewrites per language
// ---------------------------------------------------------------------------------------------

function rewriteLiteral(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  switch (ctx.family) {
    case 'js':
      return rewriteJs(ctx, literal, keys);
    case 'python':
      return rewritePython(ctx, literal, keys);
    case 'go':
      return rewriteGo(ctx, literal, keys);
    case 'ruby':
      return rewriteRuby(ctx, literal, keys);
    case 'php':
      return rewritePhp(ctx, literal, keys);
    case 'java':
      return rewriteJava(ctx, literal, keys);
    case 'kotlin':
      return rewriteKotlin(ctx, literal, keys);
    case 'csharp':
      return rewriteCsharp(ctx, literal, keys);
    case 'rust':
      return rewriteRust(ctx, literal, keys);
    case 'swift':
      return rewriteSwift(ctx, literal, keys);
    case 'dart':
      return rewriteDart(ctx, literal, keys);
    case 'elixir':
      return rewriteElixir(ctx, literal, keys);
    case 'shell':
      return rewriteShell(ctx, literal, keys);
    case 'powershell':
      return rewritePowerShell(ctx, literal, keys);
  }
}

const JS_KEYWORDS = new Set([
  'const', 'let', 'var', 'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw',
  'case', 'do', 'else', 'yield', 'await', 'export', 'default', 'extends', 'implements', 'static',
  'readonly', 'public', 'private', 'protected', 'declare', 'abstract', 'async', 'get', 'set', 'type',
  'interface', 'enum', 'namespace', 'module', 'as', 'satisfies', 'is', 'keyof', 'infer', 'if', 'while',
  'for', 'function', 'class', 'import', 'from',
]);

/** `<Tag a="1" {...rest} b={x} key="…"`: the literal is a JSX attribute value, not a JS string. */
function isJsxAttribute(ctx: Ctx, literal: Literal): boolean {
  const { text, tokens } = ctx;
  const eq = prevNonSpace(text, literal.start);
  if (eq === undefined || eq.char !== '=' || /[=!<>+\-*/%&|^?]/.test(text[eq.index - 1] ?? '')) {
    return false;
  }
  let j = eq.index;
  const readName = (): string => {
    const prev = prevNonSpace(text, j);
    if (prev === undefined) {
      return '';
    }
    let k = prev.index;
    while (k >= 0 && /[\w$.:-]/.test(text[k])) {
      k--;
    }
    const name = text.slice(k + 1, prev.index + 1);
    j = k + 1;
    return name;
  };
  if (readName() === '' || !/\s/.test(text[j - 1] ?? '')) {
    return false;
  }
  const floor = Math.max(0, literal.start - 4000);
  for (let steps = 0; steps < 64 && j > floor; steps++) {
    const prev = prevNonSpace(text, j);
    if (prev === undefined) {
      return false;
    }
    const c = prev.char;
    if (c === '"' || c === "'") {
      const token = tokens.find((t) => t.type === 'literal' && t.end === prev.index + 1);
      if (token === undefined) {
        return false;
      }
      const before = prevNonSpace(text, token.start);
      if (before === undefined || before.char !== '=') {
        return false;
      }
      j = before.index;
      if (readName() === '') {
        return false;
      }
    } else if (c === '}') {
      let depth = 0;
      let open = -1;
      walkBack(ctx, prev.index + 1, floor, (k) => {
        if (text[k] === '}') {
          depth++;
        } else if (text[k] === '{' && --depth === 0) {
          open = k;
          return false;
        }
        return true;
      });
      if (open < 0) {
        return false;
      }
      const before = prevNonSpace(text, open);
      if (before !== undefined && before.char === '=') {
        j = before.index; // `name={…}`
        if (readName() === '') {
          return false;
        }
      } else {
        j = open; // `{...spread}`
      }
    } else if (/[\w$.:-]/.test(c)) {
      const name = readName();
      if (JS_KEYWORDS.has(name)) {
        return false;
      }
      if (text[j - 1] === '<') {
        return true;
      }
    } else {
      return false;
    }
  }
  return false;
}

function rewriteJs(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { text, variable } = ctx;
  const expr = envExpression('js', variable);
  const word = prevWord(text, literal.start);
  if (word === 'from' || word === 'import' || word === 'module') {
    return undefined; // module specifiers must stay literals
  }
  if (literal.form.kind === 'js-template') {
    const prev = prevNonSpace(text, literal.start);
    if (prev !== undefined && /[\w$)\]]/.test(prev.char) && !JS_KEYWORDS.has(word)) {
      return undefined; // a tagged template: the tag would see different strings
    }
    return isWhole(literal, keys) ? replaceLiteral(literal, expr) : insertAtKeys(keys, () => '${' + expr + '}');
  }
  const jsx = ctx.languageId !== 'typescript' && ctx.languageId !== 'vue' && ctx.languageId !== 'svelte' && isJsxAttribute(ctx, literal);
  const member = jsx ? 'no' : jsMemberName(ctx, literal);
  if (member === 'refuse') {
    return undefined;
  }
  let value: string;
  if (isWhole(literal, keys)) {
    value = expr;
  } else {
    const template = toTemplate(text, literal, keys, expr, jsx);
    if (template === undefined) {
      return undefined;
    }
    value = template;
  }
  return replaceLiteral(literal, jsx ? `{${value}}` : member === 'yes' ? `[${value}]` : value);
}

const MEMBER_MODIFIERS = new Set([
  'get', 'set', 'async', 'static', 'readonly', 'public', 'private', 'protected', 'declare', 'abstract',
  'override', 'accessor',
]);

/**
 * Whether the literal names a class or object member (`{ "…": 1 }`, `class A { "…"() {} }`): there it
 * must become a computed name, `[expr]`. Enum members and `export { "…" as x }` only take literals.
 */
function jsMemberName(ctx: Ctx, literal: Literal): 'yes' | 'no' | 'refuse' {
  const { text } = ctx;
  const next = text.slice(literal.end).match(/\S/)?.[0];
  const { prefixes, openers } = contextPrefixes(ctx, literal);
  if (openers[0] !== '{') {
    return 'no';
  }
  if (/\benum\s+[\w$]+\s*\{$/.test(prefixes[1] ?? '') || /(^|[\s;])(import|export)(\s+type)?\s*\{$/.test(prefixes[1] ?? '')) {
    return 'refuse'; // enum members and module export names only take literals
  }
  const prev = prevNonSpace(text, literal.start);
  const atMemberStart =
    prev === undefined || '{,;}*'.includes(prev.char) || MEMBER_MODIFIERS.has(prevWord(text, literal.start));
  if (!atMemberStart) {
    return 'no';
  }
  const classBody = /\bclass\b[^{}]*\{$/.test(prefixes[1] ?? '');
  return classBody || (next !== undefined && ':(=;?!<'.includes(next)) ? 'yes' : 'no';
}

/** Turns a '…' or "…" string into a template literal with `${expr}` at each key. */
function toTemplate(text: string, literal: Literal, keys: readonly Range[], expr: string, jsx: boolean): string | undefined {
  let out = '`';
  for (const part of split(text, literal, keys)) {
    if ('key' in part) {
      out += '${' + expr + '}';
      continue;
    }
    const s = part.text;
    if (jsx && /&#?\w+;/.test(s)) {
      return undefined; // JSX decodes entities in attribute strings, template literals do not
    }
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') {
        if (jsx) {
          out += '\\\\'; // JSX attribute strings have no escapes
          continue;
        }
        const next = s[i + 1] ?? '';
        if (/[1-9]/.test(next) || (next === '0' && /[0-9]/.test(s[i + 2] ?? ''))) {
          return undefined; // legacy octal escapes are a syntax error in template literals
        }
        out += c + next;
        i++;
      } else if (c === '`') {
        out += '\\`';
      } else if (c === '$' && s[i + 1] === '{') {
        out += '\\$';
      } else {
        out += c;
      }
    }
  }
  return out + '`';
}

function rewritePython(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { text, variable } = ctx;
  const { prefixes } = contextPrefixes(ctx, literal);
  if (/^\s*case\b/.test(prefixes[0])) {
    return undefined; // match/case patterns only take literals and dotted names
  }
  const flags = literal.prefix.toLowerCase();
  const quote = literal.open[0] as Quote;
  const other: Quote = quote === '"' ? "'" : '"';
  const adjacent = hasAdjacentLiteral(ctx, literal);
  if (flags.includes('b')) {
    if (adjacent) {
      return undefined;
    }
    const expr = envExpression('python', variable) + '.encode()';
    return isWhole(literal, keys)
      ? replaceLiteral(literal, expr)
      : concatenation(ctx, literal, keys, expr, '+', flags.includes('r'));
  }
  if (isWhole(literal, keys) && !adjacent) {
    return replaceLiteral(literal, envExpression('python', variable));
  }
  // Before Python 3.12 an f-string expression cannot reuse the string's own quote character.
  const hole = '{' + envExpression('python', variable, other) + '}';
  if (flags.includes('f')) {
    return insertAtKeys(keys, () => hole);
  }
  const raw = flags.includes('r');
  const prefix = literal.prefix.replace(/[uU]/, '') + 'f';
  let out = prefix + literal.open;
  for (const part of split(text, literal, keys)) {
    if ('key' in part) {
      out += hole;
      continue;
    }
    const s = part.text;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\\' && !raw) {
        if (s[i + 1] === 'N' && s[i + 2] === '{') {
          const close = s.indexOf('}', i);
          if (close < 0) {
            return undefined;
          }
          out += s.slice(i, close + 1); // `\N{NAME}` keeps its braces in an f-string
          i = close;
        } else {
          out += s.slice(i, i + 2);
          i++;
        }
      } else if (c === '{' || c === '}') {
        out += c + c;
      } else {
        out += c;
      }
    }
  }
  return replaceLiteral(literal, out + literal.form.close);
}

function rewriteGo(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { prefixes } = contextPrefixes(ctx, literal);
  if (prefixes.some((p) => /(^|[\s;(])const\b/.test(p))) {
    return undefined; // os.Getenv is not a constant expression
  }
  const prev = prevNonSpace(ctx.text, literal.start);
  const word = prevWord(ctx.text, literal.start);
  if (prev !== undefined && (/[\w\]*]/.test(prev.char) && !['return', 'case', 'go', 'defer'].includes(word))) {
    return undefined; // a struct tag
  }
  const expr = envExpression('go', ctx.variable);
  return isWhole(literal, keys) ? replaceLiteral(literal, expr) : concatenation(ctx, literal, keys, expr, '+', false);
}

function rewriteRuby(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { text } = ctx;
  if (text[literal.start - 1] === ':' || (text[literal.end] === ':' && text[literal.end + 1] !== ':')) {
    return undefined; // a symbol (`:"…"`, `"…": value`)
  }
  const expr = envExpression('ruby', ctx.variable);
  const kind = literal.form.kind;
  const interpolating = kind === 'rb-dq' || kind === 'rb-heredoc';
  const adjacent = hasAdjacentLiteral(ctx, literal);
  if (isWhole(literal, keys) && !adjacent && (kind === 'rb-sq' || (kind === 'rb-dq' && literal.open === '"'))) {
    return replaceLiteral(literal, expr);
  }
  if (interpolating) {
    return insertAtKeys(keys, () => `#{${expr}}`);
  }
  if (kind === 'rb-sq' && !adjacent) {
    return concatenation(ctx, literal, keys, expr, '+', false);
  }
  return undefined;
}

function rewritePhp(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  if (literal.form.kind !== 'php') {
    return undefined; // heredocs interpolate variables only; backticks run a shell
  }
  const { prefixes } = contextPrefixes(ctx, literal);
  if (
    prefixes.some((p) => /^\s*((public|private|protected|var|static|readonly|final|const)\s+)+/.test(p) || /\bconst\b/.test(p)) ||
    isDefaultParameter(ctx, literal, '(')
  ) {
    return undefined; // property defaults, constants and parameter defaults must be constant expressions
  }
  const expr = envExpression('php', ctx.variable);
  return isWhole(literal, keys) ? replaceLiteral(literal, expr) : concatenation(ctx, literal, keys, expr, '.', false);
}

const ANNOTATION_OPENER = /@[\w.]+\s*\($/;

function rewriteJava(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { prefixes } = contextPrefixes(ctx, literal);
  if (literal.form.kind !== 'java' || prefixes.some((p) => ANNOTATION_OPENER.test(p) || /^\s*@/.test(p)) || /\bcase\b[^:>]*$/.test(prefixes[0])) {
    return undefined; // annotation values and case labels must be constants; text blocks are left alone
  }
  const expr = envExpression('java', ctx.variable);
  return isWhole(literal, keys) ? replaceLiteral(literal, expr) : concatenation(ctx, literal, keys, expr, '+', false);
}

function rewriteKotlin(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { prefixes } = contextPrefixes(ctx, literal);
  if (prefixes.some((p) => /\bconst\s+val\b/.test(p) || ANNOTATION_OPENER.test(p) || /^\s*@/.test(p))) {
    return undefined;
  }
  const expr = envExpression('kotlin', ctx.variable);
  return isWhole(literal, keys) ? replaceLiteral(literal, expr) : insertAtKeys(keys, () => '${' + expr + '}');
}

function rewriteCsharp(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { text } = ctx;
  const { prefixes } = contextPrefixes(ctx, literal);
  if (
    prefixes.some((p) => /\bconst\b/.test(p) || /^\s*\[/.test(p)) ||
    /\bcase\b[^:]*$/.test(prefixes[0]) ||
    prevWord(text, literal.start) === 'is' ||
    restOfLine(text, literal.end).startsWith('=>') ||
    isDefaultParameter(ctx, literal, '(')
  ) {
    return undefined; // constants, attributes, case labels, patterns and parameter defaults need literals
  }
  const expr = envExpression('csharp', ctx.variable);
  if (isWhole(literal, keys)) {
    return replaceLiteral(literal, expr);
  }
  if (literal.form.kind === 'cs-raw') {
    return undefined;
  }
  return concatenation(ctx, literal, keys, expr, '+', false);
}

function rewriteRust(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { text } = ctx;
  const { prefixes } = contextPrefixes(ctx, literal);
  const prev = prevNonSpace(text, literal.start);
  if (
    literal.form.kind !== 'rust' ||
    prefixes.some((p) => /^\s*(pub(\([^)]*\))?\s+)?(const|static)\b/.test(p) || /^\s*#!?\[/.test(p)) ||
    restOfLine(text, literal.end).startsWith('=>') ||
    (prev !== undefined && '([{'.includes(prev.char) && prevNonSpace(text, prev.index)?.char === '!')
  ) {
    return undefined; // consts, attributes, match patterns and macro arguments (format strings) need literals
  }
  // A literal is a `&str`; the read is a `String`. Borrowing it fits where the literal stood in
  // `let` (the temporary lives as long as the binding), in arguments, struct fields and behind
  // `: &str`; the owned value fits before a method call and inside `String::from(…)`. A returned
  // `&str` (`return "…"`, `{ "…" }`) fits neither without changing the signature or other branches.
  const rest = restOfLine(text, literal.end);
  if (prevWord(text, literal.start) === 'return' || (prev?.char === '{' && /^\s*\}/.test(text.slice(literal.end, literal.end + 200)))) {
    return undefined;
  }
  const before = text.slice(Math.max(0, literal.start - 40), literal.start);
  const owned = rest.startsWith('.') || /(String::from|format!|Into::into)\s*\(\s*$/.test(before);
  // A borrow lives until the end of the statement: it cannot be stored by a collection method or
  // inside a macro such as `vec![…]`, where an owned `String` would not type-check either.
  if (!owned && prefixes.slice(1).some((p) => /(\.(insert|push|push_back|push_front|entry|extend|add|append)\s*|!\s*)[([{]$/.test(p))) {
    return undefined;
  }
  const borrow = owned ? '' : '&';
  const expr = envExpression('rust', ctx.variable);
  if (isWhole(literal, keys)) {
    return replaceLiteral(literal, borrow + expr);
  }
  let format = '';
  for (const part of split(text, literal, keys)) {
    format += 'key' in part ? '{}' : part.text.replace(/[{}]/g, (b) => b + b);
  }
  const args = keys.map(() => expr).join(', ');
  return replaceLiteral(literal, `${borrow}format!(${literal.prefix}${literal.open}${format}${literal.form.close}, ${args})`);
}

function rewriteSwift(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { prefixes } = contextPrefixes(ctx, literal);
  if (prefixes.some((p) => /^\s*@/.test(p))) {
    return undefined; // attribute arguments must be literals
  }
  const expr = envExpression('swift', ctx.variable);
  if (isWhole(literal, keys)) {
    return replaceLiteral(literal, expr);
  }
  return insertAtKeys(keys, () => '\\' + literal.prefix + '(' + expr + ')');
}

function rewriteDart(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { prefixes, openers } = contextPrefixes(ctx, literal);
  const namedParameter =
    openers[0] === '{' &&
    isDefaultParameter(ctx, literal, '{') &&
    /[(,]\s*\{$/.test(prefixes[1] ?? '');
  if (
    prefixes.some((p) => /\bconst\b/.test(p) || ANNOTATION_OPENER.test(p) || /^\s*@/.test(p)) ||
    /\bcase\b[^:]*$/.test(prefixes[0]) ||
    isDefaultParameter(ctx, literal, '([') ||
    namedParameter
  ) {
    return undefined; // const contexts, annotations, case labels and parameter defaults need constants
  }
  const quote = literal.open[0] as Quote;
  const other: Quote = quote === '"' ? "'" : '"';
  const adjacent = hasAdjacentLiteral(ctx, literal);
  if (isWhole(literal, keys) && !adjacent) {
    return replaceLiteral(literal, envExpression('dart', ctx.variable));
  }
  if (literal.form.kind === 'dart') {
    return insertAtKeys(keys, () => '${' + envExpression('dart', ctx.variable, other) + '}');
  }
  return adjacent ? undefined : concatenation(ctx, literal, keys, envExpression('dart', ctx.variable), '+', false);
}

function rewriteElixir(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { text } = ctx;
  const { prefixes, openers } = contextPrefixes(ctx, literal);
  if (
    text[literal.start - 1] === ':' ||
    (text[literal.end] === ':' && /\s/.test(text[literal.end + 1] ?? ' ')) ||
    restOfLine(text, literal.end).startsWith('->') ||
    (openers[0] === '(' && /^\s*defp?\s/.test(prefixes[1] ?? '') && !/\\\\\s*$/.test(prefixes[0]))
  ) {
    return undefined; // atoms, keyword keys and patterns cannot hold a function call (`\\` defaults can)
  }
  const expr = envExpression('elixir', ctx.variable);
  if (isWhole(literal, keys)) {
    return replaceLiteral(literal, literal.form.kind === 'ex-sq' ? `String.to_charlist(${expr})` : expr);
  }
  return insertAtKeys(keys, () => `#{${expr}}`);
}

/** `$X`, or `${X}` when the next character would otherwise extend the name. */
function shellReference(text: string, key: Range, name: string, braced: (n: string) => string): string {
  return isWordChar(text[key.end]) || text[key.end] === ':' || text[key.end] === '?' ? braced(name) : '$' + name;
}

function rewriteShell(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { text, variable } = ctx;
  const kind = literal.form.kind;
  if (kind === 'sh-heredoc-raw') {
    return undefined;
  }
  if (isWhole(literal, keys) && kind !== 'sh-heredoc') {
    return replaceLiteral(literal, `"$${variable}"`);
  }
  if (kind === 'sh-dq' || kind === 'sh-heredoc') {
    return insertAtKeys(keys, (key) => shellReference(text, key, variable, (n) => '${' + n + '}'));
  }
  // Single quotes expand nothing: close them, splice in a double-quoted read, reopen.
  let out = '';
  for (const part of split(text, literal, keys)) {
    if ('key' in part) {
      out += `"$${variable}"`;
    } else if (part.text !== '') {
      out += literal.prefix + literal.open + part.text + literal.form.close;
    }
  }
  return replaceLiteral(literal, out);
}

function rewritePowerShell(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | undefined {
  const { text, variable } = ctx;
  const kind = literal.form.kind;
  const expr = envExpression('powershell', variable);
  if (isWhole(literal, keys) && (kind === 'ps-sq' || kind === 'ps-dq')) {
    return replaceLiteral(literal, expr);
  }
  if (kind === 'ps-dq' || kind === 'ps-here-dq') {
    return insertAtKeys(keys, (key) => shellReference(text, key, `env:${variable}`, (n) => '${' + n + '}'));
  }
  if (kind !== 'ps-sq') {
    return undefined;
  }
  // A single-quoted string expands nothing: rewrite it as a double-quoted one.
  let out = '"';
  for (const part of split(text, literal, keys)) {
    if ('key' in part) {
      out += shellReference(text, part.key, `env:${variable}`, (n) => '${' + n + '}');
    } else {
      out += part.text.replace(/''/g, "'").replace(/[`"$\u201c\u201d\u201e]/g, (c) => '`' + c);
    }
  }
  return replaceLiteral(literal, out + '"');
}

/** A key outside any string: only shells have unquoted words worth rewriting (`KEY=sk_…`). */
function rewriteBare(ctx: Ctx, key: Range): TextChange | undefined {
  const { text, family, variable } = ctx;
  if (family === 'shell') {
    return { start: key.start, end: key.end, text: `"$${variable}"` };
  }
  if (family === 'powershell') {
    const before = text[key.start - 1] ?? ' ';
    const after = text[key.end] ?? ' ';
    if (/[\s=(,]/.test(before) && /[\s);,]/.test(after)) {
      return { start: key.start, end: key.end, text: `$env:${variable}` };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Imports
// ---------------------------------------------------------------------------------------------

/** The import the expression needs, undefined when none is needed, null when it cannot be added. */
function importFor(ctx: Ctx): TextChange | undefined | null {
  switch (ctx.family) {
    case 'python':
      return pythonImport(ctx);
    case 'go':
      return goImport(ctx.text);
    case 'dart':
      return dartImport(ctx.text);
    case 'swift':
      return swiftImport(ctx.text);
    case 'csharp':
      return csharpImport(ctx.text);
    default:
      return undefined;
  }
}

interface Line {
  start: number;
  end: number;
  next: number;
  text: string;
}

function lineAt(text: string, start: number): Line {
  const end = endOfLine(text, start);
  return { start, end, next: Math.min(text.length, end + 1), text: text.slice(start, end).replace(/\r$/, '') };
}

function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Where an import goes when there is none yet: after the file's header comment if a blank line ends it
 * (a comment directly above code belongs to that code), and never above a shebang or encoding line.
 */
function afterHeader(text: string, isComment: (line: string) => boolean): number {
  let pos = 0;
  let afterBlank = -1;
  let afterDirectives = 0;
  for (let index = 0; pos < text.length; index++) {
    const line = lineAt(text, pos);
    if (/^\s*$/.test(line.text)) {
      afterBlank = line.next;
    } else if (isComment(line.text)) {
      if ((index === 0 && line.text.startsWith('#!')) || (index <= 1 && /coding[:=]/.test(line.text))) {
        afterDirectives = line.next;
      }
    } else {
      break;
    }
    pos = line.next;
  }
  return Math.max(afterBlank, afterDirectives);
}

/** Inserts `line` at `pos` as its own line, followed by a blank line unless the next line is blank or `tight`. */
function insertLine(text: string, pos: number, line: string, tight: boolean): TextChange {
  const nl = newlineOf(text);
  if (pos >= text.length) {
    const needsBreak = text.length > 0 && !text.endsWith('\n');
    return { start: text.length, end: text.length, text: (needsBreak ? nl : '') + line + nl };
  }
  const nextBlank = /^\s*$/.test(lineAt(text, pos).text);
  return { start: pos, end: pos, text: line + nl + (tight || nextBlank ? '' : nl) };
}

/** A top-level `import os` (or `import x, os.path`), not one quoted in a docstring. */
function pythonImportsOs(text: string, tokens: readonly Token[]): boolean {
  const re = /^import[ \t]+([^\n#;]+)/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const at = m.index;
    const quoted = tokens.some((t) => t.start < at && at < t.end);
    if (!quoted && m[1].split(',').some((item) => /^os(\.[\w.]+)?$/.test(item.trim()))) {
      return true;
    }
  }
  return false;
}

function pythonImport(ctx: Ctx): TextChange | undefined {
  const { text, tokens } = ctx;
  if (pythonImportsOs(text, tokens)) {
    return undefined;
  }
  const skipQuiet = (from: number): number => {
    let p = from;
    while (p < text.length && /^\s*(#.*)?$/.test(lineAt(text, p).text)) {
      p = lineAt(text, p).next;
    }
    return p;
  };
  // After the header, the module docstring and `from __future__` imports, which must come first.
  let pos = afterHeader(text, (line) => /^\s*#/.test(line));
  const firstCode = skipQuiet(pos);
  const docstring = tokens.find((t) => t.type === 'literal' && t.start === firstCode && t.form.kind === 'py');
  if (docstring !== undefined && /^\s*(#.*)?$/.test(lineAt(text, lineStart(text, docstring.end)).text.slice(docstring.end - lineStart(text, docstring.end)))) {
    pos = skipQuiet(lineAt(text, docstring.end).next);
  }
  while (/^from[ \t]+__future__[ \t]+import\b/.test(lineAt(text, skipQuiet(pos)).text)) {
    pos = skipQuiet(lineAt(text, skipQuiet(pos)).next);
  }
  const code = skipQuiet(pos);
  if (code < text.length && /^(import|from)[ \t]/.test(lineAt(text, code).text)) {
    // Join the import block, in alphabetical order among its leading plain `import x` lines.
    let at = code;
    while (at < text.length) {
      const m = /^import[ \t]+([\w.]+)/.exec(lineAt(text, at).text);
      if (m === null || m[1] > 'os') {
        break;
      }
      at = lineAt(text, at).next;
    }
    return insertLine(text, at, 'import os', true);
  }
  return insertLine(text, pos, 'import os', false);
}

function goImport(text: string): TextChange | undefined | null {
  const spec = /^\s*(?:os[ \t]+)?"os"[ \t]*(?:\/\/.*)?$/;
  const block = /^import[ \t]*\(/m.exec(text);
  const lines: Line[] = [];
  if (block !== null) {
    let pos = lineAt(text, block.index).next;
    while (pos < text.length) {
      const line = lineAt(text, pos);
      if (/^\s*\)/.test(line.text)) {
        break;
      }
      lines.push(line);
      pos = line.next;
    }
  }
  if (lines.some((l) => spec.test(l.text)) || /^import[ \t]+(?:os[ \t]+)?"os"/m.test(text)) {
    return undefined;
  }
  const nl = newlineOf(text);
  if (block !== null) {
    const first = lines.find((l) => /"/.test(l.text));
    const indent = first === undefined ? '\t' : (/^\s*/.exec(first.text) as RegExpExecArray)[0];
    let at = lines.length > 0 ? lines[0].start : lineAt(text, block.index).next;
    for (const line of lines) {
      const m = /^\s*(?:[\w.]+[ \t]+)?"([^"]+)"/.exec(line.text);
      if (/^\s*$/.test(line.text) || (m !== null && m[1] > 'os')) {
        at = line.start;
        break;
      }
      at = line.next;
    }
    return { start: at, end: at, text: `${indent}"os"${nl}` };
  }
  const single = /^import[ \t]+/m.exec(text);
  if (single !== null) {
    return { start: single.index, end: single.index, text: `import "os"${nl}` };
  }
  const pkg = /^package[ \t]+\w+[^\n]*/m.exec(text);
  if (pkg === null) {
    return null;
  }
  const end = pkg.index + pkg[0].replace(/\r$/, '').length;
  return { start: end, end, text: `${nl}${nl}import "os"` };
}

function dartImport(text: string): TextChange | undefined | null {
  if (/^\s*import\s+['"]dart:io['"]\s*(show[^;]*\bPlatform\b[^;]*)?;/m.test(text)) {
    return undefined;
  }
  if (/^\s*part\s+of\b/m.test(text)) {
    return null; // a part file takes its imports from the library; it cannot add one
  }
  const nl = newlineOf(text);
  const first = /^import\s/m.exec(text);
  if (first !== null) {
    let at = first.index;
    for (let line = lineAt(text, at); at < text.length; line = lineAt(text, at)) {
      const m = /^import\s+['"]dart:(\w+)/.exec(line.text);
      if (m === null || m[1] > 'io') {
        break;
      }
      at = line.next;
    }
    return { start: at, end: at, text: `import 'dart:io';${nl}` };
  }
  const library = /^library\b[^;]*;[^\n]*/m.exec(text);
  if (library !== null) {
    const end = library.index + library[0].replace(/\r$/, '').length;
    return { start: end, end, text: `${nl}${nl}import 'dart:io';` };
  }
  return insertLine(text, afterHeader(text, (l) => /^\s*\/\//.test(l)), "import 'dart:io';", false);
}

function swiftImport(text: string): TextChange | undefined {
  if (/^\s*(@\w+\s+)*import\s+(Foundation|UIKit|AppKit|SwiftUI|Cocoa|WatchKit)\b/m.test(text)) {
    return undefined; // ProcessInfo comes with Foundation, which these re-export
  }
  const first = /^import\s/m.exec(text);
  if (first !== null) {
    return insertLine(text, first.index, 'import Foundation', true);
  }
  return insertLine(text, afterHeader(text, (l) => /^\s*\/\//.test(l)), 'import Foundation', false);
}

function csharpImport(text: string): TextChange | undefined {
  if (/^\s*(global\s+)?using\s+System\s*;/m.test(text)) {
    return undefined;
  }
  const first = /^([ \t]*)(global\s+)?using\s+(static\s+)?[\w.]+\s*(=\s*[\w.<>]+\s*)?;/m.exec(text);
  if (first !== null) {
    return insertLine(text, first.index, `${first[1]}using System;`, true);
  }
  return insertLine(text, afterHeader(text, (l) => /^\s*(\/\/|#)/.test(l)), 'using System;', false);
}

// ---------------------------------------------------------------------------------------------
// Checking a plan
// ---------------------------------------------------------------------------------------------

function sortChanges(changes: readonly TextChange[]): TextChange[] | undefined {
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
function keepsStructure(
  text: string,
  languageId: string,
  before: readonly LexedRegion[],
  changes: readonly TextChange[],
): boolean {
  const after = applyChanges(text, changes);
  const now = lexRegions(after, languageId);
  if (before.length !== now.length) {
    return false;
  }
  const newRanges: Range[] = [];
  let delta = 0;
  for (const c of changes) {
    newRanges.push({ start: c.start + delta, end: c.start + delta + c.text.length });
    delta += c.text.length - (c.end - c.start);
  }
  const map = (pos: number): number => {
    let d = 0;
    for (const c of changes) {
      if (c.end <= pos) {
        d += c.text.length - (c.end - c.start);
      }
    }
    return pos + d;
  };
  const touched = (t: Range, ranges: readonly Range[]): Range | undefined =>
    ranges.find((r) => t.start < r.end && r.start < t.end && !(t.start < r.start && r.end < t.end));
  const oldKept: string[] = [];
  for (const t of before.flatMap((r) => r.tokens)) {
    if (touched(t, changes) === undefined) {
      oldKept.push(`${t.type}:${map(t.start)}:${map(t.end)}:${t.terminated}`);
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
