import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { liveKey, testKey } from '../support/testKeys';
import { activateExtension, removeAllKeys, run, waitFor } from './support/host';

const VARIABLE = 'INFINIPOST_API_KEY';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Starts a real integrated terminal whose shell writes a hash of the variable (never the value
 * itself) to a temp file, and returns that hash; '' when the variable is unset.
 */
async function variableHashInNewTerminal(variable = VARIABLE): Promise<string> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-term-')), 'hash');
  const terminal = vscode.window.createTerminal({
    name: 'infinipost-injection-test',
    shellPath: '/bin/sh',
    shellArgs: ['-c', `if [ -n "\${${variable}+x}" ]; then printf %s "$${variable}" | sha256sum | cut -d' ' -f1 > "${out}.tmp"; else : > "${out}.tmp"; fi; mv "${out}.tmp" "${out}"`],
  });
  try {
    return await waitFor(() => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').trim() || 'unset' : undefined), 'the terminal to report', 15_000);
  } finally {
    terminal.dispose();
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

async function settle(): Promise<void> {
  // Injection re-applies asynchronously after a change; one round trip through the command queue lets it finish.
  await run('infinipost.refreshKeys');
  await new Promise((r) => setTimeout(r, 300));
}

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
    await run('infinipost.removeKey', { name: 'Dev' });
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
