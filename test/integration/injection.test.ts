import * as assert from 'assert';
import * as vscode from 'vscode';
import { liveKey, testKey } from '../support/testKeys';
import { activateExtension, confirmed, removeAllKeys, run, waitFor } from './support/host';
import { settleInjection as settle, sha256, variableHashInNewTerminal as terminalHash } from './support/security';

const VARIABLE = 'INFINIPOST_API_KEY';
const variableHashInNewTerminal = (variable = VARIABLE) => terminalHash(variable);

describe('terminal and debug injection', () => {
  before(activateExtension);
  beforeEach(removeAllKeys);
  afterEach(async () => {
    await vscode.workspace.getConfiguration('infinipost').update('terminal.injectKey', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('infinipost').update('environmentVariable', undefined, vscode.ConfigurationTarget.Global);
  });
  after(removeAllKeys);

  it('gives a new terminal the active test key, and stops after the key is removed', async () => {
    const key = testKey();
    await run('infinipost.addKey', { name: 'Dev', key });
    await settle();
    assert.strictEqual(await waitFor(async () => ((await variableHashInNewTerminal()) === sha256(key) ? sha256(key) : undefined), 'the key in a new terminal'), sha256(key));
    await confirmed('infinipost.removeKey', { name: 'Dev' });
    await settle();
    assert.strictEqual(await variableHashInNewTerminal(), 'unset');
  });

  it('follows the injectKey setting', async () => {
    const key = testKey();
    await run('infinipost.addKey', { name: 'Dev', key });
    await vscode.workspace.getConfiguration('infinipost').update('terminal.injectKey', false, vscode.ConfigurationTarget.Global);
    await settle();
    assert.strictEqual(await variableHashInNewTerminal(), 'unset');
    await vscode.workspace.getConfiguration('infinipost').update('terminal.injectKey', true, vscode.ConfigurationTarget.Global);
    await settle();
    assert.strictEqual(await variableHashInNewTerminal(), sha256(key));
  });

  it('uses a custom variable name, and refuses one that changes how programs run', async () => {
    const key = testKey();
    await run('infinipost.addKey', { name: 'Dev', key });
    await vscode.workspace.getConfiguration('infinipost').update('environmentVariable', 'MY_INFINIPOST_KEY', vscode.ConfigurationTarget.Global);
    await settle();
    assert.strictEqual(await variableHashInNewTerminal('MY_INFINIPOST_KEY'), sha256(key));
    await vscode.workspace.getConfiguration('infinipost').update('environmentVariable', 'LD_PRELOAD', vscode.ConfigurationTarget.Global);
    await settle();
    assert.strictEqual(await variableHashInNewTerminal('LD_PRELOAD'), 'unset', 'LD_PRELOAD must never carry the key');
    assert.strictEqual(await variableHashInNewTerminal(VARIABLE), sha256(key), 'the default name is used instead');
  });

  it('injects a live key only after the workspace allowed it', async () => {
    const key = liveKey();
    await run('infinipost.addKey', { name: 'Prod', key, environment: 'Production' });
    await settle();
    assert.strictEqual(await variableHashInNewTerminal(), 'unset');
    // The command asks in a modal dialog, which the test host refuses: consent cannot be scripted.
    const refused = await run<{ allowed: boolean; injected: boolean }>('infinipost.allowLiveKeyInjection');
    assert.deepStrictEqual([refused.allowed, refused.injected], [false, false]);
    assert.strictEqual(await variableHashInNewTerminal(), 'unset');
    // What the person's "Allow in This Workspace" does:
    await (await activateExtension()).allowLiveInjection();
    await settle();
    assert.strictEqual(await variableHashInNewTerminal(), sha256(key));
  });

  it('adds the key to launch configurations that do not set it, and leaves those that do alone', async () => {
    const key = testKey();
    await run('infinipost.addKey', { name: 'Dev', key });
    await settle();
    const folder = vscode.workspace.workspaceFolders![0];
    // Starting a session makes VS Code run every resolveDebugConfiguration provider; the debug type is
    // unknown on purpose so no adapter starts, and the resolved configuration is read from the session event.
    const seen: vscode.DebugConfiguration[] = [];
    const provider = vscode.debug.registerDebugConfigurationProvider('infinipost-test', {
      resolveDebugConfigurationWithSubstitutedVariables(_folder, config) {
        seen.push(config);
        return undefined; // stop here: nothing is launched
      },
    });
    try {
      await vscode.debug.startDebugging(folder, { type: 'infinipost-test', name: 'plain', request: 'launch' });
      await vscode.debug.startDebugging(folder, { type: 'infinipost-test', name: 'own', request: 'launch', env: { [VARIABLE]: 'from-config' } });
    } finally {
      provider.dispose();
    }
    assert.strictEqual(seen.length, 2);
    assert.strictEqual(sha256(String(seen[0].env?.[VARIABLE])), sha256(key));
    assert.strictEqual(seen[1].env?.[VARIABLE], 'from-config');
  });
});
