// The pre-commit hook end to end: installed by the Node layer into real repositories, run by real
// `git commit`, launching the real scanner bundle through the launcher.
import * as assert from 'assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { CHAINED_HOOK_NAME, hookScript, parseOurHook, shellQuote } from '../../src/core/commitHook';
import { maskKey } from '../../src/core/mask';
import { installHook, locateHook, uninstallHook, writeLauncher } from '../../src/node/commitHookFiles';
import { buildCliForTests, gitProcess, gitSync, runProcess } from '../support/scanCli';
import { liveKey, testKey } from '../support/testKeys';

function assertNoKey(text: string, key: string): void {
  const body = key.slice(8);
  for (let i = 0; i + 8 <= body.length; i++) assert.ok(!text.includes(body.slice(i, i + 8)), 'output holds key material');
}

function listing(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, `${statSync(path.join(dir, name)).mode.toString(8)}:${readFileSync(path.join(dir, name), 'utf8')}`]));
}

describe('pre-commit hook (real git, real scanner)', function () {
  this.timeout(120_000);
  let cli: string;
  let storage: string;
  let launcher: string;
  let repo: string;

  before(async () => {
    cli = await buildCliForTests();
    storage = mkdtempSync(path.join(tmpdir(), 'infinipost-storage-'));
    launcher = await writeLauncher(storage, { runtime: process.execPath, cli, reportsDir: path.join(storage, 'refused') });
  });
  after(() => {
    rmSync(path.dirname(cli), { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  });
  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'infinipost-repo-'));
    gitSync(repo, 'init', '-q');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  const write = (rel: string, text: string) => writeFileSync(path.join(repo, rel), text);
  const commit = (...args: string[]) => gitProcess(repo, 'commit', '-q', '-m', 'change', ...args);
  const protect = async (chainExisting = false) => installHook(await locateHook(repo), launcher, { chainExisting });

  it('refuses the first commit that adds a key, with file:line, the masked key, its kind, the fix and the bypass', async () => {
    const result0 = await protect();
    assert.deepStrictEqual(result0, { protected: true, hook: path.join(repo, '.git', 'hooks', 'pre-commit'), chained: false });
    const key = liveKey();
    write('app.ts', `const a = 1;\nconst key = '${key}';\n`);
    gitSync(repo, 'add', 'app.ts');
    const refused = await commit();
    assert.strictEqual(refused.code, 1, refused.stderr);
    const output = refused.stdout + refused.stderr;
    assert.match(output, /this commit adds 1 Infinipost API key\. Commit refused\./);
    assert.ok(output.includes(`app.ts:2:14  ${maskKey(key)}  (live key)`), output);
    assert.match(output, /in VS Code: lightbulb → Move key to Infinipost vault/);
    assert.match(output, /git commit --no-verify/);
    assertNoKey(output, key);
    assert.throws(() => gitSync(repo, 'rev-parse', '--verify', 'HEAD'), 'nothing was committed');
    // The launcher leaves a masked report for the extension's notification.
    const reports = readdirSync(path.join(storage, 'refused'));
    assert.strictEqual(reports.length, 1);
    const report = readFileSync(path.join(storage, 'refused', reports[0]), 'utf8');
    rmSync(path.join(storage, 'refused', reports[0]));
    assertNoKey(report, key);
    assert.deepStrictEqual(JSON.parse(report).findings, [{ file: 'app.ts', line: 2, column: 14, mode: 'live', maskedKey: maskKey(key) }]);
  });

  it('starts the scanner without NODE_EXTRA_CA_CERTS (Node would read that bundle before running it)', async () => {
    await protect();
    write('app.ts', `const key = '${liveKey()}';\n`);
    gitSync(repo, 'add', 'app.ts');
    // Node warns at start-up when the named bundle cannot be read: proof of whether it was looked at.
    const missing = path.join(repo, 'no-such-bundle.pem');
    const direct = await runProcess(process.execPath, ['-e', '0'], { cwd: repo, env: { ...process.env, NODE_EXTRA_CA_CERTS: missing } });
    assert.match(direct.stderr, /Ignoring extra certs/, 'this Node reads NODE_EXTRA_CA_CERTS at start-up');
    const refused = await runProcess('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'change'], { cwd: repo, env: { ...process.env, NODE_EXTRA_CA_CERTS: missing }, timeoutMs: 60_000 });
    assert.strictEqual(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /Commit refused/);
    assert.doesNotMatch(refused.stderr, /extra certs/);
    rmSync(path.join(storage, 'refused'), { recursive: true, force: true });
  });

  it('lets --no-verify through; then a commit touching that file without adding a key passes, and one adding a key does not', async () => {
    await protect();
    const key = testKey();
    write('app.ts', `const key = '${key}';\n`);
    gitSync(repo, 'add', 'app.ts');
    assert.strictEqual((await commit('--no-verify')).code, 0);
    write('app.ts', `// comment\nconst key = '${key}';\nconst more = 2;\n`);
    write('other.ts', 'export {};\n');
    gitSync(repo, 'add', '.');
    const clean = await commit();
    assert.strictEqual(clean.code, 0, clean.stderr);
    assert.strictEqual(clean.stderr, '');
    write('app.ts', `const key = '${key}';\nconst second = '${liveKey()}';\n`);
    const refused = await commit('-a');
    assert.strictEqual(refused.code, 1, 'git commit -a (a temporary index) is checked too');
    assert.ok(!refused.stderr.includes('(test key)'), 'the key already committed is not reported');
    assert.match(refused.stderr, /app\.ts:2:\d+ +sk_live_…/);
    rmSync(path.join(storage, 'refused'), { recursive: true, force: true });
  });

  it('lets a suppressed key and a placeholder through', async () => {
    await protect();
    write('config.py', `KEY = "${liveKey()}"  # infinipost-ignore\n# pragma: allowlist nextline secret\nOTHER = "${testKey()}"\nDOC = "sk_live_${'x'.repeat(24)}"\n`);
    gitSync(repo, 'add', '.');
    const result = await commit();
    assert.strictEqual(result.code, 0, result.stderr);
  });

  it('starts the runtime only for a commit with a key prefix on a staged line, and writes a report only when it refuses', async () => {
    // A runtime that notes each start, then runs the real Node.
    const countingStorage = mkdtempSync(path.join(tmpdir(), 'infinipost-storage-'));
    try {
      const starts = path.join(countingStorage, 'starts.log');
      const runtime = path.join(countingStorage, 'runtime');
      writeFileSync(runtime, `#!/bin/sh\necho started >> ${shellQuote(starts)}\nexec ${shellQuote(process.execPath)} "$@"\n`, { mode: 0o755 });
      const reports = path.join(countingStorage, 'refused');
      const counting = await writeLauncher(countingStorage, { runtime, cli, reportsDir: reports });
      await installHook(await locateHook(repo), counting, { chainExisting: false });
      const startCount = () => (readdirSync(countingStorage).includes('starts.log') ? readFileSync(starts, 'utf8').split('\n').length - 1 : 0);
      write('plain.ts', 'export const task_id = 1;\n');
      gitSync(repo, 'add', '.');
      assert.strictEqual((await commit()).code, 0);
      assert.strictEqual(startCount(), 0, 'no prefix staged: the scanner did not start');
      write('doc.md', `Set INFINIPOST_KEY to your key (sk_live_${'x'.repeat(24)}).\n`);
      gitSync(repo, 'add', '.');
      assert.strictEqual((await commit()).code, 0, 'a placeholder passes');
      assert.strictEqual(startCount(), 1, 'a prefix staged: the scanner ran');
      assert.ok(!readdirSync(countingStorage).includes('refused'), 'no report for a commit it let through');
      write('b.ts', `k = "${liveKey()}"\n`);
      gitSync(repo, 'add', '.');
      assert.strictEqual((await commit()).code, 1);
      assert.strictEqual(startCount(), 2);
      assert.strictEqual(readdirSync(reports).length, 1, 'the refusal report, in a folder the scanner created');
    } finally {
      rmSync(countingStorage, { recursive: true, force: true });
    }
  });

  it('chains an existing hook: it keeps running first, and uninstalling puts it back byte for byte', async () => {
    const hooks = path.join(repo, '.git', 'hooks');
    const original = '#!/bin/sh\necho "existing hook ran" >> "$(git rev-parse --git-dir)/existing.log"\nexit 0\n';
    writeFileSync(path.join(hooks, 'pre-commit'), original, { mode: 0o755 });
    const before = listing(hooks);
    assert.deepStrictEqual(await protect(false), { protected: false, hook: path.join(hooks, 'pre-commit'), chained: false }, 'not changed without consent');
    assert.deepStrictEqual(listing(hooks), before);
    assert.deepStrictEqual(await protect(true), { protected: true, hook: path.join(hooks, 'pre-commit'), chained: true });
    assert.strictEqual(readFileSync(path.join(hooks, CHAINED_HOOK_NAME), 'utf8'), original);
    write('a.txt', 'hello\n');
    gitSync(repo, 'add', '.');
    assert.strictEqual((await commit()).code, 0);
    write('b.txt', `k=${liveKey()}\n`);
    gitSync(repo, 'add', '.');
    assert.strictEqual((await commit()).code, 1);
    assert.strictEqual(readFileSync(path.join(repo, '.git', 'existing.log'), 'utf8'), 'existing hook ran\nexisting hook ran\n');
    assert.deepStrictEqual(await uninstallHook(await locateHook(repo)), { protected: false, hook: path.join(hooks, 'pre-commit'), chained: true });
    assert.deepStrictEqual(listing(hooks), before);
    rmSync(path.join(storage, 'refused'), { recursive: true, force: true });
  });

  it('honours core.hooksPath, and uninstalling removes the folder it created', async () => {
    gitSync(repo, 'config', 'core.hooksPath', '.githooks');
    const result = await protect();
    assert.deepStrictEqual(result, { protected: true, hook: path.join(repo, '.githooks', 'pre-commit'), chained: false });
    write('a.ts', `k = "${liveKey()}"\n`);
    gitSync(repo, 'add', 'a.ts');
    assert.strictEqual((await commit()).code, 1);
    await uninstallHook(await locateHook(repo));
    assert.deepStrictEqual(readdirSync(repo).sort(), ['.git', 'a.ts']);
    assert.strictEqual((await commit()).code, 0, 'unprotected again');
    rmSync(path.join(storage, 'refused'), { recursive: true, force: true });
  });

  it('never blocks commits by breaking: a missing runtime lets the commit through with a one-line warning', async () => {
    const brokenStorage = mkdtempSync(path.join(tmpdir(), 'infinipost-storage-'));
    try {
      const broken = await writeLauncher(brokenStorage, { runtime: path.join(brokenStorage, 'no-such-code'), cli, reportsDir: path.join(brokenStorage, 'refused') });
      await installHook(await locateHook(repo), broken, { chainExisting: false });
      write('a.ts', `k = "${liveKey()}"\n`);
      gitSync(repo, 'add', 'a.ts');
      const result = await commit();
      assert.strictEqual(result.code, 0);
      assert.strictEqual(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /was not checked for API keys/);
    } finally {
      rmSync(brokenStorage, { recursive: true, force: true });
    }
  });

  it('leaves a hook that was edited by hand alone when uninstalling', async () => {
    const { hook } = await protect();
    writeFileSync(hook, readFileSync(hook, 'utf8') + 'echo mine\n');
    await assert.rejects(async () => uninstallHook(await locateHook(repo)), /was changed after Infinipost installed it/);
    assert.match(readFileSync(hook, 'utf8'), /echo mine/);
  });

  it('writes hook text it can read back, with awkward paths quoted', () => {
    const spec = { launcher: "/tmp/it's a dir/launcher", chained: true, createdFolder: true };
    assert.deepStrictEqual(parseOurHook(hookScript(spec)), spec);
    assert.strictEqual(parseOurHook(hookScript(spec) + '\n# edited\n'), undefined);
    assert.strictEqual(shellQuote("a'b"), `'a'\\''b'`);
  });
});
