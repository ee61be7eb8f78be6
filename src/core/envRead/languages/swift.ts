// Swift: `ProcessInfo.processInfo.environment["X"]!`, with `import Foundation` added when missing.
import { contextPrefixes, insertAtKeys, isWhole, replaceLiteral } from '../context';
import { afterHeader, insertLine } from '../imports';
import { cStyleComment, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, LanguageSpec, LexerSpec, Literal, Range, Refusal, TextChange } from '../types';

const SWIFT_LEXER: LexerSpec = {
  triggers: '"/#',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, true);
    }
    if (c !== '"' && c !== '#') {
      return undefined;
    }
    const m = /^(#*)("""|")/.exec(text.slice(i, i + 40));
    if (m === null) {
      return undefined;
    }
    const hashes = m[1];
    return str(hashes, m[2], {
      kind: 'swift',
      close: m[2] + hashes,
      escape: '\\' + hashes,
      multiline: m[2] === '"""',
      holes: [{ open: '\\' + hashes + '(', close: ')' }],
    });
  },
};

function rewriteSwift(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { prefixes } = contextPrefixes(ctx, literal);
  if (prefixes.some((p) => /^\s*@/.test(p))) {
    return refuse('attribute arguments must be literals');
  }
  const expr = envExpression(ctx.variable);
  if (isWhole(literal, keys)) {
    return replaceLiteral(literal, expr);
  }
  return insertAtKeys(keys, () => '\\' + literal.prefix + '(' + expr + ')');
}

function swiftImport(text: string): TextChange | undefined {
  if (/^\s*(@\w+\s+)*import\s+(Foundation|UIKit|AppKit|SwiftUI|Cocoa|WatchKit)\b/m.test(text)) {
    return undefined; // ProcessInfo comes with Foundation, which these re-export
  }
  const first = /^import\s/m.exec(text);
  if (first !== null) {
    return insertLine(text, first.index, 'import Foundation', true);
  }
  return insertLine(text, afterHeader(text, (l) => /^\s*\/\//.test(l)), 'import Foundation', false);
}

function envExpression(v: string): string {
  // `!` keeps the type `String` (what the literal was) and, being postfix, needs no
  // parentheses anywhere; `?? ""` would bind looser than `+` in the surrounding expression.
  return `ProcessInfo.processInfo.environment["${v}"]!`;
}

export const swiftSpec: LanguageSpec = {
  name: 'swift',
  languageIds: ['swift'],
  lexer: SWIFT_LEXER,
  lineComment: '//',
  envExpression,
  rewriteLiteral: rewriteSwift,
  importFor: (ctx) => swiftImport(ctx.text),
};
