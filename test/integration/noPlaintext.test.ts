// Issue #9, part 1: after every flow a key goes through, no plaintext copy of it is left anywhere
// the host or the extension writes.
//
// Where things live in this host (offline route: VS Code Server from code-server + headless Chromium):
// - the server side writes under INFINIPOST_TEST_ROOT: user-data/ (logs, User/globalStorage and
//   workspaceStorage folders, local history, backups), extensions/, config/, data/, and workspace/;
// - the web workbench keeps mementos (globalState/workspaceState) and the secret storage in the
//   BROWSER's IndexedDB/LevelDB, inside Chromium's profile, a folder playwright creates in the temp
//   folder. Secrets there are encrypted (the key to decrypt is half kept by the server), so the
//   search below covers them as ciphertext; a plaintext copy would show.
// - On the desktop route (@vscode/test-electron) the same user-data folder holds state.vscdb (SQLite)
//   and the runner passes --use-inmemory-secretstorage; a real desktop keeps secrets in the OS keyring.
//
// Flushing: there is no "flush storage" command and reloading the window would end the test run.
// VS Code's storage writes pending changes to its database about 100 ms after a change and LevelDB
// appends to its log right away, so the test waits a few seconds after the last flow. State that is
// only written when the window closes (e.g. persistent terminal sessions) is not covered here.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestHooks } from '../../src/extension';
import { ApiSimulator, startApiSimulator } from '../simulator/apiSimulator';
import { liveKey, testKey } from '../support/testKeys';
import { git, removeDir } from './support/detectionFixtures';
import { activateExtension, confirmed, jsEnvRead, listKeys, removeAllKeys, run, waitFor } from './support/host';
import {
  PIECE_LENGTH,
  SearchReport,
  delay,
  infinipostLogText,
  searchForKeyMaterial,
  setUserSettings,
  settleInjection,
  sha256,
  tempEntriesCreatedSince,
  testRoot,
  variableHashInNewTerminal,
} from './support/security';

const VARIABLE = 'INFINIPOST_API_KEY';

// VS Code's Local History: WorkingCopyHistoryTracker (src/vs/workbench/services/workingCopy/common/
// workingCopyHistoryTracker.ts, VS Code 1.100) copies a file into User/History/<hash>/ on every save
// of a text file whose content changed since its last entry, next to an entries.json naming the file.
const historyDir = (): string => path.join(testRoot(), 'user-data', 'User', 'History');

function historyListing(): string[] {
  const dir = historyDir();
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String).sort().map((entry) => `${entry}:${fs.statSync(path.join(dir, entry)).size}`);
}

/** Whether Local History holds an entry for the file (its entries.json names it). */
function inHistory(file: string): boolean {
  const dir = historyDir();
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir).some((entry) => {
    const index = path.join(dir, entry, 'entries.json');
    return fs.existsSync(index) && decodeURIComponent(fs.readFileSync(index, 'utf8')).includes(vscode.Uri.file(file).path);
  });
}

/** Waits until Local History stops changing (its writes are queued after each save), then checks it holds no piece of the keys. */
async function assertHistoryHoldsNo(keys: readonly string[], flow: string): Promise<void> {
  let last = historyListing().join('|');
  let stableSince = Date.now();
  await waitFor(() => {
    const now = historyListing().join('|');
    if (now !== last) [last, stableSince] = [now, Date.now()];
    return Date.now() - stableSince >= 1500 || undefined;
  }, 'Local History to settle', 30_000);
  const report = await searchForKeyMaterial([{ dir: historyDir() }], keys);
  assert.deepStrictEqual(report.hits, [], `after "${flow}", VS Code's Local History (User/History) holds no piece of a key`);
}

/** Applies a quick fix the way the light bulb does: its edit as a refactoring (VS Code may then save), then its command. */
async function applyLikeLightBulb(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit, { isRefactoring: true }));
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

async function keyActions(uri: vscode.Uri, count = 1): Promise<{ diagnostics: vscode.Diagnostic[]; actions: vscode.CodeAction[] }> {
  const diagnostics = await waitFor(() => (infinipostDiagnostics(uri).length === count ? infinipostDiagnostics(uri) : undefined), `${count} key diagnostic(s) in ${path.basename(uri.fsPath)}`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostics[0].range);
  return { diagnostics, actions };
}

async function revertAndClose(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

function infinipostDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Infinipost');
}

/** Runs one flow and names it in any failure. */
async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  console.log(`      · ${name}`);
  try {
    return await body();
  } catch (error) {
    if (error instanceof Error) error.message = `[${name}] ${error.message}`;
    throw error;
  }
}

