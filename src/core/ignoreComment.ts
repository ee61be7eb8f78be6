import { IGNORE_NEXT_LINE_MARKER, lineEndAfter, lineStartBefore } from './suppressions';

/** How a language writes a comment: `open` alone is a line comment, with `close` a block comment. */
export interface CommentSyntax {
  open: string;
  close?: string;
}

/** Text to insert at an offset. */
export interface TextInsertion {
  offset: number;
  insert: string;
}

const SLASH: CommentSyntax = { open: '//' };
const HASH: CommentSyntax = { open: '#' };
const DASH: CommentSyntax = { open: '--' };
const SEMICOLON: CommentSyntax = { open: ';' };
const PERCENT: CommentSyntax = { open: '%' };
const C_BLOCK: CommentSyntax = { open: '/*', close: '*/' };
const HTML: CommentSyntax = { open: '<!--', close: '-->' };
const JSX_CHILD: CommentSyntax = { open: '{/*', close: '*/}' };

// VS Code language ids. `json` (and JSON Lines) is absent on purpose: comments make it invalid.
const SYNTAX_BY_LANGUAGE: Record<string, CommentSyntax> = {
  javascript: SLASH, typescript: SLASH, javascriptreact: SLASH, typescriptreact: SLASH,
  jsonc: SLASH, json5: SLASH, go: SLASH, rust: SLASH, java: SLASH, kotlin: SLASH, csharp: SLASH,
  c: SLASH, cpp: SLASH, 'cuda-cpp': SLASH, 'objective-c': SLASH, 'objective-cpp': SLASH,
  php: SLASH, swift: SLASH, dart: SLASH, scala: SLASH, groovy: SLASH, fsharp: SLASH, zig: SLASH,
  solidity: SLASH, proto: SLASH, proto3: SLASH, sass: SLASH, stylus: SLASH, hlsl: SLASH, glsl: SLASH,
  python: HASH, ruby: HASH, shellscript: HASH, powershell: HASH, yaml: HASH, toml: HASH,
  properties: HASH, dotenv: HASH, elixir: HASH, perl: HASH, perl6: HASH, raku: HASH, r: HASH, julia: HASH,
  makefile: HASH, dockerfile: HASH, coffeescript: HASH, crystal: HASH, nim: HASH, terraform: HASH,
  hcl: HASH, graphql: HASH, nix: HASH, cmake: HASH, tcl: HASH, 'git-commit': HASH, ignore: HASH,
  ini: SEMICOLON, clojure: SEMICOLON, lisp: SEMICOLON, scheme: SEMICOLON,
  sql: DASH, lua: DASH, haskell: DASH, elm: DASH, ada: DASH,
  latex: PERCENT, tex: PERCENT, bibtex: PERCENT, erlang: PERCENT, matlab: PERCENT,
  html: HTML, xml: HTML, xsl: HTML, markdown: HTML, vue: HTML, 'vue-html': HTML, svelte: HTML, astro: HTML,
  css: C_BLOCK, scss: C_BLOCK, less: C_BLOCK,
  vb: { open: "'" }, bat: { open: 'REM' }, razor: { open: '@*', close: '*@' },
  handlebars: { open: '{{!--', close: '--}}' }, jade: { open: '//-' }, pug: { open: '//-' },
  ocaml: { open: '(*', close: '*)' }, fortran: { open: '!' }, 'fortran-modern': { open: '!' },
};

const NO_COMMENTS = new Set(['json', 'jsonl', 'jsonlines', 'snippets', 'code-text-binary']);

// Markup languages whose `<script>`/`<style>` blocks (or PHP's `<?php` blocks) switch syntax.
const MARKUP_WITH_BLOCKS = new Set(['html', 'vue', 'svelte', 'astro', 'php', 'razor', 'handlebars']);

// Info strings seen on fenced code blocks in Markdown, mapped to language ids.
const FENCE_ALIASES: Record<string, string> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript', jsx: 'javascriptreact',
  ts: 'typescript', tsx: 'typescriptreact', py: 'python', python3: 'python', rb: 'ruby',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', shell: 'shellscript', console: 'shellscript',
  shellsession: 'shellscript', ps1: 'powershell', pwsh: 'powershell', yml: 'yaml', env: 'dotenv',
  cs: 'csharp', 'c#': 'csharp', 'c++': 'cpp', kt: 'kotlin', rs: 'rust', golang: 'go', http: 'shellscript',
  curl: 'shellscript', text: 'plaintext', txt: 'plaintext',
};

/** The comment syntax of a VS Code language id: undefined when the language has none (JSON), `#` when unknown. */
export function commentSyntaxFor(languageId: string): CommentSyntax | undefined {
  if (NO_COMMENTS.has(languageId)) {
    return undefined;
  }
  return SYNTAX_BY_LANGUAGE[languageId] ?? HASH;
}

