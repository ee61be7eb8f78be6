// Any installed extension can run any command with executeCommand and read what comes back. A second
// extension (test/fixtures/otherExtension, loaded by scripts/runIntegrationTests.mjs) plays that
// extension: it calls every infinipost.* command with plausible arguments, dismisses any UI a
// command opens, and hands its findings to these tests.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ApiSimulator, startApiSimulator } from '../simulator/apiSimulator';
import { liveKey, testKey } from '../support/testKeys';
import { blankDocumentsUnder, makeWorkspaceDir, removeDir, writeFile } from './support/detectionFixtures';
import { EXTENSION_ID, activateExtension, listKeys, removeAllKeys, run } from './support/host';
import { assertNoKeyPiece, setUserSettings, settleInjection, sha256, variableHashInNewTerminal } from './support/security';

const OTHER_ID = 'infinipost-test.other-extension';

interface OtherExtensionApi {
  callEverything(): Promise<string>;
  callCommand(command: string, ...args: unknown[]): Promise<string>;
  callCommandWithBareObject(command: string, arg: object): Promise<string>;
  readClipboard(): Promise<string>;
}

interface CallRecord {
  command: string;
  args: string;
  outcome: 'resolved' | 'rejected' | 'pending';
  value?: unknown;
  error?: string;
  dismissedUi: number;
  ms: number;
}

async function otherExtension(): Promise<OtherExtensionApi> {
  const extension = vscode.extensions.getExtension<OtherExtensionApi>(OTHER_ID);
  assert.ok(extension, `${OTHER_ID} is not loaded in this host (scripts/runIntegrationTests.mjs loads test/fixtures/otherExtension)`);
  return extension.activate();
}

