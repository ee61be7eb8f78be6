import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as ts from 'typescript';
import {
  applyChanges,
  envReadFor,
  planEnvReadRefactor,
  planEnvReadRefactorAll,
  supportsEnvRead,
  TextChange,
} from '../../src/core/envReadRefactor';
import { liveKey, randomBody, seededRandom, testKey } from '../support/testKeys';

// Inputs are written with @LIVE@ / @TEST@ placeholders and get real-looking keys at run time:
// a key-shaped literal in the repository would be flagged by every scanner (including ours).
const random = seededRandom(20240611);
const LIVE = liveKey(randomBody(32, random));
const TEST = testKey(randomBody(32, random));
const VARIABLE = 'INFINIPOST_API_KEY';
const KEY_SHAPED = /sk_(?:live|test)_[A-Za-z0-9]/;

interface GoldenCase {
  lang: string;
  name: string;
  input: readonly string[];
  /** The fixed file; undefined when the fix must be refused (the caller then offers the .env fix). */
  expected: readonly string[] | undefined;
}

const join = (lines: readonly string[]): string => lines.join('\n') + '\n';
const withKeys = (text: string): string => text.split('@LIVE@').join(LIVE).split('@TEST@').join(TEST);

function keyRanges(text: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  for (const key of [LIVE, TEST]) {
    for (let i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + 1)) {
      ranges.push({ start: i, end: i + key.length });
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

function fixAll(text: string, lang: string): string | undefined {
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
function tsParseErrors(lang: string, source: string): string[] {
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
function pythonSyntaxError(source: string): string | undefined {
  try {
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: source, stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

function bashSyntaxError(source: string): string | undefined {
  try {
    execFileSync('bash', ['-n'], { input: source, stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

function assertValidSyntax(lang: string, source: string, what: string): void {
  if (lang in SCRIPT_KINDS) {
    assert.deepStrictEqual(tsParseErrors(lang, source), [], `${what} does not parse:\n${source}`);
  } else if (lang === 'python' && HAS_PYTHON) {
    assert.strictEqual(pythonSyntaxError(source), undefined, `${what} does not parse:\n${source}`);
  } else if (lang === 'shellscript' && HAS_BASH) {
    assert.strictEqual(bashSyntaxError(source), undefined, `${what} does not parse:\n${source}`);
  }
}

function assertSortedAndDisjoint(changes: readonly TextChange[]): void {
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

// ---- the golden cases ---------------------------------------------------------------------

const CASES: readonly GoldenCase[] = [

  // typescript
  {
    lang: 'typescript',
    name: 'whole single-quoted',
    input: ["const apiKey = '@LIVE@';"],
    expected: ['const apiKey = process.env.INFINIPOST_API_KEY;'],
  },
  {
    lang: 'typescript',
    name: 'whole double-quoted',
    input: ['const apiKey = "@LIVE@";'],
    expected: ['const apiKey = process.env.INFINIPOST_API_KEY;'],
  },
  {
    lang: 'typescript',
    name: 'whole template',
    input: ['const apiKey = `@LIVE@`;'],
    expected: ['const apiKey = process.env.INFINIPOST_API_KEY;'],
  },
  {
    lang: 'typescript',
    name: 'bearer in single quotes',
    input: ["const headers = { Authorization: 'Bearer @LIVE@' };"],
    expected: ['const headers = { Authorization: `Bearer ${process.env.INFINIPOST_API_KEY}` };'],
  },
  {
    lang: 'typescript',
    name: 'bearer in double quotes with backtick and ${',
    input: ['const s = "Bearer @LIVE@ `x` ${y}";'],
    expected: ['const s = `Bearer ${process.env.INFINIPOST_API_KEY} \\`x\\` \\${y}`;'],
  },
  {
    lang: 'typescript',
    name: 'bearer in template with holes',
    input: ['const s = `Bearer @LIVE@ for ${user}`;'],
    expected: ['const s = `Bearer ${process.env.INFINIPOST_API_KEY} for ${user}`;'],
  },
  {
    lang: 'typescript',
    name: 'url',
    input: ["await fetch('https://x/?key=@LIVE@&a=1');"],
    expected: ['await fetch(`https://x/?key=${process.env.INFINIPOST_API_KEY}&a=1`);'],
  },
  {
    lang: 'typescript',
    name: 'object value',
    input: [
      'const config = {',
      "  apiKey: '@LIVE@',",
      '  retries: 3,',
      '};',
    ],
    expected: [
      'const config = {',
      '  apiKey: process.env.INFINIPOST_API_KEY,',
      '  retries: 3,',
      '};',
    ],
  },
  {
    lang: 'typescript',
    name: 'quoted property name',
    input: ["const seen = { '@LIVE@': true };"],
    expected: ['const seen = { [process.env.INFINIPOST_API_KEY]: true };'],
  },
  {
    lang: 'typescript',
    name: 'default parameter',
    input: [
      "export function client(apiKey: string = '@LIVE@') {",
      '  return apiKey;',
      '}',
    ],
    expected: [
      'export function client(apiKey: string = process.env.INFINIPOST_API_KEY) {',
      '  return apiKey;',
      '}',
    ],
  },
  {
    lang: 'typescript',
    name: 'two keys, one string',
    input: [
      "const both = 'live=@LIVE@ test=@TEST@';",
      'const one = "@TEST@";',
    ],
    expected: [
      'const both = `live=${process.env.INFINIPOST_API_KEY} test=${process.env.INFINIPOST_API_KEY}`;',
      'const one = process.env.INFINIPOST_API_KEY;',
    ],
  },
  {
    lang: 'typescript',
    name: 'escaped quotes kept',
    input: ['const s = \'it\\\'s @LIVE@ "ok"\';'],
    expected: ['const s = `it\\\'s ${process.env.INFINIPOST_API_KEY} "ok"`;'],
  },
  {
    lang: 'typescript',
    name: 'after a regex with a quote',
    input: ["const re = /'/g; const k = '@LIVE@';"],
    expected: ["const re = /'/g; const k = process.env.INFINIPOST_API_KEY;"],
  },
  {
    lang: 'typescript',
    name: 'line inside a multi-line template',
    input: [
      'const body = `',
      '  "key": "@LIVE@"',
      '`;',
    ],
    expected: [
      'const body = `',
      '  "key": "${process.env.INFINIPOST_API_KEY}"',
      '`;',
    ],
  },
  {
    lang: 'typescript',
    name: 'in a comment',
    input: ['// old key: @LIVE@'],
    expected: undefined,
  },
  {
    lang: 'typescript',
    name: 'legacy octal escape',
    input: ["const s = '\\01 @LIVE@';"],
    expected: undefined,
  },
  {
    lang: 'typescript',
    name: 'module specifier',
    input: ["import x from '@LIVE@';"],
    expected: undefined,
  },
  {
    lang: 'typescript',
    name: 'tagged template',
    input: ['const q = sql`@LIVE@`;'],
    expected: undefined,
  },

  // javascript
  {
    lang: 'javascript',
    name: 'whole single-quoted',
    input: ["const stripe = require('infinipost')('@LIVE@');"],
    expected: ["const stripe = require('infinipost')(process.env.INFINIPOST_API_KEY);"],
  },
  {
    lang: 'javascript',
    name: 'bearer',
    input: ['headers.Authorization = "Bearer @LIVE@";'],
    expected: ['headers.Authorization = `Bearer ${process.env.INFINIPOST_API_KEY}`;'],
  },
  {
    lang: 'javascript',
    name: 'url',
    input: ['const u = `https://x/?key=@LIVE@&a=1`;'],
    expected: ['const u = `https://x/?key=${process.env.INFINIPOST_API_KEY}&a=1`;'],
  },
  {
    lang: 'javascript',
    name: 'default parameter',
    input: ['function f(key = "@LIVE@") { return key; }'],
    expected: ['function f(key = process.env.INFINIPOST_API_KEY) { return key; }'],
  },
  {
    lang: 'javascript',
    name: 'two keys',
    input: [
      "const a = '@LIVE@';",
      'const b = { k: "Bearer @TEST@" };',
    ],
    expected: [
      'const a = process.env.INFINIPOST_API_KEY;',
      'const b = { k: `Bearer ${process.env.INFINIPOST_API_KEY}` };',
    ],
  },
  {
    lang: 'javascript',
    name: 'whole double-quoted and template',
    input: ['module.exports = { key: "@LIVE@", other: `@TEST@` };'],
    expected: ['module.exports = { key: process.env.INFINIPOST_API_KEY, other: process.env.INFINIPOST_API_KEY };'],
  },

  // javascriptreact
  {
    lang: 'javascriptreact',
    name: 'jsx attribute whole',
    input: ['export const A = () => <Widget apiKey="@LIVE@" size={2} />;'],
    expected: ['export const A = () => <Widget apiKey={process.env.INFINIPOST_API_KEY} size={2} />;'],
  },
  {
    lang: 'javascriptreact',
    name: 'jsx attribute bearer after other attributes',
    input: [
      'export const A = () => (',
      '  <Widget',
      '    a="1"',
      '    {...rest}',
      '    b={x => x > 1}',
      "    auth='Bearer @LIVE@'",
      '  />',
      ');',
    ],
    expected: [
      'export const A = () => (',
      '  <Widget',
      '    a="1"',
      '    {...rest}',
      '    b={x => x > 1}',
      '    auth={`Bearer ${process.env.INFINIPOST_API_KEY}`}',
      '  />',
      ');',
    ],
  },
  {
    lang: 'javascriptreact',
    name: 'jsx text with apostrophe before key',
    input: [
      "export const A = () => <p>Don't</p>;",
      "const k = '@LIVE@';",
    ],
    expected: [
      "export const A = () => <p>Don't</p>;",
      'const k = process.env.INFINIPOST_API_KEY;',
    ],
  },
  {
    lang: 'javascriptreact',
    name: 'url, object value, default parameter, two keys',
    input: [
      "const cfg = { url: 'https://x/?key=@LIVE@&a=1' };",
      'export function A({ k = "@TEST@" }) { return <W k={k} />; }',
    ],
    expected: [
      'const cfg = { url: `https://x/?key=${process.env.INFINIPOST_API_KEY}&a=1` };',
      'export function A({ k = process.env.INFINIPOST_API_KEY }) { return <W k={k} />; }',
    ],
  },

  // typescriptreact
  {
    lang: 'typescriptreact',
    name: 'tsx attribute url',
    input: ['export const A = () => <Img src="https://x/?key=@LIVE@&a=1" />;'],
    expected: ['export const A = () => <Img src={`https://x/?key=${process.env.INFINIPOST_API_KEY}&a=1`} />;'],
  },
  {
    lang: 'typescriptreact',
    name: 'tsx plain string',
    input: [
      "const k: string = '@LIVE@';",
      'export const A = () => <Widget apiKey={k} />;',
    ],
    expected: [
      'const k: string = process.env.INFINIPOST_API_KEY;',
      'export const A = () => <Widget apiKey={k} />;',
    ],
  },
  {
    lang: 'typescriptreact',
    name: 'jsx text',
    input: ['export const A = () => <p>@LIVE@</p>;'],
    expected: undefined,
  },
  {
    lang: 'typescriptreact',
    name: 'whole, bearer, map, default parameter, two keys',
    input: [
      'const m = new Map([[\'k\', "@LIVE@"]]);',
      "export function A({ auth = 'Bearer @TEST@' }: { auth?: string }) {",
      "  return <W auth={auth} k={m.get('k')} />;",
      '}',
    ],
    expected: [
      "const m = new Map([['k', process.env.INFINIPOST_API_KEY]]);",
      'export function A({ auth = `Bearer ${process.env.INFINIPOST_API_KEY}` }: { auth?: string }) {',
      "  return <W auth={auth} k={m.get('k')} />;",
      '}',
    ],
  },

  // vue
  {
    lang: 'vue',
    name: 'script block',
    input: [
      '<template><p>{{ msg }}</p></template>',
      '<script setup lang="ts">',
      "const apiKey = '@LIVE@';",
      'const auth = "Bearer @TEST@";',
      '</script>',
    ],
    expected: [
      '<template><p>{{ msg }}</p></template>',
      '<script setup lang="ts">',
      'const apiKey = process.env.INFINIPOST_API_KEY;',
      'const auth = `Bearer ${process.env.INFINIPOST_API_KEY}`;',
      '</script>',
    ],
  },
  {
    lang: 'vue',
    name: 'template attribute',
    input: ['<template><Widget api-key="@LIVE@" /></template>'],
    expected: undefined,
  },
  {
    lang: 'vue',
    name: 'url, object value, default parameter',
    input: [
      '<script lang="ts">',
      'export default { data: () => ({ url: "https://x/?key=@LIVE@&a=1" }) };',
      "function make(k = '@TEST@') { return k; }",
      '</script>',
      '<template><p>x</p></template>',
    ],
    expected: [
      '<script lang="ts">',
      'export default { data: () => ({ url: `https://x/?key=${process.env.INFINIPOST_API_KEY}&a=1` }) };',
      'function make(k = process.env.INFINIPOST_API_KEY) { return k; }',
      '</script>',
      '<template><p>x</p></template>',
    ],
  },

  // svelte
  {
    lang: 'svelte',
    name: 'script block',
    input: [
      '<script>',
      "  export let url = 'https://x/?key=@LIVE@&a=1';",
      '</script>',
      '<a href={url}>x</a>',
    ],
    expected: [
      '<script>',
      '  export let url = `https://x/?key=${process.env.INFINIPOST_API_KEY}&a=1`;',
      '</script>',
      '<a href={url}>x</a>',
    ],
  },
  {
    lang: 'svelte',
    name: 'whole, bearer, object value, default parameter, two keys',
    input: [
      '<script lang="ts">',
      '  const k = "@LIVE@";',
      "  const h = { Authorization: 'Bearer @TEST@' };",
      "  function make(x = '@LIVE@') { return x; }",
      '</script>',
    ],
    expected: [
      '<script lang="ts">',
      '  const k = process.env.INFINIPOST_API_KEY;',
      '  const h = { Authorization: `Bearer ${process.env.INFINIPOST_API_KEY}` };',
      '  function make(x = process.env.INFINIPOST_API_KEY) { return x; }',
      '</script>',
    ],
  },

  // python
  {
    lang: 'python',
    name: 'whole single-quoted',
    input: ["API_KEY = '@LIVE@'"],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'whole double-quoted',
    input: ['API_KEY = "@LIVE@"'],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'whole triple-quoted',
    input: ['API_KEY = """@LIVE@"""'],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'whole raw',
    input: ["API_KEY = r'@LIVE@'"],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'whole bytes',
    input: ['API_KEY = b"@LIVE@"'],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"].encode()',
    ],
  },
  {
    lang: 'python',
    name: 'bearer double-quoted (dict value)',
    input: [
      'import requests',
      '',
      'headers = {"Authorization": "Bearer @LIVE@"}',
    ],
    expected: [
      'import os',
      'import requests',
      '',
      'headers = {"Authorization": f"Bearer {os.environ[\'INFINIPOST_API_KEY\']}"}',
    ],
  },
  {
    lang: 'python',
    name: 'bearer single-quoted with braces',
    input: ["msg = 'Bearer @LIVE@ {not a field}'"],
    expected: [
      'import os',
      '',
      'msg = f\'Bearer {os.environ["INFINIPOST_API_KEY"]} {{not a field}}\'',
    ],
  },
  {
    lang: 'python',
    name: 'already an f-string',
    input: ['url = f"https://x/?key=@LIVE@&user={user}"'],
    expected: [
      'import os',
      '',
      'url = f"https://x/?key={os.environ[\'INFINIPOST_API_KEY\']}&user={user}"',
    ],
  },
  {
    lang: 'python',
    name: 'url raw string',
    input: ["url = r'https://x/?key=@LIVE@&a=1'"],
    expected: [
      'import os',
      '',
      'url = rf\'https://x/?key={os.environ["INFINIPOST_API_KEY"]}&a=1\'',
    ],
  },
  {
    lang: 'python',
    name: 'u prefix',
    input: ["url = u'https://x/?key=@LIVE@&a=1'"],
    expected: [
      'import os',
      '',
      'url = f\'https://x/?key={os.environ["INFINIPOST_API_KEY"]}&a=1\'',
    ],
  },
  {
    lang: 'python',
    name: 'triple-quoted multi-line',
    input: [
      "BODY = '''",
      'key: @LIVE@',
      "'''",
    ],
    expected: [
      'import os',
      '',
      "BODY = f'''",
      'key: {os.environ["INFINIPOST_API_KEY"]}',
      "'''",
    ],
  },
  {
    lang: 'python',
    name: 'bytes bearer',
    input: ["auth = b'Bearer @LIVE@'.decode()"],
    expected: [
      'import os',
      '',
      'auth = (b\'Bearer \' + os.environ["INFINIPOST_API_KEY"].encode()).decode()',
    ],
  },
  {
    lang: 'python',
    name: 'implicit concatenation',
    input: [
      'url = ("https://x/?key="',
      '       "@LIVE@")',
    ],
    expected: [
      'import os',
      '',
      'url = ("https://x/?key="',
      '       f"{os.environ[\'INFINIPOST_API_KEY\']}")',
    ],
  },
  {
    lang: 'python',
    name: 'default parameter',
    input: [
      'def client(api_key="@LIVE@"):',
      '    return api_key',
    ],
    expected: [
      'import os',
      '',
      'def client(api_key=os.environ["INFINIPOST_API_KEY"]):',
      '    return api_key',
    ],
  },
  {
    lang: 'python',
    name: 'two keys',
    input: [
      "LIVE = '@LIVE@'",
      'TEST = "x @TEST@ y @LIVE@"',
    ],
    expected: [
      'import os',
      '',
      'LIVE = os.environ["INFINIPOST_API_KEY"]',
      'TEST = f"x {os.environ[\'INFINIPOST_API_KEY\']} y {os.environ[\'INFINIPOST_API_KEY\']}"',
    ],
  },
  {
    lang: 'python',
    name: 'already imports os',
    input: [
      'import os',
      'import sys',
      '',
      'KEY = "@LIVE@"',
    ],
    expected: [
      'import os',
      'import sys',
      '',
      'KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'import os as an item',
    input: [
      'import json, os.path',
      '',
      'KEY = "@LIVE@"',
    ],
    expected: [
      'import json, os.path',
      '',
      'KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'docstring, future import, sorted imports',
    input: [
      '#!/usr/bin/env python3',
      '"""Client."""',
      'from __future__ import annotations',
      '',
      'import abc',
      'import sys',
      'from typing import Any',
      '',
      'KEY = "@LIVE@"',
    ],
    expected: [
      '#!/usr/bin/env python3',
      '"""Client."""',
      'from __future__ import annotations',
      '',
      'import abc',
      'import os',
      'import sys',
      'from typing import Any',
      '',
      'KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'header comment',
    input: [
      '# Copyright Example',
      '',
      '# The key',
      'KEY = "@LIVE@"',
    ],
    expected: [
      '# Copyright Example',
      '',
      'import os',
      '',
      '# The key',
      'KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'named unicode escape',
    input: ['s = "a \\N{EM DASH} @LIVE@"'],
    expected: [
      'import os',
      '',
      's = f"a \\N{EM DASH} {os.environ[\'INFINIPOST_API_KEY\']}"',
    ],
  },
  {
    lang: 'python',
    name: 'match case pattern',
    input: [
      'match k:',
      '    case "@LIVE@":',
      '        pass',
    ],
    expected: undefined,
  },
  {
    lang: 'python',
    name: 'comment',
    input: ['# @LIVE@'],
    expected: undefined,
  },

  // go
  {
    lang: 'go',
    name: 'whole double-quoted (adds import block entry)',
    input: [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"net/http"',
      ')',
      '',
      'var apiKey = "@LIVE@"',
    ],
    expected: [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"net/http"',
      '\t"os"',
      ')',
      '',
      'var apiKey = os.Getenv("INFINIPOST_API_KEY")',
    ],
  },
  {
    lang: 'go',
    name: 'whole raw',
    input: [
      'package main',
      '',
      'var apiKey = `@LIVE@`',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      '',
      'var apiKey = os.Getenv("INFINIPOST_API_KEY")',
    ],
  },
  {
    lang: 'go',
    name: 'bearer raw',
    input: [
      'package main',
      '',
      'var auth = `Bearer @LIVE@`',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      '',
      'var auth = `Bearer ` + os.Getenv("INFINIPOST_API_KEY")',
    ],
  },
  {
    lang: 'go',
    name: 'bearer',
    input: [
      'package main',
      '',
      'import "net/http"',
      '',
      'func f(r *http.Request) {',
      '\tr.Header.Set("Authorization", "Bearer @LIVE@")',
      '}',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      'import "net/http"',
      '',
      'func f(r *http.Request) {',
      '\tr.Header.Set("Authorization", "Bearer " + os.Getenv("INFINIPOST_API_KEY"))',
      '}',
    ],
  },
  {
    lang: 'go',
    name: 'url',
    input: [
      'package main',
      '',
      'func u() string {',
      '\treturn "https://x/?key=@LIVE@&a=1"',
      '}',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      '',
      'func u() string {',
      '\treturn "https://x/?key=" + os.Getenv("INFINIPOST_API_KEY") + "&a=1"',
      '}',
    ],
  },
  {
    lang: 'go',
    name: 'map value',
    input: [
      'package main',
      '',
      'var m = map[string]string{"key": "@LIVE@"}',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      '',
      'var m = map[string]string{"key": os.Getenv("INFINIPOST_API_KEY")}',
    ],
  },
  {
    lang: 'go',
    name: 'method call on literal',
    input: [
      'package main',
      '',
      'import "strings"',
      '',
      'var n = strings.ToUpper("k=@LIVE@")',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      'import "strings"',
      '',
      'var n = strings.ToUpper("k=" + os.Getenv("INFINIPOST_API_KEY"))',
    ],
  },
  {
    lang: 'go',
    name: 'two keys, already imports os',
    input: [
      'package main',
      '',
      'import (',
      '\t"os"',
      ')',
      '',
      'var a = "@LIVE@"',
      'var b = "@LIVE@:@TEST@"',
    ],
    expected: [
      'package main',
      '',
      'import (',
      '\t"os"',
      ')',
      '',
      'var a = os.Getenv("INFINIPOST_API_KEY")',
      'var b = os.Getenv("INFINIPOST_API_KEY") + ":" + os.Getenv("INFINIPOST_API_KEY")',
    ],
  },
  {
    lang: 'go',
    name: 'const',
    input: [
      'package main',
      '',
      'const apiKey = "@LIVE@"',
    ],
    expected: undefined,
  },
  {
    lang: 'go',
    name: 'const block',
    input: [
      'package main',
      '',
      'const (',
      '\tapiKey = "@LIVE@"',
      ')',
    ],
    expected: undefined,
  },
  {
    lang: 'go',
    name: 'struct tag',
    input: [
      'package main',
      '',
      'type T struct {',
      '\tA string `json:"@LIVE@"`',
      '}',
    ],
    expected: undefined,
  },

  // ruby
  {
    lang: 'ruby',
    name: 'whole single-quoted',
    input: ["API_KEY = '@LIVE@'"],
    expected: ['API_KEY = ENV.fetch("INFINIPOST_API_KEY")'],
  },
  {
    lang: 'ruby',
    name: 'whole double-quoted',
    input: ['API_KEY = "@LIVE@"'],
    expected: ['API_KEY = ENV.fetch("INFINIPOST_API_KEY")'],
  },
  {
    lang: 'ruby',
    name: 'bearer double-quoted (hash value)',
    input: ['headers = { "Authorization" => "Bearer @LIVE@" }'],
    expected: ['headers = { "Authorization" => "Bearer #{ENV.fetch("INFINIPOST_API_KEY")}" }'],
  },
  {
    lang: 'ruby',
    name: 'url single-quoted',
    input: ["url = 'https://x/?key=@LIVE@&a=1'"],
    expected: ['url = \'https://x/?key=\' + ENV.fetch("INFINIPOST_API_KEY") + \'&a=1\''],
  },
  {
    lang: 'ruby',
    name: 'single-quoted with method call',
    input: ["puts 'Bearer @LIVE@'.strip"],
    expected: ['puts (\'Bearer \' + ENV.fetch("INFINIPOST_API_KEY")).strip'],
  },
  {
    lang: 'ruby',
    name: 'heredoc',
    input: [
      'body = <<~JSON',
      '  {"key": "@LIVE@"}',
      'JSON',
    ],
    expected: [
      'body = <<~JSON',
      '  {"key": "#{ENV.fetch("INFINIPOST_API_KEY")}"}',
      'JSON',
    ],
  },
  {
    lang: 'ruby',
    name: 'default parameter',
    input: [
      "def client(key = '@LIVE@')",
      '  key',
      'end',
    ],
    expected: [
      'def client(key = ENV.fetch("INFINIPOST_API_KEY"))',
      '  key',
      'end',
    ],
  },
  {
    lang: 'ruby',
    name: 'two keys',
    input: [
      "a = '@LIVE@'",
      'b = "#{a} @TEST@"',
    ],
    expected: [
      'a = ENV.fetch("INFINIPOST_API_KEY")',
      'b = "#{a} #{ENV.fetch("INFINIPOST_API_KEY")}"',
    ],
  },
  {
    lang: 'ruby',
    name: 'symbol',
    input: ['h = { "@LIVE@": 1 }'],
    expected: undefined,
  },

  // php
  {
    lang: 'php',
    name: 'whole single-quoted',
    input: [
      '<?php',
      "$apiKey = '@LIVE@';",
    ],
    expected: [
      '<?php',
      "$apiKey = getenv('INFINIPOST_API_KEY');",
    ],
  },
  {
    lang: 'php',
    name: 'whole double-quoted',
    input: [
      '<?php',
      '$apiKey = "@LIVE@";',
    ],
    expected: [
      '<?php',
      "$apiKey = getenv('INFINIPOST_API_KEY');",
    ],
  },
  {
    lang: 'php',
    name: 'bearer double-quoted',
    input: [
      '<?php',
      '$h = ["Authorization: Bearer @LIVE@"];',
    ],
    expected: [
      '<?php',
      '$h = ["Authorization: Bearer " . getenv(\'INFINIPOST_API_KEY\')];',
    ],
  },
  {
    lang: 'php',
    name: 'url single-quoted',
    input: [
      '<?php',
      "$u = 'https://x/?key=@LIVE@&a=1';",
    ],
    expected: [
      '<?php',
      "$u = 'https://x/?key=' . getenv('INFINIPOST_API_KEY') . '&a=1';",
    ],
  },
  {
    lang: 'php',
    name: 'array value and define',
    input: [
      '<?php',
      "$config = ['api_key' => '@LIVE@'];",
      "define('INFINIPOST_KEY', '@TEST@');",
    ],
    expected: [
      '<?php',
      "$config = ['api_key' => getenv('INFINIPOST_API_KEY')];",
      "define('INFINIPOST_KEY', getenv('INFINIPOST_API_KEY'));",
    ],
  },
  {
    lang: 'php',
    name: 'default parameter',
    input: [
      '<?php',
      "function client($key = '@LIVE@') {}",
    ],
    expected: undefined,
  },
  {
    lang: 'php',
    name: 'class property',
    input: [
      '<?php',
      'class C {',
      "    private $key = '@LIVE@';",
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'php',
    name: 'html outside php',
    input: [
      '<p>@LIVE@</p>',
      '<?php echo 1; ?>',
    ],
    expected: undefined,
  },

  // java
  {
    lang: 'java',
    name: 'whole',
    input: [
      'class A {',
      '    static final String API_KEY = "@LIVE@";',
      '}',
    ],
    expected: [
      'class A {',
      '    static final String API_KEY = System.getenv("INFINIPOST_API_KEY");',
      '}',
    ],
  },
  {
    lang: 'java',
    name: 'bearer',
    input: [
      'class A {',
      '    String h() { return "Bearer @LIVE@"; }',
      '}',
    ],
    expected: [
      'class A {',
      '    String h() { return "Bearer " + System.getenv("INFINIPOST_API_KEY"); }',
      '}',
    ],
  },
  {
    lang: 'java',
    name: 'url with method call',
    input: [
      'class A {',
      '    int n = "https://x/?key=@LIVE@&a=1".length();',
      '}',
    ],
    expected: [
      'class A {',
      '    int n = ("https://x/?key=" + System.getenv("INFINIPOST_API_KEY") + "&a=1").length();',
      '}',
    ],
  },
  {
    lang: 'java',
    name: 'map value and two keys',
    input: [
      'import java.util.Map;',
      'class A {',
      '    Map<String, String> m = Map.of("live", "@LIVE@", "test", "t=@TEST@");',
      '}',
    ],
    expected: [
      'import java.util.Map;',
      'class A {',
      '    Map<String, String> m = Map.of("live", System.getenv("INFINIPOST_API_KEY"), "test", "t=" + System.getenv("INFINIPOST_API_KEY"));',
      '}',
    ],
  },
  {
    lang: 'java',
    name: 'annotation',
    input: [
      'class A {',
      '    @Key("@LIVE@")',
      '    void f() {}',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'java',
    name: 'text block',
    input: [
      'class A {',
      '    String s = """',
      '        @LIVE@',
      '        """;',
      '}',
    ],
    expected: undefined,
  },

  // kotlin
  {
    lang: 'kotlin',
    name: 'whole',
    input: ['val apiKey = "@LIVE@"'],
    expected: ['val apiKey = System.getenv("INFINIPOST_API_KEY")'],
  },
  {
    lang: 'kotlin',
    name: 'whole raw',
    input: ['val apiKey = """@LIVE@"""'],
    expected: ['val apiKey = System.getenv("INFINIPOST_API_KEY")'],
  },
  {
    lang: 'kotlin',
    name: 'bearer',
    input: ['val auth = "Bearer @LIVE@"'],
    expected: ['val auth = "Bearer ${System.getenv("INFINIPOST_API_KEY")}"'],
  },
  {
    lang: 'kotlin',
    name: 'url in raw string, map value',
    input: ['val m = mapOf("u" to """https://x/?key=@LIVE@&a=1""")'],
    expected: ['val m = mapOf("u" to """https://x/?key=${System.getenv("INFINIPOST_API_KEY")}&a=1""")'],
  },
  {
    lang: 'kotlin',
    name: 'default parameter and two keys',
    input: ['fun client(key: String = "@LIVE@", other: String = "t=@TEST@") = key + other'],
    expected: ['fun client(key: String = System.getenv("INFINIPOST_API_KEY"), other: String = "t=${System.getenv("INFINIPOST_API_KEY")}") = key + other'],
  },
  {
    lang: 'kotlin',
    name: 'const val',
    input: ['const val API_KEY = "@LIVE@"'],
    expected: undefined,
  },

  // csharp
  {
    lang: 'csharp',
    name: 'whole (adds using)',
    input: [
      'using System.Net.Http;',
      '',
      'class A {',
      '    string key = "@LIVE@";',
      '}',
    ],
    expected: [
      'using System;',
      'using System.Net.Http;',
      '',
      'class A {',
      '    string key = Environment.GetEnvironmentVariable("INFINIPOST_API_KEY");',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'bearer regular string',
    input: [
      'using System;',
      'class A {',
      '    string h = "Bearer @LIVE@";',
      '}',
    ],
    expected: [
      'using System;',
      'class A {',
      '    string h = "Bearer " + Environment.GetEnvironmentVariable("INFINIPOST_API_KEY");',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'bearer verbatim',
    input: [
      'using System;',
      'class A {',
      '    string h = @"Bearer @LIVE@";',
      '}',
    ],
    expected: [
      'using System;',
      'class A {',
      '    string h = @"Bearer " + Environment.GetEnvironmentVariable("INFINIPOST_API_KEY");',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'url interpolated with method call',
    input: [
      'using System;',
      'class A {',
      '    string U(int a) => $"https://x/?key=@LIVE@&a={a}".Trim();',
      '}',
    ],
    expected: [
      'using System;',
      'class A {',
      '    string U(int a) => ($"https://x/?key=" + Environment.GetEnvironmentVariable("INFINIPOST_API_KEY") + $"&a={a}").Trim();',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'dictionary value and two keys',
    input: [
      'using System;',
      'using System.Collections.Generic;',
      'class A {',
      '    Dictionary<string, string> d = new() { ["live"] = "@LIVE@", ["test"] = "t=@TEST@" };',
      '}',
    ],
    expected: [
      'using System;',
      'using System.Collections.Generic;',
      'class A {',
      '    Dictionary<string, string> d = new() { ["live"] = Environment.GetEnvironmentVariable("INFINIPOST_API_KEY"), ["test"] = "t=" + Environment.GetEnvironmentVariable("INFINIPOST_API_KEY") };',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'default parameter',
    input: [
      'class A {',
      '    void F(string key = "@LIVE@") {}',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'csharp',
    name: 'const',
    input: [
      'class A {',
      '    const string Key = "@LIVE@";',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'csharp',
    name: 'whole raw string',
    input: [
      'using System;',
      'class A {',
      '    string k = """@LIVE@""";',
      '}',
    ],
    expected: [
      'using System;',
      'class A {',
      '    string k = Environment.GetEnvironmentVariable("INFINIPOST_API_KEY");',
      '}',
    ],
  },

  // rust
  {
    lang: 'rust',
    name: 'whole',
    input: [
      'fn main() {',
      '    let key = "@LIVE@";',
      '    println!("{}", key);',
      '}',
    ],
    expected: [
      'fn main() {',
      '    let key = &std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set");',
      '    println!("{}", key);',
      '}',
    ],
  },
  {
    lang: 'rust',
    name: 'whole raw',
    input: [
      'fn main() {',
      '    let key = r#"@LIVE@"#;',
      '    println!("{}", key);',
      '}',
    ],
    expected: [
      'fn main() {',
      '    let key = &std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set");',
      '    println!("{}", key);',
      '}',
    ],
  },
  {
    lang: 'rust',
    name: 'bearer',
    input: [
      'fn main() {',
      '    let auth = "Bearer @LIVE@";',
      '    println!("{}", auth);',
      '}',
    ],
    expected: [
      'fn main() {',
      '    let auth = &format!("Bearer {}", std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set"));',
      '    println!("{}", auth);',
      '}',
    ],
  },
  {
    lang: 'rust',
    name: 'url with braces',
    input: [
      'fn main() {',
      '    let u = "https://x/{a}?key=@LIVE@&a=1";',
      '    println!("{}", u);',
      '}',
    ],
    expected: [
      'fn main() {',
      '    let u = &format!("https://x/{{a}}?key={}&a=1", std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set"));',
      '    println!("{}", u);',
      '}',
    ],
  },
  {
    lang: 'rust',
    name: 'struct field and two keys',
    input: [
      'struct Config { key: String, other: String }',
      'fn main() {',
      '    let c = Config { key: "@LIVE@".to_string(), other: String::from("t=@TEST@") };',
      '    println!("{}{}", c.key, c.other);',
      '}',
    ],
    expected: [
      'struct Config { key: String, other: String }',
      'fn main() {',
      '    let c = Config { key: std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set").to_string(), other: String::from(format!("t={}", std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set"))) };',
      '    println!("{}{}", c.key, c.other);',
      '}',
    ],
  },
  {
    lang: 'rust',
    name: 'format macro argument',
    input: [
      'fn main() {',
      '    println!("@LIVE@");',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'rust',
    name: 'const',
    input: ['const KEY: &str = "@LIVE@";'],
    expected: undefined,
  },
  {
    lang: 'rust',
    name: 'byte string',
    input: ['fn main() { let k = b"@LIVE@"; }'],
    expected: undefined,
  },
  {
    lang: 'rust',
    name: 'argument and borrowed struct field',
    input: [
      "struct S<'a> { k: &'a str }",
      'fn takes(_: &str) {}',
      'fn main() {',
      '    takes("@LIVE@");',
      '    let s = S { k: "Bearer @TEST@" };',
      '    takes(s.k);',
      '}',
    ],
    expected: [
      "struct S<'a> { k: &'a str }",
      'fn takes(_: &str) {}',
      'fn main() {',
      '    takes(&std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set"));',
      '    let s = S { k: &format!("Bearer {}", std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set")) };',
      '    takes(s.k);',
      '}',
    ],
  },
  {
    lang: 'rust',
    name: 'map value stored by insert',
    input: [
      'use std::collections::HashMap;',
      'fn main() {',
      '    let mut m = HashMap::new();',
      '    m.insert("other", "x");',
      '    m.insert("key", "@LIVE@");',
      '    println!("{:?}", m);',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'rust',
    name: 'returned str',
    input: [
      "fn key() -> &'static str {",
      '    "@LIVE@"',
      '}',
    ],
    expected: undefined,
  },

  // swift
  {
    lang: 'swift',
    name: 'whole (adds import)',
    input: ['let apiKey = "@LIVE@"'],
    expected: [
      'import Foundation',
      '',
      'let apiKey = ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!',
    ],
  },
  {
    lang: 'swift',
    name: 'bearer, already imports Foundation',
    input: [
      'import Foundation',
      '',
      'let auth = "Bearer @LIVE@"',
    ],
    expected: [
      'import Foundation',
      '',
      'let auth = "Bearer \\(ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!)"',
    ],
  },
  {
    lang: 'swift',
    name: 'url in raw string',
    input: [
      'import UIKit',
      'let u = #"https://x/?key=@LIVE@&a=1"#',
    ],
    expected: [
      'import UIKit',
      'let u = #"https://x/?key=\\#(ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!)&a=1"#',
    ],
  },
  {
    lang: 'swift',
    name: 'multi-line string',
    input: [
      'import Foundation',
      'let body = """',
      '    {"key": "@LIVE@"}',
      '    """',
    ],
    expected: [
      'import Foundation',
      'let body = """',
      '    {"key": "\\(ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!)"}',
      '    """',
    ],
  },
  {
    lang: 'swift',
    name: 'dictionary value, default parameter, two keys',
    input: [
      'import Foundation',
      'let d = ["key": "@LIVE@"]',
      'func client(key: String = "t=@TEST@") {}',
    ],
    expected: [
      'import Foundation',
      'let d = ["key": ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!]',
      'func client(key: String = "t=\\(ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!)") {}',
    ],
  },

  // dart
  {
    lang: 'dart',
    name: 'whole single-quoted (adds import)',
    input: [
      "import 'package:http/http.dart' as http;",
      '',
      "final apiKey = '@LIVE@';",
    ],
    expected: [
      "import 'dart:io';",
      "import 'package:http/http.dart' as http;",
      '',
      "final apiKey = Platform.environment['INFINIPOST_API_KEY']!;",
    ],
  },
  {
    lang: 'dart',
    name: 'whole double-quoted, no imports',
    input: ['final apiKey = "@LIVE@";'],
    expected: [
      "import 'dart:io';",
      '',
      "final apiKey = Platform.environment['INFINIPOST_API_KEY']!;",
    ],
  },
  {
    lang: 'dart',
    name: 'bearer',
    input: [
      "import 'dart:io';",
      "final auth = 'Bearer @LIVE@';",
    ],
    expected: [
      "import 'dart:io';",
      'final auth = \'Bearer ${Platform.environment["INFINIPOST_API_KEY"]!}\';',
    ],
  },
  {
    lang: 'dart',
    name: 'url raw',
    input: [
      "import 'dart:io';",
      "final u = r'https://x/?key=@LIVE@&a=1';",
    ],
    expected: [
      "import 'dart:io';",
      "final u = r'https://x/?key=' + Platform.environment['INFINIPOST_API_KEY']! + r'&a=1';",
    ],
  },
  {
    lang: 'dart',
    name: 'map value and two keys',
    input: [
      "import 'dart:async';",
      "import 'dart:io';",
      'final m = {\'live\': \'@LIVE@\', \'test\': "t=@TEST@"};',
    ],
    expected: [
      "import 'dart:async';",
      "import 'dart:io';",
      'final m = {\'live\': Platform.environment[\'INFINIPOST_API_KEY\']!, \'test\': "t=${Platform.environment[\'INFINIPOST_API_KEY\']!}"};',
    ],
  },
  {
    lang: 'dart',
    name: 'default parameter',
    input: ["void client({String key = '@LIVE@'}) {}"],
    expected: undefined,
  },
  {
    lang: 'dart',
    name: 'const',
    input: ["const apiKey = '@LIVE@';"],
    expected: undefined,
  },
  {
    lang: 'dart',
    name: 'part of',
    input: [
      "part of 'lib.dart';",
      "final apiKey = '@LIVE@';",
    ],
    expected: undefined,
  },

  // elixir
  {
    lang: 'elixir',
    name: 'whole double-quoted',
    input: ['api_key = "@LIVE@"'],
    expected: ['api_key = System.fetch_env!("INFINIPOST_API_KEY")'],
  },
  {
    lang: 'elixir',
    name: 'whole charlist',
    input: ["api_key = '@LIVE@'"],
    expected: ['api_key = String.to_charlist(System.fetch_env!("INFINIPOST_API_KEY"))'],
  },
  {
    lang: 'elixir',
    name: 'bearer',
    input: ['headers = [{"authorization", "Bearer @LIVE@"}]'],
    expected: ['headers = [{"authorization", "Bearer #{System.fetch_env!("INFINIPOST_API_KEY")}"}]'],
  },
  {
    lang: 'elixir',
    name: 'heredoc',
    input: [
      'body = """',
      '{"key": "@LIVE@"}',
      '"""',
    ],
    expected: [
      'body = """',
      '{"key": "#{System.fetch_env!("INFINIPOST_API_KEY")}"}',
      '"""',
    ],
  },
  {
    lang: 'elixir',
    name: 'url, map value, two keys',
    input: ['config = %{url: "https://x/?key=@LIVE@&a=1", test: "@TEST@"}'],
    expected: ['config = %{url: "https://x/?key=#{System.fetch_env!("INFINIPOST_API_KEY")}&a=1", test: System.fetch_env!("INFINIPOST_API_KEY")}'],
  },
  {
    lang: 'elixir',
    name: 'default argument',
    input: ['def client(key \\\\ "@LIVE@"), do: key'],
    expected: ['def client(key \\\\ System.fetch_env!("INFINIPOST_API_KEY")), do: key'],
  },
  {
    lang: 'elixir',
    name: 'function head pattern',
    input: ['def check("@LIVE@"), do: true'],
    expected: undefined,
  },
  {
    lang: 'elixir',
    name: 'sigil',
    input: ['k = ~s(@LIVE@)'],
    expected: undefined,
  },

  // shellscript
  {
    lang: 'shellscript',
    name: 'bare assignment',
    input: [
      '#!/bin/sh',
      'API_KEY=@LIVE@',
    ],
    expected: [
      '#!/bin/sh',
      'API_KEY="$INFINIPOST_API_KEY"',
    ],
  },
  {
    lang: 'shellscript',
    name: 'whole single and double quotes',
    input: [
      "A='@LIVE@'",
      'B="@TEST@"',
    ],
    expected: [
      'A="$INFINIPOST_API_KEY"',
      'B="$INFINIPOST_API_KEY"',
    ],
  },
  {
    lang: 'shellscript',
    name: 'bearer double-quoted',
    input: ['curl -H "Authorization: Bearer @LIVE@" https://x'],
    expected: ['curl -H "Authorization: Bearer $INFINIPOST_API_KEY" https://x'],
  },
  {
    lang: 'shellscript',
    name: 'url single-quoted',
    input: ["curl 'https://x/?key=@LIVE@&a=1'"],
    expected: ['curl \'https://x/?key=\'"$INFINIPOST_API_KEY"\'&a=1\''],
  },
  {
    lang: 'shellscript',
    name: 'key followed by a name character',
    input: ['echo "@LIVE@_suffix"'],
    expected: ['echo "${INFINIPOST_API_KEY}_suffix"'],
  },
  {
    lang: 'shellscript',
    name: 'default parameter and associative array',
    input: [
      'key="${1:-@LIVE@}"',
      'declare -A m=([k]=@TEST@)',
    ],
    expected: [
      'key="${1:-"$INFINIPOST_API_KEY"}"',
      'declare -A m=([k]="$INFINIPOST_API_KEY")',
    ],
  },
  {
    lang: 'shellscript',
    name: 'heredoc',
    input: [
      'cat <<EOF',
      'key: @LIVE@',
      'EOF',
    ],
    expected: [
      'cat <<EOF',
      'key: $INFINIPOST_API_KEY',
      'EOF',
    ],
  },
  {
    lang: 'shellscript',
    name: 'quoted heredoc',
    input: [
      "cat <<'EOF'",
      'key: @LIVE@',
      'EOF',
    ],
    expected: undefined,
  },

  // powershell
  {
    lang: 'powershell',
    name: 'whole single and double quotes',
    input: [
      "$a = '@LIVE@'",
      '$b = "@TEST@"',
    ],
    expected: [
      '$a = $env:INFINIPOST_API_KEY',
      '$b = $env:INFINIPOST_API_KEY',
    ],
  },
  {
    lang: 'powershell',
    name: 'bearer double-quoted',
    input: ['$h = @{ Authorization = "Bearer @LIVE@" }'],
    expected: ['$h = @{ Authorization = "Bearer $env:INFINIPOST_API_KEY" }'],
  },
  {
    lang: 'powershell',
    name: 'url single-quoted',
    input: ["Invoke-RestMethod 'https://x/?key=@LIVE@&a=1&b=$c'"],
    expected: ['Invoke-RestMethod "https://x/?key=$env:INFINIPOST_API_KEY&a=1&b=`$c"'],
  },
  {
    lang: 'powershell',
    name: 'default parameter and bare argument',
    input: [
      "param([string]$Key = '@LIVE@')",
      'Connect-Thing -Key @TEST@',
    ],
    expected: [
      'param([string]$Key = $env:INFINIPOST_API_KEY)',
      'Connect-Thing -Key $env:INFINIPOST_API_KEY',
    ],
  },
  {
    lang: 'powershell',
    name: 'here-string',
    input: [
      '$body = @"',
      '{"key": "@LIVE@"}',
      '"@',
    ],
    expected: [
      '$body = @"',
      '{"key": "$env:INFINIPOST_API_KEY"}',
      '"@',
    ],
  },

];

describe('envReadFor / supportsEnvRead', () => {
  const expected: ReadonlyArray<[string, string]> = [
    ['javascript', 'process.env.X'],
    ['typescript', 'process.env.X'],
    ['javascriptreact', 'process.env.X'],
    ['typescriptreact', 'process.env.X'],
    ['vue', 'process.env.X'],
    ['svelte', 'process.env.X'],
    ['python', 'os.environ["X"]'],
    ['go', 'os.Getenv("X")'],
    ['ruby', 'ENV.fetch("X")'],
    ['php', "getenv('X')"],
    ['java', 'System.getenv("X")'],
    ['kotlin', 'System.getenv("X")'],
    ['csharp', 'Environment.GetEnvironmentVariable("X")'],
    ['rust', 'std::env::var("X").expect("X is not set")'],
    ['swift', 'ProcessInfo.processInfo.environment["X"]!'],
    ['dart', "Platform.environment['X']!"],
    ['elixir', 'System.fetch_env!("X")'],
    ['shellscript', '"$X"'],
    ['powershell', '$env:X'],
  ];
  for (const [lang, expression] of expected) {
    it(`reads the variable idiomatically in ${lang}`, () => {
      assert.strictEqual(envReadFor(lang, 'X'), expression);
      assert.strictEqual(supportsEnvRead(lang), true);
    });
  }
  it('has no expression for config files and unknown languages (they get the .env fix)', () => {
    for (const lang of ['json', 'jsonc', 'yaml', 'toml', 'ini', 'properties', 'plaintext', 'c', 'constructor', '']) {
      assert.strictEqual(envReadFor(lang, 'X'), undefined, lang);
      assert.strictEqual(supportsEnvRead(lang), false, lang);
    }
  });
  it('refuses a variable name that is not an identifier', () => {
    for (const name of ['', '1X', 'A-B', 'A B', "X'];alert(1);//", '$X']) {
      assert.strictEqual(envReadFor('typescript', name), undefined, name);
      assert.strictEqual(planEnvReadRefactor(`const k = '${LIVE}';`, 'typescript', 11, 11 + LIVE.length, name), undefined, name);
    }
  });
});

describe('planEnvReadRefactorAll: golden files', () => {
  for (const c of CASES) {
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
      assert.strictEqual(output, join(c.expected));
      assert.doesNotMatch(output, KEY_SHAPED);
      assertValidSyntax(c.lang, input, 'the input');
      assertValidSyntax(c.lang, output, 'the fixed file');
    });
  }
});

describe('planEnvReadRefactorAll: a fixed file stays fixed', () => {
  for (const c of CASES.filter((x) => x.expected !== undefined)) {
    it(`${c.lang}: ${c.name}`, () => {
      const fixed = join(c.expected as readonly string[]);
      // Nothing key-shaped is left for a detector to find, and a second pass changes nothing.
      assert.doesNotMatch(fixed, KEY_SHAPED);
      assert.deepStrictEqual(planEnvReadRefactorAll(fixed, c.lang, [], VARIABLE), []);
      // A key pasted in later is fixed without a second import.
      const again = addAnotherKey(c.lang, fixed, liveKey(randomBody(24, random)));
      const keys = [...again.matchAll(/sk_(?:live|test)_[A-Za-z0-9]+/g)].map((m) => ({
        start: m.index as number,
        end: (m.index as number) + m[0].length,
      }));
      assert.strictEqual(keys.length, 1);
      const changes = planEnvReadRefactorAll(again, c.lang, keys, VARIABLE);
      assert.ok(changes !== undefined, `refused:\n${again}`);
      const refixed = applyChanges(again, changes);
      assert.doesNotMatch(refixed, KEY_SHAPED);
      const imports = IMPORTS[c.lang];
      if (imports !== undefined) {
        assert.strictEqual(refixed.match(imports)?.length ?? 0, fixed.match(imports)?.length ?? 0, refixed);
        assert.ok((fixed.match(imports)?.length ?? 0) >= 1, 'the import is present');
      }
      assertValidSyntax(c.lang, refixed, 'the refixed file');
    });
  }
});

describe('planEnvReadRefactor: one key at a time', () => {
  for (const c of CASES.filter((x) => x.expected !== undefined)) {
    it(`${c.lang}: ${c.name}`, () => {
      const input = withKeys(join(c.input));
      const keys = keyRanges(input);
      if (keys.length === 1) {
        // The single fix and the fix-all agree.
        const changes = planEnvReadRefactor(input, c.lang, keys[0].start, keys[0].end, VARIABLE);
        assert.ok(changes !== undefined);
        assert.strictEqual(applyChanges(input, changes), join(c.expected as readonly string[]));
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

  it('takes offsets into the original text and returns the import as a separate change', () => {
    const input = `"""Doc."""\n\nKEY = "${LIVE}"\n`;
    const start = input.indexOf(LIVE);
    const changes = planEnvReadRefactor(input, 'python', start, start + LIVE.length, VARIABLE);
    assert.deepStrictEqual(changes, [
      { start: 12, end: 12, text: 'import os\n\n' },
      { start: start - 1, end: start + LIVE.length + 1, text: 'os.environ["INFINIPOST_API_KEY"]' },
    ]);
  });

  it('refuses a range that is not exactly a key', () => {
    const input = `const k = '${LIVE}';`;
    const start = input.indexOf(LIVE);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', start - 1, start + LIVE.length, VARIABLE), undefined);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', start, start + LIVE.length + 1, VARIABLE), undefined);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', start, start, VARIABLE), undefined);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', -1, 3, VARIABLE), undefined);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', start, input.length + 1, VARIABLE), undefined);
  });

  it('refuses unsupported languages', () => {
    const input = `{"key": "${LIVE}"}`;
    const start = input.indexOf(LIVE);
    assert.strictEqual(planEnvReadRefactor(input, 'json', start, start + LIVE.length, VARIABLE), undefined);
  });
});

describe('planEnvReadRefactorAll: edge cases', () => {
  it('returns no change for an empty key list, even in an unfixable file', () => {
    assert.deepStrictEqual(planEnvReadRefactorAll(`// ${LIVE}\n`, 'typescript', [], VARIABLE), []);
    assert.strictEqual(applyChanges('x', []), 'x');
  });

  it('ignores a key listed twice and refuses overlapping ranges', () => {
    const input = `const k = '${LIVE}';\n`;
    const key = keyRanges(input)[0];
    const twice = planEnvReadRefactorAll(input, 'typescript', [key, { ...key }], VARIABLE);
    assert.ok(twice !== undefined);
    assert.strictEqual(applyChanges(input, twice), 'const k = process.env.INFINIPOST_API_KEY;\n');
    assert.strictEqual(planEnvReadRefactorAll(input, 'typescript', [key, { start: key.start + 1, end: key.end }], VARIABLE), undefined);
  });

  it('refuses the whole file when one key cannot be fixed', () => {
    const input = `const a = '${LIVE}';\n// ${TEST}\n`;
    assert.strictEqual(planEnvReadRefactorAll(input, 'typescript', keyRanges(input), VARIABLE), undefined);
  });

  it('keeps CRLF line endings when adding an import', () => {
    const input = `import sys\r\n\r\nKEY = '${LIVE}'\r\n`;
    assert.strictEqual(fixAll(input, 'python'), 'import os\r\nimport sys\r\n\r\nKEY = os.environ["INFINIPOST_API_KEY"]\r\n');
  });

  it('adds `import os` before a first use in a module without imports', () => {
    const input = `KEY = '${LIVE}'\n`;
    assert.strictEqual(fixAll(input, 'python'), 'import os\n\nKEY = os.environ["INFINIPOST_API_KEY"]\n');
  });

  it('does not mistake `import os` quoted in a docstring for the import', () => {
    const input = `"""Example:\nimport os\n"""\nKEY = '${LIVE}'\n`;
    assert.strictEqual(fixAll(input, 'python'), `"""Example:\nimport os\n"""\nimport os\n\nKEY = os.environ["INFINIPOST_API_KEY"]\n`);
  });

  it('refuses a key in a Python docstring (the import would come after the read)', () => {
    const input = `"""Use ${LIVE}."""\n`;
    assert.strictEqual(fixAll(input, 'python'), undefined);
  });

  it('handles a key nested in a template literal hole', () => {
    const input = 'const s = `Bearer ${pick(\'' + LIVE + '\')}`;\n';
    const output = fixAll(input, 'typescript');
    assert.strictEqual(output, 'const s = `Bearer ${pick(process.env.INFINIPOST_API_KEY)}`;\n');
  });

  it('refuses a key that is code inside an interpolation hole', () => {
    const input = 'const s = `Bearer ${' + LIVE + '}`;\n';
    assert.strictEqual(fixAll(input, 'typescript'), undefined);
  });

  it('refuses a key that is an interpolated variable name', () => {
    assert.strictEqual(fixAll(`<?php\n$s = "x $${LIVE}";\n`, 'php'), undefined);
    assert.strictEqual(fixAll(`echo $${LIVE}\n`, 'shellscript'), undefined);
  });

  it('refuses a key escaped by a backslash', () => {
    assert.strictEqual(fixAll(`const s = "a\\${LIVE}";\n`, 'typescript'), undefined);
  });

  it('refuses an unterminated string', () => {
    assert.strictEqual(fixAll(`const s = 'Bearer ${LIVE}\n`, 'typescript'), undefined);
    assert.strictEqual(fixAll(`s = """Bearer ${LIVE}\n`, 'python'), undefined);
  });

  it('keeps a quote-clashing f-string valid before Python 3.12', () => {
    const input = `u = f'{a["b"]} ${LIVE}'\n`;
    const output = fixAll(input, 'python') as string;
    assert.strictEqual(output, `import os\n\nu = f'{a["b"]} {os.environ["INFINIPOST_API_KEY"]}'\n`);
    assertValidSyntax('python', output, 'the fixed file');
  });

  it('handles a large file (speed is measured by npm run bench, not here)', () => {
    const filler = Array.from({ length: 5000 }, (_, i) => `const v${i} = 'value ${i}'; // "comment" \`${i}\``).join('\n');
    const input = `${filler}\nconst k = '${LIVE}';\n${filler}\n`;
    const output = fixAll(input, 'typescript') as string;
    assert.strictEqual(output, input.replace(`'${LIVE}'`, 'process.env.INFINIPOST_API_KEY'));
    assert.ok(output.includes('const k = process.env.INFINIPOST_API_KEY;'));
  });
});

describe('applyChanges', () => {
  it('applies changes given in any order', () => {
    assert.strictEqual(
      applyChanges('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 0, text: '>' },
        { start: 1, end: 3, text: '' },
      ]),
      '>adEf',
    );
  });
  it('throws on overlapping or out-of-range changes', () => {
    assert.throws(() => applyChanges('abc', [{ start: 0, end: 2, text: '' }, { start: 1, end: 3, text: '' }]), RangeError);
    assert.throws(() => applyChanges('abc', [{ start: 2, end: 5, text: '' }]), RangeError);
  });
});
