// Go: `os.Getenv("X")`, with "os" added to the imports when missing.
import { concatenation, contextPrefixes, isWhole, prevNonSpace, prevWord, replaceLiteral } from '../context';
import { lineAt, newlineOf } from '../imports';
import type { Line } from '../imports';
import { charLiteral, cStyleComment, str } from '../lexer';
import { refuse } from '../types';
import type { Ctx, LanguageSpec, LexerSpec, Literal, Range, Refusal, StringForm, TextChange } from '../types';

const GO_DQ: StringForm = { kind: 'go', close: '"', escape: '\\', multiline: false };
const GO_RAW: StringForm = { kind: 'go-raw', close: '`', multiline: true };

const GO_LEXER: LexerSpec = {
  triggers: '\'"`/',
  code(text, i, to) {
    const c = text[i];
    if (c === '/') {
      return cStyleComment(text, i, to, false);
    }
    if (c === '"') {
      return str('', c, GO_DQ);
    }
    if (c === '`') {
      return str('', c, GO_RAW);
    }
    if (c === "'") {
      return charLiteral(text, i, to);
    }
    return undefined;
  },
};

function rewriteGo(ctx: Ctx, literal: Literal, keys: readonly Range[]): TextChange[] | Refusal {
  const { prefixes } = contextPrefixes(ctx, literal);
  if (prefixes.some((p) => /(^|[\s;(])const\b/.test(p))) {
    return refuse('a Go constant cannot hold an environment read (it is not a constant expression)');
  }
  const prev = prevNonSpace(ctx.text, literal.start);
  const word = prevWord(ctx.text, literal.start);
  if (prev !== undefined && (/[\w\]*]/.test(prev.char) && !['return', 'case', 'go', 'defer'].includes(word))) {
    return refuse('a struct tag is metadata read by reflection, not a value');
  }
  const expr = envExpression(ctx.variable);
  return isWhole(literal, keys) ? replaceLiteral(literal, expr) : concatenation(ctx, literal, keys, expr, '+', false);
}

function goImport(text: string): TextChange | Refusal | undefined {
  const spec = /^\s*(?:os[ \t]+)?"os"[ \t]*(?:\/\/.*)?$/;
  const block = /^import[ \t]*\(/m.exec(text);
  const lines: Line[] = [];
  if (block !== null) {
    let pos = lineAt(text, block.index).next;
    while (pos < text.length) {
      const line = lineAt(text, pos);
      if (/^\s*\)/.test(line.text)) {
        break;
      }
      lines.push(line);
      pos = line.next;
    }
  }
  if (lines.some((l) => spec.test(l.text)) || /^import[ \t]+(?:os[ \t]+)?"os"/m.test(text)) {
    return undefined;
  }
  const nl = newlineOf(text);
  if (block !== null) {
    const first = lines.find((l) => l.text.includes('"'));
    const indent = first === undefined ? '\t' : (/^\s*/.exec(first.text) as RegExpExecArray)[0];
    let at = lines.length > 0 ? lines[0].start : lineAt(text, block.index).next;
    for (const line of lines) {
      const m = /^\s*(?:[\w.]+[ \t]+)?"([^"]+)"/.exec(line.text);
      if (/^\s*$/.test(line.text) || (m !== null && m[1] > 'os')) {
        at = line.start;
        break;
      }
      at = line.next;
    }
    return { start: at, end: at, text: `${indent}"os"${nl}` };
  }
  // `import "C"` must stay directly below its cgo preamble comment: the new import never goes between them.
  const singles = [...text.matchAll(/^import[ \t]+[^\n]*/gm)];
  const plain = singles.find((m) => !/^import[ \t]+"C"/.test(m[0]));
  if (plain !== undefined) {
    return { start: plain.index, end: plain.index, text: `import "os"${nl}` };
  }
  if (singles.length > 0) {
    const cgo = singles[singles.length - 1];
    const end = cgo.index + cgo[0].replace(/\r$/, '').length;
    return { start: end, end, text: `${nl}import "os"` };
  }
  const pkg = /^package[ \t]+\w+[^\n]*/m.exec(text);
  if (pkg === null) {
    return refuse('the file has no package clause to put the import after');
  }
  const end = pkg.index + pkg[0].replace(/\r$/, '').length;
  return { start: end, end, text: `${nl}${nl}import "os"` };
}

function envExpression(v: string): string {
  // os.Getenv returns "" for a missing variable; the key must not silently be empty.
  return `func() string { v, ok := os.LookupEnv("${v}"); if !ok { panic("${v} is not set") }; return v }()`;
}

export const goSpec: LanguageSpec = {
  name: 'go',
  languageIds: ['go'],
  lexer: GO_LEXER,
  lineComment: '//',
  envExpression,
  displayRead: (v) => `os.LookupEnv("${v}")`,
  rewriteLiteral: rewriteGo,
  importFor: (ctx) => goImport(ctx.text),
};