describe('no plaintext copies of a key', function () {
  this.timeout(300_000);
  let api: ApiSimulator;
  let restoreSettings: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  let hooks: TestHooks;

  before(async () => {
    hooks = await activateExtension();
    await removeAllKeys();
    api = await startApiSimulator({});
    restoreSettings = await setUserSettings('infinipost', { apiBaseUrl: api.url, 'api.timeoutSeconds': 2 });
    await hooks.approveApiOrigin(api.url);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllKeys();
    await restoreSettings?.();
    await api?.close();
    await removeDir(dir);
  });

  it('leaves no piece of any key on disk after add, select, inject, refactor, test, rotate and remove (Local History checked after each refactor flow)', async () => {
    const root = testRoot();
    const runStarted = fs.statSync(root).birthtimeMs || fs.statSync(root).ctimeMs;
    const first = liveKey();
    const literal = liveKey();
    const rotated = liveKey();

    await step('add', async () => {
      const added = await run<{ maskedKey: string; mode: string }>('infinipost.addKey', { name: 'Production', key: first, environment: 'Production' });
      assert.strictEqual(added.mode, 'live');
    });
    await step('select', async () => {
      const selected = await run<{ active: boolean }>('infinipost.selectKey', { name: 'Production' });
      assert.strictEqual(selected.active, true);
    });
    await step('inject into a terminal', async () => {
      // A live key needs the person's "Allow in This Workspace" (a dialog, refused in the test host):
      // the test hook does what that button does.
      await hooks.allowLiveInjection();
      await settleInjection();
      assert.strictEqual(await variableHashInNewTerminal(VARIABLE), sha256(first));
    });
    await step('refactor a literal with the quick fix', async () => {
      dir = fs.mkdtempSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'no-plaintext-'));
      // Python: code action requests for JS/TS also wait for VS Code's own TypeScript server to start
      // (and come back cancelled when it restarts); the refactor path is the same for every language.
      const file = path.join(dir, 'app.py');
      fs.writeFileSync(file, `import os\n\nclient = connect("${literal}")\n`);
      const uri = vscode.Uri.file(file);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const [diagnostic] = await waitFor(() => (infinipostDiagnostics(uri).length === 1 ? infinipostDiagnostics(uri) : undefined), 'the hard-coded key diagnostic');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      const move = actions.find((action) => action.command?.command === 'infinipost.moveKeyToVault');
      assert.ok(move?.command, `the "Move key to Infinipost vault" quick fix is offered (offered: ${actions.map((a) => a.title).join(' | ')})`);
      await vscode.commands.executeCommand(move.command.command, ...(move.command.arguments ?? []));
      await vscode.commands.executeCommand('notifications.clearAll');
      assert.ok(document.getText().includes(`os.environ["${VARIABLE}"]`), 'the literal became an environment read');
      assert.ok(await document.save(), 'the refactored file saves');
      assert.ok(!fs.readFileSync(file, 'utf8').includes(literal.slice(8, 8 + PIECE_LENGTH)), 'the file on disk no longer holds the key');
      assert.ok((await listKeys()).some((key) => key.maskedKey.endsWith(literal.slice(-4))), 'the moved key is in the vault');
      // The save above is a person's: it proves where this host keeps Local History.
      await waitFor(() => inHistory(file), `a Local History entry for app.py under ${historyDir()}`, 30_000);
      await assertHistoryHoldsNo([literal], 'quick fix');
    });
    // Keys of the flows below stay in workspace files on purpose (ignored, or in .env): the search at
    // the end leaves them out, and Local History is searched for them right after each flow.
    await step('ignore a key with the light-bulb edit', async () => {
      const key = liveKey();
      const file = path.join(dir!, 'fixture.ts');
      fs.writeFileSync(file, `export const sample = "${key}";\n`);
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      const { actions } = await keyActions(document.uri);
      const ignore = actions.find((action) => action.title === 'Ignore this key here');
      assert.ok(ignore, actions.map((a) => a.title).join(' | '));
      await applyLikeLightBulb(ignore);
      await waitFor(() => (infinipostDiagnostics(document.uri).length === 0 ? true : undefined), 'the key silenced');
      await assertHistoryHoldsNo([key], 'Ignore this key here');
      await revertAndClose(document);
    });
    await step('move one of two keys with the quick fix', async () => {
      const [first, second] = [liveKey(), testKey()];
      const file = path.join(dir!, 'two.py');
      fs.writeFileSync(file, `import os\n\na = connect("${first}")\nb = connect("${second}")\n`);
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      const { actions } = await keyActions(document.uri, 2);
      const move = actions.find((action) => action.command?.command === 'infinipost.moveKeyToVault' && (action.command.arguments?.[0] as { line?: number })?.line === 2);
      assert.ok(move?.command, actions.map((a) => a.title).join(' | '));
      await vscode.commands.executeCommand(move.command.command, ...(move.command.arguments ?? []));
      await vscode.commands.executeCommand('notifications.clearAll');
      const expected = `import os\n\na = connect(os.environ["${VARIABLE}"])\nb = connect("${second}")\n`;
      assert.strictEqual(fs.readFileSync(file, 'utf8'), expected, 'the file holds the move, and the key not moved yet');
      await waitFor(() => (document.getText() === expected ? true : undefined), 'the editor to show the file');
      await assertHistoryHoldsNo([first, second], 'Move key to Infinipost vault (one of two keys)');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(file);
    });
    await step('add a tracked .env to .gitignore with the light-bulb edit', async () => {
      const key = liveKey();
      const repo = path.join(dir!, 'svc');
      fs.mkdirSync(repo);
      fs.writeFileSync(path.join(repo, '.env'), `KEY=${key}\n`);
      fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
      git(repo, 'init', '-q');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'oops');
      const env = await vscode.workspace.openTextDocument(path.join(repo, '.env'));
      await vscode.window.showTextDocument(env);
      const diagnostics = await waitFor(() => {
        const found = infinipostDiagnostics(env.uri);
        return found.length === 1 && found[0].message.includes('git rm --cached') ? found : undefined;
      }, 'the tracked .env key', 30_000);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', env.uri, diagnostics[0].range);
      const add = actions.find((action) => action.title === 'Add .env to .gitignore');
      assert.ok(add, actions.map((a) => a.title).join(' | '));
      await applyLikeLightBulb(add);
      await assertHistoryHoldsNo([key], 'Add .env to .gitignore');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
    await step('move a key to .env with the quick fix, then save', async () => {
      const key = liveKey();
      const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
      const made = ['.env', '.env.example', '.gitignore'].map((name) => path.join(folder, name)).filter((file) => !fs.existsSync(file));
      const file = path.join(dir!, 'settings.yaml');
      fs.writeFileSync(file, `api:\n  key: ${key}\n`);
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      try {
        const { actions } = await keyActions(document.uri);
        const move = actions.find((action) => action.command?.command === 'infinipost.moveKeyToEnvFile');
        assert.ok(move?.command, actions.map((a) => a.title).join(' | '));
        await vscode.commands.executeCommand(move.command.command, ...(move.command.arguments ?? []));
        await vscode.commands.executeCommand('notifications.clearAll');
        assert.ok(document.getText().includes(`\${${VARIABLE}}`), document.getText());
        assert.ok(await document.save());
        await waitFor(() => inHistory(file), 'a Local History entry for settings.yaml', 30_000);
        await assertHistoryHoldsNo([key], 'Move key to .env');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        for (const created of made) fs.rmSync(created, { force: true });
      }
    });
    await step('move every key in the workspace (a file also holds an ignored key)', async () => {
      const [moved, ignored, alone] = [testKey(), liveKey(), testKey()];
      const both = path.join(dir!, 'both.js');
      const clean = path.join(dir!, 'clean.js');
      fs.writeFileSync(both, `const a = '${moved}';\n// infinipost-ignore-next-line\nconst b = '${ignored}';\nmodule.exports = { a, b };\n`);
      fs.writeFileSync(clean, `module.exports = '${alone}';\n`);
      await run('infinipost.scanWorkspace');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(both)); // open, as a person would have it
      const result = await confirmed<{ files: number; skipped: Array<{ file: string; reason: string }> }>('infinipost.fixAllInWorkspace', {});
      assert.strictEqual(fs.readFileSync(clean, 'utf8'), `module.exports = ${jsEnvRead(VARIABLE)};\n`, `a file with no key left is saved (fix-all said ${JSON.stringify(result)})`);
      await waitFor(() => inHistory(clean), 'a Local History entry for clean.js', 30_000);
      await assertHistoryHoldsNo([moved, ignored, alone], 'Move All Hard-coded Keys to the Vault');
      const onDisk = fs.readFileSync(both, 'utf8');
      assert.ok(onDisk.startsWith(`const a = ${jsEnvRead(VARIABLE)};\n`) && onDisk.includes(ignored), 'the moved key left the file, the ignored one stayed');
      assert.ok(!result.skipped.some((s) => s.file.endsWith('both.js')), JSON.stringify(result.skipped));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
    await step('test against the simulator', async () => {
      api.setKey(first, { kind: 'valid', accounts: 3 });
      api.setKey(literal, { kind: 'expired' });
      const valid = await run<{ status: string }>('infinipost.testKey', { name: 'Production' });
      assert.strictEqual(valid.status, 'valid');
      const moved = (await listKeys()).find((key) => key.maskedKey.endsWith(literal.slice(-4)))!;
      const expired = await run<{ status: string }>('infinipost.testKey', { name: moved.name });
      assert.strictEqual(expired.status, 'expired');
      assert.ok(api.requests.length >= 2);
    });
    await step('rotate (and inject the new key)', async () => {
      const result = await confirmed<{ oldKeyRemoved: boolean; replacedActive: number }>('infinipost.rotateKey', { name: 'Production', newKey: rotated, deleteOld: true });
      assert.deepStrictEqual([result.oldKeyRemoved, result.replacedActive > 0], [true, true]);
      await hooks.allowLiveInjection();
      await settleInjection();
      assert.strictEqual(await variableHashInNewTerminal(VARIABLE), sha256(rotated));
    });
    await step('remove', async () => {
      for (const key of await listKeys()) await confirmed('infinipost.removeKey', { name: key.name });
      assert.deepStrictEqual(await listKeys(), []);
      await settleInjection();
      assert.strictEqual(await variableHashInNewTerminal(VARIABLE), 'unset');
    });

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    console.log('      · waiting for storage to flush, then searching');
    await delay(3000); // storage flush: see the comment at the top

    // The log is where the search looks, and the flows did reach it (masked).
    const log = infinipostLogText();
    assert.ok(log.includes(`…${first.slice(-4)}`), 'the Infinipost log under the test root records the flows (masked)');

    // A canary proves the search finds what it is meant to find: a key body in UTF-16LE inside a
    // binary file under the test root, and in base64 in a temp file made during the run.
    const canary = testKey();
    const canaryBody = canary.slice(8);
    const canaryFile = path.join(root, 'data', 'infinipost-canary.bin');
    const canaryTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-canary-'));
    fs.mkdirSync(path.dirname(canaryFile), { recursive: true });
    fs.writeFileSync(canaryFile, Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(`x${canaryBody}`, 'utf16le')]));
    fs.writeFileSync(path.join(canaryTemp, 'blob'), `{"v":"${Buffer.from(`a${canary}`).toString('base64')}"}`);
    let report: SearchReport;
    try {
      const skipChosenEnv = (file: string) => path.basename(file) === '.env' && file.startsWith(path.join(root, 'workspace') + path.sep);
      const started = Date.now();
      const temp = tempEntriesCreatedSince(runStarted).filter((entry) => entry !== root);
      // Temp folders made meanwhile by other programs can hold whole dependency trees; VS Code writes none there.
      const skipForeignTrees = (file: string) => ['node_modules', '.git'].includes(path.basename(file));
      report = await searchForKeyMaterial(
        [{ dir: root, skip: skipChosenEnv }, ...temp.map((entry) => ({ dir: entry, modifiedSince: runStarted, skip: skipForeignTrees }))],
        [first, literal, rotated, canary],
      );
      console.log(
        `      searched ${report.filesRead} files (${(report.bytesRead / 1048576).toFixed(1)} MiB) in ${Date.now() - started} ms: ` +
          `${root} and, in ${os.tmpdir()}, ${temp.map((entry) => path.basename(entry)).join(', ')}`,
      );
    } finally {
      fs.rmSync(canaryFile, { force: true });
      fs.rmSync(canaryTemp, { recursive: true, force: true });
    }
    const canaryHits = report.hits.filter((hit) => hit.what.startsWith('key #4'));
    assert.deepStrictEqual(canaryHits.map((hit) => hit.file).sort(), [canaryFile, path.join(canaryTemp, 'blob')].sort(), 'the search finds the canary');
    const leaks = report.hits.filter((hit) => !hit.what.startsWith('key #4'));
    assert.deepStrictEqual(leaks, [], 'no file written during the run holds a piece of a key (key #1 added, #2 moved from code, #3 rotated in)');
    assert.deepStrictEqual(report.tooLarge.filter((file) => file.startsWith(root + path.sep)), [], 'every file under the test root was read');
  });
});
