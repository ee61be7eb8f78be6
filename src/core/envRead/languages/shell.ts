// Shell scripts: `"${X:?X is not set}"`.
import { insertAtKeys, isWhole, replaceLiteral, split } from '../context';
import { endOfLine, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, Hole, LanguageSpec, LexerSpec, Literal, Range, Refusal, StringForm, TextChange } from '../types';

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

function rewriteShell(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { text, variable } = ctx;
  const kind = literal.form.kind;
  const read = shellRead(variable);
  if (kind === 'sh-heredoc-raw') {
    return refuse('a quoted heredoc expands nothing');
  }
  if (isWhole(literal, keys) && kind !== 'sh-heredoc') {
    return replaceLiteral(literal, `"${read}"`);
  }
  if (kind === 'sh-dq' || kind === 'sh-heredoc') {
    return insertAtKeys(keys, () => read);
  }
  // Single quotes expand nothing: close them, splice in a double-quoted read, reopen.
  let out = '';
  for (const part of split(text, literal, keys)) {
    if ('key' in part) {
      out += `"${read}"`;
    } else if (part.text !== '') {
      out += literal.prefix + literal.open + part.text + literal.form.close;
    }
  }
  return replaceLiteral(literal, out);
}

/** `${X:?X is not set}`: braced, so no following character extends the name, and a missing (or empty) variable stops the script. */
function shellRead(v: string): string {
  return '${' + v + ':?' + v + ' is not set}';
}

function envExpression(v: string): string {
  return `"${shellRead(v)}"`;
}

export const shellSpec: LanguageSpec = {
  name: 'shell',
  languageIds: ['shellscript'],
  lexer: SHELL_LEXER,
  lineComment: '#',
  envExpression,
  displayRead: (v) => `"$${v}"`,
  rewriteLiteral: rewriteShell,
  // An unquoted word (`KEY=sk_…`) becomes a quoted expansion.
  rewriteBare: (ctx, key) => ({ start: key.start, end: key.end, text: envExpression(ctx.variable) }),
};
