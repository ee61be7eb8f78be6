// The golden-file harness shared by the per-language environment-read tests in test/unit/envRead/:
// each language's file lists its cases and calls goldenTests(); the checks are the same for all.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as ts from 'typescript';
import { applyChanges } from '../../src/core/envReadRefactor';
import type { TextChange } from '../../src/core/envReadRefactor';
import { maskKey } from '../../src/core/mask';
import { planEnvReadRefactor, planEnvReadRefactorAll } from './envReadPlans';
import { liveKey, randomBody, seededRandom, testKey } from './testKeys';

// Inputs are written with @LIVE@ / @TEST@ placeholders and get real-looking keys at run time:
// a key-shaped literal in the repository would be flagged by every scanner (including ours).
export const random = seededRandom(20240611);
export const LIVE = liveKey(randomBody(32, random));
export const TEST = testKey(randomBody(32, random));
export const VARIABLE = 'INFINIPOST_API_KEY';
export const KEY_SHAPED = /sk_(?:live|test)_[A-Za-z0-9]/;

export interface GoldenCase {
  lang: string;
  name: string;
  input: readonly string[];
  /** The fixed file; undefined when the fix must be refused (the caller then offers the .env fix). */
  expected: readonly string[] | undefined;
}

export const join = (lines: readonly string[]): string => lines.join('\n') + '\n';
/** Expected lines may name a masked key (`@LIVE_MASKED@`): what a fix leaves of a key in a comment. */
export const expectedText = (lines: readonly string[]): string =>
  join(lines).split('@LIVE_MASKED@').join(maskKey(LIVE)).split('@TEST_MASKED@').join(maskKey(TEST));
export const withKeys = (text: string): string => text.split('@LIVE@').join(LIVE).split('@TEST@').join(TEST);

