// Any installed extension can run any command with executeCommand and read what comes back. A second
// extension (test/fixtures/otherExtension, loaded by scripts/runIntegrationTests.mjs) plays that
// extension: it calls every infinipost.* command with plausible arguments, dismisses any UI a
// command opens, and hands its findings to these tests.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ApiSimulator, startApiSimulator } from '../simulator/apiSimulator';
import { liveKey, testKey } from '../support/testKeys';
import { EXTENSION_ID, activateExtension, removeAllKeys, run } from './support/host';
import { assertNoKeyPiece, setUserSettings, settleInjection, sha256, variableHashInNewTerminal } from './support/security';

const OTHER_ID = 'infinipost-test.other-extension';

interface OtherExtensionApi {
  callEverything(): Promise<string>;
  callCommand(command: string, ...args: unknown[]): Promise<string>;
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
    await activateExtension();
    api = await startApiSimulator({});
    restoreSettings = await setUserSettings('infinipost', { apiBaseUrl: api.url, 'api.timeoutSeconds': 2 });
  });
  beforeEach(removeAllKeys);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeEditors();
    await removeAllKeys();
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

    const json = await (await otherExtension()).callEverything();
    const report = JSON.parse(json) as { names: string[]; results: CallRecord[] };

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

  it('cannot read a stored key from the clipboard after calling the commands', async function () {
    // Only meaningful where the clipboard round-trips in this host.
    await vscode.env.clipboard.writeText('infinipost-clipboard-probe');
    if ((await vscode.env.clipboard.readText()) !== 'infinipost-clipboard-probe') this.skip();
    await vscode.env.clipboard.writeText('');
    const live = liveKey();
    const test = testKey();
    await run('infinipost.addKey', { name: 'Production Server', key: live, environment: 'Production' });
    await run('infinipost.addKey', { name: 'Local Dev', key: test });
    const other = await otherExtension();
    for (const name of ['Production Server', 'Local Dev']) {
      const reply = await other.callCommand('infinipost.copyKey', { name });
      assertNoKeyPiece(reply, live, `copyKey ${name}`);
      assertNoKeyPiece(reply, test, `copyKey ${name}`);
    }
    const clipboard = await other.readClipboard();
    await vscode.env.clipboard.writeText('');
    // Test keys are copied without asking when a command is scripted; the clipboard is readable by every extension.
    assertNoKeyPiece(clipboard, live, 'the clipboard after copyKey { name: <live key> }');
    assertNoKeyPiece(clipboard, test, 'the clipboard after copyKey { name: <test key> }');
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
