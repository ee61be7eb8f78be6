// Issue #13, items 6 and 7: a move is applied to the text as it is when the secret store answers
// (not to stale offsets), and "Move key to .env" never writes a key into a tracked or linked .env,
// never replaces a different value unasked, and keeps the file's encoding.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestHooks } from '../../src/extension';
import { liveKey, testKey } from '../support/testKeys';
import { git, makeWorkspaceDir, removeDir } from './support/detectionFixtures';
import { activateExtension, assertNoKeyMaterial, confirmed, jsEnvRead, listKeys, removeAllKeys, run, waitFor } from './support/host';

const VARIABLE = 'INFINIPOST_API_KEY';

/**
 * Holds every SecretStorage.store call of the extension until released, the way an OS keyring
 * unlock prompt does. The extension's vault uses the very object the test hooks hand out.
 */
function holdSecretStore(secrets: vscode.SecretStorage): { reached: Promise<void>; release(): void; restore(): void } {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(secrets) below and put back as it was
  const original = secrets.store;
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
  secrets.store = async (key: string, value: string) => {
    reached();
    await gate;
    return original.call(secrets, key, value);
  };
  return { reached: reachedPromise, release, restore: () => void (secrets.store = original) };
}

async function openWithKeyDiagnostic(file: string, content: string | Buffer): Promise<{ document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  const [diagnostic] = await waitFor(() => {
    const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Infinipost');
    return found.length > 0 ? found : undefined;
  }, `the key diagnostic in ${path.basename(file)}`);
  return { document, diagnostic };
}

/** The quick fix's command arguments, as a script would pass them (errors come back as rejections). */
function scriptedTarget(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): object {
  return { uri: document.uri.toString(), line: diagnostic.range.start.line, character: diagnostic.range.start.character };
}

async function insertAtTop(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(0, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the person\'s edit applies');
}

