// What the UI flows share: throwaway keys, the API simulator, one VS Code (code-server) with the
// extension in development mode per flow, and small keyboard-first helpers that wait on what a
// person would see (titles, labels, messages), never on fixed sleeps.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../scripts/lib/setup.mjs';
import { launchChromium, startCodeServer, workbenchUrl } from '../../scripts/lib/offlineVscode.mjs';

export const VIEWPORT = { width: 1280, height: 800 };
/** How long any single visible state may take to appear; the machine is small and shared. */
export const STEP_TIMEOUT_MS = Number(process.env.INFINIPOST_UI_STEP_TIMEOUT_MS ?? 30_000);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A throwaway key, generated now: no key-shaped literal ever sits in the repository. */
export function generateKey(mode) {
  return 'sk_' + mode + '_' + Array.from(randomBytes(32), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** The masked form the extension shows (`sk_live_…1234`). */
export function masked(key) {
  const [, mode] = key.split('_');
  return `sk_${mode}_…${key.slice(-4)}`;
}

/** Starts test/simulator/cli.ts as a child process; keys travel in the environment, never on argv. */
export async function startSimulator(keys) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'simulator', 'cli.ts'), '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, INFINIPOST_SIM_KEYS: JSON.stringify(keys) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk.toString()));
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API simulator did not start within 30 s: ${stderr.join('')}`)), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('INFINIPOST_SIMULATOR_URL=')) {
        clearTimeout(timer);
        resolveUrl(line.slice('INFINIPOST_SIMULATOR_URL='.length));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API simulator exited with ${code}: ${stderr.join('')}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * One VS Code window for one flow: a fresh profile and workspace under a mkdtemp root, the
 * extension loaded from the repository in development mode, the API URL pointing at the simulator.
 */
export async function openVsCode({ files = {}, simulatorUrl, verbose = false }) {
  const root = mkdtempSync(join(tmpdir(), 'infinipost-ui-'));
  const workspace = join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  let server;
  let browser;
  try {
    server = await startCodeServer({
      root,
      verbose,
      userSettings: {
        'infinipost.apiBaseUrl': simulatorUrl,
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'editor.minimap.enabled': false,
        'chat.commandCenter.enabled': false,
        'window.commandCenter': false,
        'git.enabled': false,
        // The DOM renderer keeps terminal text readable by the tests (WebGL draws to a canvas).
        'terminal.integrated.gpuAcceleration': 'off',
        'terminal.integrated.enablePersistentSessions': false,
      },
    });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPaths: [repoRoot] }));
    const vscode = new Workbench(page);
    await vscode.waitForExtension();
    return {
      page,
      vscode,
      workspace,
      pageErrors,
      async close({ keep = false } = {}) {
        await browser.close().catch(() => undefined);
        await server.stop().catch(() => undefined);
        if (!keep) rmSync(root, { recursive: true, force: true });
        return root;
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** Polls `read()` until `accept(value)` holds; the error names what was expected and what was last seen. */
export async function waitUntil(what, read, accept = Boolean, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      last = `(error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${JSON.stringify(last)?.slice(0, 600)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Text as rendered by Monaco (non-breaking spaces for spaces). */
function plain(text) {
  return (text ?? '').replace(/\u00a0/g, ' ');
}

/** Keyboard-first driver for the workbench, with selectors taken from roles and aria-labels. */
export class Workbench {
  constructor(page) {
    this.page = page;
    this.quickInput = page.locator('.quick-input-widget');
    this.statusBar = page.locator('[id="workbench.parts.statusbar"]');
    this.notifications = page.locator('.notifications-toasts .notification-toast');
  }

  /** The status bar item of the extension, found by its accessible label. */
  activeKeyItem() {
    return this.statusBar.locator('.statusbar-item[aria-label^="Infinipost"]').first();
  }

  /** Waits for the workbench and for the extension to have activated (its status bar item appears). */
  async waitForExtension() {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
    await this.activeKeyItem().waitFor({ state: 'visible', timeout: 120_000 });
  }

  /** F1, type the command's title, Enter: as a person runs a command. */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    await this.quickInput.waitFor({ state: 'visible' });
    const box = this.quickInput.locator('.quick-input-box input');
    await waitUntil('the command palette to open with ">"', () => box.inputValue(), (v) => v.startsWith('>'));
    await this.page.keyboard.type(title);
    const wanted = title.toLowerCase();
    // A command's accessible label is its title, then ", <keybinding>" or ", similar commands".
    const isCommand = (label) => label.toLowerCase() === wanted || label.toLowerCase().startsWith(`${wanted},`);
    const labels = () => this.quickInput.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => (r.getAttribute('aria-label') ?? '').replace(/\u00a0/g, ' ')));
    await waitUntil(`the command palette to list "${title}"`, labels, (list) => list.some(isCommand));
    await this.pickItem('', isCommand);
  }

  /** Waits for a quick input (input box or quick pick) whose title contains `title`. */
  async waitForQuickInput(title) {
    const heading = this.quickInput.locator('.quick-input-title');
    await waitUntil(
      `an input titled "${title}"`,
      async () => ((await this.quickInput.isVisible()) ? plain(await heading.textContent()) : '(no quick input)'),
      (text) => text.includes(title),
    );
  }

  /** The text field of the visible quick input. */
  quickInputBox() {
    return this.quickInput.locator('.quick-input-box input');
  }

  /** Types into the input titled `title` and presses Enter; `paste` inserts at once, as pasting a key does. */
  async answerInput(title, text, { paste = false } = {}) {
    await this.waitForQuickInput(title);
    const box = this.quickInputBox();
    await waitUntil(
      `the input "${title}" to have keyboard focus`,
      () =>
        box.evaluate((el) => {
          const active = document.activeElement;
          return active === el || `focus is on ${active?.tagName}.${active?.className} "${(active?.getAttribute('aria-label') ?? active?.textContent ?? '').slice(0, 60)}"`;
        }),
      (focused) => focused === true,
      10_000,
    );
    if (paste) await this.page.keyboard.insertText(text);
    else await this.page.keyboard.type(text);
    await waitUntil(`the input "${title}" to hold what was typed`, () => box.inputValue(), (v) => v === text);
    // Validation runs in the extension host; Enter is ignored while a validation message shows.
    await waitUntil(
      `"${title}" to accept the value without a validation error`,
      async () => (await this.quickInput.locator('.quick-input-message').textContent()) ?? '',
      (message) => !/error|invalid|must|already/i.test(message),
    );
    await this.page.keyboard.press('Enter');
    await waitUntil(`the input "${title}" to close`, async () => (await this.quickInput.isVisible()) && plain(await this.quickInput.locator('.quick-input-title').textContent()), (t) => !t || !t.includes(title));
  }

  /**
   * In a quick pick titled `title`, moves with the arrow keys to the item whose accessible label
   * starts with `label` (or that `label(ariaLabel)` accepts), then presses Enter.
   */
  async pickItem(title, label, { filter } = {}) {
    await this.waitForQuickInput(title);
    if (filter) await this.page.keyboard.type(filter);
    const matches = typeof label === 'function' ? label : (ariaLabel) => ariaLabel.startsWith(label);
    const focused = this.quickInput.locator('.monaco-list-row.focused');
    for (let i = 0; i < 20; i++) {
      const current = plain(await focused.getAttribute('aria-label').catch(() => null));
      if (matches(current)) {
        await this.page.keyboard.press('Enter');
        return;
      }
      await this.page.keyboard.press('ArrowDown');
      await waitUntil('the quick pick focus to move', async () => plain(await focused.getAttribute('aria-label').catch(() => null)), (next) => next !== current, 5_000).catch(() => undefined);
    }
    const labels = await this.quickInput.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    throw new Error(`the quick pick "${title}" has no item "${label}"; items: ${JSON.stringify(labels)}`);
  }

  /** A notification toast whose message contains `text`. */
  notification(text) {
    return this.notifications.filter({ has: this.page.locator('.notification-list-item-message', { hasText: text }) }).first();
  }

  /** The messages of the visible notification toasts. */
  /** Waits for a modal dialog whose message contains `text` and clicks its button `button`, as a person does. */
  async answerDialog(text, button) {
    const dialog = this.page.locator('.monaco-dialog-box').filter({ hasText: text });
    await waitUntil(`a dialog saying "${text}"`, async () => ((await dialog.isVisible()) ? 'shown' : plain((await this.page.locator('.monaco-dialog-box').allTextContents()).join(' | ')) || '(no dialog)'), (v) => v === 'shown');
    await dialog.locator('.dialog-buttons .monaco-button').filter({ hasText: button }).first().click();
    await dialog.waitFor({ state: 'hidden' });
  }

  async notificationMessages() {
    return (await this.notifications.locator('.notification-list-item-message').allTextContents()).map(plain);
  }

  async waitForNotification(text) {
    const toast = this.notification(text);
    await waitUntil(
      `a notification saying "${text}"`,
      async () => ((await toast.isVisible()) ? 'shown' : await this.notificationMessages()),
      (v) => v === 'shown',
    );
    return toast;
  }

  /** The buttons of a notification toast, by their text. */
  async notificationButtons(toast) {
    return (await toast.locator('.monaco-button').allTextContents()).map((t) => plain(t).trim()).filter(Boolean);
  }

  /** Moves keyboard focus to the notification toast whose message contains `text` (F1, then the arrow keys). */
  async focusNotification(text) {
    await this.runCommand('Notifications: Focus Notification Toast');
    const focusedLabel = () => this.page.evaluate(() => (document.activeElement?.closest('.notifications-toasts') ? document.activeElement.getAttribute('aria-label') ?? '' : ''));
    const count = await this.notifications.count();
    for (let i = 0; i <= count; i++) {
      const label = await waitUntil('a notification toast to have keyboard focus', focusedLabel, (l) => l !== '');
      if (label.includes(text)) return;
      await this.page.keyboard.press('ArrowDown');
      await waitUntil('the focus to move to the next toast', focusedLabel, (l) => l !== label, 5_000).catch(() => undefined);
    }
    throw new Error(`no notification toast saying "${text}" could be focused; toasts: ${JSON.stringify(await this.notificationMessages())}`);
  }

  /** Waits until no notification toast is fading in or out, so a screenshot shows them whole. */
  async waitForToastsSettled() {
    await waitUntil(
      'the notification toasts to finish their animations',
      () =>
        this.page.evaluate(() =>
          [...document.querySelectorAll('.notifications-toasts .notification-toast-container, .notifications-toasts .notification-toast')].map(
            (el) => `${getComputedStyle(el).opacity}${el.getAnimations().length ? ' animating' : ''}`,
          ),
        ),
      (states) => states.every((state) => state === '1'),
    );
  }

  /** Closes every notification (Notifications: Clear All Notifications). */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
    await waitUntil('the notifications to close', () => this.notifications.count(), (n) => n === 0);
  }

  /** Rows of the Infinipost "API Keys" tree, by accessible label and visible text. */
  async keyTreeRows() {
    const rows = this.page.locator('.pane-body .monaco-list[aria-label*="API Keys"] .monaco-list-row');
    return rows.evaluateAll((elements) =>
      elements.map((row) => ({ label: row.getAttribute('aria-label') ?? '', text: (row.textContent ?? '').replace(/\u00a0/g, ' ') })),
    );
  }

  /** Opens the API Keys view from the keyboard (its generated "Focus on … View" command). */
  async showKeysView() {
    await this.runCommand('Infinipost: Focus on API Keys View');
    await this.page.locator('.pane-body .monaco-list[aria-label*="API Keys"], .pane-body .welcome-view-content').first().waitFor({ state: 'visible' });
  }

  /** Waits for a tree row that `match(row)` accepts and returns it. */
  async waitForKeyRow(what, match) {
    const rows = await waitUntil(`the API Keys view to show ${what}`, () => this.keyTreeRows(), (list) => list.some(match));
    return rows.find(match);
  }

  /** The accessible label of the status bar item, once `accept` holds for it. */
  async waitForStatusBar(what, accept) {
    const item = this.activeKeyItem();
    return waitUntil(
      `the status bar to show ${what}`,
      async () => ({ label: plain(await item.getAttribute('aria-label')), text: plain(await item.textContent()).trim() }),
      accept,
    );
  }

  /** Quick Open (Ctrl+P), type the file name, Enter; resolves once its editor tab is active. */
  async openFile(name) {
    await this.page.keyboard.press('Control+P');
    await this.quickInput.waitFor({ state: 'visible' });
    await this.page.keyboard.type(name);
    const row = this.quickInput.locator('.monaco-list-row.focused');
    await waitUntil(`Quick Open to offer ${name}`, async () => plain(await row.getAttribute('aria-label')), (label) => label.startsWith(name));
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible' });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
  }

  /** The rendered text of the active terminal (the DOM renderer: see `terminal.integrated.gpuAcceleration`). */
  async terminalText() {
    const rows = this.page.locator('.terminal-wrapper.active .xterm-rows');
    return plain(await rows.innerText());
  }

  /** Waits until the shell in the active terminal has printed its prompt. */
  async waitForTerminalPrompt() {
    await waitUntil('the shell prompt in the terminal', () => this.terminalText(), (text) => /[$#>%]$/.test(text.trim()));
  }

  /** The text of the visible lines of the active editor. */
  async editorText() {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
    const entries = await lines.evaluateAll((elements) =>
      elements.map((line) => ({ top: parseFloat(line.style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') })),
    );
    return entries.sort((a, b) => a.top - b.top).map((e) => e.text).join('\n');
  }
}

/**
 * "Infinipost: Add API Key" as a person does it: name, pasted key (masked input), environment.
 * Resolves once the extension confirms the key was stored.
 */
export async function addKeyThroughUi(vscode, { name, key, environment }) {
  await vscode.runCommand('Infinipost: Add API Key');
  await answerAddKeyInputs(vscode, { name, key, environment });
}

/** Answers the three Add API Key inputs, however the command was started (palette, button, link). */
export async function answerAddKeyInputs(vscode, { name, key, environment }) {
  await vscode.answerInput('Add API Key (1/3): Name', name);
  await vscode.waitForQuickInput('Add API Key (2/3): Key');
  const type = await vscode.quickInputBox().getAttribute('type');
  if (type !== 'password') throw new Error(`the key input is not masked (type="${type}")`);
  await vscode.answerInput('Add API Key (2/3): Key', key, { paste: true });
  await vscode.pickItem('Add API Key (3/3): Environment', environment);
  await vscode.waitForNotification(`Stored "${name}" (${masked(key)}) for ${environment}`);
}

/**
 * Fails when the full key is in the window's text (masked forms are fine). VS Code's own
 * screen-reader live region (`.monaco-aria-container`) is left out: it repeats the file's text at
 * the cursor, so after a fix it can still hold the key the file used to contain.
 */
export async function assertKeyNotShown(page, key, where = 'the window') {
  const places = await page.evaluate((secret) => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.includes(secret)) continue;
      const element = node.parentElement;
      if (element?.closest('.monaco-aria-container')) continue;
      const style = element && getComputedStyle(element);
      const box = element?.getBoundingClientRect();
      const path = [];
      for (let e = element; e && e !== document.body && path.length < 6; e = e.parentElement) path.push(e.className ? `${e.tagName}.${String(e.className).split(' ')[0]}` : e.tagName);
      found.push({ path: path.join(' < '), text: node.textContent.slice(0, 200), visible: Boolean(box && box.width > 2 && box.height > 2 && style.visibility !== 'hidden' && style.display !== 'none') });
    }
    return found;
  }, key);
  if (places.length) throw new Error(`the full key ${masked(key)} is in ${where}: ${JSON.stringify(places)}`);
}
