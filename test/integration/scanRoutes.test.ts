// The workspace scan's two routes (VS Code's own ripgrep, and findFiles with a check of every file)
// must report the same keys on a workspace with excludes, .gitignore, binaries, links and named pipes.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { maskKey } from '../../src/core/mask';
import type { TestHooks } from '../../src/extension';
import { findRipgrep } from '../../src/node/ripgrep';
import { liveKey, testKey } from '../support/testKeys';
import { git, keyDiagnostics, makeWorkspaceDir, removeDir, waitForDiagnostics, withSetting, workspaceRoot, writeFile } from './support/detectionFixtures';
import { activateExtension, confirmed, jsEnvRead, removeAllKeys } from './support/host';

interface ScanResult {
  filesScanned: number;
  findings: Array<{ file: string; line: number; column: number; mode: string; maskedKey: string }>;
  truncated?: boolean;
}

// A scan stuck on a named pipe never returns: fail with a message instead of the suite's timeout.
async function scanWithin(ms: number): Promise<ScanResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the scan did not finish within ${ms / 1000} s (stuck on a named pipe?)`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(vscode.commands.executeCommand<ScanResult>('infinipost.scanWorkspace')), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('workspace scan routes (real host)', function () {
  let hooks: TestHooks;
  let dir: string | undefined;
  let outside: string | undefined;

  before(async () => {
    hooks = await activateExtension();
  });
  afterEach(async () => {
    hooks.scanRoute.use(undefined);
    await removeDir(dir);
    if (outside) rmSync(outside, { recursive: true, force: true });
    dir = outside = undefined;
  });

  it('finds VS Code\'s own ripgrep in this host', () => {
    assert.ok(findRipgrep(vscode.env.appRoot), `no rg under ${vscode.env.appRoot}`);
  });

  it('ripgrep and the Node route agree: excludes, .gitignore, binaries, a symlink, named pipes, a hostile glob', async function () {
    if (process.platform === 'win32') this.skip();
    dir = makeWorkspaceDir('scan-routes');
    outside = mkdtempSync(path.join(os.tmpdir(), 'infinipost-outside-'));
    const rel = (p: string) => path.relative(workspaceRoot(), path.join(dir!, p)).split(path.sep).join('/');
    const keys = { a: liveKey(), b: testKey(), md: liveKey(), kept: testKey(), ignored: liveKey(), gen: liveKey(), vendor: testKey(), binary: liveKey(), hostile: liveKey(), outside: liveKey(), dash: testKey() };
    writeFile(path.join(dir, 'src', 'a.js'), `// a\nconst k = "${keys.a}";\n`);
    writeFile(path.join(dir, 'src', 'b.py'), `x = 1\ny = '${keys.b}'  # and sk_live_YOUR_KEY\n`);
    writeFile(path.join(dir, 'docs', 'notes.md'), `Use \`${keys.md}\`\n`);
    writeFile(path.join(dir, '-dash.txt'), `${keys.dash}\n`);
    writeFile(path.join(dir, 'gen', 'out.js'), `k = "${keys.gen}"\n`);
    writeFile(path.join(dir, 'vendor', 'lib.js'), `k = "${keys.vendor}"\n`);
    writeFile(path.join(dir, 'image.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), Buffer.from(keys.binary)]));
    writeFile(path.join(dir, 'aaaaaaaaaab'), `k = "${keys.hostile}"\n`);
    const repo = path.join(dir, 'repo');
    writeFile(path.join(repo, '.gitignore'), 'ignored.js\n');
    writeFile(path.join(repo, 'ignored.js'), `k = "${keys.ignored}"\n`);
    writeFile(path.join(repo, 'kept.js'), `k = "${keys.kept}"\n`);
    git(repo, 'init', '-q');
    symlinkSync(path.join(dir, 'src', 'a.js'), path.join(dir, 'link.js'));
    writeFile(path.join(outside, 'elsewhere.js'), `k = "${keys.outside}"\n`);
    symlinkSync(path.join(outside, 'elsewhere.js'), path.join(dir, 'outside-link.js'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.js')]);
    execFileSync('mkfifo', [path.join(dir, 'src', 'fifo.txt')]);

    const filesExclude = { ...(vscode.workspace.getConfiguration('files').inspect<Record<string, boolean>>('exclude')?.globalValue ?? {}), '**/gen': true, '**/*a*a*a*a*a*a*a*a*a*a*b': true };
    const searchExclude = { ...(vscode.workspace.getConfiguration('search').inspect<Record<string, boolean>>('exclude')?.globalValue ?? {}), '**/vendor/**': true };
    const scanBoth = () =>
      withSetting('files', 'exclude', filesExclude, () =>
        withSetting('search', 'exclude', searchExclude, async () => {
          hooks.scanRoute.use('ripgrep');
          const viaRipgrep = await scanWithin(60_000);
          const ripgrepRoute = hooks.scanRoute.last();
          hooks.scanRoute.use('node');
          const viaNode = await scanWithin(60_000);
          return { viaRipgrep, ripgrepRoute, viaNode, nodeRoute: hooks.scanRoute.last() };
        }),
      );
    const { viaRipgrep, ripgrepRoute, viaNode, nodeRoute } = await scanBoth();
    assert.strictEqual(ripgrepRoute, 'ripgrep');
    assert.strictEqual(nodeRoute, 'node');
    const ours = (result: ScanResult) =>
      result.findings
        .filter((f) => f.file.startsWith(rel('')))
        .map((f) => `${f.file}:${f.line}:${f.column}:${f.mode}:${f.maskedKey}`)
        .sort();
    const expected = [
      `${rel('-dash.txt')}:1:1:test:${maskKey(keys.dash)}`,
      `${rel('docs/notes.md')}:1:6:live:${maskKey(keys.md)}`,
      `${rel('link.js')}:2:12:live:${maskKey(keys.a)}`,
      `${rel('outside-link.js')}:1:6:live:${maskKey(keys.outside)}`,
      `${rel('repo/kept.js')}:1:6:test:${maskKey(keys.kept)}`,
      `${rel('src/a.js')}:2:12:live:${maskKey(keys.a)}`,
      `${rel('src/b.py')}:2:6:test:${maskKey(keys.b)}`,
    ].sort();
    assert.deepStrictEqual(ours(viaRipgrep), expected, 'ripgrep route');
    assert.deepStrictEqual(ours(viaNode), ours(viaRipgrep), 'the Node route finds exactly what ripgrep does');
  });

  // Before, a piece of such a name ended the parsing of rg's output: every file listed after it was
  // skipped. VS Code's own file search (findFiles, itself built on rg --files) does not list the
  // oddly named file at all; the Node walk of infinipost-scan does (test/unit/scanCli.test.ts).
  it('a file name with a line break makes ripgrep\'s list untrustworthy: VS Code\'s file search lists the folder, the keys beside it are found', async function () {
    if (process.platform === 'win32') this.skip();
    dir = makeWorkspaceDir('scan-newline-name');
    const rel = (p: string) => path.relative(workspaceRoot(), path.join(dir!, p)).split(path.sep).join('/');
    const keys = { split: liveKey(), before: testKey(), after: liveKey() };
    writeFile(path.join(dir, 'a\nb.js'), `k = "${keys.split}"\n`);
    writeFile(path.join(dir, '0.js'), `k = "${keys.before}"\n`);
    writeFile(path.join(dir, 'z.js'), `k = "${keys.after}"\n`);
    hooks.scanRoute.use('ripgrep');
    const result = await scanWithin(60_000);
    assert.strictEqual(hooks.scanRoute.last(), 'node', 'the scan trusted ripgrep\'s list');
    const ours = result.findings.filter((f) => f.file.startsWith(rel(''))).map((f) => `${f.file}:${f.maskedKey}`).sort();
    assert.deepStrictEqual(ours, [`${rel('0.js')}:${maskKey(keys.before)}`, `${rel('z.js')}:${maskKey(keys.after)}`].sort());
  });

  it('fix-all rewrites files in the workspace but never a file a link points to outside it', async function () {
    if (process.platform === 'win32') this.skip();
    dir = makeWorkspaceDir('fixall-link');
    outside = mkdtempSync(path.join(os.tmpdir(), 'infinipost-outside-'));
    const inside = writeFile(path.join(dir, 'inside.js'), `module.exports = { key: '${testKey()}' };\n`);
    const target = path.join(outside, 'shared.js');
    const original = `module.exports = { key: '${testKey()}' };\n`;
    writeFile(target, original);
    symlinkSync(target, path.join(dir, 'linked.js'));
    try {
      const scan = await scanWithin(60_000);
      assert.ok(scan.findings.some((f) => f.file.endsWith('linked.js')), 'the scan reports the linked file');
      const result = await confirmed<{ files: number; keys: number; skipped: Array<{ file: string; reason: string }> }>('infinipost.fixAllInWorkspace', {});
      assert.strictEqual(readFileSync(target, 'utf8'), original, 'the file outside the workspace is unchanged');
      assert.ok(result.skipped.some((s) => s.file.endsWith('linked.js') && s.reason.includes('outside the workspace')), JSON.stringify(result.skipped));
      assert.strictEqual(readFileSync(inside.fsPath, 'utf8'), `module.exports = { key: ${jsEnvRead()} };\n`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await removeAllKeys();
    }
  });

  it('lists at most 200 keys of a file in Problems, with a summary entry for the rest', async () => {
    dir = makeWorkspaceDir('scan-cap');
    const many = writeFile(path.join(dir, 'many.js'), Array.from({ length: 260 }, () => `k = "${liveKey()}";`).join('\n') + '\n');
    const result = await scanWithin(60_000);
    assert.strictEqual(result.truncated, true);
    const diagnostics = await waitForDiagnostics(many, 201, '200 keys and one summary');
    assert.ok(diagnostics.some((d) => d.message.includes('only the first 200 are listed')), 'a summary entry says more keys are there');
    assert.ok(keyDiagnostics(many).length <= 201);
  });
});