/** The "Ignore this key here" edit: an `infinipost-ignore-next-line` comment line above the key, or undefined where none fits. */
export function ignoreCommentEdit(text: string, languageId: string, keyOffset: number): TextInsertion | undefined {
  // A line above the key rather than a trailing comment: formatters move trailing comments.
  const lineStart = lineStartBefore(text, keyOffset);
  if (endsWithLineContinuation(text, lineStart)) {
    // A comment line inside a `\`-continued shell command, macro or string breaks it.
    return undefined;
  }
  const syntax = syntaxAt(text, languageId, keyOffset, lineStart);
  if (!syntax) {
    return undefined;
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, keyOffset))![0];
  const comment = syntax.close
    ? `${syntax.open} ${IGNORE_NEXT_LINE_MARKER} ${syntax.close}`
    : `${syntax.open} ${IGNORE_NEXT_LINE_MARKER}`;
  return { offset: lineStart, insert: indent + comment + lineBreakOf(text, lineStart) };
}

function syntaxAt(text: string, languageId: string, keyOffset: number, lineStart: number): CommentSyntax | undefined {
  if (languageId === 'markdown') {
    const fence = fenceLanguageAt(text, lineStart);
    if (fence === undefined) {
      return HTML;
    }
    // Inside a code block an HTML comment would show up as code; use the block's own syntax.
    return commentSyntaxFor(FENCE_ALIASES[fence] ?? (fence === '' ? 'plaintext' : fence)) ?? HASH;
  }
  if (MARKUP_WITH_BLOCKS.has(languageId)) {
    return markupSyntaxAt(text, languageId, keyOffset);
  }
  if ((languageId === 'javascriptreact' || languageId === 'typescriptreact') && isJsxChildLine(text, lineStart)) {
    return JSX_CHILD;
  }
  return commentSyntaxFor(languageId);
}

function markupSyntaxAt(text: string, languageId: string, keyOffset: number): CommentSyntax | undefined {
  const before = text.slice(0, keyOffset).toLowerCase();
  // Astro's `---` frontmatter at the top of the file is TypeScript.
  if (languageId === 'astro' && /^---\r?\n/.test(before) && !/\n---[ \t]*\r?\n/.test(before)) {
    return SLASH;
  }
  if (languageId === 'php' && before.lastIndexOf('<?') > before.lastIndexOf('?>')) {
    return SLASH;
  }
  const scriptOpen = before.lastIndexOf('<script');
  if (scriptOpen > before.lastIndexOf('</script')) {
    const tagEnd = before.indexOf('>', scriptOpen);
    // `<script type="application/ld+json">` and friends hold JSON, which has no comments.
    if (tagEnd !== -1 && before.slice(scriptOpen, tagEnd).includes('json')) {
      return undefined;
    }
    return SLASH;
  }
  const styleOpen = before.lastIndexOf('<style');
  if (styleOpen > before.lastIndexOf('</style')) {
    return C_BLOCK;
  }
  if (languageId === 'php') {
    return HTML;
  }
  return SYNTAX_BY_LANGUAGE[languageId] ?? HTML;
}

// JSX children need `{/* */}`: a `//` line there renders as text. A previous line ending in
// `>` (a tag, not an arrow) means the key sits among children. Elsewhere `//` is valid,
// including between the attributes of a multi-line tag.
function isJsxChildLine(text: string, lineStart: number): boolean {
  const previous = previousNonBlankLine(text, lineStart);
  return previous !== undefined && previous.endsWith('>') && !previous.endsWith('=>');
}

function previousNonBlankLine(text: string, lineStart: number): string | undefined {
  let start = lineStart;
  while (start > 0) {
    const end = previousLineEnd(text, start);
    start = lineStartBefore(text, end);
    const line = text.slice(start, end).trim();
    if (line !== '') {
      return line;
    }
  }
  return undefined;
}

function endsWithLineContinuation(text: string, lineStart: number): boolean {
  if (lineStart === 0) {
    return false;
  }
  const c = text.charAt(previousLineEnd(text, lineStart) - 1);
  // PowerShell continues lines with a backtick, nearly everything else with a backslash.
  return c === '\\' || c === '`';
}

// Offset of the line break that ends the line before the one starting at `lineStart`.
function previousLineEnd(text: string, lineStart: number): number {
  let end = lineStart - 1;
  if (text.charCodeAt(end) === 0x0a && end > 0 && text.charCodeAt(end - 1) === 0x0d) {
    end--;
  }
  return end;
}

// The break that ends the key's line (or, on the last line, the one before it), so the
// inserted line matches the file's line endings.
function lineBreakOf(text: string, lineStart: number): string {
  const end = lineEndAfter(text, lineStart);
  if (end < text.length) {
    return text.startsWith('\r\n', end) ? '\r\n' : text.charAt(end);
  }
  if (lineStart > 0) {
    const previousEnd = previousLineEnd(text, lineStart);
    return text.slice(previousEnd, lineStart);
  }
  return '\n';
}

// The info string of the fenced code block holding `lineStart` ('' when unlabeled), or
// undefined outside any code block.
function fenceLanguageAt(text: string, lineStart: number): string | undefined {
  const fence = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`{]*)/;
  let open: { marker: string; language: string } | undefined;
  let start = 0;
  while (start < lineStart) {
    const end = lineEndAfter(text, start);
    const match = fence.exec(text.slice(start, end));
    if (match) {
      if (!open) {
        open = { marker: match[1], language: match[2].toLowerCase() };
      } else if (match[1].startsWith(open.marker[0]) && match[1].length >= open.marker.length && match[2] === '') {
        open = undefined;
      }
    }
    start = end + (text.startsWith('\r\n', end) ? 2 : 1);
  }
  return open?.language;
}
