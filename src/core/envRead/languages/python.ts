// Python: `os.environ["X"]`, with `import os` added (before the first read) when missing.
import { concatenation, contextPrefixes, hasAdjacentLiteral, insertAtKeys, isWhole, lineStart, replaceLiteral, restOfLine, split } from '../context';
import { afterHeader, insertLine, lineAt } from '../imports';
import { endOfLine, isWordChar, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, LanguageSpec, LexerSpec, Literal, Quote, Range, Refusal, TextChange, Token } from '../types';

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

/** The quote characters of the f-strings whose `{…}` holes the literal sits in (innermost last). */
function enclosingQuotes(ctx: Ctx, literal: Literal): string[] {
  return ctx.tokens
    .filter((t): t is Literal => t.type === 'literal' && t !== literal && t.holes.some((h) => h.start < literal.start && literal.end <= h.end))
    .map((t) => t.open[0]);
}

/** A docstring: a string statement that is the first thing in a module, class or function body. */
function isDocstring(ctx: Ctx, literal: Literal): boolean {
  const { text } = ctx;
  if (!/^[ \t]*$/.test(text.slice(lineStart(text, literal.start), literal.start))) {
    return false;
  }
  if (!/^\s*(#.*)?$/.test(restOfLine(text, literal.end))) {
    return false;
  }
  // The code line before it (skipping blank and comment lines) ends a `def`/`class` header, or there is none.
  let pos = lineStart(text, literal.start);
  while (pos > 0) {
    const start = lineStart(text, pos - 1);
    const line = text.slice(start, pos - 1).replace(/\r$/, '');
    if (!/^\s*(#.*)?$/.test(line)) {
      return /:\s*(#.*)?$/.test(line) && /^\s*(async\s+def|def|class)\b/.test(line);
    }
    pos = start;
  }
  return true;
}

// `os.environ.get("OTHER", "<key>")` / `os.getenv("OTHER", "<key>")`: the key is only a fallback.
const ENV_GET_CALL = /(?:\bos\s*\.\s*environ\s*\.\s*get|\bos\s*\.\s*getenv)\s*\(\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*,\s*$/;

/**
 * A key that is the default of another variable's read must stay lazy: an eager `os.environ["X"]`
 * there would raise even when OTHER is set. The call becomes a conditional with the same meaning.
 */
function rewriteEnvDefault(ctx: Ctx, literal: Literal): TextChange[] | undefined {
  const { text, variable } = ctx;
  const before = text.slice(Math.max(0, literal.start - 200), literal.start);
  const m = ENV_GET_CALL.exec(before);
  const after = /^\s*\)/.exec(text.slice(literal.end, literal.end + 40));
  if (m === null || after === null) {
    return undefined;
  }
  const callStart = literal.start - before.length + m.index;
  const q = m[1];
  const other = `${q}${m[2]}${q}`;
  const read = `(os.environ[${other}] if ${other} in os.environ else ${envExpression(variable, q as Quote)})`;
  return [{ start: callStart, end: literal.end + after[0].length, text: read }];
}

function rewritePython(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { variable } = ctx;
  const { prefixes } = contextPrefixes(ctx, literal);
  if (/^\s*case\b/.test(prefixes[0])) {
    return refuse('match/case patterns only take literals and dotted names');
  }
  if (isDocstring(ctx, literal)) {
    return refuse('the key is in a docstring: an f-string there is no docstring any more (`__doc__` becomes None); remove the key from the documentation by hand');
  }
  const flags = literal.prefix.toLowerCase();
  const quote = literal.open[0] as Quote;
  // Before Python 3.12 an f-string expression cannot reuse the quote of any f-string it sits in.
  const outer = enclosingQuotes(ctx, literal);
  const free = (['"', "'"] as Quote[]).filter((q) => !outer.includes(q));
  if (free.length === 0) {
    return refuse('the key is nested in f-strings that use both quote characters');
  }
  const plainQuote: Quote = free[0];
  const adjacent = hasAdjacentLiteral(ctx, literal);
  if (isWhole(literal, keys) && !adjacent && outer.length === 0 && !flags.includes('b')) {
    const lazy = rewriteEnvDefault(ctx, literal);
    if (lazy !== undefined) {
      return lazy;
    }
  }
  if (flags.includes('b')) {
    if (adjacent) {
      return refuse('an adjacent bytes literal would join the read, not the text');
    }
    const expr = envExpression(variable, plainQuote) + '.encode()';
    return isWhole(literal, keys)
      ? replaceLiteral(literal, expr)
      : concatenation(ctx, literal, keys, expr, '+', flags.includes('r'));
  }
  if (isWhole(literal, keys) && !adjacent) {
    return replaceLiteral(literal, envExpression(variable, plainQuote));
  }
  const holeQuotes = free.filter((q) => q !== quote);
  if (holeQuotes.length === 0) {
    return refuse('inside this f-string no quote character is left for the read');
  }
  const hole = '{' + envExpression(variable, holeQuotes[0]) + '}';
  if (flags.includes('f')) {
    return insertAtKeys(keys, () => hole);
  }
  return toFString(ctx, literal, keys, hole);
}

// The literal made an f-string with `hole` (the read) at each key.
function toFString(ctx: Ctx, literal: Literal, keys: readonly Range[], hole: string): TextChange[] | Refusal {
  const raw = literal.prefix.toLowerCase().includes('r');
  let out = literal.prefix.replace(/[uU]/, '') + 'f' + literal.open;
  for (const part of split(ctx.text, literal, keys)) {
    if ('key' in part) {
      out += hole;
      continue;
    }
    const text = fStringText(part.text, raw);
    if (typeof text !== 'string') {
      return text;
    }
    out += text;
  }
  return replaceLiteral(literal, out + literal.form.close);
}

// Literal text as it reads inside an f-string: braces doubled, escapes (and `\N{NAME}` whole) kept.
function fStringText(s: string, raw: boolean): string | Refusal {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && !raw) {
      if (s[i + 1] === 'N' && s[i + 2] === '{') {
        const close = s.indexOf('}', i);
        if (close < 0) {
          return refuse('an unterminated \\N{…} escape');
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
  return out;
}

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

function envExpression(v: string, quote?: Quote): string {
  const q = quote ?? '"';
  return `os.environ[${q}${v}${q}]`;
}

export const pythonSpec: LanguageSpec = {
  name: 'python',
  languageIds: ['python'],
  lexer: PYTHON_LEXER,
  lineComment: '#',
  envExpression,
  rewriteLiteral: rewritePython,
  importFor: pythonImport,
  importBeforeReads: true,
};
