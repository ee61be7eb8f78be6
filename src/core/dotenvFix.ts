// Pure text transforms behind "Move key to .env", the fix for config files and languages without an
// idiomatic environment read: the key goes to `.env` in the folder root, `.env` is git-ignored, a
// placeholder goes to `.env.example`, and the file references the variable where its format allows.
import type { TextChange } from './envReadRefactor';
import { compileGitignoreGlob } from './globMatcher';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The comment written above the `.gitignore` entry, so a reviewer knows where it came from. */
export const GITIGNORE_COMMENT = '# Local secrets (added by Infinipost)';

/** The comment written above the `.env.example` placeholder. */
export const ENV_EXAMPLE_COMMENT =
  '# Infinipost API key: store the real key with the "Infinipost: Add API Key" command (or in your own .env); never commit it.';

/** Sets `variable` in a `.env` text: replaces its assignment (removing duplicates) or appends one; other lines and newline style stay. */
export function upsertDotenvVariable(dotenvText: string | undefined, variable: string, value: string): string {
  assertVariable(variable);
  const text = dotenvText ?? '';
  const nl = newlineOf(text);
  const lines = splitLines(text);
  const out: string[] = [];
  let replaced = false;
  for (let i = 0; i < lines.length; i++) {
    const m = assignmentOf(lines[i], variable);
    if (m === undefined) {
      out.push(lines[i]);
      continue;
    }
    // A quoted value may continue on the following lines; the whole assignment goes.
    i = lastLineOfValue(lines, i, m.value);
    if (!replaced) {
      out.push(`${m.export}${variable}=${quoteDotenvValue(value)}`);
      replaced = true;
    }
    // Later duplicates are dropped: dotenv loaders disagree on whether the first or the last one wins.
  }
  if (replaced) {
    return joinLines(out, text, nl);
  }
  const assignment = `${variable}=${quoteDotenvValue(value)}`;
  if (text === '') {
    return assignment + nl;
  }
  return text.endsWith('\n') ? text + assignment + nl : text + nl + assignment;
}

/** What setting `variable` to `value` in a `.env` text would do to what is there: nothing to add, add, fill an empty value, or replace a different one. */
export type DotenvUpsertEffect = 'unchanged' | 'added' | 'filled' | 'replaced';

/** Decides, before writing, whether `upsertDotenvVariable` would replace a different value (which needs a person's yes). */
export function dotenvUpsertEffect(dotenvText: string | undefined, variable: string, value: string): DotenvUpsertEffect {
  // Every assignment counts: the upsert keeps one and drops the duplicates.
  const current = dotenvValuesOf(dotenvText, variable);
  if (current.length === 0) return 'added';
  if (current.some((v) => v.trim() !== '' && v !== value)) return 'replaced';
  return current.every((v) => v === value) ? 'unchanged' : 'filled';
}

/** The values of every assignment of `variable` in a `.env` text (quotes removed), in file order. */
export function dotenvValuesOf(dotenvText: string | undefined, variable: string): string[] {
  assertVariable(variable);
  const lines = splitLines(dotenvText ?? '');
  const values: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const value = valueAt(lines, i, variable);
    if (value !== undefined) values.push(value);
  }
  return values;
}