describe('refactor safety: stale edits and the .env fix', function () {
  this.timeout(120_000);
  let hooks: TestHooks;
  let dir: string | undefined;
  let held: ReturnType<typeof holdSecretStore> | undefined;

  before(async () => {
    hooks = await activateExtension();
  });
  beforeEach(removeAllKeys);
  afterEach(async () => {
    held?.release();
    held?.restore();
    held = undefined;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeDir(dir);
    dir = undefined;
    await removeAllKeys();
  });

  describe('edits made while the secret store waits', () => {
    it('the quick fix rewrites the key where it is now after text was inserted above it', async () => {
      dir = makeWorkspaceDir('stale-quickfix');
      const key = liveKey();
      const { document, diagnostic } = await openWithKeyDiagnostic(path.join(dir, 'client.py'), `import os\n\nclient = connect("${key}")\n`);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
      const move = actions.find((action) => action.command?.command === 'infinipost.moveKeyToVault');
      assert.ok(move?.command, 'the move quick fix is offered');

      held = holdSecretStore(hooks.secrets);
      const moving = run(move.command.command, ...(move.command.arguments ?? []));
      await held.reached;
      const inserted = '# a line typed while the keyring asked for its password\n';
      await insertAtTop(document, inserted);
      held.release();
      await moving;

      const text = document.getText();
      assertNoKeyMaterial(text, key);
      assert.ok(text.startsWith(inserted), text);
      assert.ok(text.includes(`connect(os.environ["${VARIABLE}"])`), text);
      execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
      assert.ok((await listKeys()).some((k) => k.maskedKey.endsWith(key.slice(-4))), 'the key is in the vault');
    });

    it('gives up with a clear message, and keeps no new key, when the key was edited away meanwhile', async () => {
      dir = makeWorkspaceDir('stale-gone');
      const key = liveKey();
      const content = `import os\n\nclient = connect("${key}")\n`;
      const { document, diagnostic } = await openWithKeyDiagnostic(path.join(dir, 'client.py'), content);
      held = holdSecretStore(hooks.secrets);
      const moving = run('infinipost.moveKeyToVault', scriptedTarget(document, diagnostic));
      await held.reached;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, diagnostic.range, 'os.environ["OTHER"]');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const edited = document.getText();
      held.release();
      await assert.rejects(moving, /changed while Infinipost was waiting.*Nothing in the file was changed.*not kept in the vault/s);
      assert.strictEqual(document.getText(), edited, 'the person\'s text is left exactly as they wrote it');
      assert.deepStrictEqual(await listKeys(), [], 'the key that is no longer in the file was taken back out of the vault');
    });

    it('fix-all in the workspace applies and saves each file as it is after the wait', async () => {
      dir = makeWorkspaceDir('stale-fixall');
      const [a, b] = [testKey(), testKey()];
      const one = path.join(dir, 'one.js');
      const two = path.join(dir, 'two.js');
      fs.writeFileSync(two, `module.exports = '${b}';\n`);
      const { document } = await openWithKeyDiagnostic(one, `const key = '${a}';\nmodule.exports = key;\n`);
      await run('infinipost.scanWorkspace');
      held = holdSecretStore(hooks.secrets);
      const fixing = confirmed<{ files: number; keys: number; skipped: unknown[] }>('infinipost.fixAllInWorkspace', {});
      await held.reached;
      const inserted = '// typed while the keys were being stored\n';
      await insertAtTop(document, inserted);
      held.release();
      const result = await fixing;
      assert.deepStrictEqual([result.files, result.keys], [2, 2], JSON.stringify(result.skipped));
      const onDisk = fs.readFileSync(one, 'utf8');
      assert.strictEqual(onDisk, `${inserted}const key = ${jsEnvRead(VARIABLE)};\nmodule.exports = key;\n`);
      assert.strictEqual(fs.readFileSync(two, 'utf8'), `module.exports = ${jsEnvRead(VARIABLE)};\n`);
    });
  });

  describe('Move key to .env', () => {
    async function moveToEnv(repo: string, content = 'service:\n  api_key: @KEY@\n'): Promise<{ key: string; document: vscode.TextDocument; moving: Promise<unknown> }> {
      const key = liveKey();
      const { document, diagnostic } = await openWithKeyDiagnostic(path.join(repo, 'service.yaml'), content.replace('@KEY@', key));
      return { key, document, moving: run('infinipost.moveKeyToEnvFile', scriptedTarget(document, diagnostic)) };
    }

    function repository(prefix: string): string {
      dir = makeWorkspaceDir(prefix);
      git(dir, 'init', '-q');
      return dir;
    }

    it('refuses a .env that git tracks, says how to stop tracking it, and changes nothing', async () => {
      const repo = repository('env-tracked');
      fs.writeFileSync(path.join(repo, '.env'), 'PORT=8080\n');
      git(repo, 'add', '.env');
      git(repo, 'commit', '-q', '-m', 'config');
      const { key, document, moving } = await moveToEnv(repo);
      await assert.rejects(moving, /\.env is tracked by git.*`git rm --cached \.env`/s);
      assert.strictEqual(fs.readFileSync(path.join(repo, '.env'), 'utf8'), 'PORT=8080\n');
      assert.ok(document.getText().includes(key), 'the literal stays until it can go somewhere safe');
      assert.ok(!fs.existsSync(path.join(repo, '.gitignore')));
      assert.ok(!fs.existsSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.env')), 'no .env elsewhere either');
    });

    it('refuses a .env that is a symbolic link and leaves the file it points to alone', async () => {
      const repo = repository('env-symlink');
      const shared = path.join(repo, 'shared.env');
      fs.writeFileSync(shared, 'PORT=8080\n');
      fs.writeFileSync(path.join(repo, '.gitignore'), '.env\n');
      fs.symlinkSync(shared, path.join(repo, '.env'));
      const { key, document, moving } = await moveToEnv(repo);
      await assert.rejects(moving, /\.env is a symbolic link/);
      assert.strictEqual(fs.readFileSync(shared, 'utf8'), 'PORT=8080\n');
      assert.ok(fs.lstatSync(path.join(repo, '.env')).isSymbolicLink());
      assert.ok(document.getText().includes(key));
    });

    it('does not replace a different value without a person saying so', async () => {
      const repo = repository('env-different');
      const other = liveKey();
      const before = `${VARIABLE}=${other}\n`;
      fs.writeFileSync(path.join(repo, '.gitignore'), '.env\n');
      fs.writeFileSync(path.join(repo, '.env'), before);
      const { key, document, moving } = await moveToEnv(repo);
      const error = await moving.then(
        () => assert.fail('the move went ahead'),
        (e: Error) => e,
      );
      assert.match(error.message, /already sets INFINIPOST_API_KEY to a different value/);
      assertNoKeyMaterial(error.message, other);
      assert.strictEqual(fs.readFileSync(path.join(repo, '.env'), 'utf8'), before, 'the other key is not lost');
      assert.ok(document.getText().includes(key));
    });

    const encodings: Array<[string, (text: string) => Buffer]> = [
      ['UTF-16LE with BOM', (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['UTF-16BE with BOM', (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
      ['UTF-8 with BOM', (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
      ['Latin-1', (text) => Buffer.from(text, 'latin1')],
    ];
    for (const [name, encode] of encodings) {
      it(`keeps a ${name} .env in its encoding`, async () => {
        const repo = repository('env-encoding');
        fs.writeFileSync(path.join(repo, '.gitignore'), '.env\n');
        fs.writeFileSync(path.join(repo, '.env'), encode('GREETING=Grüße\r\n'));
        const { key, document, moving } = await moveToEnv(repo);
        await moving;
        assert.deepStrictEqual(fs.readFileSync(path.join(repo, '.env')), encode(`GREETING=Grüße\r\n${VARIABLE}=${key}\r\n`));
        assert.strictEqual(document.getText(), `service:\n  api_key: "\${${VARIABLE}}"\n`);
      });
    }

    it('puts .env at the root of the repository holding the file, next to the .gitignore that applies', async () => {
      const repo = repository('env-nested');
      const { key, moving } = await moveToEnv(repo);
      await moving;
      assert.match(fs.readFileSync(path.join(repo, '.env'), 'utf8'), new RegExp(`^${VARIABLE}=${key}$`, 'm'));
      assert.strictEqual(git(repo, 'check-ignore', '.env').trim(), '.env', 'git ignores it');
    });
  });
});
