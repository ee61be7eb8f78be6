import * as assert from 'assert';
import { readFileSync, unlinkSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { maskKey } from '../../src/core/mask';
import { liveKey, testKey } from '../support/testKeys';
import {
  GIT_CHANGE_TIMEOUT_MS,
  closeAllEditors,
  codeValue,
  git,
  keyDiagnostics,
  makeWorkspaceDir,
  openEditor,
  removeDir,
  waitForDiagnostics,
  withSetting,
  workspaceRoot,
  writeFile,
} from './support/detectionFixtures';
import { activateExtension, assertNoKeyMaterial } from './support/host';

interface ScanResult {
  filesScanned: number;
  findings: Array<{ file: string; line: number; column: number; mode: 'live' | 'test'; maskedKey: string; committed?: boolean }>;
  cancelled?: boolean;
}

const scanWorkspace = () => Promise.resolve(vscode.commands.executeCommand<ScanResult>('infinipost.scanWorkspace'));
const body = (key: string) => key.slice('sk_live_'.length);

function assertMaskedMessage(diagnostic: vscode.Diagnostic, key: string): void {
  assert.ok(diagnostic.message.includes(maskKey(key)), `message shows the masked key: ${diagnostic.message}`);
  assertNoKeyMaterial(diagnostic.message, key);
}

describe('hard-coded key detection (real host)', function () {
  let dir: string | undefined;

  before(activateExtension);
  afterEach(async () => {
    await closeAllEditors();
    await removeDir(dir);
    dir = undefined;
  });

  describe('diagnostics in open documents', () => {
    it('flags a key on open: default severity, exactly the key, a masked message and a link', async () => {
      dir = makeWorkspaceDir('detect-open');
      const live = liveKey();
      const test = testKey();
      const uri = writeFile(path.join(dir, 'client.ts'), `const live = "${live}";\nconst test = '${test}';\n`);
      await openEditor(uri);
      const [liveDiagnostic, testDiagnostic] = await waitForDiagnostics(uri, 2, 'two diagnostics');
      assert.strictEqual(liveDiagnostic.severity, vscode.DiagnosticSeverity.Warning);
      assert.strictEqual(testDiagnostic.severity, vscode.DiagnosticSeverity.Information);
      assert.ok(liveDiagnostic.range.isEqual(new vscode.Range(0, 14, 0, 14 + live.length)));
      assert.ok(testDiagnostic.range.isEqual(new vscode.Range(1, 14, 1, 14 + test.length)));
      assert.strictEqual(codeValue(liveDiagnostic), 'hardcoded-live-key');
      assert.strictEqual(codeValue(testDiagnostic), 'hardcoded-test-key');
      const target = (liveDiagnostic.code as { target: vscode.Uri }).target;
      assert.strictEqual(target.toString(true), 'https://docs.infinipost.co/api-keys#hardcoded-live-key');
      assertMaskedMessage(liveDiagnostic, live);
      assertMaskedMessage(testDiagnostic, test);
      assert.match(liveDiagnostic.message, /vault or an environment variable/);
    });

    it('follows edits: a second key appears, and both go when the text is removed', async () => {
      const first = liveKey();
      const editor = await openEditor({ content: `token = "${first}"\n`, language: 'python' });
      const uri = editor.document.uri;
      await waitForDiagnostics(uri, 1, 'the first key');
      const second = testKey();
      const add = new vscode.WorkspaceEdit();
      add.insert(uri, new vscode.Position(1, 0), `other = "${second}"\n`);
      assert.ok(await vscode.workspace.applyEdit(add));
      const both = await waitForDiagnostics(uri, 2, 'both keys');
      assert.ok(both[1].range.isEqual(new vscode.Range(1, 9, 1, 9 + second.length)));
      const clear = new vscode.WorkspaceEdit();
      clear.delete(uri, new vscode.Range(0, 0, editor.document.lineCount, 0));
      assert.ok(await vscode.workspace.applyEdit(clear));
      await waitForDiagnostics(uri, 0, 'no key left');
    });

    it('removes the diagnostics of an unsaved document and of a file outside the workspace when closed', async () => {
      const untitled = await openEditor({ content: `key: ${liveKey()}\n`, language: 'yaml' });
      await waitForDiagnostics(untitled.document.uri, 1, 'the untitled key');
      const outside = writeFile(path.join(process.env.INFINIPOST_TEST_ROOT ?? path.dirname(workspaceRoot()), 'outside-detect', 'settings.ini'), `key=${testKey()}\n`);
      try {
        await openEditor(outside);
        await waitForDiagnostics(outside, 1, 'the outside file key');
        await closeAllEditors();
        await waitForDiagnostics(untitled.document.uri, 0, 'the untitled entry to go');
        await waitForDiagnostics(outside, 0, 'the outside file entry to go');
      } finally {
        await removeDir(path.dirname(outside.fsPath));
      }
    });

    it('applies the severity settings, including Off, and restores them', async () => {
      const editor = await openEditor({ content: `a = "${liveKey()}"\nb = "${testKey()}"\n`, language: 'ruby' });
      const uri = editor.document.uri;
      await waitForDiagnostics(uri, 2, 'both keys');
      await withSetting('infinipost', 'diagnostics.liveKeySeverity', 'Off', async () => {
        const [only] = await waitForDiagnostics(uri, 1, 'live keys hidden');
        assert.strictEqual(codeValue(only), 'hardcoded-test-key');
        await withSetting('infinipost', 'diagnostics.testKeySeverity', 'Error', async () => {
          await waitForDiagnostics(uri, 1, 'test key as Error', ([d]) => d.severity === vscode.DiagnosticSeverity.Error);
        });
        await withSetting('infinipost', 'diagnostics.testKeySeverity', 'Off', async () => {
          await waitForDiagnostics(uri, 0, 'everything hidden');
        });
      });
      await waitForDiagnostics(uri, 2, 'defaults back', ([live, test]) => live.severity === vscode.DiagnosticSeverity.Warning && test.severity === vscode.DiagnosticSeverity.Information);
    });

    it('leaves keys on the allow list alone, as a whole key or as its body', async () => {
      const documented = liveKey();
      const other = testKey();
      const editor = await openEditor({ content: `doc = "${documented}"\nalso = "${other}"\n`, language: 'shellscript' });
      const uri = editor.document.uri;
      await waitForDiagnostics(uri, 2, 'both keys');
      await withSetting('infinipost', 'diagnostics.allow', [body(documented)], async () => {
        const [left] = await waitForDiagnostics(uri, 1, 'the allowed body skipped');
        assert.strictEqual(codeValue(left), 'hardcoded-test-key');
      });
      await withSetting('infinipost', 'diagnostics.allow', [documented, other], async () => {
        await waitForDiagnostics(uri, 0, 'both allowed');
      });
      await waitForDiagnostics(uri, 2, 'both flagged again');
    });

    it('honours the suppression comments teams already use', async () => {
      const flagged = liveKey();
      const lines = [
        `const a = "${liveKey()}"; // infinipost-ignore`,
        '// infinipost-ignore-next-line',
        `const b = "${liveKey()}";`,
        `const c = "${testKey()}"; // gitleaks:allow`,
        `const d = "${liveKey()}"; // pragma: allowlist secret`,
        '// secretlint-disable-next-line',
        `const e = "${testKey()}";`,
        `const f = "${flagged}";`,
      ];
      const editor = await openEditor({ content: lines.join('\n'), language: 'javascript' });
      const [only] = await waitForDiagnostics(editor.document.uri, 1, 'only the unsuppressed key');
      assert.strictEqual(only.range.start.line, 7);
      assertMaskedMessage(only, flagged);
    });

    it('offers "Ignore this key here", which silences the key with a comment line', async () => {
      const key = liveKey();
      const editor = await openEditor({ content: `function connect() {\n  return client("${key}");\n}\n`, language: 'typescript' });
      const uri = editor.document.uri;
      const [diagnostic] = await waitForDiagnostics(uri, 1, 'the key');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      const ignore = actions.find((action) => action.title === 'Ignore this key here');
      assert.ok(ignore, `actions offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.strictEqual(ignore.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(!ignore.isPreferred);
      // A command, not an edit: in a saved file the comment is written to disk, so no save copies the key into Local History.
      assert.strictEqual(ignore.command?.command, 'infinipost.ignoreKeyHere');
      await vscode.commands.executeCommand(ignore.command.command, ...(ignore.command.arguments ?? []));
      assert.strictEqual(editor.document.getText(), `function connect() {\n  // infinipost-ignore-next-line\n  return client("${key}");\n}\n`);
      await waitForDiagnostics(uri, 0, 'the key silenced');
    });
  });

  describe('workspace scan', () => {
    it('finds keys in files never opened, skipping excluded, git-ignored, binary and oversized files', async () => {
      dir = makeWorkspaceDir('detect-scan');
      const rel = (file: string) => vscode.workspace.asRelativePath(vscode.Uri.file(path.join(dir!, file)));
      const keys = { plain: liveKey(), test: testKey(), filesExcluded: liveKey(), searchExcluded: liveKey(), ignored: liveKey(), binary: liveKey(), big: liveKey(), kept: testKey() };
      const plainLine = `module.exports = { key: '${keys.plain}' };`;
      const plainColumn = plainLine.indexOf(keys.plain);
      const plain = writeFile(path.join(dir, 'src', 'never-opened.js'), `// config\n${plainLine}\n`);
      writeFile(path.join(dir, 'notes.md'), `Use \`${keys.test}\` locally.\n`);
      writeFile(path.join(dir, 'generated', 'files-excluded.js'), `k = "${keys.filesExcluded}"\n`);
      writeFile(path.join(dir, 'vendor', 'search-excluded.js'), `k = "${keys.searchExcluded}"\n`);
      writeFile(path.join(dir, 'image.bin'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]), Buffer.from(`\n${keys.binary}\n`)]));
      writeFile(path.join(dir, 'huge.log'), 'log line\n'.repeat(300) + `${keys.big}\n`);
      const repo = path.join(dir, 'repo');
      writeFile(path.join(repo, '.gitignore'), 'ignored.js\n');
      writeFile(path.join(repo, 'ignored.js'), `k = "${keys.ignored}"\n`);
      writeFile(path.join(repo, 'kept.js'), `k = "${keys.kept}"\n`);
      git(repo, 'init', '-q');

      const filesExclude = { ...(vscode.workspace.getConfiguration('files').inspect<Record<string, boolean>>('exclude')?.globalValue ?? {}), '**/generated': true };
      const searchExclude = { ...(vscode.workspace.getConfiguration('search').inspect<Record<string, boolean>>('exclude')?.globalValue ?? {}), '**/vendor/**': true };
      const result = await withSetting('files', 'exclude', filesExclude, () =>
        withSetting('search', 'exclude', searchExclude, () => withSetting('infinipost', 'scan.maxFileSizeKB', 2, scanWorkspace)),
      );
      const ours = result.findings.filter((f) => f.file.startsWith(rel('')));
      assert.deepStrictEqual(
        ours.map((f) => [f.file, f.line, f.column, f.mode, f.maskedKey, f.committed]).sort(),
        [
          [rel('notes.md'), 1, 6, 'test', maskKey(keys.test), undefined],
          [rel('repo/kept.js'), 1, 6, 'test', maskKey(keys.kept), false],
          [rel('src/never-opened.js'), 2, plainColumn + 1, 'live', maskKey(keys.plain), undefined],
        ].sort(),
      );
      assert.ok(result.filesScanned >= 4);
      for (const key of Object.values(keys)) assertNoKeyMaterial(result, key);
      // Problems lists the never-opened file.
      const [diagnostic] = await waitForDiagnostics(plain, 1, 'the scan result in Problems');
      assert.ok(diagnostic.range.isEqual(new vscode.Range(1, plainColumn, 1, plainColumn + keys.plain.length)));
      assertMaskedMessage(diagnostic, keys.plain);
      assert.deepStrictEqual(keyDiagnostics(vscode.Uri.file(path.join(dir, 'generated', 'files-excluded.js'))), []);
      assert.deepStrictEqual(keyDiagnostics(vscode.Uri.file(path.join(repo, 'ignored.js'))), []);
    });

    it('keeps scan results current when files are created, changed, renamed and deleted', async () => {
      dir = makeWorkspaceDir('detect-watch');
      await scanWorkspace();
      const created = writeFile(path.join(dir, 'later.js'), `x = "${liveKey()}"\n`);
      await waitForDiagnostics(created, 1, 'a created file to be scanned');
      writeFile(created.fsPath, `x = "${liveKey()}"\ny = "${testKey()}"\n`);
      await waitForDiagnostics(created, 2, 'a changed file to be rescanned');
      const renamed = vscode.Uri.file(path.join(dir, 'renamed.js'));
      const rename = new vscode.WorkspaceEdit();
      rename.renameFile(created, renamed);
      assert.ok(await vscode.workspace.applyEdit(rename));
      await waitForDiagnostics(renamed, 2, 'the renamed file to be scanned');
      await waitForDiagnostics(created, 0, 'the old name to be cleared');
      const remove = new vscode.WorkspaceEdit();
      remove.deleteFile(renamed);
      assert.ok(await vscode.workspace.applyEdit(remove));
      await waitForDiagnostics(renamed, 0, 'a deleted file to be cleared');
    });

    it('keeps the scan findings of a file after its editor closes, and drops them when it is deleted', async () => {
      dir = makeWorkspaceDir('detect-owned');
      const key = liveKey();
      const uri = writeFile(path.join(dir, 'owned.go'), `package main\n\nconst key = "${key}"\n`);
      await scanWorkspace();
      const editor = await openEditor(uri);
      // Unsaved edits show while open; closing without saving returns to what is on disk.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(1, 0), `const other = "${testKey()}"\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitForDiagnostics(uri, 2, 'the unsaved key');
      assert.ok(editor.document.isDirty);
      await closeAllEditors();
      const [fromDisk] = await waitForDiagnostics(uri, 1, 'the scan result back after close');
      assertMaskedMessage(fromDisk, key);
      unlinkSync(uri.fsPath);
      await waitForDiagnostics(uri, 0, 'the deleted file cleared');
    });
  });

  describe('git', () => {
    it('says a key is committed, flags tracked and unignored .env files, and leaves ignored or repository-less .env files alone', async () => {
      dir = makeWorkspaceDir('detect-git');
      const repo = path.join(dir, 'app');
      const keys = { committed: liveKey(), staged: testKey(), trackedEnv: liveKey(), ignoredEnv: liveKey(), unignoredEnv: testKey(), outsideEnv: liveKey() };
      const committed = writeFile(path.join(repo, 'src', 'config.js'), `export const key = "${keys.committed}";\n`);
      const trackedEnv = writeFile(path.join(repo, 'server', '.env'), `INFINIPOST_API_KEY=${keys.trackedEnv}\n`);
      const ignoredEnv = writeFile(path.join(repo, '.env.local'), `INFINIPOST_API_KEY=${keys.ignoredEnv}\n`);
      writeFile(path.join(repo, '.gitignore'), '.env.local\n');
      git(repo, 'init', '-q');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'initial');
      const unignoredEnv = writeFile(path.join(repo, '.env.development'), `INFINIPOST_API_KEY=${keys.unignoredEnv}\n`);
      const outsideEnv = writeFile(path.join(dir, 'no-repo', '.env'), `INFINIPOST_API_KEY=${keys.outsideEnv}\n`);

      const result = await scanWorkspace();
      const ours = result.findings.filter((f) => f.file.startsWith(vscode.workspace.asRelativePath(vscode.Uri.file(dir!))));
      assert.deepStrictEqual(
        ours.map((f) => [path.basename(f.file), f.mode, f.committed]).sort(),
        [
          ['.env', 'live', true],
          ['.env.development', 'test', false],
          ['config.js', 'live', true],
        ].sort(),
      );
      for (const key of Object.values(keys)) assertNoKeyMaterial(result, key);

      const [committedDiagnostic] = await waitForDiagnostics(committed, 1, 'the committed key');
      assert.match(committedDiagnostic.message, /^Committed to git: /);
      assert.match(committedDiagnostic.message, /history/);
      assert.match(committedDiagnostic.message, /rotate/);
      assertMaskedMessage(committedDiagnostic, keys.committed);
      const [envDiagnostic] = await waitForDiagnostics(trackedEnv, 1, 'the tracked .env key');
      assert.match(envDiagnostic.message, /^Committed to git: \.env is tracked/);
      assert.match(envDiagnostic.message, /`git rm --cached server\/\.env`/);
      assertMaskedMessage(envDiagnostic, keys.trackedEnv);
      const [unignoredDiagnostic] = await waitForDiagnostics(unignoredEnv, 1, 'the unignored .env key');
      assert.match(unignoredDiagnostic.message, /not ignored by git/);
      assert.deepStrictEqual(keyDiagnostics(ignoredEnv), []);
      assert.deepStrictEqual(keyDiagnostics(outsideEnv), []);

      // Open in an editor, the same rules apply; git is asked before an ignored .env is judged.
      await openEditor(ignoredEnv);
      await openEditor(outsideEnv);
      await openEditor(committed);
      await waitForDiagnostics(committed, 1, 'the committed key while open', ([d]) => d.message.startsWith('Committed to git: '));
      assert.deepStrictEqual(keyDiagnostics(ignoredEnv), []);
      assert.deepStrictEqual(keyDiagnostics(outsideEnv), []);
    });

    it('offers "Add .env to .gitignore" for a tracked .env file and applies it', async () => {
      dir = makeWorkspaceDir('detect-gitignore');
      const repo = path.join(dir, 'svc');
      const env = writeFile(path.join(repo, '.env'), `KEY=${liveKey()}\n`);
      writeFile(path.join(repo, '.gitignore'), 'node_modules/');
      git(repo, 'init', '-q');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'oops');
      await openEditor(env);
      const [diagnostic] = await waitForDiagnostics(env, 1, 'the tracked .env key', ([d]) => d.message.includes('git rm --cached'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', env, diagnostic.range);
      const add = actions.find((action) => action.title === 'Add .env to .gitignore');
      assert.ok(add?.edit, `actions offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(actions.some((action) => action.title === 'Ignore this key here'));
      assert.ok(await vscode.workspace.applyEdit(add.edit));
      const gitignore = vscode.Uri.file(path.join(repo, '.gitignore'));
      const document = await vscode.workspace.openTextDocument(gitignore);
      // The same writer as "Move key to .env": a blank line and a comment above the anchored entry.
      const expected = 'node_modules/\n\n# Local secrets (added by Infinipost)\n/.env\n';
      assert.strictEqual(document.getText(), expected);
      assert.ok(await document.save());
      assert.strictEqual(readFileSync(gitignore.fsPath, 'utf8'), expected);
      // Still tracked: git keeps committing it until `git rm --cached`, so it stays flagged.
      await waitForDiagnostics(env, 1, 'the still-tracked .env key', undefined, GIT_CHANGE_TIMEOUT_MS);
      git(repo, 'rm', '-q', '--cached', '.env');
      await waitForDiagnostics(env, 0, 'the untracked, ignored .env key to be cleared', undefined, GIT_CHANGE_TIMEOUT_MS);
    });

    it('says "tracked by git" for a key added to a tracked .env, and "committed" once a commit holds it', async () => {
      dir = makeWorkspaceDir('detect-tracked-env');
      const repo = path.join(dir, 'web');
      const env = writeFile(path.join(repo, '.env'), 'PORT=3000\n');
      git(repo, 'init', '-q');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'config');
      const key = liveKey();
      writeFile(env.fsPath, `PORT=3000\nINFINIPOST_API_KEY=${key}\n`);
      await openEditor(env);
      // The file is tracked, but no commit holds the key: it is not "Committed to git" (yet).
      const [tracked] = await waitForDiagnostics(env, 1, 'the key in the tracked .env', undefined, GIT_CHANGE_TIMEOUT_MS);
      assert.match(tracked.message, /^Tracked by git: \.env is tracked, so .* would go into the repository with the next commit\./);
      assert.ok(!/committed to git|history|rotate/i.test(tracked.message), tracked.message);
      assert.match(tracked.message, /`git rm --cached \.env`/);
      assertMaskedMessage(tracked, key);
      git(repo, 'commit', '-q', '-am', 'add the key');
      const [committed] = await waitForDiagnostics(env, 1, 'the committed .env key', ([d]) => d.message.startsWith('Committed to git: '), GIT_CHANGE_TIMEOUT_MS);
      assert.match(committed.message, /rotate/);
      assertMaskedMessage(committed, key);
    });

    it('marks a key as committed once the commit happens', async () => {
      dir = makeWorkspaceDir('detect-commit');
      const repo = path.join(dir, 'lib');
      writeFile(path.join(repo, 'README.md'), '# lib\n');
      git(repo, 'init', '-q');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'start');
      const key = liveKey();
      const uri = writeFile(path.join(repo, 'client.py'), `KEY = "${key}"\n`);
      await openEditor(uri);
      const [before] = await waitForDiagnostics(uri, 1, 'the uncommitted key');
      assert.ok(!before.message.includes('Committed'), before.message);
      git(repo, 'add', 'client.py');
      await waitForDiagnostics(uri, 1, 'the staged key', ([d]) => d.message.includes('tracked by git'), GIT_CHANGE_TIMEOUT_MS);
      git(repo, 'commit', '-q', '-m', 'add client');
      const [after] = await waitForDiagnostics(uri, 1, 'the committed key', ([d]) => d.message.startsWith('Committed to git: '), GIT_CHANGE_TIMEOUT_MS);
      assertMaskedMessage(after, key);
    });
  });
});
