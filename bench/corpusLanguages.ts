// Source text in the languages of a typical repository, for the benchmark corpus. Each language
// makes realistic-looking blocks (functions, config sections, docs, logs) from a shared
// vocabulary and knows how a key, or a near miss, would appear in it.
import { Random } from './random';

/** What a line-oriented language can produce. */
export interface Language {
  ext: string;
  /** Share of the corpus' files. */
  weight: number;
  header(rng: Random): string[];
  block(rng: Random): string[];
  footer?(): string[];
  /** A line holding `token` (a key or a near miss) the way that language would hold it. */
  tokenLine(rng: Random, token: string): string;
  /** Long single-line files (minified bundles): tokens go inside an existing line. */
  minified?: boolean;
}

// snake_case joins of these make `task_`, `desk_`, `risk_`, `disk_`, `mask_`… and many `k_`:
// the look-alikes a scanner meets in real code.
const WORDS = [
  'user', 'account', 'order', 'task', 'desk', 'risk', 'disk', 'mask', 'invoice', 'payment', 'session', 'token',
  'client', 'server', 'config', 'cache', 'queue', 'stack', 'track', 'book', 'bank', 'check', 'lock', 'block', 'link',
  'hook', 'network', 'chunk', 'report', 'event', 'handler', 'service', 'record', 'batch', 'job', 'worker', 'item',
  'cart', 'price', 'tax', 'refund', 'webhook', 'customer', 'ledger', 'balance', 'transfer', 'status', 'result',
  'request', 'response', 'retry', 'timeout', 'limit', 'page', 'cursor', 'filter', 'sort', 'index', 'query', 'schema',
  'model', 'view', 'route', 'auth', 'profile', 'email', 'address', 'region', 'zone', 'metric', 'log', 'trace', 'span',
  'flag', 'feature', 'plan', 'subscription', 'usage', 'quota', 'file', 'path', 'upload', 'image', 'preview', 'ask',
  'flask', 'kiosk', 'live', 'test', 'mode', 'env', 'key', 'value', 'name', 'id', 'count', 'total', 'data', 'list',
  'map', 'set', 'get', 'update', 'create', 'delete', 'fetch', 'load', 'save', 'parse', 'render', 'build', 'run',
  'start', 'stop', 'post', 'schedule', 'channel', 'draft', 'publish', 'media', 'caption', 'audience',
];
const VERBS = ['get', 'set', 'update', 'create', 'delete', 'fetch', 'load', 'save', 'parse', 'render', 'build', 'run', 'sync', 'check', 'apply', 'handle'];
const PROSE = [
  'The scheduler retries failed posts with exponential backoff.',
  'Each workspace keeps its own queue of drafts and published items.',
  'Rate limits apply per account; see the limits section below.',
  'Use the sandbox environment while you develop and switch to production when you ship.',
  'Webhooks are signed; verify the signature before you trust the payload.',
  'Pagination uses opaque cursors rather than page numbers.',
  'Média uploads are processed asynchronously — poll the status endpoint.',
  'Zürich and 東京 regions are served from their own clusters.',
  'Errors carry a machine-readable code and a human-readable message.',
  'Timestamps are ISO 8601 in UTC unless stated otherwise.',
  'A task_test_ prefix marks fixtures that the CI cleans up every night.',
  'Archived channels keep their history but accept no new posts.',
];
const LOG_LEVELS = ['INFO', 'DEBUG', 'WARN', 'ERROR'];

