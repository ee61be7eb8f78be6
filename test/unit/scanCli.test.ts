// infinipost-scan as a process (the real bundle) on real files and real git repositories.
import * as assert from 'assert';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { execFileSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { maskKey } from '../../src/core/mask';
import { buildScanCorpus, writeScanCorpus } from '../support/scanCorpus';
import { assertNoKey, buildCliForTests, gitSync, runCli, runProcess } from '../support/scanCli';
import { liveKey, testKey } from '../support/testKeys';

interface JsonReport {
  findings: Array<{ file: string; line: number; column: number; mode: string; maskedKey: string }>;
  filesScanned: number;
}

describe('infinipost-scan (the bundled CLI as a process)', function () {
  this.timeout(60_000);
  let cli: string;
  let dir: string;

  before(async () => {
    cli = await buildCliForTests();
  });
  after(() => rmSync(path.dirname(cli), { recursive: true, force: true }));
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'infinipost-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('paths', () => {
    it('reports exactly the corpus keys as JSON, masked, with exit code 1', async () => {
      const corpus = buildScanCorpus();
      writeScanCorpus(dir, corpus);
      const result = await runCli(cli, ['--format', 'json'], dir);
      assert.strictEqual(result.code, 1, result.stderr);
      const report = JSON.parse(result.stdout) as JsonReport;
      assert.deepStrictEqual(
        report.findings,
        corpus.expected.map((f) => ({ file: f.file, line: f.line, column: f.column, mode: f.mode, maskedKey: maskKey(f.key) })),
      );
      assert.strictEqual(report.filesScanned, Object.keys(corpus.files).length);
      assertNoKey(result.stdout + result.stderr, ...corpus.expected.map((f) => f.key));
    });

    it('prints a text report with file:line:column, masked key and kind; exit 0 and a summary when clean', async () => {
      const key = liveKey();
      writeFileSync(path.join(dir, 'a.ts'), `x = '${key}'\n`);
      const found = await runCli(cli, ['a.ts'], dir);
      assert.strictEqual(found.code, 1);
      assert.match(found.stdout, new RegExp(`a\\.ts:1:6 +${escape(maskKey(key))} +\\(live key\\)`));
      assert.match(found.stdout, /lightbulb → Move key to Infinipost vault/);
      assertNoKey(found.stdout, key);
      writeFileSync(path.join(dir, 'a.ts'), 'x = process.env.INFINIPOST_API_KEY\n');
      const clean = await runCli(cli, [], dir);
      assert.deepStrictEqual([clean.code, clean.stdout], [0, 'infinipost-scan: no Infinipost API keys in 1 file.\n']);
    });

    it('honours .gitignore inside a repository, and skips a .env file outside git like the editor', async () => {
      gitSync(dir, 'init', '-q');
      writeFileSync(path.join(dir, '.gitignore'), 'secret.log\n');
      writeFileSync(path.join(dir, 'secret.log'), `k=${liveKey()}\n`);
      writeFileSync(path.join(dir, 'kept.txt'), `k=${testKey()}\n`);
      const inRepo = JSON.parse((await runCli(cli, ['--format', 'json'], dir)).stdout) as JsonReport;
      assert.deepStrictEqual(inRepo.findings.map((f) => f.file), ['kept.txt']);
      const plain = path.join(dir, 'plain');
      mkdirSync(plain);
      rmSync(path.join(dir, '.git'), { recursive: true });
      writeFileSync(path.join(plain, '.env'), `INFINIPOST_API_KEY=${liveKey()}\n`);
      // A folder the repository ignores is scanned when named (walked, as git lists nothing in it).
      mkdirSync(path.join(dir, 'build'));
      writeFileSync(path.join(dir, '.gitignore'), 'secret.log\nbuild/\n');
      writeFileSync(path.join(dir, 'build', 'out.js'), `k=${testKey()}\n`);
      const ignoredDir = JSON.parse((await runCli(cli, ['--format', 'json', 'build'], dir)).stdout) as JsonReport;
      assert.deepStrictEqual(ignoredDir.findings.map((f) => f.file), ['build/out.js']);
      const outside = JSON.parse((await runCli(cli, ['--format', 'json', 'plain'], dir)).stdout) as JsonReport;
      assert.deepStrictEqual(outside, { findings: [], filesScanned: 1 });
    });

    it('accepts baseline findings even after their line moved, and still reports a new key', async () => {
      const old = liveKey();
      writeFileSync(path.join(dir, 'a.ts'), `const k = '${old}';\n`);
      const baseline = (await runCli(cli, ['--format', 'json', 'a.ts'], dir)).stdout;
      writeFileSync(path.join(dir, 'baseline.json'), baseline);
      writeFileSync(path.join(dir, 'a.ts'), `// moved down\n\nconst k = '${old}';\n`);
      assert.strictEqual((await runCli(cli, ['--baseline', 'baseline.json', 'a.ts'], dir)).code, 0);
      const fresh = testKey();
      writeFileSync(path.join(dir, 'a.ts'), `const k = '${old}';\nconst t = '${fresh}';\n`);
      const result = await runCli(cli, ['--baseline', 'baseline.json', '--format', 'json', 'a.ts'], dir);
      assert.strictEqual(result.code, 1);
      assert.deepStrictEqual((JSON.parse(result.stdout) as JsonReport).findings.map((f) => f.maskedKey), [maskKey(fresh)]);
      // A SARIF report works as a baseline too.
      writeFileSync(path.join(dir, 'baseline.sarif'), (await runCli(cli, ['--format', 'sarif', 'a.ts'], dir)).stdout);
      assert.strictEqual((await runCli(cli, ['--baseline', 'baseline.sarif', 'a.ts'], dir)).code, 0);
    });
  });

  describe('the ripgrep route and the Node route', () => {
    // ripgrep as the scanner finds it on PATH; the wrapper records that it ran, so a silent fallback to Node cannot pass.
    let wrapper: string;
    let marker: string;
    before(function () {
      const rg = ['/usr/bin/rg', '/usr/local/bin/rg', '/bin/rg'].find((candidate) => existsSync(candidate));
      if (!rg) this.skip();
      wrapper = path.join(mkdtempSync(path.join(tmpdir(), 'infinipost-rg-')), 'rg');
      marker = `${wrapper}.ran`;
      writeFileSync(wrapper, `#!/bin/sh\ntouch '${marker}'\nexec '${rg}' "$@"\n`, { mode: 0o755 });
    });
    after(() => wrapper && rmSync(path.dirname(wrapper), { recursive: true, force: true }));

    // Everything that decides what is read, skipped or counted, in one folder.
    function writeAwkwardTree(root: string): void {
      writeScanCorpus(root, buildScanCorpus(21));
      writeFileSync(path.join(root, 'font.woff'), Buffer.from([0x77, 0x4f, 0x46, 0x32, 0x00, 0x01, 0x02]));
      writeFileSync(path.join(root, 'image.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]), Buffer.from(` ${liveKey()} `)]));
      writeFileSync(path.join(root, 'late.txt'), `k = '${testKey()}'\n${'y'.repeat(9000)}\0\n`);
      writeFileSync(path.join(root, 'big-key.log'), `${'z'.repeat(20_000)}\nk = '${liveKey()}'\n`);
      writeFileSync(path.join(root, 'big-clean.log'), 'w'.repeat(20_000));
      execFileSync('mkfifo', [path.join(root, 'pipe')]);
      symlinkSync(path.join(root, 'late.txt'), path.join(root, 'alias.txt'));
      mkdirSync(path.join(root, '.config'));
      writeFileSync(path.join(root, '.config', 'app.ts'), `k = '${liveKey()}'\n`);
      mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });
      writeFileSync(path.join(root, 'node_modules', 'pkg', 'index.js'), `k = '${testKey()}'\n`);
      // ripgrep's own ignore file: git knows nothing of it, so neither route may honour it.
      writeFileSync(path.join(root, '.ignore'), 'dot-ignored.ts\n');
      writeFileSync(path.join(root, 'dot-ignored.ts'), `k = '${liveKey()}'\n`);
      writeFileSync(path.join(root, '.env'), `INFINIPOST_API_KEY=${liveKey()}\n`);
    }

    async function bothRoutes(args: string[], cwd: string): Promise<void> {
      rmSync(marker, { force: true });
      const env = (ripgrep: string) => ({ ...process.env, INFINIPOST_RIPGREP: ripgrep });
      const viaRipgrep = await runProcess(process.execPath, [cli, '--max-file-size', '16', ...args], { cwd, env: env(wrapper) });
      assert.ok(existsSync(marker), 'the scanner did not run ripgrep');
      assert.doesNotMatch(viaRipgrep.stderr, /scanning without it/);
      const inNode = await runProcess(process.execPath, [cli, '--max-file-size', '16', ...args], { cwd, env: env('off') });
      assert.deepStrictEqual(
        { code: viaRipgrep.code, report: JSON.parse(viaRipgrep.stdout) as JsonReport, notes: viaRipgrep.stderr },
        { code: inNode.code, report: JSON.parse(inNode.stdout) as JsonReport, notes: inNode.stderr },
      );
      assert.strictEqual(viaRipgrep.code, 1);
      assert.match(viaRipgrep.stderr, /skipped 2 files \(larger than 16 KiB, see --max-file-size\): big-clean\.log, big-key\.log\n/);
    }

    it('report the same keys, counts and notes in a plain folder', async () => {
      writeAwkwardTree(dir);
      await bothRoutes(['--format', 'json'], dir);
      await bothRoutes(['--format', 'json', 'src', 'late.txt', 'big-key.log', 'big-clean.log', 'image.png'], dir);
    });

    it('report the same keys, counts and notes in a git repository, tracked ignored files included', async () => {
      writeAwkwardTree(dir);
      gitSync(dir, 'init', '-q');
      writeFileSync(path.join(dir, '.gitignore'), 'ignored.ts\nforced.ts\n');
      writeFileSync(path.join(dir, 'ignored.ts'), `k = '${liveKey()}'\n`);
      writeFileSync(path.join(dir, 'forced.ts'), `k = '${testKey()}'\n`);
      gitSync(dir, 'add', '-f', 'forced.ts');
      // A repository inside the work tree: git lists it as one folder entry, so neither route reads it.
      mkdirSync(path.join(dir, 'vendor', 'lib'), { recursive: true });
      gitSync(path.join(dir, 'vendor', 'lib'), 'init', '-q');
      writeFileSync(path.join(dir, 'vendor', 'lib', 'conf.ts'), `k = '${liveKey()}'\n`);
      writeFileSync(path.join(dir, 'vendor', 'lib', 'huge.log'), 'v'.repeat(20_000));
      // Clean files in it, and in a repository nested in that one: rg searches them, git lists none.
      writeFileSync(path.join(dir, 'vendor', 'lib', 'clean.ts'), 'export const a = 1;\n');
      mkdirSync(path.join(dir, 'vendor', 'lib', 'deeper'));
      gitSync(path.join(dir, 'vendor', 'lib', 'deeper'), 'init', '-q');
      writeFileSync(path.join(dir, 'vendor', 'lib', 'deeper', 'clean.ts'), 'export const b = 2;\n');
      await bothRoutes(['--format', 'json'], dir);
      const report = JSON.parse((await runCli(cli, ['--format', 'json'], dir)).stdout) as JsonReport;
      const files = report.findings.map((f) => f.file);
      for (const expected of ['forced.ts', '.env', 'dot-ignored.ts', '.config/app.ts', 'late.txt']) assert.ok(files.includes(expected), `${expected} not reported: ${files.join(', ')}`);
      for (const unexpected of ['ignored.ts', 'image.png', 'alias.txt', 'vendor/lib/conf.ts']) assert.ok(!files.includes(unexpected), `${unexpected} reported`);
    });

    it('fall back to Node when a file name holds a line break (rg prints names as they are), and find every key', async () => {
      for (const name of ['a\nb.ts', '0.ts', 'z.ts']) writeFileSync(path.join(dir, name), `k = '${liveKey()}'\n`);
      const result = await runProcess(process.execPath, [cli, '--format', 'json'], { cwd: dir, env: { ...process.env, INFINIPOST_RIPGREP: wrapper } });
      assert.strictEqual(result.code, 1, result.stderr);
      assert.deepStrictEqual((JSON.parse(result.stdout) as JsonReport).findings.map((f) => f.file), ['0.ts', 'a\nb.ts', 'z.ts']);
      assert.match(result.stderr, /scanning without it: ripgrep printed a file name with a line break/);
    });

    it('fall back to Node, with a note, when ripgrep fails', async () => {
      writeFileSync(path.join(dir, 'a.ts'), `k = '${liveKey()}'\n`);
      const result = await runProcess(process.execPath, [cli, '--format', 'json'], { cwd: dir, env: { ...process.env, INFINIPOST_RIPGREP: '/bin/false' } });
      assert.strictEqual(result.code, 1, result.stderr);
      assert.deepStrictEqual(JSON.parse(result.stdout), JSON.parse((await runProcess(process.execPath, [cli, '--format', 'json'], { cwd: dir, env: { ...process.env, INFINIPOST_RIPGREP: 'off' } })).stdout));
      assert.match(result.stderr, /ripgrep \(\/bin\/false\) failed, scanning without it/);
    });
  });

  describe('SARIF', () => {
    it('validates against the SARIF 2.1.0 schema, one rule per kind, masked snippets, fingerprints that survive line moves', async () => {
      const corpus = buildScanCorpus();
      writeScanCorpus(dir, corpus);
      const result = await runCli(cli, ['--format', 'sarif'], dir);
      assert.strictEqual(result.code, 1);
      assertNoKey(result.stdout, ...corpus.expected.map((f) => f.key));
      const log = JSON.parse(result.stdout);
      const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
      // The schema's language-tag pattern is not valid with the `u` flag Ajv uses by default.
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      assert.ok(validate(JSON.parse(result.stdout)), JSON.stringify(validate.errors?.slice(0, 5)));
      // The validator is not a rubber stamp: a broken log fails.
      assert.ok(!validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: 'not an object' }] }] }));
      const run = log.runs[0];
      assert.deepStrictEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ['hardcoded-live-key', 'hardcoded-test-key']);
      assert.strictEqual(run.results.length, corpus.expected.length);
      const first = run.results[0];
      assert.strictEqual(first.locations[0].physicalLocation.region.snippet.text, maskKey(corpus.expected[0].key));

      const fingerprints = (sarif: string) => JSON.parse(sarif).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => Object.values(r.partialFingerprints)[0]);
      const before = fingerprints(result.stdout);
      assert.strictEqual(new Set(before).size, before.length, 'fingerprints tell findings apart');
      const client = path.join(dir, 'src/client.ts');
      writeFileSync(client, '// a new first line\n\n' + readFileSync(client, 'utf8'));
      const moved = await runCli(cli, ['--format', 'sarif'], dir);
      assert.deepStrictEqual(fingerprints(moved.stdout), before);
    });
  });

  describe('bad input', () => {
    it('unknown flag, unknown format, missing path, --staged outside a repository: a message and exit 2, no stack trace', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['--frobnicate'], /Unknown option '--frobnicate'.*--help/],
        [['--format', 'xml'], /unknown format "xml"/],
        [['no/such/path'], /no such file or folder: no\/such\/path/],
        [['--staged'], /--staged needs a git repository/],
        [['--baseline', 'missing.json'], /cannot read the baseline missing\.json: no such file/],
        [['--max-file-size', 'lots'], /--max-file-size takes a size in KiB/],
      ];
      for (const [args, message] of cases) {
        const result = await runCli(cli, args, dir);
        assert.strictEqual(result.code, 2, args.join(' '));
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
        assert.strictEqual(result.stderr.trim().split('\n').length, 1, result.stderr);
      }
    });

    it('a key-shaped path in an error message is masked', async () => {
      const key = liveKey();
      const result = await runCli(cli, [key], dir);
      assert.strictEqual(result.code, 2);
      assertNoKey(result.stderr, key);
    });

    it('skips a 2 GB sparse file, a FIFO and links out of the tree, and finds the key next to them', async () => {
      const key = liveKey();
      writeFileSync(path.join(dir, 'ok.ts'), `k = '${key}'\n`);
      execFileSync('truncate', ['-s', '2G', path.join(dir, 'huge.bin')]);
      execFileSync('mkfifo', [path.join(dir, 'pipe')]);
      const outside = mkdtempSync(path.join(tmpdir(), 'infinipost-outside-'));
      writeFileSync(path.join(outside, 'leak.ts'), `k = '${liveKey()}'\n`);
      symlinkSync(path.join(outside, 'leak.ts'), path.join(dir, 'link.ts'));
      try {
        for (const args of [['--format', 'json'], ['--format', 'json', 'huge.bin', 'pipe', 'link.ts', 'ok.ts']]) {
          const result = await runCli(cli, args, dir);
          assert.strictEqual(result.code, 1, result.stderr);
          const report = JSON.parse(result.stdout) as JsonReport;
          assert.deepStrictEqual(report.findings.map((f) => f.file), ['ok.ts']);
          assert.match(result.stderr, /skipped 1 file \(larger than 2048 KiB, see --max-file-size\): huge\.bin/);
          assert.doesNotMatch(result.stderr, /scanning without it/);
        }
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('skips an unreadable file with a note', async function () {
      const key = liveKey();
      writeFileSync(path.join(dir, 'ok.ts'), `k = '${key}'\n`);
      writeFileSync(path.join(dir, 'locked.ts'), `k = '${liveKey()}'\n`);
      chmodSync(path.join(dir, 'locked.ts'), 0o000);
      // root reads anything: run the scanner as nobody, who can read the bundle and the folder but not the file.
      const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      if (process.getuid?.() === 0) {
        chmodSync(dir, 0o755);
        chmodSync(path.dirname(cli), 0o755);
        chmodSync(cli, 0o644);
      }
      const result = await runCli(cli, ['--format', 'json'], dir, asNobody);
      assert.strictEqual(result.code, 1, result.stderr);
      assert.deepStrictEqual((JSON.parse(result.stdout) as JsonReport).findings.map((f) => f.file), ['ok.ts']);
      assert.match(result.stderr, /skipped 1 file \(unreadable\): locked\.ts/);
      // Said by ripgrep (on PATH here) as by the Node route: no fallback.
      assert.doesNotMatch(result.stderr, /scanning without it/);
    });

    it('--help and --version exit 0', async () => {
      const help = await runCli(cli, ['--help'], dir);
      assert.strictEqual(help.code, 0);
      assert.match(help.stdout, /Usage: infinipost-scan/);
      assert.match(help.stdout, /--staged/);
      const version = await runCli(cli, ['--version'], dir);
      assert.strictEqual(version.code, 0);
      assert.strictEqual(version.stdout.trim(), JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