function valueAt(lines: readonly string[], i: number, variable: string): string | undefined {
  const m = assignmentOf(lines[i], variable);
  if (m === undefined) return undefined;
  const raw = m.value;
  const quote = raw[0];
  if (quote !== "'" && quote !== '`' && quote !== '"') return raw.replace(/\s+#.*$/, '').trim();
  // The value may continue on the following lines, up to its closing quote.
  const joined = lines.slice(i, lastLineOfValue(lines, i, raw) + 1).join('\n').slice(lines[i].length - raw.length + 1);
  if (quote !== '"') {
    const close = joined.indexOf(quote);
    return close < 0 ? joined : joined.slice(0, close);
  }
  let out = '';
  for (let j = 0; j < joined.length; j++) {
    const c = joined[j];
    if (c === '"') break;
    if (c === '\\' && j + 1 < joined.length) {
      const next = joined[++j];
      out += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * The new root `.gitignore` text ignoring the root-relative file `path` (e.g. `.env`), or undefined when
 * an existing pattern already ignores it. The one `.gitignore` writer: it only appends, below a comment.
 * `anchored` writes `/path` (that file only) instead of `path` (that name in every folder).
 */
export function ensureGitignored(gitignoreText: string | undefined, path: string, options: { anchored?: boolean } = {}): string | undefined {
  const text = gitignoreText ?? '';
  if (isIgnored(text, path)) {
    return undefined;
  }
  const nl = newlineOf(text);
  let out = text;
  if (out !== '' && !out.endsWith('\n')) {
    out += nl;
  }
  if (out !== '' && !/\n[ \t]*\r?\n$/.test(out) && out.trim() !== '') {
    out += nl; // a blank line sets our block apart from the project's own
  }
  return out + GITIGNORE_COMMENT + nl + (options.anchored ? '/' : '') + escapeGitignorePath(path) + nl;
}

/** Adds a `variable=` placeholder (with a comment pointing to Infinipost "Add API Key") to `.env.example`; unchanged when it is already there. */
export function upsertEnvExample(text: string | undefined, variable: string): string {
  assertVariable(variable);
  const current = text ?? '';
  if (splitLines(current).some((line) => assignmentOf(line, variable) !== undefined)) {
    return current;
  }
  const nl = newlineOf(current);
  let out = current;
  if (out !== '' && !out.endsWith('\n')) {
    out += nl;
  }
  if (out.trim() !== '' && !/\n[ \t]*\r?\n$/.test(out)) {
    out += nl;
  }
  return out + ENV_EXAMPLE_COMMENT + nl + `${variable}=` + nl;
}

/**
 * Replaces the key at `[keyStart, keyEnd)` of a config file with a reference to `variable`: `${X}` in
 * YAML, TOML, INI, .properties, dotenv-like and unknown formats; in JSON the string becomes `"${X}"`.
 * None of these formats expands variables by itself: the reference is the convention read by the tools
 * that do (Docker Compose, Spring, dotenv-expand, most JSON config loaders with env substitution), and
 * for the others it documents where the value now lives. Either way the key leaves the file.
 */
export function planConfigReference(
  text: string,
  languageId: string,
  keyStart: number,
  keyEnd: number,
  variable: string,
): TextChange[] {
  assertVariable(variable);
  if (!Number.isInteger(keyStart) || !Number.isInteger(keyEnd) || keyStart < 0 || keyEnd > text.length || keyStart >= keyEnd) {
    throw new RangeError('The key range is outside the text.');
  }
  const ref = '${' + variable + '}';
  const key: TextChange = { start: keyStart, end: keyEnd, text: ref };
  switch (languageId) {
    case 'json':
    case 'jsonc':
    case 'json5':
    case 'jsonl':
      // Outside a string (not valid JSON anyway) the reference gets quotes so the value stays a string.
      return [insideQuotes(text, keyStart, '"', '\\') ? key : { ...key, text: `"${ref}"` }];
    case 'toml':
      return [insideQuotes(text, keyStart, '"\'', '\\') ? key : { ...key, text: `"${ref}"` }];
    case 'yaml':
    case 'dockercompose':
      return [yamlReference(text, keyStart, keyEnd, ref)];
    default:
      return [key];
  }
}

function assertVariable(variable: string): void {
  if (!VARIABLE_NAME.test(variable)) {
    throw new RangeError('The variable name must be letters, digits and underscores, not starting with a digit.');
  }
}

function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Lines without their terminators; a trailing newline does not produce an extra empty line. */
function splitLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  const lines = text.split(/\r?\n/);
  if (text.endsWith('\n')) {
    lines.pop();
  }
  return lines;
}

function joinLines(lines: readonly string[], original: string, nl: string): string {
  const body = lines.join(nl);
  return original.endsWith('\n') && lines.length > 0 ? body + nl : body;
}

function assignmentOf(line: string, variable: string): { export: string; value: string } | undefined {
  const m = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
  if (m === null || m[3] !== variable) {
    return undefined;
  }
  return { export: m[1] + (m[2] ?? ''), value: m[4] };
}

/** The index of the line where a value starting on line `i` ends (a quoted value may span lines). */
function lastLineOfValue(lines: readonly string[], i: number, value: string): number {
  const quote = value[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') {
    return i;
  }
  const closes = (s: string, from: number): boolean => {
    for (let j = from; j < s.length; j++) {
      if (s[j] === '\\' && quote === '"') {
        j++;
      } else if (s[j] === quote) {
        return true;
      }
    }
    return false;
  };
  if (closes(value, 1)) {
    return i;
  }
  for (let j = i + 1; j < lines.length; j++) {
    if (closes(lines[j], 0)) {
      return j;
    }
  }
  return i; // never closed: only the first line was the assignment we can be sure of
}

function quoteDotenvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@+-]*$/.test(value)) {
    return value;
  }
  if (!/['\r\n]/.test(value)) {
    return `'${value}'`; // single quotes: no escapes, no expansion
  }
  // `$` stays as is: plain dotenv would keep a backslash before it in the value.
  const escaped = value.replace(/[\\"]/g, (c) => '\\' + c).replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return `"${escaped}"`;
}

// ---------------------------------------------------------------------------------------------
// .gitignore
// ---------------------------------------------------------------------------------------------

/** Whether the patterns in a root `.gitignore` ignore the root-relative file `path` (last matching pattern wins). */
function isIgnored(gitignoreText: string, path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  let ignored = false;
  for (const raw of splitLines(gitignoreText)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const negated = line.startsWith('!');
    if (negated) {
      line = line.slice(1);
    }
    if (line.endsWith('/')) {
      continue; // directories only; the entry is a file
    }
    let anchored = line.slice(0, -1).includes('/');
    if (line.startsWith('**/')) {
      line = line.slice(3);
      anchored = line.includes('/');
    } else if (line.startsWith('/')) {
      line = line.slice(1);
      anchored = true;
    }
    if (compileGitignoreGlob(line)(anchored ? path : base)) {
      ignored = !negated;
    }
  }
  return ignored;
}

/** A .gitignore pattern matching exactly the root-relative `path`: glob characters, a leading `#` or `!` and a trailing space escaped. */
function escapeGitignorePath(path: string): string {
  return path.replace(/[\\*?[\]]/g, '\\$&').replace(/^([#!])/, '\\$1').replace(/ $/, '\\ ');
}

// ---------------------------------------------------------------------------------------------
// Config references
// ---------------------------------------------------------------------------------------------

/** Whether `pos` is inside a quoted string on its line (config formats keep strings on one line). */
function insideQuotes(text: string, pos: number, quotes: string, escape: string): boolean {
  let open: string | undefined;
  for (let j = text.lastIndexOf('\n', pos - 1) + 1; j < pos; j++) {
    const c = text[j];
    if (open !== undefined) {
      if (c === escape && open === '"') {
        j++;
      } else if (c === open) {
        open = undefined;
      }
    } else if (quotes.includes(c)) {
      open = c;
    } else if (c === '#' && quotes.includes("'")) {
      return false; // TOML comment
    }
  }
  return open !== undefined;
}

/**
 * YAML: inside quotes only the key changes; in a plain scalar the scalar is double-quoted, because
 * `{` and `}` are indicators in flow collections and `${X}` alone would read as the start of one.
 */
function yamlReference(text: string, keyStart: number, keyEnd: number, ref: string): TextChange {
  const lineBegin = text.lastIndexOf('\n', keyStart - 1) + 1;
  let open: string | undefined;
  let flow = 0;
  let scalarStart = lineBegin;
  for (let j = lineBegin; j < keyStart; j++) {
    const c = text[j];
    if (open !== undefined) {
      if (open === '"' && c === '\\') {
        j++;
      } else if (c === open) {
        if (open === "'" && text[j + 1] === "'") {
          j++;
        } else {
          open = undefined;
        }
      }
      continue;
    }
    const atTokenStart = j === scalarStart || /[\s,[{]/.test(text[j - 1] ?? ' ');
    if ((c === '"' || c === "'") && atTokenStart) {
      open = c;
    } else if (c === '[' || c === '{') {
      flow++;
      scalarStart = j + 1;
    } else if ((c === ']' || c === '}') && flow > 0) {
      flow--;
      scalarStart = j + 1;
    } else if (c === ',' && flow > 0) {
      scalarStart = j + 1;
    } else if (c === ':' && /\s/.test(text[j + 1] ?? ' ')) {
      scalarStart = j + 1;
    } else if (c === '-' && /\s/.test(text[j + 1] ?? ' ') && /^\s*$/.test(text.slice(lineBegin, j))) {
      scalarStart = j + 1;
    }
  }
  if (open !== undefined) {
    return { start: keyStart, end: keyEnd, text: ref };
  }
  while (scalarStart < keyStart && /\s/.test(text[scalarStart])) {
    scalarStart++;
  }
  const lineEnd = (() => {
    const n = text.indexOf('\n', keyEnd);
    return n < 0 ? text.length : n;
  })();
  let scalarEnd = keyEnd;
  while (scalarEnd < lineEnd) {
    const c = text[scalarEnd];
    if ((c === '#' && /\s/.test(text[scalarEnd - 1])) || (flow > 0 && /[,\]}]/.test(c)) || (c === ':' && /\s/.test(text[scalarEnd + 1] ?? ' '))) {
      break;
    }
    scalarEnd++;
  }
  while (scalarEnd > keyEnd && /\s/.test(text[scalarEnd - 1])) {
    scalarEnd--;
  }
  const escape = (s: string): string => s.replace(/[\\"]/g, (c) => '\\' + c);
  const value = escape(text.slice(scalarStart, keyStart)) + ref + escape(text.slice(keyEnd, scalarEnd));
  return { start: scalarStart, end: scalarEnd, text: `"${value}"` };
}
