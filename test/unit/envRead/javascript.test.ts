// Golden files for the JavaScript and TypeScript (also JSX, TSX, Vue and Svelte script blocks) environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'typescript',
    name: 'whole single-quoted',
    input: ["const apiKey = '@LIVE@';"],
    expected: ['const apiKey = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })());'],
  },
  {
    lang: 'typescript',
    name: 'whole double-quoted',
    input: ['const apiKey = "@LIVE@";'],
    expected: ['const apiKey = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })());'],
  },
  {
    lang: 'typescript',
    name: 'whole template',
    input: ['const apiKey = `@LIVE@`;'],
    expected: ['const apiKey = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })());'],
  },
  {
    lang: 'typescript',
    name: 'bearer in single quotes',
    input: ["const headers = { Authorization: 'Bearer @LIVE@' };"],
    expected: ['const headers = { Authorization: `Bearer ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}` };'],
  },
  {
    lang: 'typescript',
    name: 'bearer in double quotes with backtick and ${',
    input: ['const s = "Bearer @LIVE@ `x` ${y}";'],
    expected: ['const s = `Bearer ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())} \\`x\\` \\${y}`;'],
  },
  {
    lang: 'typescript',
    name: 'bearer in template with holes',
    input: ['const s = `Bearer @LIVE@ for ${user}`;'],
    expected: ['const s = `Bearer ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())} for ${user}`;'],
  },
  {
    lang: 'typescript',
    name: 'url',
    input: ["await fetch('https://x/?key=@LIVE@&a=1');"],
    expected: ['await fetch(`https://x/?key=${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}&a=1`);'],
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
      '  apiKey: (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })()),',
      '  retries: 3,',
      '};',
    ],
  },
  {
    lang: 'typescript',
    name: 'quoted property name',
    input: ["const seen = { '@LIVE@': true };"],
    expected: ['const seen = { [(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())]: true };'],
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
      'export function client(apiKey: string = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())) {',
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
      'const both = `live=${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())} test=${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}`;',
      'const one = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })());',
    ],
  },
  {
    lang: 'typescript',
    name: 'escaped quotes kept',
    input: ['const s = \'it\\\'s @LIVE@ "ok"\';'],
    expected: ['const s = `it\\\'s ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())} "ok"`;'],
  },
  {
    lang: 'typescript',
    name: 'after a regex with a quote',
    input: ["const re = /'/g; const k = '@LIVE@';"],
    expected: ["const re = /'/g; const k = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error('INFINIPOST_API_KEY is not set'); })());"],
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
      '  "key": "${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}"',
      '`;',
    ],
  },
  {
    lang: 'typescript',
    name: 'in a comment (masked, nothing else changes)',
    input: ['// old key: @LIVE@'],
    expected: ['// old key: @LIVE_MASKED@'],
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
  {
    lang: 'javascript',
    name: 'whole single-quoted',
    input: ["const stripe = require('infinipost')('@LIVE@');"],
    expected: ["const stripe = require('infinipost')((process.env.INFINIPOST_API_KEY ?? (() => { throw new Error('INFINIPOST_API_KEY is not set'); })()));"],
  },
  {
    lang: 'javascript',
    name: 'bearer',
    input: ['headers.Authorization = "Bearer @LIVE@";'],
    expected: ['headers.Authorization = `Bearer ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}`;'],
  },
  {
    lang: 'javascript',
    name: 'url',
    input: ['const u = `https://x/?key=@LIVE@&a=1`;'],
    expected: ['const u = `https://x/?key=${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}&a=1`;'],
  },
  {
    lang: 'javascript',
    name: 'default parameter',
    input: ['function f(key = "@LIVE@") { return key; }'],
    expected: ['function f(key = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())) { return key; }'],
  },
  {
    lang: 'javascript',
    name: 'two keys',
    input: [
      "const a = '@LIVE@';",
      'const b = { k: "Bearer @TEST@" };',
    ],
    expected: [
      'const a = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })());',
      'const b = { k: `Bearer ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}` };',
    ],
  },
  {
    lang: 'javascript',
    name: 'whole double-quoted and template',
    input: ['module.exports = { key: "@LIVE@", other: `@TEST@` };'],
    expected: ['module.exports = { key: (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })()), other: (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })()) };'],
  },
  {
    lang: 'javascriptreact',
    name: 'jsx attribute whole',
    input: ['export const A = () => <Widget apiKey="@LIVE@" size={2} />;'],
    expected: ['export const A = () => <Widget apiKey={(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())} size={2} />;'],
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
      '    auth={`Bearer ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}`}',
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
      'const k = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })());',
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
      'const cfg = { url: `https://x/?key=${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}&a=1` };',
      'export function A({ k = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })()) }) { return <W k={k} />; }',
    ],
  },
  {
    lang: 'typescriptreact',
    name: 'tsx attribute url',
    input: ['export const A = () => <Img src="https://x/?key=@LIVE@&a=1" />;'],
    expected: ['export const A = () => <Img src={`https://x/?key=${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}&a=1`} />;'],
  },
  {
    lang: 'typescriptreact',
    name: 'tsx plain string',
    input: [
      "const k: string = '@LIVE@';",
      'export const A = () => <Widget apiKey={k} />;',
    ],
    expected: [
      'const k: string = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })());',
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
      "const m = new Map([['k', (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error('INFINIPOST_API_KEY is not set'); })())]]);",
      'export function A({ auth = `Bearer ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}` }: { auth?: string }) {',
      "  return <W auth={auth} k={m.get('k')} />;",
      '}',
    ],
  },
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
      'const apiKey = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })());',
      'const auth = `Bearer ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}`;',
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
      'export default { data: () => ({ url: `https://x/?key=${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}&a=1` }) };',
      'function make(k = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())) { return k; }',
      '</script>',
      '<template><p>x</p></template>',
    ],
  },
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
      '  export let url = `https://x/?key=${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}&a=1`;',
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
      '  const k = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })());',
      '  const h = { Authorization: `Bearer ${(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())}` };',
      '  function make(x = (process.env.INFINIPOST_API_KEY ?? (() => { throw new Error(\'INFINIPOST_API_KEY is not set\'); })())) { return x; }',
      '</script>',
    ],
  },
];

describe('envRead golden files: javascript', () => {
  goldenTests(CASES);
});
