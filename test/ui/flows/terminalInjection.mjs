// Walkthrough step 2 from the keyboard: a live key is allowed for this workspace once, then a new
// terminal has it as INFINIPOST_API_KEY (checked by its last four characters only).
import assert from 'node:assert/strict';
import { addKeyThroughUi, assertKeyNotShown, waitUntil } from '../harness.mjs';

export const terminalInjectionFlow = {
  name: 'terminal',
  title: 'A new terminal gets the active key once the live key is allowed for the workspace',
  files: () => ({ 'README.md': '# Terminal injection\n' }),
  async run({ vscode, page, keys, step, screenshot }) {
    const key = keys.live;
    const last4 = key.slice(-4);

    await step('add a live key "Production" through the Add API Key inputs', () =>
      addKeyThroughUi(vscode, { name: 'Production', key, environment: 'Production' }),
    );

    await step('the stored notification asks the live-key question; focus it and accept "Allow in This Workspace" with Ctrl+Shift+A', async () => {
      const question = 'It is now the active key, and a live one: give it to new terminals';
      const toast = await vscode.waitForNotification(question);
      assert.deepEqual((await vscode.notificationButtons(toast)).slice(0, 1), ['Allow in This Workspace']);
      await vscode.focusNotification(question);
      await page.keyboard.press('Control+Shift+A');
    });

    await step('the status bar says the key is injected into terminals', () =>
      vscode.waitForStatusBar('", injected into terminals"', ({ label }) => label.includes('Production, LIVE, injected into terminals')),
    );

    await step('F1 → "Terminal: Create New Terminal" → it has INFINIPOST_API_KEY', async () => {
      await vscode.runCommand('Terminal: Create New Terminal');
      const terminal = page.locator('.terminal-wrapper.active .xterm');
      await terminal.waitFor({ state: 'visible' });
      await waitUntil('the terminal to be focused', () => page.evaluate(() => Boolean(document.activeElement?.closest('.xterm'))));
      await vscode.waitForTerminalPrompt();
      await page.keyboard.type('echo "INFINIPOST_API_KEY ends in $(printenv INFINIPOST_API_KEY | tail -c 5)"');
      await page.keyboard.press('Enter');
      await waitUntil(
        `the terminal to print the key's last four characters (${last4})`,
        () => vscode.terminalText(),
        (text) => text.includes(`INFINIPOST_API_KEY ends in ${last4}`),
      );
    });

    await step('the full key is not readable anywhere in the window', () => assertKeyNotShown(page, key));
    await screenshot('terminal');
  },
};
