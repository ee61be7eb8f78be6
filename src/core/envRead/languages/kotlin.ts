// Kotlin: `System.getenv("X")`, spliced into string templates as `${…}`.
import { ANNOTATION_OPENER, contextPrefixes, insertAtKeys, isWhole, replaceLiteral } from '../context';
import { charLiteral, cStyleComment, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, Hole, LanguageSpec, LexerSpec, Literal, Range, Refusal, StringForm, TextChange } from '../types';

const KOTLIN_HOLES: readonly Hole[] = [{ open: '${', close: '}' }];
const KOTLIN_DQ: StringForm = { kind: 'kotlin', close: '"', escape: '\\', multiline: false, holes: KOTLIN_HOLES };
const KOTLIN_RAW: StringForm = { kind: 'kotlin', close: '"""', multiline: true, holes: KOTLIN_HOLES };

const KOTLIN_LEXER: LexerSpec = {
  triggers: '\'"/',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, true);
    }
    if (c === '"') {
      return text.startsWith('"""', i) ? str('', '"""', KOTLIN_RAW) : str('', c, KOTLIN_DQ);
    }
    if (c === "'") {
      return charLiteral(text, i, to);
    }
    return undefined;
  },
};

function rewriteKotlin(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { prefixes } = contextPrefixes(ctx, literal);
  if (prefixes.some((p) => /\bconst\s+val\b/.test(p) || ANNOTATION_OPENER.test(p) || /^\s*@/.test(p))) {
    return refuse('const vals and annotation arguments need constants');
  }
  const expr = envExpression(ctx.variable);
  return isWhole(literal, keys) ? replaceLiteral(literal, expr) : insertAtKeys(keys, () => '${' + expr + '}');
}

function envExpression(v: string): string {
  // System.getenv is a platform type (String!): checkNotNull makes it String and fails loudly when unset.
  return `checkNotNull(System.getenv("${v}")) { "${v} is not set" }`;
}

export const kotlinSpec: LanguageSpec = {
  name: 'kotlin',
  languageIds: ['kotlin'],
  lexer: KOTLIN_LEXER,
  lineComment: '//',
  envExpression,
  displayRead: (v) => `System.getenv("${v}")`,
  rewriteLiteral: rewriteKotlin,
};


