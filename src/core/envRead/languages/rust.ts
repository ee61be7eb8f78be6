// Rust: `std::env::var("X").expect("X is not set")`, borrowed where a `&str` stood.
import { contextPrefixes, isWhole, prevNonSpace, replaceLiteral, restOfLine, split } from '../context';
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
  if (literal.form.kind !== 'rust') {
    return refuse('a byte, C or raw byte string cannot hold a String read');
  }
  if (prefixes.some((p) => /^\s*(pub(\([^)]*\))?\s+)?(const|static)\b/.test(p))) {
    return refuse('a const or static needs a constant expression; an environment read runs at run time');
  }
  if (prefixes.some((p) => /^\s*#!?\[/.test(p))) {
    return refuse('attribute arguments must be literals');
  }
  if (restOfLine(text, literal.end).startsWith('=>')) {
    return refuse('a match pattern must be a literal');
  }
  const macroOpen = prev !== undefined && '([{'.includes(prev.char) && prevNonSpace(text, prev.index)?.char === '!';
  if (macroOpen && !/\bvec\s*!\s*[([{]$/.test(text.slice(0, prev.index + 1))) {
    return refuse('the first argument of a macro such as println! or format! must be a literal');
  }
  // A literal is a `&'static str`; the read is a `String`. The owned value fits before a method call
  // and inside `String::from(…)`. Everywhere else the literal's type is kept with a leaked, read-once
  // `&'static str`: a plain borrow of the temporary `String` breaks as soon as the value outlives the
  // statement (a struct field, a returned value, `let x: &'static str`, a pushed element: E0716).
  const rest = restOfLine(text, literal.end);
  const before = text.slice(Math.max(0, literal.start - 40), literal.start);
  const owned = rest.startsWith('.') || /(String::from|format!|Into::into)\s*\(\s*$/.test(before);
  const asStatic = (value: string): string => (owned ? value : `&*Box::leak(${value}.into_boxed_str())`);
  const expr = envExpression(ctx.variable);
  if (isWhole(literal, keys)) {
    return replaceLiteral(literal, asStatic(expr));
  }
  let format = '';
  for (const part of split(text, literal, keys)) {
    format += 'key' in part ? '{}' : part.text.replace(/[{}]/g, (b) => b + b);
  }
  const args = keys.map(() => expr).join(', ');
  return replaceLiteral(literal, asStatic(`format!(${literal.prefix}${literal.open}${format}${literal.form.close}, ${args})`));
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
