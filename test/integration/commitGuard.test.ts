// The commit guard and the command-line scanner in a real VS Code host: the commands on real
// repositories, a real `git commit` through the installed hook and launcher (VS Code's runtime), the
// refused-commit report reaching the extension, and the editor and the CLI agreeing on a corpus.
import * as assert from 'assert';
import { execFile } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RefusalReport } from '../../src/node/refusalReports';
import { maskKey } from '../../src/core/mask';
import { buildScanCorpus, writeScanCorpus } from '../support/scanCorpus';
import { liveKey } from '../support/testKeys';
import { GIT_CHANGE_TIMEOUT_MS, closeAllEditors, codeValue, git, makeWorkspaceDir, removeDir, waitForDiagnostics, workspaceRoot } from './support/detectionFixtures';
import { activateExtension, assertNoKeyMaterial, EXTENSION_ID, run, waitFor } from './support/host';
import type { TestHooks } from '../../src/extension';

interface GuardResult {
  protected: boolean;
  hook: string;
  chained: boolean;
}

function runProcess(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const gitCommit = (cwd: string) =>
  runProcess('git', ['-c', 'user.name=Infinipost Tests', '-c', 'user.email=tests@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'change'], cwd);

function listing(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, `${statSync(path.join(dir, name)).mode.toString(8)}:${readFileSync(path.join(dir, name), 'utf8')}`]));
}

function nextRefusal(hooks: TestHooks, timeoutMs = 30_000): Promise<RefusalReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('no refused-commit report reached the extension'));
    }, timeoutMs);
    const subscription = hooks.commitGuard.onDidRefuseCommit((report) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(report);
    });
  });
}

