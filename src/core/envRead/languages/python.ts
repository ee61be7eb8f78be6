// Python: `os.environ["X"]`, with `import os` added (before the first read) when missing.
import { concatenation, contextPrefixes, hasAdjacentLiteral, insertAtKeys, isWhole, lineStart, replaceLiteral, split } from '../context';
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

function rewritePython(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { text, variable } = ctx;
  const { prefixes } = contextPrefixes(ctx, literal);
  if (/^\s*case\b/.test(prefixes[0])) {
    return refuse('match/case patterns only take literals and dotted names');
  }
  const flags = literal.prefix.toLowerCase();
  const quote = literal.open[0] as Quote;
  const other: Quote = quote === '"' ? "'" : '"';
  const adjacent = hasAdjacentLiteral(ctx, literal);
  if (flags.includes('b')) {
    if (adjacent) {
      return refuse('an adjacent bytes literal would join the read, not the text');
    }
    const expr = envExpression(variable) + '.encode()';
    return isWhole(literal, keys)
      ? replaceLiteral(literal, expr)
      : concatenation(ctx, literal, keys, expr, '+', flags.includes('r'));
  }
  if (isWhole(literal, keys) && !adjacent) {
    return replaceLiteral(literal, envExpression(variable));
  }
  // Before Python 3.12 an f-string expression cannot reuse the string's own quote character.
  const hole = '{' + envExpression(variable, other) + '}';
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
  }
  return replaceLiteral(literal, out + literal.form.close);
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
