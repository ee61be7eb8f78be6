// C#: `Environment.GetEnvironmentVariable("X")`, with `using System;` added when missing.
import { concatenation, contextPrefixes, isDefaultParameter, isWhole, prevWord, replaceLiteral, restOfLine } from '../context';
import { afterHeader, insertLine } from '../imports';
import { charLiteral, cStyleComment, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, LanguageSpec, LexerSpec, Literal, Range, Refusal, TextChange } from '../types';

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

function rewriteCsharp(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { text } = ctx;
  const { prefixes } = contextPrefixes(ctx, literal);
  if (
    prefixes.some((p) => /\bconst\b/.test(p) || /^\s*\[/.test(p)) ||
    /\bcase\b[^:]*$/.test(prefixes[0]) ||
    prevWord(text, literal.start) === 'is' ||
    restOfLine(text, literal.end).startsWith('=>') ||
    isDefaultParameter(ctx, literal, '(')
  ) {
    return refuse('constants, attributes, case labels, patterns and parameter defaults need literals');
  }
  const expr = envExpression(ctx.variable);
  if (isWhole(literal, keys)) {
    return replaceLiteral(literal, expr);
  }
  if (literal.form.kind === 'cs-raw') {
    return refuse('a raw string literal cannot be split around the read');
  }
  return concatenation(ctx, literal, keys, expr, '+', false);
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

function envExpression(v: string): string {
  // The read returns null when unset; a throw expression (C# 7) fails at the read instead.
  return `(Environment.GetEnvironmentVariable("${v}") ?? throw new InvalidOperationException("${v} is not set"))`;
}

export const csharpSpec: LanguageSpec = {
  name: 'csharp',
  languageIds: ['csharp'],
  lexer: CSHARP_LEXER,
  lineComment: '//',
  envExpression,
  displayRead: (v) => `Environment.GetEnvironmentVariable("${v}")`,
  rewriteLiteral: rewriteCsharp,
  importFor: (ctx) => csharpImport(ctx.text),
};