describe('commit guard (real host)', function () {
  this.timeout(120_000);
  let hooks: TestHooks;
  let dir: string | undefined;

  before(async () => {
    hooks = await activateExtension();
    // The git extension opens only the repositories a test asks it to: on its own it chases the
    // throwaway ones into their deletion and logs spawn errors.
    await vscode.workspace.getConfiguration('git').update('autoRepositoryDetection', false, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('git').update('autoRepositoryDetection', undefined, vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    hooks.commitGuard.answerExistingHook = undefined;
    hooks.commitGuard.answerOffer = undefined;
    await closeAllEditors();
    await removeDir(dir);
    dir = undefined;
  });

  it('installs the hook; a commit adding a key is refused with a masked message, reported to the extension; uninstall restores the hooks folder', async () => {
    dir = makeWorkspaceDir('guard');
    git(dir, 'init', '-q');
    const hooksDir = path.join(dir, '.git', 'hooks');
    const before = listing(hooksDir);
    const result = await run<GuardResult>('infinipost.protectCommits', { folder: dir });
    assert.deepStrictEqual(result, { protected: true, hook: path.join(hooksDir, 'pre-commit'), chained: false });
    assert.ok(statSync(result.hook).mode & 0o100, 'the hook is executable');

    const key = liveKey();
    writeFileSync(path.join(dir, 'app.js'), `const client = new Client('${key}');\n`);
    git(dir, 'add', 'app.js');
    const refusal = nextRefusal(hooks);
    const commit = await gitCommit(dir);
    assert.strictEqual(commit.code, 1, commit.stderr);
    assert.ok(commit.stderr.includes(`app.js:1:28  ${maskKey(key)}  (live key)`), commit.stderr);
    assert.match(commit.stderr, /git commit --no-verify/);
    assertNoKeyMaterial(commit.stdout + commit.stderr, key);
    const report = await refusal;
    assert.strictEqual(report.repository, dir);
    assert.deepStrictEqual(report.findings, [{ file: 'app.js', line: 1, column: 28, mode: 'live', maskedKey: maskKey(key) }]);
    assertNoKeyMaterial(report, key);

    // A commit from VS Code's Source Control (the git extension's API) is refused the same way.
    await vscode.commands.executeCommand('git.openRepository', dir);
    const gitApi = vscode.extensions.getExtension<{ getAPI(v: 1): { getRepository(uri: vscode.Uri): { commit(message: string): Promise<void> } | null } }>('vscode.git')!.exports.getAPI(1);
    const repository = await waitFor(() => gitApi.getRepository(vscode.Uri.file(dir!)) ?? undefined, 'the git extension to open the repository', GIT_CHANGE_TIMEOUT_MS);
    const fromScm = nextRefusal(hooks);
    await assert.rejects(repository.commit('from Source Control'), (error: { stderr?: string }) => {
      assert.ok(error.stderr?.includes(`app.js:1:28  ${maskKey(key)}  (live key)`), String(error.stderr));
      assertNoKeyMaterial(error.stderr, key);
      return true;
    });
    assert.deepStrictEqual((await fromScm).findings.map((f) => f.maskedKey), [maskKey(key)]);

    // Installing twice changes nothing; a clean commit passes.
    assert.deepStrictEqual(await run<GuardResult>('infinipost.protectCommits', { folder: dir }), result);
    writeFileSync(path.join(dir, 'app.js'), 'const client = new Client(process.env.INFINIPOST_API_KEY);\n');
    git(dir, 'add', 'app.js');
    assert.strictEqual((await gitCommit(dir)).code, 0);

    assert.deepStrictEqual(await run<GuardResult>('infinipost.unprotectCommits', { folder: dir }), { protected: false, hook: result.hook, chained: false });
    assert.deepStrictEqual(listing(hooksDir), before);
  });

  it('changes an existing hook only with consent; chained, it keeps running, and uninstall puts it back', async () => {
    dir = makeWorkspaceDir('guard-chain');
    git(dir, 'init', '-q');
    git(dir, 'config', 'core.hooksPath', 'custom-hooks');
    const hooksDir = path.join(dir, 'custom-hooks');
    const original = '#!/bin/sh\necho ran >> "$(git rev-parse --git-dir)/existing.log"\n';
    mkdirSync(hooksDir);
    writeFileSync(path.join(hooksDir, 'pre-commit'), original);
    chmodSync(path.join(hooksDir, 'pre-commit'), 0o755);
    const before = listing(hooksDir);

    hooks.commitGuard.answerExistingHook = () => undefined;
    assert.deepStrictEqual(await run<GuardResult>('infinipost.protectCommits', { folder: dir }), { protected: false, hook: path.join(hooksDir, 'pre-commit'), chained: false });
    assert.deepStrictEqual(listing(hooksDir), before, 'declined: nothing changed');

    hooks.commitGuard.answerExistingHook = () => 'chain';
    assert.deepStrictEqual(await run<GuardResult>('infinipost.protectCommits', { folder: dir }), { protected: true, hook: path.join(hooksDir, 'pre-commit'), chained: true });
    writeFileSync(path.join(dir, 'key.txt'), `key=${liveKey()}\n`);
    git(dir, 'add', 'key.txt');
    const refusal = nextRefusal(hooks);
    assert.strictEqual((await gitCommit(dir)).code, 1);
    await refusal;
    assert.strictEqual(readFileSync(path.join(dir, '.git', 'existing.log'), 'utf8'), 'ran\n', 'the existing hook ran first');

    assert.deepStrictEqual(await run<GuardResult>('infinipost.unprotectCommits', { folder: dir }), { protected: false, hook: path.join(hooksDir, 'pre-commit'), chained: true });
    assert.deepStrictEqual(listing(hooksDir), before);
  });

  it('warns while the index holds a key (status bar and file badge), and clears when it is unstaged or fixed', async () => {
    dir = makeWorkspaceDir('staged');
    git(dir, 'init', '-q');
    writeFileSync(path.join(dir, 'README.md'), '# staged\n');
    git(dir, 'add', 'README.md');
    git(dir, 'commit', '-q', '-m', 'first');
    await vscode.commands.executeCommand('git.openRepository', dir);
    const key = liveKey();
    const file = path.join(dir, 'settings.py');
    writeFileSync(file, `API_KEY = "${key}"\n`);
    git(dir, 'add', 'settings.py');
    const staged = await waitFor(() => hooks.stagedKeys.current().get(dir!), 'the staged key warning', GIT_CHANGE_TIMEOUT_MS);
    assert.deepStrictEqual(
      staged.map((k) => [k.uri.fsPath, k.line, k.column, k.mode, k.maskedKey]),
      [[file, 1, 12, 'live', maskKey(key)]],
    );
    assertNoKeyMaterial(staged, key);
    assert.strictEqual(hooks.stagedKeys.provideFileDecoration(vscode.Uri.file(file))?.badge, '!');

    git(dir, 'rm', '-q', '--cached', 'settings.py');
    await waitFor(() => !hooks.stagedKeys.current().has(dir!), 'the warning to clear after unstaging', GIT_CHANGE_TIMEOUT_MS);
    assert.strictEqual(hooks.stagedKeys.provideFileDecoration(vscode.Uri.file(file)), undefined);

    git(dir, 'add', 'settings.py');
    await waitFor(() => hooks.stagedKeys.current().get(dir!), 'the warning again', GIT_CHANGE_TIMEOUT_MS);
    writeFileSync(file, 'import os\nAPI_KEY = os.environ["INFINIPOST_API_KEY"]\n');
    git(dir, 'add', 'settings.py');
    await waitFor(() => !hooks.stagedKeys.current().has(dir!), 'the warning to clear once the fix is staged', GIT_CHANGE_TIMEOUT_MS);
  });

  it('offers the guard once for a repository with a key in its working tree, and installs it only on "Protect Commits"', async () => {
    dir = makeWorkspaceDir('offer');
    git(dir, 'init', '-q');
    const offers: string[] = [];
    hooks.commitGuard.answerOffer = (location) => {
      offers.push(location.root);
      return offers.length === 1 ? 'Protect Commits' : 'Not Now';
    };
    const file = path.join(dir, 'client.ts');
    writeFileSync(file, `export const key = '${liveKey()}';\n`);
    await vscode.workspace.openTextDocument(file);
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    await waitFor(() => offers.length > 0 && existsSync(hook), 'the offer, answered Protect Commits, to install the hook', GIT_CHANGE_TIMEOUT_MS);
    assert.deepStrictEqual(offers, [dir]);
    assert.match(readFileSync(hook, 'utf8'), /Infinipost commit guard/);
    // Once per repository: another key there, even after the guard is removed, brings no second
    // offer. A key in a second repository at the same time proves the offers were checked again.
    await run('infinipost.unprotectCommits', { folder: dir });
    const other = path.join(dir, 'other-repo');
    mkdirSync(other);
    git(other, 'init', '-q');
    writeFileSync(path.join(dir, 'second.ts'), `export const other = '${liveKey()}';\n`);
    writeFileSync(path.join(other, 'third.ts'), `export const third = '${liveKey()}';\n`);
    await vscode.workspace.openTextDocument(path.join(dir, 'second.ts'));
    await vscode.workspace.openTextDocument(path.join(other, 'third.ts'));
    await waitFor(() => offers.includes(other), 'the offer for the second repository', GIT_CHANGE_TIMEOUT_MS);
    assert.deepStrictEqual(offers, [dir, other]);
    assert.ok(!existsSync(path.join(other, '.git', 'hooks', 'pre-commit')), '"Not Now" installs nothing');
    assert.ok(!existsSync(hook), 'nothing installed without an answer');
  });

  it('refuses a folder outside the workspace or a relative one, with a message', async () => {
    await assert.rejects(run('infinipost.protectCommits', { folder: path.dirname(workspaceRoot()) }), /not inside a folder of this workspace/);
    await assert.rejects(run('infinipost.protectCommits', { folder: 'relative/path' }), /absolute path/);
  });

  it('the editor and infinipost-scan report identical findings on the shared corpus', async () => {
    dir = makeWorkspaceDir('corpus');
    git(dir, 'init', '-q');
    const corpus = buildScanCorpus(1515);
    writeScanCorpus(dir, corpus);
    const editor: Array<{ file: string; line: number; column: number; mode: string; maskedKey: string }> = [];
    for (const rel of Object.keys(corpus.files)) {
      const uri = vscode.Uri.file(path.join(dir, rel));
      await vscode.workspace.openTextDocument(uri);
      const expected = corpus.expected.filter((f) => f.file === rel).length;
      for (const d of await waitForDiagnostics(uri, expected, `${expected} diagnostics in ${rel}`)) {
        editor.push({
          file: rel,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          mode: codeValue(d) === 'hardcoded-live-key' ? 'live' : 'test',
          maskedKey: /sk_(?:live|test)_…[A-Za-z0-9]{4}/.exec(d.message)?.[0] ?? '',
        });
      }
    }
    const cliPath = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const cli = await runProcess(process.execPath, [cliPath, '--format', 'json'], dir, { ...process.env, ELECTRON_RUN_AS_NODE: '1' });
    assert.strictEqual(cli.code, 1, cli.stderr);
    const report = JSON.parse(cli.stdout) as { findings: typeof editor; filesScanned: number };
    const order = (a: (typeof editor)[0], b: (typeof editor)[0]) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1);
    assert.deepStrictEqual(editor.sort(order), report.findings);
    assert.strictEqual(report.findings.length, corpus.expected.length);
    assertNoKeyMaterial(cli.stdout, corpus.expected[0].key);
  });
});
