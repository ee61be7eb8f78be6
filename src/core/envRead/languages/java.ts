// Java: `System.getenv("X")`.
import { ANNOTATION_OPENER, concatenation, contextPrefixes, isWhole, replaceLiteral } from '../context';
import { charLiteral, cStyleComment, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, LanguageSpec, LexerSpec, Literal, Range, Refusal, StringForm, TextChange } from '../types';

const JAVA_DQ: StringForm = { kind: 'java', close: '"', escape: '\\', multiline: false };
const JAVA_TEXT_BLOCK: StringForm = { kind: 'java-text-block', close: '"""', escape: '\\', multiline: true };

const JAVA_LEXER: LexerSpec = {
  triggers: '\'"/',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, false);
    }
    if (c === '"') {
      return text.startsWith('"""', i) ? str('', '"""', JAVA_TEXT_BLOCK) : str('', c, JAVA_DQ);
    }
    if (c === "'") {
      return charLiteral(text, i, to);
    }
    return undefined;
  },
};


function rewriteJava(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { text } = ctx;
  const { prefixes } = contextPrefixes(ctx, literal);
  if (literal.form.kind !== 'java') {
    return refuse('a text block is left alone');
  }
  if (prefixes.some((p) => ANNOTATION_OPENER.test(p) || /^\s*@/.test(p))) {
    return refuse('annotation values must be compile-time constants');
  }
  if (/\bcase\b[^:>]*$/.test(prefixes[0])) {
    return refuse('case labels must be compile-time constants');
  }
  // `static final String K = "…"` is a constant expression; where K is a case label or an annotation
  // value the read (a method call) would not compile.
  const constant = /\bfinal\b[^=;]*?\b([A-Za-z_$][\w$]*)\s*=\s*$/.exec(prefixes[0]);
  if (constant !== null && isWhole(literal, keys)) {
    const name = constant[1].replace(/\$/g, '\\$');
    if (new RegExp(`\\bcase\\s+([\\w$]+\\.)*${name}\\s*(:|->|,)|@[\\w.]+\\s*\\([^)]*\\b${name}\\b`).test(text)) {
      return refuse(`${constant[1]} is used as a case label or annotation value, which must stay a compile-time constant`);
    }
  }
  const expr = envExpression(ctx.variable);
  return isWhole(literal, keys) ? replaceLiteral(literal, expr) : concatenation(ctx, literal, keys, expr, '+', false);
}

function envExpression(v: string): string {
  // System.getenv returns null when unset; requireNonNull fails at the read, naming the variable.
  return `java.util.Objects.requireNonNull(System.getenv("${v}"), "${v} is not set")`;
}

export const javaSpec: LanguageSpec = {
  name: 'java',
  languageIds: ['java'],
  lexer: JAVA_LEXER,
  lineComment: '//',
  envExpression,
  displayRead: (v) => `System.getenv("${v}")`,
  rewriteLiteral: rewriteJava,
};
