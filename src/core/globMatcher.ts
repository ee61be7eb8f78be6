// A glob matcher for VS Code's glob syntax (`**`, `*`, `?`, `[...]`, nested `{a,b}`) whose running time
// is bounded by (path length × glob length): no regular expression, so no backtracking blow-up. A
// workspace's `files.exclude` such as `**/*a*a*a*a*a*a*a*a*a*a*b` is repository content; a regular
// expression built from it took seconds per path on the extension host's only thread.

/** Alternatives one glob may expand to (`{a,b}{c,d}` is four); beyond this the glob is refused as malformed. */
export const MAX_GLOB_ALTERNATIVES = 256;

type Token = { kind: 'char'; char: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negated: boolean; ranges: Array<[number, number]> };
type Segment = { kind: 'globstar' } | { kind: 'tokens'; tokens: Token[] };

/** A compiled glob: true when a relative path (with `/`) matches it as a whole. */
export type GlobTest = (relPath: string) => boolean;

/** Compiles a VS Code glob; undefined when it is malformed (unclosed brace) or expands to too many alternatives. */
export function compileGlob(glob: string): GlobTest | undefined {
  const normalized = normalizeGlob(glob);
  if (normalized === undefined) return undefined;
  const alternatives = expandBraces(normalized);
  if (!alternatives) return undefined;
  const compiled = alternatives.map((alternative) => alternative.split('/').map((segment) => compileSegment(segment)));
  return (relPath) => {
    const parts = relPath.split('/');
    return compiled.some((segments) => matchSegments(segments, parts));
  };
}

/**
 * Compiles one `.gitignore` pattern body (without `!`, the leading `/` and a trailing `/`): the same
 * matcher, with git's differences: `\` escapes the next character and braces are plain characters.
 */
export function compileGitignoreGlob(pattern: string): GlobTest {
  const segments = pattern.split('/').map((segment) => compileSegment(segment, true));
  return (relPath) => matchSegments(segments, relPath.split('/'));
}

/** Trims, turns `\` into `/`, drops a leading `./` and a trailing `/`; undefined for an empty glob. */
export function normalizeGlob(glob: string): string | undefined {
  let source = glob.trim().replace(/\\/g, '/');
  if (source.startsWith('./')) source = source.slice(2);
  if (source.endsWith('/')) source = source.slice(0, -1);
  return source === '' ? undefined : source;
}

/** Expands `{a,b}` groups (nested too) into brace-free globs; undefined when a brace is unclosed or there are too many. */
export function expandBraces(glob: string): string[] | undefined {
  const parsed = parseAlternatives(glob, 0, false);
  if (!parsed || parsed.end !== glob.length) return undefined;
  return parsed.values;
}

// Returns the expansions of glob[start…] up to a `,` or `}` (when inside braces) or the end.
function parseAlternatives(glob: string, start: number, inBraces: boolean): { values: string[]; end: number } | undefined {
  let values = [''];
  let i = start;
  while (i < glob.length) {
    const c = glob[i];
    if (inBraces && (c === ',' || c === '}')) break;
    if (c === '[') {
      // A class is copied whole: `{` and `,` inside it are plain characters.
      const close = glob.indexOf(']', i + 2);
      const end = close === -1 ? i + 1 : close + 1;
      const text = glob.slice(i, end);
      values = values.map((value) => value + text);
      i = end;
      continue;
    }
    if (c !== '{') {
      values = values.map((value) => value + c);
      i++;
      continue;
    }
    const choices: string[] = [];
    let j = i + 1;
    for (;;) {
      const part = parseAlternatives(glob, j, true);
      if (!part) return undefined;
      choices.push(...part.values);
      j = part.end;
      if (glob[j] === ',') {
        j++;
        continue;
      }
      break;
    }
    if (glob[j] !== '}') return undefined;
    if (values.length * choices.length > MAX_GLOB_ALTERNATIVES) return undefined;
    values = values.flatMap((value) => choices.map((choice) => value + choice));
    i = j + 1;
  }
  return { values, end: i };
}

function compileSegment(segment: string, backslashEscapes = false): Segment {
  if (segment === '**') return { kind: 'globstar' };
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (backslashEscapes && c === '\\' && i + 1 < segment.length) {
      tokens.push({ kind: 'char', char: segment[++i] });
    } else if (c === '*') {
      // `**` inside a segment (`**.js`, `a**b`) is a plain `*`; consecutive stars collapse.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        tokens.push({ kind: 'char', char: c });
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      tokens.push({ kind: 'class', negated, ranges: classRanges(body) });
      i = close;
    } else {
      tokens.push({ kind: 'char', char: c });
    }
  }
  return { kind: 'tokens', tokens };
}

function classRanges(body: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < body.length; i++) {
    const low = body.charCodeAt(i);
    if (body[i + 1] === '-' && i + 2 < body.length) {
      ranges.push([low, body.charCodeAt(i + 2)]);
      i += 2;
    } else {
      ranges.push([low, low]);
    }
  }
  return ranges;
}

function tokenMatches(token: Token, c: string): boolean {
  switch (token.kind) {
    case 'char':
      return token.char === c;
    case 'any':
      return true;
    case 'class': {
      const code = c.charCodeAt(0);
      const inside = token.ranges.some(([low, high]) => code >= low && code <= high);
      return inside !== token.negated;
    }
    default:
      return false;
  }
}

// Wildcard matching with one remembered star: on a mismatch the last star takes one more
// element and matching resumes after it. Earlier stars never need to be revisited, so the
// cost is at most (text length × pattern length). Run over the characters of a segment (star:
// `*`) and over the segments of a path (star: `**`).
function matchWithStars<P>(pattern: readonly P[], length: number, isStar: (piece: P) => boolean, matchesAt: (piece: P, index: number) => boolean): boolean {
  let t = 0;
  let p = 0;
  let starAt = -1;
  let starText = 0;
  while (t < length) {
    const piece = pattern[p];
    if (piece !== undefined && isStar(piece)) {
      starAt = p++;
      starText = t;
    } else if (piece !== undefined && matchesAt(piece, t)) {
      t++;
      p++;
    } else if (starAt !== -1) {
      p = starAt + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

const isStarToken = (token: Token): boolean => token.kind === 'star';
const isGlobstar = (segment: Segment): boolean => segment.kind === 'globstar';

function matchTokens(tokens: readonly Token[], text: string): boolean {
  return matchWithStars(tokens, text.length, isStarToken, (token, i) => tokenMatches(token, text[i]));
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): boolean {
  return matchWithStars(segments, parts.length, isGlobstar, (segment, i) => segment.kind === 'tokens' && matchTokens(segment.tokens, parts[i]));
}
