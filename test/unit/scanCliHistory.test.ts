// infinipost-scan --history as a process (the real bundle) on real repositories made by git itself,
// compared with the history engine the editor's infinipost.scanHistory command runs.
import * as assert from 'assert';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { publicHistoryKey } from '../../src/core/historyModel';
import { maskKey } from '../../src/core/mask';
import { acceptInBaseline, baselineFingerprint } from '../../src/node/historyBaseline';
import { scanHistory } from '../../src/node/historyScan';
import { TestRepos } from '../support/gitRepo';
import { assertNoKey, buildCliForTests, runCli } from '../support/scanCli';
import { liveKey, testKey } from '../support/testKeys';

interface HistoryJson {
  blobsScanned: number;
  keys: Array<{ maskedKey: string; mode: string; firstCommit: string; paths: string[]; pushed: boolean; inHead: boolean; refs: string[] }>;
}

describe('infinipost-scan --history (the bundled CLI on real git repositories)', function () {
  this.timeout(90_000);
  let cli: string;
  const repos = new TestRepos();

  before(async () => {
    cli = await buildCliForTests();
  });
  after(() => {
    rmSync(path.dirname(cli), { recursive: true, force: true });
    repos.removeAll();
  });

  /** A repository with a key added then removed and pushed, a key on an unpushed branch only, and a test key still in HEAD. */
  function plantedRepo() {
    const r = repos.createWithRemote();
    const keys = { removed: liveKey(), branchOnly: testKey(), inHead: testKey() };
    r.write('README.md', '# app\n');
    r.commit('start');
    r.write('src/config.js', `const a = 1;\nconst key = "${keys.removed}";\n`);
    const removedCommit = r.commit('add config');
    r.write('src/config.js', 'const a = 1;\nconst key = process.env.INFINIPOST_API_KEY;\n');
    r.commit('remove key');
    r.write('docs/example.md', `Use ${keys.inHead} to try it.\n`);
    const inHeadCommit = r.commit('docs');
    r.git('push', '-q', 'origin', 'main');
    const branchCommit = r.commitOnBranch('feature', 'feature.ts', `export const k = '${keys.branchOnly}';\n`, 'feature');
    return { r, keys, commits: { removed: removedCommit, inHead: inHeadCommit, branchOnly: branchCommit } };
  }

  it('JSON: exactly what the engine finds, as infinipost.scanHistory returns it (pushed, branch-only, removed), exit 1', async () => {
    const { r, keys, commits } = plantedRepo();
    const result = await runCli(cli, ['--history', '--format', 'json'], r.dir);
    assert.strictEqual(result.code, 1, result.stderr);
    assertNoKey(result.stdout + result.stderr, ...Object.values(keys));
    const report = JSON.parse(result.stdout) as HistoryJson;
    const engine = await scanHistory({ repo: r.dir, maxBlobBytes: 2048 * 1024 });
    assert.deepStrictEqual(report, { blobsScanned: engine.blobsScanned, keys: engine.keys.map((key) => publicHistoryKey(key)) });
    const byMask = new Map(report.keys.map((key) => [key.maskedKey, key]));
    assert.deepStrictEqual(byMask.get(maskKey(keys.removed)), {
      maskedKey: maskKey(keys.removed), mode: 'live', firstCommit: commits.removed, paths: ['src/config.js'], pushed: true, inHead: false, refs: ['refs/heads/feature', 'refs/heads/main', 'refs/remotes/origin/main'],
    });
    assert.deepStrictEqual(byMask.get(maskKey(keys.branchOnly)), {
      maskedKey: maskKey(keys.branchOnly), mode: 'test', firstCommit: commits.branchOnly, paths: ['feature.ts'], pushed: false, inHead: false, refs: ['refs/heads/feature'],
    });
    assert.deepStrictEqual(byMask.get(maskKey(keys.inHead)), {
      maskedKey: maskKey(keys.inHead), mode: 'test', firstCommit: commits.inHead, paths: ['docs/example.md'], pushed: true, inHead: true, refs: ['refs/heads/feature', 'refs/heads/main', 'refs/remotes/origin/main'],
    });
    assert.strictEqual(report.keys.length, 3);
  });

  it('text: one block per key with kind, pushed/local only, in HEAD/removed, first commit and path:line; a path inside the repository works', async () => {
    const { r, keys, commits } = plantedRepo();
    const result = await runCli(cli, ['--history', 'src'], r.dir);
    assert.strictEqual(result.code, 1, result.stderr);
    assertNoKey(result.stdout + result.stderr, ...Object.values(keys));
    assert.match(result.stdout, /found 3 Infinipost API keys in the git history \(\d+ blobs scanned\)/);
    const block = (key: string) => result.stdout.split('\n\n').find((part) => part.includes(maskKey(key))) ?? '';
    assert.match(block(keys.removed), /live key, pushed, removed from HEAD/);
    assert.match(block(keys.removed), new RegExp(`first commit: ${commits.removed}`));
    assert.match(block(keys.removed), /paths: src\/config\.js:2/);
    assert.match(block(keys.removed), /refs: feature, main, origin\/main/);
    assert.match(block(keys.branchOnly), /test key, local only, removed from HEAD/);
    assert.match(block(keys.branchOnly), /refs: feature\n?$/m);
    assert.match(block(keys.inHead), /test key, pushed, in HEAD/);
    assert.match(result.stdout, /Pushed keys are public: rotate them/);
    assert.match(result.stdout, /Keys in local history only/);

    const clean = repos.create();
    clean.write('a.txt', 'nothing here\n');
    clean.commit('one');
    const none = await runCli(cli, ['--history'], clean.dir);
    assert.deepStrictEqual([none.code, none.stdout], [0, 'infinipost-scan: no Infinipost API keys in the git history (1 blob scanned).\n']);
  });

  it('SARIF: valid 2.1.0, one result per key and path at its first commit, fingerprints from masked key and path only', async () => {
    const { r, keys, commits } = plantedRepo();
    // The same key under a second path: two results for one key.
    r.write('copy/config.js', `// copied\n\nconst key = "${keys.removed}";\n`);
    const copyCommit = r.commit('copy');
    const result = await runCli(cli, ['--history', '--format', 'sarif'], r.dir);
    assert.strictEqual(result.code, 1, result.stderr);
    assertNoKey(result.stdout, ...Object.values(keys));
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const log = JSON.parse(result.stdout);
    assert.ok(validate(JSON.parse(result.stdout)), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.ok(!validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: 'not an object' }] }] }), 'the validator rejects a broken log');
    const results = log.runs[0].results as Array<{
      ruleId: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; snippet: { text: string } } } }>;
      partialFingerprints: Record<string, string>;
      properties: { maskedKey: string; firstCommit: string; commit: string; pushed: boolean; inHead: boolean; refs: string[] };
    }>;
    const where = results.map((res) => `${res.properties.maskedKey} ${res.locations[0].physicalLocation.artifactLocation.uri}:${res.locations[0].physicalLocation.region.startLine}`).sort();
    assert.deepStrictEqual(where, [
      `${maskKey(keys.inHead)} docs/example.md:1`,
      `${maskKey(keys.branchOnly)} feature.ts:1`,
      `${maskKey(keys.removed)} copy/config.js:3`,
      `${maskKey(keys.removed)} src/config.js:2`,
    ].sort());
    const copy = results.find((res) => res.locations[0].physicalLocation.artifactLocation.uri === 'copy/config.js')!;
    assert.deepStrictEqual(
      { ruleId: copy.ruleId, snippet: copy.locations[0].physicalLocation.region.snippet.text, ...copy.properties },
      { ruleId: 'hardcoded-live-key', snippet: maskKey(keys.removed), maskedKey: maskKey(keys.removed), mode: 'live', firstCommit: commits.removed, commit: copyCommit, pushed: true, inHead: true, refs: ['refs/heads/feature', 'refs/heads/main', 'refs/remotes/origin/main'] },
    );
    const prints = (sarif: string) => new Map((JSON.parse(sarif).runs[0].results as typeof results).map((res) => [`${res.properties.maskedKey} ${res.locations[0].physicalLocation.artifactLocation.uri}`, Object.values(res.partialFingerprints)[0]]));
    const before = prints(result.stdout);
    assert.strictEqual(new Set(before.values()).size, 4, 'fingerprints tell results apart');
    // More history (the key moves within the file, gets pushed): the same fingerprints.
    r.write('copy/config.js', `// moved\n// further\n\nconst key = "${keys.removed}";\n`);
    r.commit('move');
    r.git('push', '-q', 'origin', 'main');
    const after = prints((await runCli(cli, ['--history', '--format', 'sarif'], r.dir)).stdout);
    assert.deepStrictEqual(after, before);
  });

  it('leaves out keys accepted in .infinipost-baseline.json (as the editor does) and honours --baseline', async () => {
    const { r, keys } = plantedRepo();
    await acceptInBaseline(r.dir, { fingerprint: baselineFingerprint(keys.removed), maskedKey: maskKey(keys.removed), acceptedAt: new Date(0).toISOString() });
    const accepted = await runCli(cli, ['--history', '--format', 'json'], r.dir);
    assert.strictEqual(accepted.code, 1);
    assert.deepStrictEqual((JSON.parse(accepted.stdout) as HistoryJson).keys.map((key) => key.maskedKey).sort(), [maskKey(keys.branchOnly), maskKey(keys.inHead)].sort());
    assert.match(accepted.stderr, /1 key is accepted in \.infinipost-baseline\.json and not listed/);

    const reports = repos.tempDir('infinipost-history-baseline-');
    writeFileSync(path.join(reports, 'old.json'), accepted.stdout);
    writeFileSync(path.join(reports, 'old.sarif'), (await runCli(cli, ['--history', '--format', 'sarif'], r.dir)).stdout);
    for (const file of ['old.json', 'old.sarif']) {
      const quiet = await runCli(cli, ['--history', '--baseline', path.join(reports, file)], r.dir);
      assert.deepStrictEqual([quiet.code, quiet.stdout], [0, `infinipost-scan: no Infinipost API keys in the git history (${(JSON.parse(accepted.stdout) as HistoryJson).blobsScanned} blobs scanned).\n`], file);
    }
    const fresh = liveKey();
    r.write('late.env.example', `INFINIPOST_API_KEY=${fresh}\n`);
    r.commit('late');
    const newer = await runCli(cli, ['--history', '--format', 'json', '--baseline', path.join(reports, 'old.json')], r.dir);
    assert.strictEqual(newer.code, 1);
    assert.deepStrictEqual((JSON.parse(newer.stdout) as HistoryJson).keys.map((key) => key.maskedKey), [maskKey(fresh)]);
  });

  it('a shallow clone is scanned with a note on stderr', async () => {
    const { r, keys } = plantedRepo();
    const parent = repos.tempDir('infinipost-history-shallow-');
    const clone = path.join(parent, 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', '--no-local', `file://${r.dir}`, clone], { stdio: 'ignore' });
    const result = await runCli(cli, ['--history', '--format', 'json'], clone);
    assert.strictEqual(result.code, 1, result.stderr);
    assert.match(result.stderr, /shallow clone/);
    assert.deepStrictEqual((JSON.parse(result.stdout) as HistoryJson).keys.map((key) => key.maskedKey), [maskKey(keys.inHead)]);
  });

  it('bad input: outside a repository, an empty repository, a missing path, two paths: one clear line and exit 2', async () => {
    const plain = repos.tempDir('infinipost-history-plain-');
    const empty = path.join(plain, 'empty');
    mkdirSync(empty);
    execFileSync('git', ['init', '-q', empty]);
    const cases: Array<[string[], string, RegExp]> = [
      [['--history'], plain, /the current folder is not in a git repository.*--history needs one/],
      [['--history', 'empty'], plain, /the repository .*empty has no commits yet: there is no history to scan/],
      [['--history', 'nowhere'], plain, /no such file or folder: nowhere/],
      [['--history', 'a', 'b'], plain, /--history scans one repository: give at most one path/],
      [['--history', '--staged'], plain, /choose one of --staged, --history/],
    ];
    for (const [args, cwd, message] of cases) {
      const result = await runCli(cli, args, cwd);
      assert.strictEqual(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.strictEqual(result.stdout, '');
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.strictEqual(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  it('--help documents --history', async () => {
    const help = await runCli(cli, ['--help'], tmpdir());
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /--history +scan every commit, branch, tag and stash/);
  });
});