function words(rng: Random, n: number): string[] {
  return Array.from({ length: n }, () => rng.pick(WORDS));
}
function snake(rng: Random, n = rng.int(1, 3)): string {
  return words(rng, n).join('_');
}
function camel(rng: Random, n = rng.int(1, 3)): string {
  return words(rng, n)
    .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)))
    .join('');
}
function pascal(rng: Random, n = rng.int(1, 3)): string {
  const c = camel(rng, n);
  return c[0].toUpperCase() + c.slice(1);
}
function upper(rng: Random, n = rng.int(1, 3)): string {
  return snake(rng, n).toUpperCase();
}
function literal(rng: Random): string {
  switch (rng.int(0, 4)) {
    case 0:
      return String(rng.int(0, 100000));
    case 1:
      return `'${words(rng, rng.int(1, 4)).join(' ')}'`;
    case 2:
      return `'${rng.hex(rng.int(8, 32))}'`;
    case 3:
      return rng.chance(0.5) ? 'true' : 'false';
    default:
      return `'/v1/${snake(rng, 1)}s/${snake(rng, 1)}'`;
  }
}
function dq(text: string): string {
  return text.replace(/'/g, '"');
}
function sentence(rng: Random): string {
  return rng.chance(0.4) ? rng.pick(PROSE) : words(rng, rng.int(5, 14)).join(' ') + '.';
}

const javascript: Language = {
  ext: 'js',
  weight: 14,
  header: (rng) => [`'use strict';`, `const ${camel(rng)} = require('./${camel(rng, 1)}');`, `const { ${camel(rng)}, ${camel(rng)} } = require('../${snake(rng, 1)}');`, ''],
  block(rng) {
    const name = VERBS[rng.int(0, VERBS.length - 1)] + pascal(rng);
    const args = words(rng, rng.int(0, 3)).map((w) => `${w}${rng.int(0, 9)}`);
    const lines = [`/**`, ` * ${sentence(rng)}`, ` */`, `async function ${name}(${args.join(', ')}) {`];
    for (let i = rng.int(2, 12); i > 0; i--) {
      switch (rng.int(0, 4)) {
        case 0:
          lines.push(`  const ${camel(rng)} = await ${camel(rng)}.${camel(rng, 1)}(${literal(rng)});`);
          break;
        case 1:
          lines.push(`  if (${camel(rng)}.${camel(rng, 1)} > ${rng.int(0, 500)}) {`, `    throw new Error(${literal(rng)});`, `  }`);
          break;
        case 2:
          lines.push(`  // ${sentence(rng)}`);
          break;
        case 3:
          lines.push(`  for (const ${camel(rng, 1)} of ${camel(rng)}) ${camel(rng)}.push(${camel(rng, 1)}.${camel(rng, 1)});`);
          break;
        default:
          lines.push(`  ${camel(rng)}.${camel(rng, 1)} = ${literal(rng)};`);
      }
    }
    lines.push(`  return { ${camel(rng)}: ${literal(rng)} };`, `}`, `module.exports.${name} = ${name};`, '');
    return lines;
  },
  tokenLine: (rng, token) => rng.pick([`const ${camel(rng)}Key = '${token}';`, `  apiKey: "${token}",`, `  headers: { Authorization: \`Bearer ${token}\` },`, `// key: ${token}`]),
};

const typescript: Language = {
  ext: 'ts',
  weight: 17,
  header: (rng) => [`import { ${pascal(rng)} } from './${camel(rng, 1)}';`, `import * as ${camel(rng, 1)} from '../${camel(rng, 1)}';`, ''],
  block(rng) {
    const type = pascal(rng);
    const lines = [`export interface ${type} {`];
    for (let i = rng.int(2, 6); i > 0; i--) lines.push(`  ${camel(rng)}${rng.chance(0.3) ? '?' : ''}: ${rng.pick(['string', 'number', 'boolean', 'Date', type + '[]', 'Record<string, unknown>'])};`);
    lines.push('}', '');
    lines.push(`export class ${type}Service {`, `  private readonly ${camel(rng)} = new Map<string, ${type}>();`, '');
    for (let m = rng.int(1, 4); m > 0; m--) {
      lines.push(`  /** ${sentence(rng)} */`, `  async ${VERBS[rng.int(0, VERBS.length - 1)]}${pascal(rng)}(${camel(rng, 1)}: string): Promise<${type} | undefined> {`);
      for (let i = rng.int(1, 6); i > 0; i--) lines.push(`    const ${camel(rng)} = this.${camel(rng)}.get(${camel(rng, 1)}) ?? ${literal(rng)};`);
      lines.push(`    return this.${camel(rng)}.get(${camel(rng, 1)});`, '  }', '');
    }
    lines.push('}', '');
    return lines;
  },
  tokenLine: (rng, token) => rng.pick([`export const ${upper(rng)}_KEY = '${token}';`, `const client = new Infinipost({ apiKey: '${token}' });`, `  secretKey: \`${token}\`,`]),
};

const python: Language = {
  ext: 'py',
  weight: 12,
  header: (rng) => [`"""${sentence(rng)}"""`, 'import os', `from ${snake(rng, 1)} import ${snake(rng)}`, ''],
  block(rng) {
    const lines = [`def ${VERBS[rng.int(0, VERBS.length - 1)]}_${snake(rng)}(${words(rng, rng.int(1, 3)).join(', ')}):`, `    """${sentence(rng)}"""`];
    for (let i = rng.int(2, 10); i > 0; i--) {
      switch (rng.int(0, 3)) {
        case 0:
          lines.push(`    ${snake(rng)} = ${snake(rng)}.${snake(rng, 1)}(${literal(rng)})`);
          break;
        case 1:
          lines.push(`    if ${snake(rng)} > ${rng.int(0, 100)}:`, `        raise ValueError(${literal(rng)})`);
          break;
        case 2:
          lines.push(`    # ${sentence(rng)}`);
          break;
        default:
          lines.push(`    for ${snake(rng, 1)} in ${snake(rng)}:`, `        ${snake(rng)}.append(${snake(rng, 1)}.${snake(rng, 1)})`);
      }
    }
    lines.push(`    return ${snake(rng)}`, '', '');
    return lines;
  },
  tokenLine: (rng, token) => rng.pick([`INFINIPOST_API_KEY = "${token}"`, `client = Client(api_key='${token}')`, `    ${snake(rng)}_key = "${token}"`, `# ${token}`]),
};

const go: Language = {
  ext: 'go',
  weight: 8,
  header: (rng) => [`package ${snake(rng, 1)}`, '', 'import (', '\t"context"', '\t"fmt"', ')', ''],
  block(rng) {
    const type = pascal(rng);
    const lines = [`// ${type} ${sentence(rng)}`, `type ${type} struct {`];
    for (let i = rng.int(2, 6); i > 0; i--) lines.push(`\t${pascal(rng, 1)} ${rng.pick(['string', 'int64', 'bool', 'time.Time', '[]byte'])} \`json:"${snake(rng)}"\``);
    lines.push('}', '', `func (s *${type}) ${pascal(rng)}(ctx context.Context, ${camel(rng, 1)} string) error {`);
    for (let i = rng.int(1, 8); i > 0; i--) {
      lines.push(rng.chance(0.5) ? `\tif err := s.${camel(rng)}(ctx); err != nil {\n\t\treturn fmt.Errorf("${words(rng, 3).join(' ')}: %w", err)\n\t}` : `\t${camel(rng)} := ${dq(literal(rng))}`);
    }
    lines.push('\treturn nil', '}', '');
    return lines.join('\n').split('\n');
  },
  tokenLine: (rng, token) => rng.pick([`const apiKey = "${token}"`, `\tos.Setenv("INFINIPOST_API_KEY", "${token}")`, `\t${camel(rng)}Key := "${token}"`]),
};

const java: Language = {
  ext: 'java',
  weight: 8,
  header: (rng) => [`package com.example.${snake(rng, 1)};`, '', 'import java.util.List;', 'import java.util.Map;', '', `public class ${pascal(rng)} {`],
  block(rng) {
    const lines = [`    /** ${sentence(rng)} */`, `    public ${rng.pick(['void', 'String', 'int', 'List<String>'])} ${VERBS[rng.int(0, VERBS.length - 1)]}${pascal(rng)}(String ${camel(rng, 1)}) {`];
    for (let i = rng.int(2, 8); i > 0; i--) lines.push(`        var ${camel(rng)} = this.${camel(rng)}.${camel(rng, 1)}(${dq(literal(rng))});`);
    lines.push('        return null;', '    }', '');
    return lines;
  },
  footer: () => ['}'],
  tokenLine: (rng, token) => rng.pick([`    private static final String API_KEY = "${token}";`, `    // ${token}`, `        client.setApiKey("${token}");`]),
};

const ruby: Language = {
  ext: 'rb',
  weight: 5,
  header: (rng) => [`# frozen_string_literal: true`, `require '${snake(rng, 1)}'`, '', `module ${pascal(rng)}`],
  block(rng) {
    const lines = [`  # ${sentence(rng)}`, `  def self.${VERBS[rng.int(0, VERBS.length - 1)]}_${snake(rng)}(${snake(rng, 1)})`];
    for (let i = rng.int(2, 8); i > 0; i--) lines.push(rng.chance(0.5) ? `    ${snake(rng)} = ${snake(rng)}.fetch(:${snake(rng, 1)}, ${literal(rng)})` : `    return if ${snake(rng)}.nil?`);
    lines.push('  end', '');
    return lines;
  },
  footer: () => ['end'],
  tokenLine: (rng, token) => rng.pick([`  Infinipost.api_key = '${token}'`, `  ${snake(rng)}_key = "${token}"`, `  # ${token}`]),
};

const json: Language = {
  ext: 'json',
  weight: 8,
  header: () => ['['],
  block(rng) {
    const lines = ['  {', `    "id": ${rng.int(1, 999999)},`];
    for (let i = rng.int(2, 8); i > 0; i--) lines.push(`    "${camel(rng)}": ${dq(literal(rng))},`);
    lines.push(`    "${camel(rng, 1)}": null`, '  },');
    return lines;
  },
  footer: () => ['  {}', ']'],
  tokenLine: (rng, token) => rng.pick([`    "apiKey": "${token}",`, `    "${camel(rng)}": "${token}",`]),
};

const yaml: Language = {
  ext: 'yaml',
  weight: 7,
  header: (rng) => [`# ${sentence(rng)}`, `version: ${rng.int(1, 3)}`, ''],
  block(rng) {
    const lines = [`${snake(rng)}:`];
    for (let i = rng.int(2, 8); i > 0; i--) lines.push(rng.chance(0.2) ? `  ${snake(rng)}:\n    - ${snake(rng)}\n    - ${snake(rng)}` : `  ${snake(rng)}: ${literal(rng)}`);
    lines.push('');
    return lines.join('\n').split('\n');
  },
  tokenLine: (rng, token) => rng.pick([`  api_key: ${token}`, `  INFINIPOST_API_KEY: "${token}"`, `  ${snake(rng)}: '${token}'`]),
};

const markdown: Language = {
  ext: 'md',
  weight: 8,
  header: (rng) => [`# ${pascal(rng)}`, '', sentence(rng), ''],
  block(rng) {
    const lines = [`## ${words(rng, rng.int(2, 5)).join(' ')}`, ''];
    for (let i = rng.int(1, 4); i > 0; i--) lines.push(Array.from({ length: rng.int(1, 4) }, () => sentence(rng)).join(' '), '');
    if (rng.chance(0.4)) lines.push('```sh', `curl https://api.infinipost.co/v1/${snake(rng, 1)}s -H "Authorization: Bearer $INFINIPOST_API_KEY"`, '```', '');
    if (rng.chance(0.2)) lines.push('| name | value |', '|---|---|', `| \`${snake(rng)}\` | ${literal(rng)} |`, '');
    return lines;
  },
  tokenLine: (rng, token) => rng.pick([`curl https://api.infinipost.co/v1/accounts -H "Authorization: Bearer ${token}"`, `Set \`INFINIPOST_API_KEY=${token}\` before you run the example.`, `    export INFINIPOST_API_KEY=${token}`]),
};

const text: Language = {
  ext: 'txt',
  weight: 6,
  header: (rng) => [`== ${pascal(rng)} log ==`],
  block(rng) {
    const lines: string[] = [];
    for (let i = rng.int(4, 20); i > 0; i--) {
      const time = `2025-0${rng.int(1, 9)}-1${rng.int(0, 9)}T${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}Z`;
      lines.push(`${time} ${rng.pick(LOG_LEVELS)} [${snake(rng, 1)}] ${sentence(rng)} ${snake(rng)}=${rng.hex(8)} took=${rng.int(1, 900)}ms`);
    }
    return lines;
  },
  tokenLine: (rng, token) => rng.pick([`key=${token}`, `${new Array(3).fill(0).map(() => rng.hex(4)).join('-')} INFO [auth] using key ${token}`, `INFINIPOST_API_KEY=${token}`]),
};

const minifiedJs: Language = {
  ext: 'min.js',
  weight: 0, // a fixed number of these, see generateCorpus
  minified: true,
  header: () => ['/*! bundle */'],
  block(rng) {
    // One statement run; lines are joined into long lines by the generator.
    const id = () => rng.pick(['e', 't', 'n', 'r', 'o', 'i', 'a', 'u', 'c', 'l']) + (rng.chance(0.3) ? rng.pick(['e', 't', 'n', 'r', '$', '_']) : '');
    const parts: string[] = [];
    for (let i = rng.int(3, 12); i > 0; i--) {
      switch (rng.int(0, 3)) {
        case 0:
          parts.push(`function ${id()}(${id()},${id()}){return ${id()}.${camel(rng, 1)}(${id()})||${dq(literal(rng))}}`);
          break;
        case 1:
          parts.push(`var ${id()}={${camel(rng, 1)}:${dq(literal(rng))},${camel(rng, 1)}:${rng.int(0, 999)}}`);
          break;
        case 2:
          parts.push(`${id()}.prototype.${camel(rng)}=function(${id()}){this.${camel(rng, 1)}=${id()}}`);
          break;
        default:
          parts.push(`if(!${id()}.${camel(rng, 1)})throw new Error("${words(rng, 3).join(' ')}")`);
      }
    }
    return [parts.join(';') + ';'];
  },
  tokenLine: (rng, token) => rng.pick([`var k={apiKey:"${token}"};`, `e.headers.Authorization="Bearer ${token}";`]),
};

/** The line-oriented languages, by weight; minified bundles are added separately. */
export const LANGUAGES: readonly Language[] = [javascript, typescript, python, go, java, ruby, json, yaml, markdown, text];
export const MINIFIED_JS: Language = minifiedJs;
export const TYPESCRIPT: Language = typescript;

/** Folder names for the corpus tree. */
export function folderName(rng: Random): string {
  return snake(rng, rng.int(1, 2)).replace(/_/g, '-');
}
export function fileStem(rng: Random): string {
  return camel(rng, rng.int(1, 3));
}