async function closeEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.tabGroups.all.some((group) => group.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

describe('other extensions calling Infinipost commands', function () {
  this.timeout(300_000);
  let api: ApiSimulator;
  let restoreSettings: () => Promise<void>;

  before(async () => {
    const hooks = await activateExtension();
    api = await startApiSimulator({});
    restoreSettings = await setUserSettings('infinipost', { apiBaseUrl: api.url, 'api.timeoutSeconds': 2 });
    await hooks.approveApiOrigin(api.url);
  });
  let dir: string | undefined;
  beforeEach(removeAllKeys);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeEditors();
    await removeAllKeys();
    await blankDocumentsUnder(dir);
    await removeDir(dir);
    dir = undefined;
  });
  after(async () => {
    await restoreSettings?.();
    await api?.close();
  });

  it('runs as a separate extension in the same extension host', async () => {
    const other = vscode.extensions.getExtension(OTHER_ID);
    assert.ok(other, `${OTHER_ID} is not loaded`);
    assert.notStrictEqual(other.extensionPath, vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath);
    await other.activate();
    assert.strictEqual(other.isActive, true);
  });

  it('gets no key material back from any infinipost.* command, whatever the arguments', async () => {
    const live = liveKey();
    const test = testKey();
    const literal = liveKey();
    api.setKey(live, { kind: 'valid', accounts: 4 });
    api.setKey(test, { kind: 'valid', accounts: 2 });
    await run('infinipost.addKey', { name: 'Production Server', key: live, environment: 'Production' });
    await run('infinipost.addKey', { name: 'Local Dev', key: test });
    // An open document with a hard-coded key, so "Test this key" has a position to work on.
    const document = await vscode.workspace.openTextDocument({ content: `const k = "${literal}";\n`, language: 'javascript' });
    await vscode.window.showTextDocument(document);

    // A file in the workspace that fix-all would rewrite.
    dir = makeWorkspaceDir('other-extension');
    const hardCoded = path.join(dir, 'config.js');
    const hardCodedText = `module.exports = { key: "${literal}" };\n`;
    writeFile(hardCoded, hardCodedText);
    await run('infinipost.scanWorkspace');
    const hooks = await activateExtension();
    const asked = hooks.modalsAsked().length;

    const json = await (await otherExtension()).callEverything();
    const report = JSON.parse(json) as { names: string[]; results: CallRecord[] };

    // Consequential commands asked a person in a modal; the test host refuses dialogs, so nothing
    // was deleted, replaced, rewritten or copied, whatever shape the arguments had.
    const questions = hooks.modalsAsked().slice(asked).map((question) => question.message);
    for (const what of ['remove a key', 'replace a key', 'copy a key', 'rewrite files']) {
      assert.ok(questions.some((message) => message.startsWith(`A script or another extension asks to ${what}.`)), `a modal asked before "${what}": ${JSON.stringify(questions)}`);
    }
    // (moveKeyToVault { uri } may have stored the open document's literal: that is not one of these.)
    const after = (await listKeys()).map((key) => `${key.name} ${key.maskedKey}`);
    for (const kept of [`Local Dev sk_test_…${test.slice(-4)}`, `Production Server sk_live_…${live.slice(-4)}`]) {
      assert.ok(after.includes(kept), `"${kept}" was removed or replaced without the user: ${JSON.stringify(after)}`);
    }
    assert.ok(!after.some((key) => key.includes('(replaced')), `a key was replaced without the user: ${JSON.stringify(after)}`);
    assert.strictEqual(fs.readFileSync(hardCoded, 'utf8'), hardCodedText, 'fix-all rewrote a file without the user');
    const didSomething = (value: unknown) => {
      const v = (value ?? {}) as { removed?: unknown; maskedKey?: unknown; files?: number };
      return v.removed !== undefined || v.maskedKey !== undefined || (v.files ?? 0) > 0;
    };
    for (const command of ['infinipost.removeKey', 'infinipost.rotateKey', 'infinipost.fixAllInWorkspace']) {
      const done = report.results.filter((r) => r.command === command && r.outcome === 'resolved' && didSomething(r.value));
      assert.deepStrictEqual(done.map((r) => `${r.args}: ${JSON.stringify(r.value)}`), [], `${command} did something without the user`);
    }
    const refusal = report.results.find((r) => r.command === 'infinipost.removeKey' && r.args === '{ name: <listed #1> }');
    assert.match(refusal?.error ?? '', /not confirmed by the user; nothing was removed/);

    // The point: results and error messages hold no piece of any key.
    for (const record of report.results) {
      for (const key of [live, test, literal]) assertNoKeyPiece(record, key, `${record.command} called with ${record.args}`);
    }
    if (process.env.INFINIPOST_VERBOSE === '1') console.log(report.results.map((r) => `      ${r.command} ${r.args}: ${r.outcome}${r.dismissedUi ? ' (UI dismissed)' : ''} ${JSON.stringify(r.outcome === 'rejected' ? r.error : r.value).slice(0, 140)}`).join('\n'));

    // It reached every contributed command, and the calls did real work.
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.deepStrictEqual([...new Set(report.results.map((r) => r.command))].sort(), [...contributed].sort());
    assert.deepStrictEqual([...report.names].sort(), ['Local Dev', 'Production Server']);
    const resolved = (command: string) => report.results.filter((r) => r.command === command && r.outcome === 'resolved');
    assert.ok(resolved('infinipost.refreshKeys').some((r) => ((r.value as { keys?: unknown[] } | null)?.keys?.length ?? 0) >= 2), 'refreshKeys listed the keys');
    assert.ok(resolved('infinipost.testKey').some((r) => (r.value as { status?: string } | null)?.status === 'valid'), 'a stored key was tested against the simulator');
    assert.ok(report.results.some((r) => r.outcome === 'rejected'), 'bad arguments were refused');
    // Nothing stays open waiting for a person after the other extension dismissed what a command showed.
    assert.deepStrictEqual(report.results.filter((r) => r.outcome === 'pending').map((r) => `${r.command} ${r.args}`), []);
  });

  it('cannot copy a stored key to the clipboard without the user, whatever the argument\'s shape', async () => {
    // Only meaningful where the clipboard round-trips in this host; the replies are checked anyway.
    await vscode.env.clipboard.writeText('infinipost-clipboard-probe');
    const clipboardWorks = (await vscode.env.clipboard.readText()) === 'infinipost-clipboard-probe';
    await vscode.env.clipboard.writeText('');
    const live = liveKey();
    const test = testKey();
    await run('infinipost.addKey', { name: 'Production Server', key: live, environment: 'Production' });
    await run('infinipost.addKey', { name: 'Local Dev', key: test });
    const other = await otherExtension();
    const hooks = await activateExtension();
    for (const name of ['Production Server', 'Local Dev']) {
      for (const [shape, call] of [
        ['{ name }', () => other.callCommand('infinipost.copyKey', { name })],
        ['{ name, interactive: true }', () => other.callCommand('infinipost.copyKey', { name, interactive: true })],
        ['Object.create(null)', () => other.callCommandWithBareObject('infinipost.copyKey', { name })],
      ] as const) {
        const asked = hooks.modalsAsked().length;
        const reply = JSON.parse(await call()) as CallRecord;
        assertNoKeyPiece(reply, live, `copyKey ${name} ${shape}`);
        assertNoKeyPiece(reply, test, `copyKey ${name} ${shape}`);
        assert.deepStrictEqual(reply.value, { copied: false, name }, `copyKey ${name} called with ${shape}`);
        assert.ok(hooks.modalsAsked().slice(asked).some((q) => q.action === 'Copy Key'), `copyKey ${name} called with ${shape} asked in a modal`);
      }
    }
    const clipboard = await other.readClipboard();
    await vscode.env.clipboard.writeText('');
    if (clipboardWorks) {
      assertNoKeyPiece(clipboard, live, 'the clipboard after copyKey { name: <live key> }');
      assertNoKeyPiece(clipboard, test, 'the clipboard after copyKey { name: <test key> }');
    }
  });

  it('gets its consequential command through once the user confirms in the modal, with the documented result', async () => {
    const live = liveKey();
    await run('infinipost.addKey', { name: 'Production Server', key: live, environment: 'Production' });
    const hooks = await activateExtension();
    const other = await otherExtension();
    const newKey = liveKey();
    const reply = JSON.parse(await hooks.confirmingModals(() => other.callCommand('infinipost.rotateKey', { name: 'Production Server', newKey, deleteOld: true }))) as CallRecord;
    assert.strictEqual(reply.outcome, 'resolved', JSON.stringify(reply));
    assert.deepStrictEqual(reply.value, { name: 'Production Server', maskedKey: `sk_live_…${newKey.slice(-4)}`, previousMaskedKey: `sk_live_…${live.slice(-4)}`, replacedActive: 1, oldKeyRemoved: true });
    const removed = JSON.parse(await hooks.confirmingModals(() => other.callCommandWithBareObject('infinipost.removeKey', { name: 'Production Server' }))) as CallRecord;
    assert.deepStrictEqual(removed.value, { removed: 'Production Server' });
    assert.deepStrictEqual(await listKeys(), []);
  });

  it('cannot give the live key to terminals by confirming it on the user\'s behalf', async () => {
    const live = liveKey();
    await run('infinipost.addKey', { name: 'Production Server', key: live, environment: 'Production' });
    await settleInjection();
    assert.strictEqual(await variableHashInNewTerminal('INFINIPOST_API_KEY'), 'unset', 'a live key waits for the user\'s confirmation');
    const reply = JSON.parse(await (await otherExtension()).callCommand('infinipost.allowLiveKeyInjection'));
    assertNoKeyPiece(reply, live, 'allowLiveKeyInjection');
    await settleInjection();
    // Any extension can start a terminal and read its environment, so a confirmation another
    // extension can give is no confirmation.
    const seen = await variableHashInNewTerminal('INFINIPOST_API_KEY');
    assert.notStrictEqual(seen, sha256(live), `another extension's executeCommand made the live key reach terminals (reply: ${JSON.stringify(reply)})`);
  });
});
