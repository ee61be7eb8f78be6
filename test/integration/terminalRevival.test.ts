// Desktop VS Code writes terminal environments (the injected key included) to workspace storage when
// it revives terminals after a restart. The browser workbench this suite runs in never does, so the
// tests play a desktop window through a test-mode hook; the question and the settings are real.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { REVIVAL_CHOICES } from '../../src/injection/terminalRevival';
import { liveKey, testKey } from '../support/testKeys';
import { activateExtension, removeAllKeys, run, waitFor } from './support/host';
import { assertNoKeyPiece, infinipostLogText, settleInjection, sha256, variableHashInNewTerminal } from './support/security';

const REVIVE = 'persistentSessionReviveProcess';
const terminalSettings = () => vscode.workspace.getConfiguration('terminal.integrated');
const revive = () => terminalSettings().inspect<string>(REVIVE);

describe('terminal revival question', () => {
  let hooks: Awaited<ReturnType<typeof activateExtension>>['terminalRevival'];

  before(async () => {
    hooks = (await activateExtension()).terminalRevival;
  });
  beforeEach(async () => {
    await removeAllKeys();
    await hooks.forgetKept();
    hooks.newSession();
  });
  afterEach(async () => {
    hooks.simulateDesktop(false);
    await terminalSettings().update(REVIVE, undefined, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await removeAllKeys();
    await hooks.forgetKept();
    hooks.newSession();
  });

  it('asks nothing in the browser, where VS Code keeps no terminal environments', async () => {
    const key = testKey();
    await run('infinipost.addKey', { name: 'Dev', key });
    await settleInjection();
    assert.strictEqual(await variableHashInNewTerminal('INFINIPOST_API_KEY'), sha256(key), 'the key is injected');
    assert.strictEqual(hooks.lastQuestion(), undefined);
  });

  it('asks once while a key is injected, and sets revival to "never" in user settings only when the person chooses it', async () => {
    assert.strictEqual(revive()?.globalValue, undefined, 'starts from VS Code defaults');
    hooks.simulateDesktop(true);
    assert.strictEqual(hooks.lastQuestion(), undefined, 'no key, no question');
    const key = testKey();
    await run('infinipost.addKey', { name: 'Dev', key });
    const question = await waitFor(() => hooks.lastQuestion(), 'the terminal revival question');
    assert.match(question.message, /saves terminal environments, including your test API key, to disk when it restores terminals/);
    assert.deepStrictEqual(question.choices, [REVIVAL_CHOICES.dontRestore, REVIVAL_CHOICES.keep, REVIVAL_CHOICES.learnMore]);
    assertNoKeyPiece(question, key, 'the question');

    // More changes to the injected key do not ask again, and nothing changed without an answer.
    await run('infinipost.addKey', { name: 'Other', key: testKey() });
    await run('infinipost.selectKey', { name: 'Other' });
    await settleInjection();
    assert.strictEqual(hooks.lastQuestion()?.shown, 1, 'asked once');
    assert.strictEqual(revive()?.globalValue, undefined, 'no setting changed without a choice');

    await hooks.answer(REVIVAL_CHOICES.dontRestore);
    await waitFor(() => revive()?.globalValue === 'never', 'persistentSessionReviveProcess to be "never" in user settings');
    assert.strictEqual(revive()?.workspaceValue, undefined, 'workspace settings untouched');
    assert.match(infinipostLogText(), /set terminal\.integrated\.persistentSessionReviveProcess to "never" in user settings, as chosen/);

    // With revival off, a new session has nothing to ask.
    hooks.newSession();
    await settleInjection();
    assert.strictEqual(hooks.lastQuestion(), undefined);
  });

  it('remembers "Keep" across sessions, changes no setting, and asks again for a live key', async () => {
    hooks.simulateDesktop(true);
    await run('infinipost.addKey', { name: 'Dev', key: testKey() });
    await waitFor(() => hooks.lastQuestion(), 'the terminal revival question');
    await hooks.answer(REVIVAL_CHOICES.keep);
    assert.strictEqual(revive()?.globalValue, undefined, 'Keep changes no setting');

    hooks.newSession();
    await settleInjection();
    assert.strictEqual(hooks.lastQuestion(), undefined, '"Keep" for test keys is remembered');

    // A live key is another matter: the person kept revival for test keys only.
    await run('infinipost.addKey', { name: 'Prod', key: liveKey(), environment: 'Production' });
    await run('infinipost.selectKey', { name: 'Prod' });
    await (await activateExtension()).allowLiveInjection();
    const question = await waitFor(() => hooks.lastQuestion(), 'the question for the live key');
    assert.match(question.message, /including your live API key/);
    assert.strictEqual(revive()?.globalValue, undefined);
  });

  it('points to the workspace settings when they turn revival on, and changes no user setting', async () => {
    const settingsDir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode');
    const hadSettings = fs.existsSync(settingsDir);
    await terminalSettings().update(REVIVE, 'onExitAndWindowClose', vscode.ConfigurationTarget.Workspace);
    try {
      hooks.simulateDesktop(true);
      await run('infinipost.addKey', { name: 'Dev', key: testKey() });
      const question = await waitFor(() => hooks.lastQuestion(), 'the terminal revival question');
      assert.match(question.message, /this workspace's settings turn that on/);
      assert.deepStrictEqual(question.choices, [REVIVAL_CHOICES.openWorkspaceSettings, REVIVAL_CHOICES.keep, REVIVAL_CHOICES.learnMore]);
      await hooks.answer(REVIVAL_CHOICES.keep);
      assert.strictEqual(revive()?.globalValue, undefined);
      assert.strictEqual(revive()?.workspaceValue, 'onExitAndWindowClose', "the workspace value is the person's to change");
    } finally {
      await terminalSettings().update(REVIVE, undefined, vscode.ConfigurationTarget.Workspace);
      // Leave the shared test workspace as it was: other suites scan it.
      if (!hadSettings) fs.rmSync(settingsDir, { recursive: true, force: true });
    }
  });
});