export function keyRanges(text: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  for (const key of [LIVE, TEST]) {
    for (let i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + 1)) {
      ranges.push({ start: i, end: i + key.length });
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

export function fixAll(text: string, lang: string): string | undefined {
  const changes = planEnvReadRefactorAll(text, lang, keyRanges(text), VARIABLE);
  return changes === undefined ? undefined : applyChanges(text, changes);
}

// ---- syntax checks -------------------------------------------------------------------------

const SCRIPT_KINDS: Readonly<Record<string, ts.ScriptKind>> = {
  javascript: ts.ScriptKind.JS,
  typescript: ts.ScriptKind.TS,
  javascriptreact: ts.ScriptKind.JSX,
  typescriptreact: ts.ScriptKind.TSX,
  vue: ts.ScriptKind.TS,
  svelte: ts.ScriptKind.JS,
};

/** Parse errors reported by the TypeScript compiler for JS/TS/JSX/TSX (the `<script>` blocks of Vue and Svelte). */
export function tsParseErrors(lang: string, source: string): string[] {
  let code = source;
  if (lang === 'vue' || lang === 'svelte') {
    code = [...source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  }
  const file = ts.createSourceFile(`check.${lang}`, code, ts.ScriptTarget.Latest, true, SCRIPT_KINDS[lang]);
  const diagnostics = (file as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function commandWorks(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const HAS_PYTHON = commandWorks('python3', ['--version']);
const HAS_BASH = commandWorks('bash', ['--version']);

/** The error of `python3 ast.parse`, or undefined when the source parses. */
export function pythonSyntaxError(source: string): string | undefined {
  try {
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: source, stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

export function bashSyntaxError(source: string): string | undefined {
  try {
    execFileSync('bash', ['-n'], { input: source, stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

export function assertValidSyntax(lang: string, source: string, what: string): void {
  if (lang in SCRIPT_KINDS) {
    assert.deepStrictEqual(tsParseErrors(lang, source), [], `${what} does not parse:\n${source}`);
  } else if (lang === 'python' && HAS_PYTHON) {
    assert.strictEqual(pythonSyntaxError(source), undefined, `${what} does not parse:\n${source}`);
  } else if (lang === 'shellscript' && HAS_BASH) {
    assert.strictEqual(bashSyntaxError(source), undefined, `${what} does not parse:\n${source}`);
  }
}

export function assertSortedAndDisjoint(changes: readonly TextChange[]): void {
  for (let i = 1; i < changes.length; i++) {
    assert.ok(changes[i - 1].end <= changes[i].start, `changes overlap or are unsorted: ${JSON.stringify(changes)}`);
  }
}

// ---- "another key later": the file is fixed, then someone pastes a key again ----------------

/** Adds one more hard-coded key to an already fixed file. */
function addAnotherKey(lang: string, fixed: string, key: string): string {
  switch (lang) {
    case 'vue':
    case 'svelte':
      return fixed.replace('</script>', `const another = '${key}';\n</script>`);
    case 'javascript':
    case 'typescript':
    case 'javascriptreact':
    case 'typescriptreact':
      return fixed + `const another = '${key}';\n`;
    case 'python':
    case 'ruby':
      return fixed + `another = '${key}'\n`;
    case 'go':
      return fixed + `var another = "${key}"\n`;
    case 'php':
      return fixed + `$another = '${key}';\n`;
    case 'java':
      return fixed + `class Another { String k = "${key}"; }\n`;
    case 'kotlin':
      return fixed + `val another = "${key}"\n`;
    case 'swift':
      return fixed + `let another = "${key}"\n`;
    case 'csharp':
      return fixed + `class Another { string k = "${key}"; }\n`;
    case 'rust':
      return fixed + `fn another() -> String { "${key}".to_string() }\n`;
    case 'dart':
      return fixed + `final another = '${key}';\n`;
    case 'elixir':
      return fixed + `another = "${key}"\n`;
    case 'shellscript':
      return fixed + `ANOTHER='${key}'\n`;
    case 'powershell':
      return fixed + `$another = '${key}'\n`;
    default:
      throw new Error(`no snippet for ${lang}`);
  }
}

const IMPORTS: Readonly<Record<string, RegExp>> = {
  python: /^import os$|^import [\w., ]*\bos\b/gm,
  go: /"os"/g,
  dart: /^import 'dart:io';$/gm,
  swift: /^import (Foundation|UIKit)$/gm,
  csharp: /^using System;$/gm,
};



/** Registers the golden, stays-fixed and one-key-at-a-time suites for one language's cases. */
export function goldenTests(cases: readonly GoldenCase[]): void {
  describe('planEnvReadRefactorAll: golden files', () => {
    for (const c of cases) {
      it(`${c.lang}: ${c.name}${c.expected === undefined ? ' (refused)' : ''}`, () => {
        const input = withKeys(join(c.input));
        assert.ok(keyRanges(input).length > 0, 'the input holds a key');
        const changes = planEnvReadRefactorAll(input, c.lang, keyRanges(input), VARIABLE);
        if (c.expected === undefined) {
          assert.strictEqual(changes, undefined, changes && applyChanges(input, changes));
          return;
        }
        assert.ok(changes !== undefined, 'the fix was refused');
        assertSortedAndDisjoint(changes);
        const output = applyChanges(input, changes);
        assert.strictEqual(output, expectedText(c.expected));
        assert.doesNotMatch(output, KEY_SHAPED);
        assertValidSyntax(c.lang, input, 'the input');
        assertValidSyntax(c.lang, output, 'the fixed file');
      });
    }
  });

  describe('planEnvReadRefactorAll: a fixed file stays fixed', () => {
    for (const c of cases.filter((x) => x.expected !== undefined)) {
      it(`${c.lang}: ${c.name}`, () => {
        const fixed = expectedText(c.expected as readonly string[]);
        // Nothing key-shaped is left for a detector to find, and a second pass changes nothing.
        assert.doesNotMatch(fixed, KEY_SHAPED);
        assert.deepStrictEqual(planEnvReadRefactorAll(fixed, c.lang, [], VARIABLE), []);
        // A key pasted in later is fixed without a second import.
        const again = addAnotherKey(c.lang, fixed, liveKey(randomBody(24, random)));
        const keys = [...again.matchAll(/sk_(?:live|test)_[A-Za-z0-9]+/g)].map((m) => ({
          start: m.index,
          end: m.index + m[0].length,
        }));
        assert.strictEqual(keys.length, 1);
        const changes = planEnvReadRefactorAll(again, c.lang, keys, VARIABLE);
        assert.ok(changes !== undefined, `refused:\n${again}`);
        const refixed = applyChanges(again, changes);
        assert.doesNotMatch(refixed, KEY_SHAPED);
        const imports = IMPORTS[c.lang];
        if (imports !== undefined) {
          // The import is there once: kept from the first fix, or added now (a masked comment needed none).
          assert.strictEqual(refixed.match(imports)?.length ?? 0, Math.max(1, fixed.match(imports)?.length ?? 0), refixed);
        }
        assertValidSyntax(c.lang, refixed, 'the refixed file');
      });
    }
  });

  describe('planEnvReadRefactor: one key at a time', () => {
    for (const c of cases.filter((x) => x.expected !== undefined)) {
      it(`${c.lang}: ${c.name}`, () => {
        const input = withKeys(join(c.input));
        const keys = keyRanges(input);
        if (keys.length === 1) {
          // The single fix and the fix-all agree.
          const changes = planEnvReadRefactor(input, c.lang, keys[0].start, keys[0].end, VARIABLE);
          assert.ok(changes !== undefined);
          assert.strictEqual(applyChanges(input, changes), expectedText(c.expected as readonly string[]));
          return;
        }
        // Each key alone: only that key goes, the others stay, and the result is still valid.
        for (const key of keys) {
          const changes = planEnvReadRefactor(input, c.lang, key.start, key.end, VARIABLE);
          assert.ok(changes !== undefined);
          assertSortedAndDisjoint(changes);
          const output = applyChanges(input, changes);
          assert.strictEqual(keyRanges(output).length, keys.length - 1, output);
          assertValidSyntax(c.lang, output, 'the partly fixed file');
        }
      });
    }
  });
}
