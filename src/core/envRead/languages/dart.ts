// Dart: `Platform.environment['X']!`, with `import 'dart:io';` added when missing.
import { ANNOTATION_OPENER, concatenation, contextPrefixes, hasAdjacentLiteral, insertAtKeys, isDefaultParameter, isWhole, replaceLiteral } from '../context';
import { afterHeader, insertLine, lineAt, newlineOf } from '../imports';
import { cStyleComment, isWordChar, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, LanguageSpec, LexerSpec, Literal, Quote, Range, Refusal, TextChange } from '../types';

const DART_LEXER: LexerSpec = {
  triggers: '\'"/r',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, true);
    }
    let prefix = '';
    if (c === 'r' && !isWordChar(text[i - 1]) && (text[i + 1] === '"' || text[i + 1] === "'")) {
      prefix = 'r';
    } else if (c !== '"' && c !== "'") {
      return undefined;
    }
    const q = text[i + prefix.length];
    const open = text.startsWith(q + q + q, i + prefix.length) ? q + q + q : q;
    const raw = prefix === 'r';
    return str(prefix, open, {
      kind: raw ? 'dart-raw' : 'dart',
      close: open,
      escape: raw ? undefined : '\\',
      multiline: open.length === 3,
      holes: raw ? undefined : [{ open: '${', close: '}' }],
    });
  },
};

function rewriteDart(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { prefixes, openers } = contextPrefixes(ctx, literal);
  const namedParameter =
    openers[0] === '{' &&
    isDefaultParameter(ctx, literal, '{') &&
    /[(,]\s*\{$/.test(prefixes[1] ?? '');
  if (
    prefixes.some((p) => /\bconst\b/.test(p) || ANNOTATION_OPENER.test(p) || /^\s*@/.test(p)) ||
    /\bcase\b[^:]*$/.test(prefixes[0]) ||
    isDefaultParameter(ctx, literal, '([') ||
    namedParameter
  ) {
    return refuse('const contexts, annotations, case labels and parameter defaults need constants');
  }
  const quote = literal.open[0] as Quote;
  const other: Quote = quote === '"' ? "'" : '"';
  const adjacent = hasAdjacentLiteral(ctx, literal);
  if (isWhole(literal, keys) && !adjacent) {
    return replaceLiteral(literal, envExpression(ctx.variable));
  }
  if (literal.form.kind === 'dart') {
    return insertAtKeys(keys, () => '${' + envExpression(ctx.variable, other) + '}');
  }
  return adjacent ? refuse('an adjacent string literal would join the read, not the text') : concatenation(ctx, literal, keys, envExpression(ctx.variable), '+', false);
}

function dartImport(text: string): TextChange | Refusal | undefined {
  if (/^\s*import\s+['"]dart:io['"]\s*(show[^;]*\bPlatform\b[^;]*)?;/m.test(text)) {
    return undefined;
  }
  if (/^\s*part\s+of\b/m.test(text)) {
    return refuse('a part file takes its imports from the library; it cannot add one');
  }
  const nl = newlineOf(text);
  const first = /^import\s/m.exec(text);
  if (first !== null) {
    let at = first.index;
    for (let line = lineAt(text, at); at < text.length; line = lineAt(text, at)) {
      const m = /^import\s+['"]dart:(\w+)/.exec(line.text);
      if (m === null || m[1] > 'io') {
        break;
      }
      at = line.next;
    }
    return { start: at, end: at, text: `import 'dart:io';${nl}` };
  }
  const library = /^library\b[^;]*;[^\n]*/m.exec(text);
  if (library !== null) {
    const end = library.index + library[0].replace(/\r$/, '').length;
    return { start: end, end, text: `${nl}${nl}import 'dart:io';` };
  }
  return insertLine(text, afterHeader(text, (l) => /^\s*\/\//.test(l)), "import 'dart:io';", false);
}

function envExpression(v: string, quote?: Quote): string {
  const q = quote ?? "'";
  return `Platform.environment[${q}${v}${q}]!`;
}

export const dartSpec: LanguageSpec = {
  name: 'dart',
  languageIds: ['dart'],
  lexer: DART_LEXER,
  lineComment: '//',
  envExpression,
  rewriteLiteral: rewriteDart,
  importFor: (ctx) => dartImport(ctx.text),
};
