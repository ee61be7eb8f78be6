import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseRipgrepSkip, RipgrepListParser, ripgrepArgs, RipgrepListOptions } from '../../src/core/ripgrepArgs';
import { findRipgrep, runRipgrepList } from '../../src/node/ripgrep';
import { liveKey, seededRandom, testKey } from '../support/testKeys';

// The whole output at once, as the parser sees it arriving line by line from a running rg.
function parseRipgrepList(stdout: string, allow?: readonly string[]): { files: string[]; searched?: number } {
  const parser = new RipgrepListParser(allow);
  const lines = stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) parser.line(line);
  return parser.result();
}

// rg's output as lines: records of a few files (matched and context lines, keys, placeholders,
// glued and escaped prefixes, suppression markers), separators, maybe statistics; with `pieces`,
// also lines rg never prints itself (what a file name holding a line break leaves).
function randomOutput(random: () => number, n: number, pieces: boolean): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const texts = () => [`k = "${liveKey()}"`, `t=${testKey()}`, `desk_${liveKey().slice(3)}`, `task_${testKey().slice(3)}`, `\\n${testKey()}`, `\\x3c${liveKey()}`, `%3D${liveKey()}`, `é${liveKey()}`, '// infinipost-ignore-next-line', '# gitleaks:allow', liveKey('x'.repeat(20)), 'plain text', '', 'ü 🎉 \0 bytes'];
  const lines: string[] = [];
  let line = 1;
  for (let i = 0, count = 1 + Math.floor(random() * 14); i < count; i++) {
    const roll = random();
    if (roll < 0.05) lines.push('--');
    else if (pieces && roll < 0.08) lines.push(pick(['piece of a name', '', '1 files searched']));
    else if (roll < 0.15) line += 5;
    const name = pick(['a.ts', 'b/c.py', 'd e.txt', 'ß.md', liveKey()]);
    lines.push(`./${name}\0${line++}${pick([':', ':', '-'])}${pick(texts())}${random() < 0.3 ? pick(texts()) : ''}${random() < 0.2 ? pick(texts()) : ''}`);
  }
  if (random() < 0.5) lines.push('', '2 matches', `${n} files searched`);
  return lines;
}

const defaults: RipgrepListOptions = { excludes: [], useIgnoreFiles: true, useParentIgnoreFiles: false, useGlobalIgnoreFiles: false, followSymlinks: false, maxFileBytes: 1024 };

