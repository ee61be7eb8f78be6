// `files.exclude` / `search.exclude` matching for the workspace scan (plain code, no vscode):
// findFiles applies files.exclude only and a single exclude pattern cannot hold nested braces,
// so the scan prunes with what findFiles can take and then checks every path here. Matching is
// linear in the path and glob (globMatcher.ts): exclude globs come from the workspace.
import * as path from 'path';
import { compileGlob, expandBraces, GlobTest, normalizeGlob } from './globMatcher';

/** A `files.exclude`-style setting: glob → true/false or `{ when: "$(basename).ts" }`. */
export type ExcludeSetting = Record<string, unknown>;

interface Rule {
  test: GlobTest;
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
        const test = compileGlob(glob);
        if (test) this.rules.push({ test, when });
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
        if (rule.test(candidate) && (!rule.when || this.siblingExists(siblingPath(candidate, rule.when)))) return true;
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

/** The unconditional exclude globs as ripgrep `--glob=!…` arguments: braces expanded (ripgrep refuses nested
 * groups), anchored to the folder with a leading `/` like VS Code's own matching, malformed globs left out. */
export function ripgrepExcludeArgs(settings: readonly ExcludeSetting[]): string[] {
  const args = new Set<string>();
  for (const glob of ExcludeMatcher.simpleGlobs(settings)) {
    const normalized = normalizeGlob(glob);
    const alternatives = normalized === undefined ? undefined : expandBraces(normalized);
    if (!alternatives || !compileGlob(glob)) continue;
    for (const alternative of alternatives) {
      // `!` and `/` come first, so no workspace string can start an argument with `-`.
      args.add(`--glob=!/${alternative.replace(/^\/+/, '')}`);
    }
  }
  return [...args];
}
