// PowerShell: `$env:X`.
import { isWhole, insertAtKeys, replaceLiteral, split } from '../context';
import { blockCommentEnd, endOfLine, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, Hole, LanguageSpec, LexerSpec, Literal, Range, Refusal, StringForm, TextChange } from '../types';

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

function rewritePowerShell(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { text, variable } = ctx;
  const kind = literal.form.kind;
  const expr = envExpression(variable);
  if (isWhole(literal, keys) && (kind === 'ps-sq' || kind === 'ps-dq')) {
    return replaceLiteral(literal, expr);
  }
  if (kind === 'ps-dq' || kind === 'ps-here-dq') {
    return insertAtKeys(keys, () => expr);
  }
  if (kind !== 'ps-sq') {
    return refuse('a single-quoted here-string expands nothing and cannot be split');
  }
  // A single-quoted string expands nothing: rewrite it as a double-quoted one.
  let out = '"';
  for (const part of split(text, literal, keys)) {
    if ('key' in part) {
      out += expr;
    } else {
      out += part.text.replace(/''/g, "'").replace(/[`"$\u201c\u201d\u201e]/g, (c) => '`' + c);
    }
  }
  return replaceLiteral(literal, out + '"');
}

function envExpression(v: string): string {
  // `$env:X` is $null when unset; a subexpression (valid in code and in "…" strings) throws instead.
  return `$(if ($null -eq $env:${v}) { throw '${v} is not set' } else { $env:${v} })`;
}

/** A bare word such as an argument (`-ApiKey sk_…`) becomes `$env:X`. */
function rewriteBare(ctx: Ctx, key: Range): TextChange | Refusal {
  const before = ctx.text[key.start - 1] ?? ' ';
  const after = ctx.text[key.end] ?? ' ';
  if (/[\s=(,]/.test(before) && /[\s);,]/.test(after)) {
    return { start: key.start, end: key.end, text: envExpression(ctx.variable) };
  }
  return refuse('the key is part of a longer bare word');
}

export const powershellSpec: LanguageSpec = {
  name: 'powershell',
  languageIds: ['powershell'],
  lexer: POWERSHELL_LEXER,
  lineComment: '#',
  envExpression,
  displayRead: (v) => `$env:${v}`,
  rewriteLiteral: rewritePowerShell,
  rewriteBare,
};
