// Helpers for the import a language's environment read needs (Python's `import os`, Go's "os", ...).
import { endOfLine } from './lexer';
import type { TextChange } from './types';

export interface Line {
  start: number;
  end: number;
  next: number;
  text: string;
}

export function lineAt(text: string, start: number): Line {
  const end = endOfLine(text, start);
  return { start, end, next: Math.min(text.length, end + 1), text: text.slice(start, end).replace(/\r$/, '') };
}

export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Where an import goes when there is none yet: after the file's header comment if a blank line ends it
 * (a comment directly above code belongs to that code), and never above a shebang or encoding line.
 */
export function afterHeader(text: string, isComment: (line: string) => boolean): number {
  let pos = 0;
  let afterBlank = -1;
  let afterDirectives = 0;
  for (let index = 0; pos < text.length; index++) {
    const line = lineAt(text, pos);
    if (/^\s*$/.test(line.text)) {
      afterBlank = line.next;
    } else if (isComment(line.text)) {
      if ((index === 0 && line.text.startsWith('#!')) || (index <= 1 && /coding[:=]/.test(line.text))) {
        afterDirectives = line.next;
      }
    } else {
      break;
    }
    pos = line.next;
  }
  return Math.max(afterBlank, afterDirectives);
}

/** Inserts `line` at `pos` as its own line, followed by a blank line unless the next line is blank or `tight`. */
export function insertLine(text: string, pos: number, line: string, tight: boolean): TextChange {
  const nl = newlineOf(text);
  if (pos >= text.length) {
    const needsBreak = text.length > 0 && !text.endsWith('\n');
    return { start: text.length, end: text.length, text: (needsBreak ? nl : '') + line + nl };
  }
  const nextBlank = /^\s*$/.test(lineAt(text, pos).text);
  return { start: pos, end: pos, text: line + nl + (tight || nextBlank ? '' : nl) };
}

