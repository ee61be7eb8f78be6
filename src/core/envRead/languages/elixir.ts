// Elixir: `System.fetch_env!("X")`, which raises when the variable is missing.
import { contextPrefixes, insertAtKeys, isWhole, replaceLiteral, restOfLine } from '../context';
import { endOfLine, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, Hole, LanguageSpec, LexerSpec, Literal, Range, Refusal, TextChange } from '../types';

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

function rewriteElixir(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { text } = ctx;
  const { prefixes, openers } = contextPrefixes(ctx, literal);
  if (prefixes.some((p) => /^\s*@[a-z_]\w*[\s(]/.test(p))) {
    // `@key System.fetch_env!("X")` would run at compile time and bake the build machine's key in.
    return refuse('a module attribute is evaluated at compile time: the key would be read when compiling, not at run time');
  }
  if (
    text[literal.start - 1] === ':' ||
    (text[literal.end] === ':' && /\s/.test(text[literal.end + 1] ?? ' ')) ||
    restOfLine(text, literal.end).startsWith('->') ||
    (openers[0] === '(' && /^\s*defp?\s/.test(prefixes[1] ?? '') && !/\\\\\s*$/.test(prefixes[0]))
  ) {
    return refuse('atoms, keyword keys and patterns cannot hold a function call (`\\` defaults can)');
  }
  const expr = envExpression(ctx.variable);
  if (isWhole(literal, keys)) {
    return replaceLiteral(literal, literal.form.kind === 'ex-sq' ? `String.to_charlist(${expr})` : expr);
  }
  return insertAtKeys(keys, () => `#{${expr}}`);
}

function envExpression(v: string): string {
  return `System.fetch_env!("${v}")`;
}

export const elixirSpec: LanguageSpec = {
  name: 'elixir',
  languageIds: ['elixir'],
  lexer: ELIXIR_LEXER,
  lineComment: '#',
  envExpression,
  rewriteLiteral: rewriteElixir,
};
