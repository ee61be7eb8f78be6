// Ruby: `ENV.fetch("X")`, which raises KeyError when the variable is missing.
import { concatenation, hasAdjacentLiteral, insertAtKeys, isWhole, replaceLiteral } from '../context';
import { endOfLine, isWordChar, regexAllowed, regexEnd, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, Hole, LanguageSpec, LexerSpec, Literal, Range, Refusal, StringForm, TextChange } from '../types';

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

function rewriteRuby(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { text } = ctx;
  if (text[literal.start - 1] === ':' || (text[literal.end] === ':' && text[literal.end + 1] !== ':')) {
    return refuse('a symbol (`:"…"`, `"…": value`)');
  }
  const expr = envExpression(ctx.variable);
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
  return refuse('this string form (a non-interpolating heredoc, %q(), or one joined to an adjacent literal) cannot hold the read');
}

function envExpression(v: string): string {
  return `ENV.fetch("${v}")`;
}

export const rubySpec: LanguageSpec = {
  name: 'ruby',
  languageIds: ['ruby'],
  lexer: RUBY_LEXER,
  lineComment: '#',
  envExpression,
  rewriteLiteral: rewriteRuby,
};
