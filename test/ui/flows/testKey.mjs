// Flow (c): "Infinipost: Test API Key" against the simulator → the success message; then an
// expired key → the expired message, whose primary action "Rotate Key" opens the rotation input.
import assert from 'node:assert/strict';
import { addKeyThroughUi, assertKeyNotShown, masked, waitUntil } from '../harness.mjs';

export const testKeyFlow = {
  name: 'test-key',
  title: 'Test API Key: a valid key succeeds, an expired one offers Rotate Key',
  files: () => ({ 'README.md': '# Testing keys\n' }),
  async run({ vscode, page, keys, step, screenshot }) {
    await step('add a valid test key "Development" through the Add API Key inputs', () =>
      addKeyThroughUi(vscode, { name: 'Development', key: keys.test, environment: 'Development' }),
    );
    await step('add a second test key "Legacy" for Staging, which the API reports as expired', () =>
      addKeyThroughUi(vscode, { name: 'Legacy', key: keys.expired, environment: 'Staging' }),
    );
    await step('show the API Keys view; F1 → "Notifications: Clear All Notifications"', async () => {
      await vscode.showKeysView();
      await vscode.clearNotifications();
    });

    await step('F1 → "Infinipost: Test API Key" (the active key, "Development") → the dialog asks once about the simulator\'s address → "Allow" → the success message', async () => {
      await vscode.runCommand('Infinipost: Test API Key');
      // The simulator is not the default API: the first check asks, naming the address.
      await vscode.answerDialog('Send Infinipost API keys to http://127.0.0.1:', 'Allow');
      await vscode.waitForNotification(`Infinipost: "Development" (${masked(keys.test)}): The test key is valid and sees 3 accounts`);
    });

    await step('the tree row\'s accessible label reports the check', () =>
      vscode.waitForKeyRow('"Development" checked valid', (r) => r.label.startsWith('Development, test key') && r.label.endsWith('last check valid')),
    );

    await step('F1 → "Infinipost: Select Active Key" → "Legacy" (arrow keys, Enter)', async () => {
      await vscode.runCommand('Infinipost: Select Active Key');
      await vscode.pickItem('Infinipost API Keys', (label) => label.includes(`Legacy, ${masked(keys.expired)} · Staging · TEST`));
      await vscode.waitForStatusBar('"Staging · TEST"', ({ text }) => text.includes('Staging · TEST'));
    });

    const expiredText = `Infinipost: "Legacy" (${masked(keys.expired)}): The API key has expired`;
    await step('F1 → "Infinipost: Test API Key" → the expired message with "Rotate Key" as its first action', async () => {
      await vscode.runCommand('Infinipost: Test API Key');
      const toast = await vscode.waitForNotification(expiredText);
      assert.deepEqual(await vscode.notificationButtons(toast), ['Rotate Key', 'Show Log']);
      await vscode.waitForKeyRow('"Legacy" checked expired', (r) => r.label.startsWith('Legacy, test key') && r.label.endsWith('last check expired'));
      await waitUntil('the progress notification to close', () => vscode.notificationMessages(), (messages) => !messages.some((m) => m.includes('testing')));
    });

    await step('the full keys are not readable anywhere in the window', async () => {
      await assertKeyNotShown(page, keys.test);
      await assertKeyNotShown(page, keys.expired);
    });
    await screenshot('test-key');

    await step('keyboard: focus the expired message and press Ctrl+Shift+A → the masked "Rotate" input opens', async () => {
      await vscode.focusNotification(expiredText);
      await page.keyboard.press('Control+Shift+A');
      await vscode.waitForQuickInput(`Rotate "Legacy" (${masked(keys.expired)})`);
      assert.equal(await vscode.quickInputBox().getAttribute('type'), 'password');
      await page.keyboard.press('Escape');
      await vscode.quickInput.waitFor({ state: 'hidden' });
    });
  },
};
