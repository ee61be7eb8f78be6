// Rust: `std::env::var("X").expect("X is not set")`, borrowed where a `&str` stood.
import { contextPrefixes, isWhole, prevNonSpace, prevWord, replaceLiteral, restOfLine, split } from '../context';
import { charLiteral, cStyleComment, isWordChar, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, LanguageSpec, LexerSpec, Literal, Range, Refusal, TextChange } from '../types';

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

function rewriteRust(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { text } = ctx;
  const { prefixes } = contextPrefixes(ctx, literal);
  const prev = prevNonSpace(text, literal.start);
  if (
    literal.form.kind !== 'rust' ||
    prefixes.some((p) => /^\s*(pub(\([^)]*\))?\s+)?(const|static)\b/.test(p) || /^\s*#!?\[/.test(p)) ||
    restOfLine(text, literal.end).startsWith('=>') ||
    (prev !== undefined && '([{'.includes(prev.char) && prevNonSpace(text, prev.index)?.char === '!')
  ) {
    return refuse('consts, attributes, match patterns and macro arguments (format strings) need literals');
  }
  // A literal is a `&str`; the read is a `String`. Borrowing it fits where the literal stood in
  // `let` (the temporary lives as long as the binding), in arguments, struct fields and behind
  // `: &str`; the owned value fits before a method call and inside `String::from(…)`. A returned
  // `&str` (`return "…"`, `{ "…" }`) fits neither without changing the signature or other branches.
  const rest = restOfLine(text, literal.end);
  if (prevWord(text, literal.start) === 'return' || (prev?.char === '{' && /^\s*\}/.test(text.slice(literal.end, literal.end + 200)))) {
    return refuse('a returned &str would borrow a temporary String');
  }
  const before = text.slice(Math.max(0, literal.start - 40), literal.start);
  const owned = rest.startsWith('.') || /(String::from|format!|Into::into)\s*\(\s*$/.test(before);
  // A borrow lives until the end of the statement: it cannot be stored by a collection method or
  // inside a macro such as `vec![…]`, where an owned `String` would not type-check either.
  if (!owned && prefixes.slice(1).some((p) => /(\.(insert|push|push_back|push_front|entry|extend|add|append)\s*|!\s*)[([{]$/.test(p))) {
    return refuse('a borrow of the read cannot be stored by a collection method or macro');
  }
  const borrow = owned ? '' : '&';
  const expr = envExpression(ctx.variable);
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

function envExpression(v: string): string {
  // A missing variable should fail loudly at the read, not as a confusing 401 later.
  return `std::env::var("${v}").expect("${v} is not set")`;
}

export const rustSpec: LanguageSpec = {
  name: 'rust',
  languageIds: ['rust'],
  lexer: RUST_LEXER,
  lineComment: '//',
  envExpression,
  rewriteLiteral: rewriteRust,
};
