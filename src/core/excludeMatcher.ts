// `files.exclude` / `search.exclude` matching for the workspace scan (plain code, no vscode):
// findFiles applies files.exclude only and a single exclude pattern cannot hold nested braces,
// so the scan prunes with what findFiles can take and then checks every path here.
import * as path from 'path';

/** A `files.exclude`-style setting: glob → true/false or `{ when: "$(basename).ts" }`. */
export type ExcludeSetting = Record<string, unknown>;

interface Rule {
  regExp: RegExp;
  /** Sibling condition: exclude only when this sibling (with `$(basename)` filled in) exists. */
  when?: string;
}

/** Tells whether a workspace-relative path (with `/`) is excluded by a set of exclude settings. */
export class ExcludeMatcher {
  private readonly rules: Rule[];

  constructor(settings: readonly ExcludeSetting[], private readonly siblingExists: (relPath: string) => boolean = () => false) {
    this.rules = [];
    for (const setting of settings) {
      for (const [glob, value] of Object.entries(setting ?? {})) {
        const when = value && typeof value === 'object' && typeof (value as { when?: unknown }).when === 'string' ? (value as { when: string }).when : undefined;
        if (value !== true && when === undefined) continue;
        const regExp = globToRegExp(glob);
        if (regExp) this.rules.push({ regExp, when });
      }
    }
  }

  /** The globs that need no sibling check, for findFiles to prune whole folders early. */
  static simpleGlobs(settings: readonly ExcludeSetting[]): string[] {
    return settings.flatMap((setting) => Object.entries(setting ?? {}).filter(([, value]) => value === true).map(([glob]) => glob));
  }

  /** True when the path or one of its parent folders matches an exclude rule. */
  excludes(relPath: string): boolean {
    if (this.rules.length === 0) return false;
    const parts = relPath.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const candidate = parts.slice(0, i).join('/');
      for (const rule of this.rules) {
        if (rule.regExp.test(candidate) && (!rule.when || this.siblingExists(siblingPath(candidate, rule.when)))) return true;
      }
    }
    return false;
  }
}

function siblingPath(relPath: string, when: string): string {
  const base = path.posix.basename(relPath);
  const dot = base.lastIndexOf('.');
  const sibling = when.replace(/\$\(basename\)/g, dot > 0 ? base.slice(0, dot) : base);
  const dir = path.posix.dirname(relPath);
  return dir === '.' ? sibling : `${dir}/${sibling}`;
}

/** Converts a VS Code glob (`**`, `*`, `?`, `[...]`, nested `{a,b}`) to an anchored RegExp; undefined when malformed. */
export function globToRegExp(glob: string): RegExp | undefined {
  let source = glob.trim().replace(/\\/g, '/');
  if (source.startsWith('./')) source = source.slice(2);
  if (source.endsWith('/')) source = source.slice(0, -1);
  if (source === '') return undefined;
  try {
    return new RegExp(`^${convert(source, 0, false).source}$`);
  } catch {
    return undefined;
  }
}

// Recursive descent over the glob; `inBraces` stops at `,` and `}` so alternatives can nest.
function convert(glob: string, start: number, inBraces: boolean): { source: string; end: number } {
  let out = '';
  let i = start;
  while (i < glob.length) {
    const c = glob[i];
    if (inBraces && (c === ',' || c === '}')) break;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/' || glob[i - 1] === '{' || glob[i - 1] === ',';
        const followedBySlash = glob[i + 2] === '/';
        if (atSegmentStart && followedBySlash) {
          out += '(?:[^/]*/)*';
          i += 3;
        } else if (atSegmentStart && (i + 2 === glob.length || glob[i + 2] === '}' || glob[i + 2] === ',')) {
          out += '.*';
          i += 2;
        } else {
          out += '[^/]*';
          i += 2;
        }
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        i++;
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close + 1;
    } else if (c === '{') {
      const choices: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = convert(glob, j, true);
        choices.push(part.source);
        j = part.end;
        if (glob[j] === ',') {
          j++;
          continue;
        }
        break;
      }
      if (glob[j] !== '}') throw new Error('unclosed brace');
      out += `(?:${choices.join('|')})`;
      i = j + 1;
    } else {
      out += c.replace(/[.+^${}()|\\]/g, '\\$&');
      i++;
    }
  }
  return { source: out, end: i };
}
