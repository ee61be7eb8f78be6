// What a commit would add: parses `git diff --cached -U1` output into the added lines of each file,
// and finds the keys on those lines with the editor's detector (so suppressions and placeholders
// agree). One line of context above each hunk lets a `…-next-line` marker on an unchanged line count.
import { detectKeys } from './keyDetector';
import { keyPrefix, KeyMode } from './keyTypes';

/** A run of consecutive lines of a file's new (staged) version, as the diff shows them. */
export interface StagedChunk {
  /** 1-based line number of `lines[0]` in the staged file. */
  firstLine: number;
  lines: string[];
  /** Parallel to `lines`: true for lines the commit adds, false for unchanged context. */
  added: boolean[];
}

/** One file in the staged diff. */
export interface StagedFile {
  /** Path relative to the repository root, with `/`. */
  path: string;
  chunks: StagedChunk[];
}

/** A key on an added line; `line` and `column` are 1-based (column in UTF-16 code units, like the editor). */
export interface AddedKey {
  path: string;
  line: number;
  column: number;
  mode: KeyMode;
  key: string;
}

/**
 * The `git diff` options of everything that reads what a commit adds: the index against HEAD (the
 * empty tree before the first commit), added/copied/modified/renamed/retyped files, and no program
 * the repository configures (external diff, textconv).
 */
export const STAGED_DIFF_OPTIONS: readonly string[] = ['--cached', '--no-ext-diff', '--no-textconv', '-M', '--diff-filter=ACMRT', '--ignore-submodules=all'];

/** A POSIX extended regex for `git diff -G`: a line any key is on contains one of the two prefixes. */
export const KEY_PREFIX_REGEX = `(${keyPrefix('live')}|${keyPrefix('test')})`;

// Symbolic links (120000) hold a target path, submodules (160000) a commit id: neither is file content.
const NOT_CONTENT_MODES = new Set(['120000', '160000']);
const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const UTF8_BOM = '\ufeff';

/**
 * Parses a patch from `git diff --cached --no-color --no-ext-diff --src-prefix=a/ --dst-prefix=b/`.
 * Hunks are consumed by their line counts, so an added line that looks like a header (`+++ b/x`) is content.
 */
export function parseStagedDiff(patch: string): StagedFile[] {
  return readPatch(patch, true);
}

/** How many files parseStagedDiff would return, without keeping their lines (a diff that cannot hold a key). */
export function countStagedFiles(patch: string): number {
  return readPatch(patch, false).length;
}

// Reads the patch a line at a time (no split of a large diff into an array); `keepLines` false
// records only whether each hunk adds a line, so its chunks have no lines.
function readPatch(patch: string, keepLines: boolean): StagedFile[] {
  const files: StagedFile[] = [];
  let current: { path?: string; mode?: string; chunks: StagedChunk[] } | undefined;
  const flush = () => {
    if (current?.path !== undefined && !NOT_CONTENT_MODES.has(current.mode ?? '') && current.chunks.length > 0) {
      files.push({ path: current.path, chunks: current.chunks });
    }
  };
  let at = 0;
  // Where the line starting at `at` ends (like split('\n'): the text after the last newline is a line too).
  const lineEnd = () => {
    const end = patch.indexOf('\n', at);
    return end === -1 ? patch.length : end;
  };
  while (at <= patch.length) {
    const end = lineEnd();
    const line = patch.slice(at, end);
    at = end + 1;
    if (line.startsWith('diff --git ')) {
      flush();
      current = { chunks: [] };
    } else if (!current) {
      continue;
    } else if (/^(?:new file mode|new mode) /.test(line)) {
      current.mode = line.slice(line.lastIndexOf(' ') + 1);
    } else if (line.startsWith('index ')) {
      const mode = /^index \S+ (\d+)$/.exec(line)?.[1];
      if (mode) current.mode = mode;
    } else if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      current.path = target === '/dev/null' ? undefined : stripPrefix(unquoteGitPath(target));
    } else if (line.startsWith('@@ ')) {
      const header = HUNK_HEADER.exec(line);
      if (!header) continue;
      const chunk: StagedChunk = { firstLine: Number(header[2]), lines: [], added: [] };
      let oldLeft = header[1] === undefined ? 1 : Number(header[1]);
      let newLeft = header[3] === undefined ? 1 : Number(header[3]);
      let adds = false;
      // A pure deletion (`+N,0`) names the line before it; there is nothing added to read.
      if (newLeft === 0) chunk.firstLine++;
      while ((oldLeft > 0 || newLeft > 0) && at <= patch.length) {
        const bodyStart = at;
        const bodyEnd = lineEnd();
        at = bodyEnd + 1;
        const kind = patch.charAt(bodyStart);
        if (kind === '\\') continue; // "\ No newline at end of file"
        if (kind === '-') {
          oldLeft--;
          continue;
        }
        if (keepLines) {
          chunk.lines.push(stripCarriageReturn(patch.slice(bodyStart + 1, bodyEnd)));
          chunk.added.push(kind === '+');
        }
        if (kind === '+') {
          adds = true;
        } else {
          oldLeft--;
        }
        newLeft--;
      }
      if (adds) current.chunks.push(chunk);
    }
  }
  flush();
  return files;
}

/** The keys on the lines a commit adds, with the editor's suppressions and placeholder rules. */
export function findAddedKeys(files: readonly StagedFile[]): AddedKey[] {
  const found: AddedKey[] = [];
  for (const file of files) {
    for (const chunk of file.chunks) {
      // The editor drops a UTF-8 byte order mark, so columns on line 1 must not count it.
      const lines = chunk.firstLine === 1 && chunk.lines[0]?.startsWith(UTF8_BOM) ? [chunk.lines[0].slice(1), ...chunk.lines.slice(1)] : chunk.lines;
      const text = lines.join('\n');
      const { findings } = detectKeys(text);
      if (findings.length === 0) continue;
      let lineIndex = 0;
      let lineStart = 0;
      for (const finding of findings) {
        while (lineIndex + 1 < lines.length && lineStart + lines[lineIndex].length < finding.start) {
          lineStart += lines[lineIndex].length + 1;
          lineIndex++;
        }
        if (!chunk.added[lineIndex]) continue;
        found.push({ path: file.path, line: chunk.firstLine + lineIndex, column: finding.start - lineStart + 1, mode: finding.mode, key: finding.key });
      }
    }
  }
  return found;
}

/** Undoes git's C-style quoting of unusual paths (`"a\tb"`, octal bytes for non-ASCII). */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  const inner = text.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c !== '\\') {
      bytes.push(...new TextEncoder().encode(c));
      continue;
    }
    const next = inner[i + 1];
    if (/[0-7]/.test(next ?? '')) {
      bytes.push(parseInt(inner.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function stripPrefix(path: string): string {
  return path.startsWith('b/') ? path.slice(2) : path;
}

// CRLF files: git shows the `\r` at the end of each line; the editor treats CRLF as one break.
function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
