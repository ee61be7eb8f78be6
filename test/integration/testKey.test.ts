import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ApiSimulator, SimulatedKey, startApiSimulator } from '../simulator/apiSimulator';
import { liveKey, testKey } from '../support/testKeys';
import { activateExtension, assertNoKeyMaterial, listKeys, removeAllKeys, run, waitFor } from './support/host';

interface TestKeyResult {
  status: string;
  httpStatus?: number;
  accounts?: number;
  message: string;
}

const config = () => vscode.workspace.getConfiguration('infinipost');

describe('test a key against the API simulator', () => {
  let api: ApiSimulator;

  async function storeAndTest(name: string, key: string, behaviour?: SimulatedKey): Promise<TestKeyResult> {
    if (behaviour) api.setKey(key, behaviour);
    await run('infinipost.addKey', { name, key });
    const result = await run<TestKeyResult>('infinipost.testKey', { name });
    assertNoKeyMaterial(result, key);
    return result;
  }

  before(async () => {
    const hooks = await activateExtension();
    api = await startApiSimulator({});
    await config().update('apiBaseUrl', api.url, vscode.ConfigurationTarget.Global);
    await hooks.approveApiOrigin(api.url);
    await config().update('api.timeoutSeconds', 2, vscode.ConfigurationTarget.Global);
  });
  beforeEach(removeAllKeys);
  after(async () => {
    await removeAllKeys();
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('api.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await api.close();
  });

  it('reports a valid test key with its accounts and the 10-account limit, and records the check', async () => {
    const key = testKey();
    const result = await storeAndTest('Dev', key, { kind: 'valid', accounts: 25 });
    assert.deepStrictEqual([result.status, result.httpStatus, result.accounts], ['valid', 200, 10]);
    assert.match(result.message, /10/);
    const request = api.requests[api.requests.length - 1];
    assert.strictEqual(request.path, '/v1/accounts');
    assert.strictEqual(request.authorization, `Bearer sk_test_…${key.slice(-4)}`);
    const keys = await listKeys();
    assert.strictEqual(keys.length, 1);
  });

  it('reports a valid live key', async () => {
    const result = await storeAndTest('Prod', liveKey(), { kind: 'valid', accounts: 12 });
    assert.deepStrictEqual([result.status, result.accounts], ['valid', 12]);
    assert.match(result.message, /live/);
  });

  it('explains unknown, expired and forbidden keys', async () => {
    const unknown = await storeAndTest('Unknown', testKey());
    assert.deepStrictEqual([unknown.status, unknown.httpStatus], ['invalid', 401]);
    assert.match(unknown.message, /replace it|remove it/i);
    const expired = await storeAndTest('Expired', testKey(), { kind: 'expired' });
    assert.deepStrictEqual([expired.status, expired.httpStatus], ['expired', 401]);
    assert.match(expired.message, /rotate/i);
    const forbidden = await storeAndTest('Forbidden', testKey(), { kind: 'forbidden' });
    assert.deepStrictEqual([forbidden.status, forbidden.httpStatus], ['forbidden', 403]);
  });

  it('explains rate limits, server errors and answers that are not the documented JSON', async () => {
    const limited = await storeAndTest('Limited', testKey(), { kind: 'rateLimited', retryAfter: '42' });
    assert.deepStrictEqual([limited.status, limited.httpStatus], ['rateLimited', 429]);
    assert.match(limited.message, /42 seconds/);
    const broken = await storeAndTest('Broken', testKey(), { kind: 'serverError', status: 503 });
    assert.deepStrictEqual([broken.status, broken.httpStatus], ['serverError', 503]);
    const odd = await storeAndTest('Odd', testKey(), { kind: 'notJson' });
    assert.strictEqual(odd.status, 'unexpectedResponse');
  });

  it('gives up on a server that never answers, and cuts off an endless body', async () => {
    const hung = await storeAndTest('Hung', testKey(), { kind: 'hang' });
    assert.strictEqual(hung.status, 'timeout');
    // The configured 2 s timeout (not the 10 s default) ended it, and the request was aborted, not left open.
    assert.match(hung.message, /did not answer within 2 seconds/);
    const request = api.requests[api.requests.length - 1];
    await waitFor(() => request.abandoned, 'the simulator to see the client hang up');
    const endless = await storeAndTest('Endless', testKey(), { kind: 'endlessBody' });
    assert.strictEqual(endless.status, 'unexpectedResponse');
  });

  it('does not follow a redirect with the key', async () => {
    const elsewhere = await startApiSimulator({});
    try {
      const result = await storeAndTest('Redirected', testKey(), { kind: 'redirect', location: `${elsewhere.url}/v1/accounts` });
      assert.strictEqual(result.status, 'redirected');
      assert.strictEqual(elsewhere.requests.length, 0, 'the redirect target must never be contacted');
    } finally {
      await elsewhere.close();
    }
  });

  it('reports a refused connection as network trouble', async () => {
    const gone = await startApiSimulator({});
    const url = gone.url;
    await gone.close();
    await config().update('apiBaseUrl', url, vscode.ConfigurationTarget.Global);
    await (await activateExtension()).approveApiOrigin(url);
    try {
      const result = await storeAndTest('Offline', testKey());
      assert.strictEqual(result.status, 'network');
    } finally {
      await config().update('apiBaseUrl', api.url, vscode.ConfigurationTarget.Global);
    }
  });

  it('ignores a workspace setting that tries to send keys elsewhere', async () => {
    const attacker = await startApiSimulator({});
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const settingsFile = path.join(folder, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    // infinipost.apiBaseUrl is application-scoped: VS Code 1.100 drops its workspace value before
    // extensions see it, so a marker setting next to it tells when VS Code has read the file.
    fs.writeFileSync(settingsFile, JSON.stringify({ 'infinipost.apiBaseUrl': attacker.url, 'editor.tabSize': 7 }));
    const marker = () => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue;
    try {
      // Wait until VS Code has read the file, so the test proves the value is ignored, not unseen.
      await waitFor(() => marker() === 7, 'VS Code to read .vscode/settings.json', 20_000);
      const before = api.requests.length;
      const result = await storeAndTest('Dev', testKey(), { kind: 'valid' });
      assert.strictEqual(result.status, 'valid');
      assert.strictEqual(attacker.requests.length, 0, 'the workspace-chosen server must never see a request');
      assert.strictEqual(api.requests.length, before + 1);
    } finally {
      fs.rmSync(settingsFile, { force: true });
      await waitFor(() => marker() === undefined, 'VS Code to drop the workspace settings', 20_000);
      await attacker.close();
    }
  });

  it('tests the active key when called without arguments', async () => {
    const key = testKey();
    api.setKey(key, { kind: 'valid', accounts: 2 });
    await run('infinipost.addKey', { name: 'Active', key });
    const result = await run<TestKeyResult>('infinipost.testKey');
    assert.deepStrictEqual([result.status, result.accounts], ['valid', 2]);
  });

  describe('API origins the user approved', () => {
    let other: ApiSimulator;
    beforeEach(async () => {
      // A server on an origin nobody approved, as another extension would point the setting at.
      other = await startApiSimulator({});
      await config().update('apiBaseUrl', other.url, vscode.ConfigurationTarget.Global);
    });
    afterEach(async () => {
      await config().update('apiBaseUrl', api.url, vscode.ConfigurationTarget.Global);
      await other.close();
    });

    it('refuses a scripted check against an origin the user never approved, and sends nothing', async () => {
      const key = testKey();
      other.setKey(key, { kind: 'valid', accounts: 1 });
      await run('infinipost.addKey', { name: 'Dev', key });
      const hooks = await activateExtension();
      const asked = hooks.modalsAsked().length;
      await assert.rejects(run('infinipost.testKey', { name: 'Dev' }), (error: Error) => {
        assert.match(error.message, /not sent/);
        assert.ok(error.message.includes(new URL(other.url).origin), error.message);
        assertNoKeyMaterial(error.message, key);
        return true;
      });
      assert.strictEqual(other.requests.length, 0, 'the unapproved server received a request');
      assert.deepStrictEqual(hooks.modalsAsked().slice(asked), [], 'a scripted call asks nobody: it is refused');
      // Once the user allowed that origin, the same scripted call goes through.
      await hooks.approveApiOrigin(other.url);
      const result = await run<TestKeyResult>('infinipost.testKey', { name: 'Dev' });
      assert.strictEqual(result.status, 'valid');
      assert.strictEqual(other.requests.length, 1);
    });

    it('asks the user in a modal naming the origin, sends nothing when refused, and remembers an "Allow"', async () => {
      const key = testKey();
      other.setKey(key, { kind: 'valid', accounts: 1 });
      await run('infinipost.addKey', { name: 'Dev', key });
      const hooks = await activateExtension();
      const origin = new URL(other.url).origin;
      // From the palette (no argument): the test host refuses the dialog, as a person's "Cancel".
      let asked = hooks.modalsAsked().length;
      assert.strictEqual(await run('infinipost.testKey'), undefined);
      assert.ok(hooks.modalsAsked().slice(asked).some((q) => q.message.includes(origin) && q.action === 'Allow'), JSON.stringify(hooks.modalsAsked().slice(asked)));
      assert.strictEqual(other.requests.length, 0);
      // The person allows it: the check runs, and the next one asks no more.
      const result = await hooks.confirmingModals(() => run<TestKeyResult>('infinipost.testKey'));
      assert.strictEqual(result.status, 'valid');
      asked = hooks.modalsAsked().length;
      assert.strictEqual((await run<TestKeyResult>('infinipost.testKey', { name: 'Dev' })).status, 'valid');
      assert.deepStrictEqual(hooks.modalsAsked().slice(asked), []);
      assert.strictEqual(other.requests.length, 2);
    });

    it('asks, and does not refuse as a script, when the check comes from the "Test this key" quick fix', async () => {
      // The quick fix is made in the lazily loaded dist/apiCheck.js; the registry in dist/extension.js must still see our own UI.
      const key = testKey();
      other.setKey(key, { kind: 'valid', accounts: 1 });
      const document = await vscode.workspace.openTextDocument({ content: `const k = "${key}";\n`, language: 'javascript' });
      await vscode.window.showTextDocument(document);
      const diagnostic = await waitFor(() => vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'Infinipost'), 'the hard-coded key flagged');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
      const testThis = actions.find((action) => action.command?.command === 'infinipost.testKey');
      assert.ok(testThis?.command, `actions offered: ${actions.map((a) => a.title).join(', ')}`);
      const hooks = await activateExtension();
      const asked = hooks.modalsAsked().length;
      const command = testThis.command;
      const result = await hooks.confirmingModals(() => run<TestKeyResult>(command.command, ...(command.arguments ?? [])));
      assert.strictEqual(result?.status, 'valid');
      assert.ok(hooks.modalsAsked().slice(asked).some((q) => q.message.includes(new URL(other.url).origin) && q.action === 'Allow'), JSON.stringify(hooks.modalsAsked().slice(asked)));
      assert.strictEqual(other.requests.length, 1);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });
});
