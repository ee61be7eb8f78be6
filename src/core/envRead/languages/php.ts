// PHP: `getenv('X')`.
import { concatenation, contextPrefixes, isDefaultParameter, isWhole, replaceLiteral } from '../context';
import { blockCommentEnd, endOfLine, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, Hole, LanguageSpec, LexerSpec, Literal, Range, Refusal, StringForm, TextChange } from '../types';

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

function rewritePhp(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  if (literal.form.kind !== 'php') {
    return refuse('heredocs interpolate variables only; backticks run a shell');
  }
  const { prefixes } = contextPrefixes(ctx, literal);
  if (
    prefixes.some((p) => /^\s*((public|private|protected|var|static|readonly|final|const)\s+)+/.test(p) || /\bconst\b/.test(p)) ||
    isDefaultParameter(ctx, literal, '(')
  ) {
    return refuse('property defaults, constants and parameter defaults must be constant expressions');
  }
  const expr = envExpression(ctx.variable);
  return isWhole(literal, keys) ? replaceLiteral(literal, expr) : concatenation(ctx, literal, keys, expr, '.', false);
}

function envExpression(v: string): string {
  // getenv() returns false when unset; a throw expression (PHP 8) makes that loud.
  return `(getenv('${v}') ?: throw new \\RuntimeException('${v} is not set'))`;
}

export const phpSpec: LanguageSpec = {
  name: 'php',
  languageIds: ['php'],
  lexer: PHP_LEXER,
  lineComment: '#',
  envExpression,
  displayRead: (v) => `getenv('${v}')`,
  rewriteLiteral: rewritePhp,
};
