// Issue #13 item 5: a workspace can turn on `editor.codeActionsOnSave` with
// `source.fixAll.infinipost`. Saving runs without a person, so it must never store a key or change
// the active key, and must do nothing in Restricted Mode. The saves here are real explicit saves
// (workbench.action.files.save), which run VS Code's code-actions-on-save participant.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { liveKey, testKey } from '../support/testKeys';
import { blankDocumentsUnder, closeAllEditors, makeWorkspaceDir, removeDir, writeFile } from './support/detectionFixtures';
import { activateExtension, listKeys, onlyInRestrictedMode, removeAllKeys, run, waitFor } from './support/host';

const ON_SAVE = { 'source.fixAll.infinipost': 'explicit' };

/** Opens a file, makes it dirty with an appended line, and saves it explicitly, as Ctrl+S does. */
async function editAndSave(file: vscode.Uri): Promise<vscode.TextDocument> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  assert.ok(await editor.edit((builder) => builder.insert(end, '# saved\n')));
  await vscode.commands.executeCommand('workbench.action.files.save');
  // The extension host hears of the saved state a moment after the command returns.
  await waitFor(() => !editor.document.isDirty, 'the document to be saved');
  return editor.document;
}

/** Stores a test key as the active key "Dev", then edits and saves a Python file holding it and a live key. */
async function saveWithActiveKey(dir: string): Promise<{ active: string; other: string; file: vscode.Uri; document: vscode.TextDocument }> {
  const [active, other] = [testKey(), liveKey()];
  await run('infinipost.addKey', { name: 'Dev', key: active });
  const file = writeFile(path.join(dir, 'client.py'), `KEY = "${active}"\nOTHER = "${other}"\n`);
  return { active, other, file, document: await editAndSave(file) };
}

async function setOnSave(target: vscode.ConfigurationTarget, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', value, target);
}

const workspaceSettingsFile = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
const onSaveInWorkspace = () => vscode.workspace.getConfiguration('editor').inspect('codeActionsOnSave')?.workspaceValue;

/** Writes the repository's .vscode/settings.json as a repository would (a file, not through VS Code), and waits until VS Code reads it. */
async function writeWorkspaceOnSave(): Promise<void> {
  fs.mkdirSync(path.dirname(workspaceSettingsFile()), { recursive: true });
  fs.writeFileSync(workspaceSettingsFile(), JSON.stringify({ 'editor.codeActionsOnSave': ON_SAVE }));
  await waitFor(() => onSaveInWorkspace() !== undefined, 'VS Code to read .vscode/settings.json', 20_000);
}

async function removeWorkspaceOnSave(): Promise<void> {
  fs.rmSync(path.dirname(workspaceSettingsFile()), { recursive: true, force: true });
  await waitFor(() => onSaveInWorkspace() === undefined, 'VS Code to drop the workspace settings', 20_000);
}

describe('fix-all on save (editor.codeActionsOnSave)', function () {
  this.timeout(120_000);
  let dir: string | undefined;

  before(activateExtension);
  beforeEach(removeAllKeys);
  afterEach(async () => {
    await closeAllEditors();
    await blankDocumentsUnder(dir);
    await removeDir(dir);
    dir = undefined;
    await removeAllKeys();
  });

  describe('turned on by the workspace', () => {
    before(async function () {
      if (!vscode.workspace.isTrusted) this.skip();
      await writeWorkspaceOnSave();
    });
    after(async () => {
      if (vscode.workspace.isTrusted) await removeWorkspaceOnSave();
    });

    it('stores no key and makes none active when a file with hard-coded keys is saved', async () => {
      dir = makeWorkspaceDir('fix-on-save-new');
      const [live, test] = [liveKey(), testKey()];
      const file = writeFile(path.join(dir, 'keys.py'), `LIVE = "${live}"\nTEST = "${test}"\n`);
      const document = await editAndSave(file);
      assert.deepStrictEqual(await listKeys(), [], 'saving stored keys in the vault without a person');
      assert.ok(document.getText().includes(live) && document.getText().includes(test), 'saving rewrote keys that are not in the vault');
      assert.strictEqual(fs.readFileSync(file.fsPath, 'utf8'), document.getText());
    });

    it('replaces copies of the active key only, leaving the vault and the active key as they were', async () => {
      dir = makeWorkspaceDir('fix-on-save-active');
      const { active, other, file, document } = await saveWithActiveKey(dir);
      const text = fs.readFileSync(file.fsPath, 'utf8');
      assert.strictEqual(text, document.getText());
      assert.ok(!text.includes(active), `the active key's copy stayed: ${text.replace(/sk_(live|test)_\w+/g, 'sk_$1_…')}`);
      assert.ok(text.includes('os.environ["INFINIPOST_API_KEY"]'), text.replace(/sk_(live|test)_\w+/g, 'sk_$1_…'));
      assert.ok(text.includes(other), 'a key that is not the active one was rewritten');
      const keys = await listKeys();
      assert.deepStrictEqual(keys.map((key) => [key.name, key.active]), [['Dev', true]], 'the vault or the active key changed');
    });
  });

  describe('in Restricted Mode', () => {
    before(onlyInRestrictedMode);
    // From the user's own settings, so nothing but Infinipost itself can keep the fix from running.
    before(() => setOnSave(vscode.ConfigurationTarget.Global, ON_SAVE));
    after(async () => {
      if (!vscode.workspace.isTrusted) await setOnSave(vscode.ConfigurationTarget.Global, undefined);
    });

    it('changes nothing on save: no key stored, no text rewritten, not even copies of the active key', async () => {
      dir = makeWorkspaceDir('fix-on-save-restricted');
      const { active, other, document } = await saveWithActiveKey(dir);
      assert.strictEqual(document.getText(), `KEY = "${active}"\nOTHER = "${other}"\n# saved\n`, 'saving in Restricted Mode changed the file');
      assert.deepStrictEqual((await listKeys()).map((key) => [key.name, key.active]), [['Dev', true]]);
    });
  });
});
