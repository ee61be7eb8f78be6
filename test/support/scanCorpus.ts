// A small corpus shared by the CLI's unit tests and the editor-vs-CLI integration test: keys in many
// shapes, suppression comments of every supported tool, placeholders and look-alikes. Keys are made
// at run time (seeded, so failures reproduce); `expected` lists exactly the keys both must report.
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { KeyMode } from '../../src/core/keyTypes';
import { makeKey, randomBody, seededRandom } from './testKeys';

export interface CorpusFinding {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16 code units. */
  column: number;
  mode: KeyMode;
  key: string;
}

export interface ScanCorpus {
  files: Record<string, string | Buffer>;
  /** Sorted by file, line, column. */
  expected: CorpusFinding[];
}

/** Builds the corpus; the same seed gives the same keys. */
export function buildScanCorpus(seed = 15): ScanCorpus {
  const random = seededRandom(seed);
  const reported: Array<{ key: string; mode: KeyMode }> = [];
  const report = (mode: KeyMode) => {
    const key = makeKey(mode, randomBody(24 + Math.floor(random() * 16), random));
    reported.push({ key, mode });
    return key;
  };
  const quiet = (mode: KeyMode) => makeKey(mode, randomBody(28, random));
  const prefix = (mode: KeyMode) => makeKey(mode, '');

  const texts: Record<string, string> = {
    'src/client.ts': `const live = "${report('live')}";\n// test: ${report('test')}\nexport const none = 1;\n`,
    'src/suppressed.py': [
      `a = "${quiet('live')}"  # infinipost-ignore`,
      `b = "${quiet('live')}"  # gitleaks:allow`,
      `c = "${quiet('test')}"  # pragma: allowlist secret`,
      `d = "${quiet('test')}"  // secretlint-disable-line`,
      '# infinipost-ignore-next-line',
      `e = "${quiet('live')}"`,
      `f = "${report('live')}"  # reported: no marker here`,
      '',
    ].join('\n'),
    'docs/README.md': [
      `Use \`${prefix('live')}YOUR_KEY\` or \`${prefix('test')}${'x'.repeat(24)}\`.`,
      `A redacted copy: ${prefix('live')}${randomBody(12, random)}...`,
      `Not a key: task_test_${randomBody(24, random)} and my_sk_live_${randomBody(24, random)}.`,
      `Too short: ${prefix('live')}abc123`,
      `A real one in prose: ${report('test')}.`,
      '',
    ].join('\n'),
    'crlf/settings.ini': `[api]\r\nname=demo\r\nkey=${report('live')}\r\n`,
    'unicode/emoji.go': `package main // héllo 🎉 "${report('live')}"\n`,
    'web/min.js': `var a="${report('live')}",b='${report('test')}',c=\`${report('live')}\`;\n`,
    'deep/nested/dir/config.rb': `\n\n\nAPI_KEY = ENV.fetch("KEY", "${report('test')}")\n`,
  };
  const files: Record<string, string | Buffer> = { ...texts };
  // A byte order mark before a key on line 1: the editor drops it, so columns must too.
  const bomText = `const k = '${report('live')}';\n`;
  files['bom/withBom.js'] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bomText, 'utf8')]);

  const expected: CorpusFinding[] = [];
  const all: Array<[string, string]> = [...Object.entries(texts), ['bom/withBom.js', bomText]];
  for (const { key, mode } of reported) {
    const [file, text] = all.find(([, t]) => t.includes(key)) as [string, string];
    const offset = text.indexOf(key);
    const before = text.slice(0, offset).split(/\r\n|\n/);
    expected.push({ file, line: before.length, column: before[before.length - 1].length + 1, mode, key });
  }
  expected.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  return { files, expected };
}

/** Writes the corpus under `dir`; returns the absolute paths written. */
export function writeScanCorpus(dir: string, corpus: ScanCorpus): string[] {
  return Object.entries(corpus.files).map(([rel, contents]) => {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
    return file;
  });
}
