// Flow (a): Command Palette → "Infinipost: Add API Key" → name, key, environment → the API Keys
// view lists the key masked, the status bar shows its environment.
import assert from 'node:assert/strict';
import { addKeyThroughUi, assertKeyNotShown, masked, waitUntil } from '../harness.mjs';

export const addKeyFlow = {
  name: 'add-key',
  title: 'Add API Key from the Command Palette: tree shows the masked key, status bar the environment',
  files: () => ({
    'server.js': `// Reads the key from the environment; Infinipost puts it there in new terminals.\nconst apiKey = process.env.INFINIPOST_API_KEY;\n\nfetch('https://api.infinipost.co/v1/accounts', { headers: { Authorization: 'Bearer ' + apiKey } })\n  .then((response) => response.json())\n  .then((body) => console.log(body.data));\n`,
  }),
  async run({ vscode, keys, step, screenshot }) {
    const key = keys.live;
    const last4 = key.slice(-4);

    await step('open server.js with Quick Open (Ctrl+P)', () => vscode.openFile('server.js'));

    await step('the status bar item says no key is active, in its accessible label', () =>
      vscode.waitForStatusBar('"no active key"', ({ label }) => label === 'Infinipost: no active key. Select a key.'),
    );

    await step('F1 → "Infinipost: Add API Key" → name, pasted key (masked input), environment "Production"', () =>
      addKeyThroughUi(vscode, { name: 'Production', key, environment: 'Production' }),
    );

    await step('one notification says where the key is stored and asks the one question left: may terminals have this live key?', async () => {
      const toast = await vscode.waitForNotification(`Stored "Production" (${masked(key)}) for Production in VS Code's secret storage.`);
      assert.deepEqual(await vscode.notificationButtons(toast), ['Allow in This Workspace', 'Test Key']);
      const [message] = await vscode.notificationMessages();
      assert.match(message, /It is now the active key, and a live one: give it to new terminals and debug sessions in this workspace\?/);
      // Once the status bar shows the new active key, terminal injection has decided too: no second question.
      await vscode.waitForStatusBar('"Production · LIVE"', ({ text }) => text.includes('Production · LIVE'));
      assert.equal((await vscode.notificationMessages()).length, 1, `notifications: ${JSON.stringify(await vscode.notificationMessages())}`);
    });

    await step('"Infinipost: Focus on API Keys View" lists the key masked, with an accessible label', async () => {
      await vscode.showKeysView();
      const row = await vscode.waitForKeyRow(`"Production" (${masked(key)})`, (r) => r.text.includes(masked(key)));
      // Named after its environment: the row does not say "Production" twice; the tooltip has the rest.
      assert.ok(row.text.trim().endsWith(`${masked(key)} · LIVE`) && !row.text.includes('· Production'), `row text: ${row.text}`);
      assert.ok(!row.text.includes(key), 'the tree shows the full key');
      assert.match(row.label, new RegExp(`^Production, live key ending ${last4}, Production, added today, active`));
    });

    await step('keyboard: "Focus on API Keys View" again, Home → the focused row reads the key\'s label', async () => {
      await vscode.runCommand('Infinipost: Focus on API Keys View');
      await waitUntil('the API Keys tree to have keyboard focus', () =>
        vscode.page.evaluate(() => document.activeElement?.closest('.monaco-list')?.getAttribute('aria-label') ?? ''), (label) => label.includes('API Keys'));
      await vscode.page.keyboard.press('Home');
      const focused = await vscode.page.evaluate(() => {
        const list = document.activeElement?.closest('.monaco-list');
        return list?.querySelector('.monaco-list-row.focused')?.getAttribute('aria-label') ?? null;
      });
      assert.ok(focused?.startsWith(`Production, live key ending ${last4}`), `keyboard focus is on: ${focused}`);
    });

    await step('the status bar shows the environment, with an accessible label', async () => {
      const item = await vscode.waitForStatusBar('"Production · LIVE"', ({ text }) => text.includes('Production · LIVE'));
      assert.match(item.label, /^Infinipost active key Production, Production, LIVE/);
    });

    await step('the full key is not readable anywhere in the window', () => assertKeyNotShown(vscode.page, key));
    await screenshot('add-key');
  },
};