describe('ripgrep command line', () => {
  it('maps VS Code search settings to flags and ends options before the path', () => {
    const args = ripgrepArgs({ ...defaults, excludes: [{ '**/dist': true }] });
    assert.ok(args.includes('--no-ignore-parent') && args.includes('--no-ignore-global') && args.includes('--no-follow'));
    assert.ok(args.includes('--glob=!/**/dist'));
    assert.deepStrictEqual(args.slice(-2), ['--', '.']);
    const loose = ripgrepArgs({ ...defaults, useIgnoreFiles: false, useGlobalIgnoreFiles: true, followSymlinks: true });
    assert.ok(loose.includes('--no-ignore') && loose.includes('--follow') && !loose.includes('--no-ignore-global'));
  });

  it('never lets a workspace glob become an option', () => {
    const args = ripgrepArgs({ ...defaults, excludes: [{ '--pre=/bin/sh': true, '-e': true, '--ignore-file=x': true }] });
    const options = args.slice(0, args.indexOf('--'));
    for (const arg of options) assert.ok(!/^--(pre|ignore-file)/.test(arg) && arg !== '-e', arg);
  });

  it('keeps only files whose matching lines, with the line above, yield a key', () => {
    const key = liveKey();
    const out = [
      `./a b.txt\x002-// infinipost-ignore-next-line`,
      `./a b.txt\x003:k = "${key}"`,
      '--',
      `./sub/-x.js\x001:k = "${key}"`,
      `./c.txt\x001:${liveKey('x'.repeat(20))}`,
      `./d.txt\x004-`,
      `./d.txt\x005:k = "${key}" // note`,
      '',
      '3 matches',
      '7 files searched',
      '',
    ].join('\n');
    assert.deepStrictEqual(parseRipgrepList(out), { files: ['sub/-x.js', 'd.txt'], searched: 7 });
    assert.deepStrictEqual(parseRipgrepList(out.replace('./sub/-x.js\x001:k', './sub/-x.js\x001:k'), [key]), { files: [], searched: 7 }, 'the allow list applies');
    assert.deepStrictEqual(parseRipgrepList(''), { files: [] });
  });

  it('decides the same from bytes as from decoded lines, on 3,000 random outputs', () => {
    const random = seededRandom(14);
    for (let n = 0; n < 3000; n++) {
      const lines = randomOutput(random, n, false);
      const fromText = new RipgrepListParser();
      for (const text of lines) fromText.line(text);
      const fromBytes = new RipgrepListParser();
      const bytes = Buffer.from(lines.join('\n'), 'utf8');
      let at = 0;
      for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, at)) {
        fromBytes.lineBytes(bytes, at, end);
        at = end + 1;
      }
      fromBytes.lineBytes(bytes, at, bytes.length);
      assert.deepStrictEqual(fromBytes.result(), fromText.result(), JSON.stringify(lines));
    }
  });

  it('decides the same from whole blocks as line by line, on 3,000 random outputs cut into random chunks', () => {
    const random = seededRandom(15);
    for (let n = 0; n < 3000; n++) {
      const lines = randomOutput(random, n, true);
      const fromText = new RipgrepListParser();
      for (const text of lines) fromText.line(text);
      const bytes = Buffer.from(lines.join('\n') + (random() < 0.7 ? '\n' : ''), 'utf8');
      const fromBlocks = new RipgrepListParser();
      // As runRipgrepList feeds it: each chunk up to its last line feed, the rest joined to the next.
      let from = 0;
      while (from < bytes.length) {
        const chunkEnd = Math.min(bytes.length, from + 1 + Math.floor(random() * 200));
        const newline = bytes.lastIndexOf(0x0a, chunkEnd - 1);
        const end = chunkEnd === bytes.length ? bytes.length : newline >= from ? newline + 1 : from;
        if (end === from) continue;
        const block = Buffer.from(bytes.subarray(from, end));
        fromBlocks.block(block, 0, block.length, (needle, at) => block.indexOf(needle, at));
        from = end;
      }
      // The same files (rg prints each file's lines together; here a file's lines may come back
      // after another's, which line() then lists twice), the same count, the same distrust.
      const outcome = (parser: RipgrepListParser) => ({ ...parser.result(), files: [...new Set(parser.result().files)], unreadable: parser.unreadable });
      assert.deepStrictEqual(outcome(fromBlocks), outcome(fromText), JSON.stringify(lines));
    }
  });

  it('distrusts output split by a file name holding a line break, even one shaped like the statistics', () => {
    const key = liveKey();
    const clean = [`./a.ts\x001:k = "${key}"`, '', '1 matches', '1 files searched'];
    const trusting = new RipgrepListParser();
    for (const line of clean) trusting.line(line);
    assert.deepStrictEqual([trusting.unreadable, trusting.result()], [false, { files: ['a.ts'], searched: 1 }]);
    for (const name of ['x\ny.ts', 'x\n\n9 matches\n1 files searched\ny.ts', '\n--\ny.ts']) {
      const parser = new RipgrepListParser();
      for (const line of [`./${name}\x001:k = "${key}"`, `./z.ts\x001:k = "${key}"`, '', '2 matches', '2 files searched'].join('\n').split('\n')) parser.line(line);
      assert.strictEqual(parser.unreadable, true, JSON.stringify(name));
    }
  });

  it('reads which files rg left out from its messages, and nothing else', () => {
    assert.deepStrictEqual(parseRipgrepSkip('DEBUG|ignore::walk|crates/ignore/src/walk.rs:1728: ignoring ./big dir/a: b.log: 3145728 bytes'), { status: 'tooLarge', path: './big dir/a: b.log' });
    assert.deepStrictEqual(parseRipgrepSkip('rg: DEBUG|ignore::walk|walk.rs:1800: ignoring ./x.bin: 9 bytes'), { status: 'tooLarge', path: './x.bin' });
    assert.deepStrictEqual(parseRipgrepSkip('rg: ./locked: file.ts: Permission denied (os error 13)'), { status: 'unreadable', path: './locked: file.ts' });
    assert.deepStrictEqual(parseRipgrepSkip('./locked.ts: Permission denied (os error 13)'), { status: 'unreadable', path: './locked.ts' });
    assert.strictEqual(parseRipgrepSkip('DEBUG|ignore::walk|walk.rs:1735: ignoring ./node_modules: Ignore(IgnoreMatch(Gitignore(Glob { from: Some("./.gitignore") })))'), undefined);
    assert.strictEqual(parseRipgrepSkip('a log line: ignoring ./x: 12 bytes'), undefined, 'only rg\'s own debug lines');
    assert.strictEqual(parseRipgrepSkip('rg: regex parse error: unclosed group'), undefined);
    // ripgrep 13's words for a nested repository's .git, which the selection's glob passes over.
    const dotGit = (entry: string) => `DEBUG|ignore::walk|/usr/share/cargo/registry/ignore-0.4.18/src/walk.rs:1741: ignoring ${entry}: Ignore(IgnoreMatch(Override(Glob(Matched(Glob { from: None, original: "!**/.git", actual: "**/.git", is_whitelist: true, is_only_dir: false })))))`;
    assert.deepStrictEqual(parseRipgrepSkip(dotGit('./vendor/a lib/.git')), { status: 'repository', path: './vendor/a lib' });
    assert.strictEqual(parseRipgrepSkip(dotGit('./.git')), undefined, "the searched folder's own repository");
  });

  it('finds VS Code\'s ripgrep under the application root, in either folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'infinipost-approot-'));
    try {
      assert.strictEqual(findRipgrep(root), undefined);
      const bin = join(root, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin');
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'rg'), '');
      assert.strictEqual(findRipgrep(root, 'linux'), join(bin, 'rg'));
      assert.strictEqual(findRipgrep(undefined), undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('with the real rg', function () {
    const rg = ['/usr/bin/rg'].find((candidate) => existsSync(candidate));
    let dir: string;
    before(function () {
      if (!rg || process.platform === 'win32') this.skip();
    });
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'infinipost-rg-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('lists only files with a full prefix, honours excludes and .gitignore in a repository, skips pipes and links', async () => {
      spawnSync('git', ['init', '-q'], { cwd: dir });
      const key = liveKey();
      mkdirSync(join(dir, 'src'));
      mkdirSync(join(dir, 'gen'));
      writeFileSync(join(dir, 'src', 'a.js'), `k = "${key}"\n`);
      writeFileSync(join(dir, 'src', 'b.js'), 'risk_lives and desk_tests\n');
      writeFileSync(join(dir, 'gen', 'c.js'), `k = "${key}"\n`);
      writeFileSync(join(dir, 'ignored.log'), `k = "${key}"\n`);
      writeFileSync(join(dir, '.gitignore'), '*.log\n');
      writeFileSync(join(dir, '-dash.txt'), `k = "${key}"\n`);
      execFileSync('mkfifo', [join(dir, 'pipe.js')]);
      symlinkSync(join(dir, 'src', 'a.js'), join(dir, 'link.js'));
      const { files, searched } = await runRipgrepList(rg!, dir, ripgrepArgs({ ...defaults, maxFileBytes: 10_000, excludes: [{ 'gen/**': true, '**/*a*a*a*a*a*a*a*a*a*a*b': true }] }));
      assert.deepStrictEqual(files.map((f) => f.slice(dir.length + 1)).sort(), ['-dash.txt', 'src/a.js']);
      assert.strictEqual(searched, 4, '.gitignore, -dash.txt, src/a.js, src/b.js');
    });
  });
});
