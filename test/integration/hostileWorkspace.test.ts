// Issue #9, part 2: a repository's .vscode/settings.json is written by whoever wrote the
// repository. Settings that steer a key (where it is sent, what variable carries it), hide files
// from the scan, or hold absurd values must be refused or ignored, and the user told where it matters.
//
// Restricted Mode: the main pass runs with --disable-workspace-trust, so the workspace is trusted
// and trust cannot be withdrawn in-process (there is no API for it). The tests under "in Restricted
// Mode" run in the runner's second pass, a host started without that flag (the workspace then opens
// restricted because the trust dialog is refused in tests).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ApiSimulator, startApiSimulator } from '../simulator/apiSimulator';
import { liveKey, testKey } from '../support/testKeys';
import { closeAllEditors, keyDiagnostics, makeWorkspaceDir, removeDir, waitForDiagnostics, writeFile } from './support/detectionFixtures';
import { activateExtension, onlyInRestrictedMode, removeAllKeys, run, waitFor } from './support/host';
import { infinipostLogText, setUserSettings, settleInjection, sha256, variableHashInNewTerminal } from './support/security';

interface ScanResult {
  filesScanned: number;
  findings: Array<{ file: string; line: number; maskedKey: string }>;
  [other: string]: unknown;
}

const KEY_VARIABLE = 'INFINIPOST_API_KEY';
const SETTINGS_TIMEOUT_MS = 90_000;
let markerValue = 2;

function workspaceFolder(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

function settingsFile(): string {
  return path.join(workspaceFolder(), '.vscode', 'settings.json');
}

/**
 * Writes the workspace's .vscode/settings.json and waits until VS Code has read it: a marker
 * setting (`editor.tabSize`, a fresh value each time) shows up as a workspace value.
 */
async function writeWorkspaceSettings(values: Record<string, unknown> | string): Promise<void> {
  const marker = (markerValue = (markerValue % 7) + 2);
  const text = typeof values === 'string' ? values.replace('{', `{"editor.tabSize": ${marker},`) : JSON.stringify({ 'editor.tabSize': marker, ...values }, null, 1);
  fs.mkdirSync(path.dirname(settingsFile()), { recursive: true });
  fs.writeFileSync(settingsFile(), text);
  // Generous: one test writes a settings file of about 8 MB, which the workbench parses and hands to the extension host.
  await waitFor(() => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === marker, 'VS Code to read .vscode/settings.json', SETTINGS_TIMEOUT_MS);
}

async function removeWorkspaceSettings(): Promise<void> {
  if (!fs.existsSync(settingsFile())) return;
  // The file only: VS Code watches the .vscode folder, and a search or git may have started in it.
  fs.rmSync(settingsFile(), { force: true });
  await waitFor(() => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === undefined, 'VS Code to drop the workspace settings', SETTINGS_TIMEOUT_MS);
}

describe('hostile workspace settings', function () {
  this.timeout(300_000);
  let dir: string | undefined;
  let api: ApiSimulator;
  let restoreUser: (() => Promise<void>) | undefined;

  before(async () => {
    const hooks = await activateExtension();
    api = await startApiSimulator({});
    restoreUser = await setUserSettings('infinipost', { apiBaseUrl: api.url, 'api.timeoutSeconds': 2 });
    await hooks.approveApiOrigin(api.url);
  });
  beforeEach(removeAllKeys);
  afterEach(async () => {
    await closeAllEditors();
    await removeWorkspaceSettings();
    await removeDir(dir);
    dir = undefined;
    await removeAllKeys();
  });
  after(async () => {
    await restoreUser?.();
    await api?.close();
  });

  describe('where the key is sent', () => {
    it('ignores an API base URL and timeout from the workspace and sends the key only to the user\'s URL', async () => {
      const attacker = await startApiSimulator({});
      try {
        await writeWorkspaceSettings({ 'infinipost.apiBaseUrl': attacker.url, 'infinipost.api.timeoutSeconds': 1e12 });
        const key = testKey();
        api.setKey(key, { kind: 'valid', accounts: 1 });
        await run('infinipost.addKey', { name: 'Dev', key });
        const before = api.requests.length;
        const result = await run<{ status: string }>('infinipost.testKey', { name: 'Dev' });
        assert.strictEqual(result.status, 'valid');
        assert.strictEqual(api.requests.length, before + 1, 'the user\'s API got the check');
        assert.strictEqual(attacker.requests.length, 0, 'the workspace-chosen server never sees a request');
      } finally {
        await attacker.close();
      }
    });

    it('tells the user that the workspace tried to change where keys are sent', async () => {
      // VS Code 1.100 drops workspace values of application-scoped settings before extensions see
      // them (inspect() has no workspaceValue), so saying so takes reading .vscode/settings.json.
      await writeWorkspaceSettings({ 'infinipost.apiBaseUrl': 'https://collector.example.invalid' });
      const key = testKey();
      api.setKey(key, { kind: 'valid', accounts: 1 });
      await run('infinipost.addKey', { name: 'Dev', key });
      await run('infinipost.testKey', { name: 'Dev' });
      await waitFor(
        () => infinipostLogText().split('\n').some((line) => line.includes('infinipost.apiBaseUrl') && /workspace/i.test(line)),
        'a log line saying the workspace\'s infinipost.apiBaseUrl was ignored',
        20_000,
      );
    });
  });

  describe('which variable carries the key', () => {
    for (const name of ['PATH', 'LD_PRELOAD', 'NODE_OPTIONS']) {
      it(`never puts the key into ${name} from a workspace setting`, async () => {
        const key = testKey();
        await run('infinipost.addKey', { name: 'Dev', key });
        await settleInjection();
        const baseline = await variableHashInNewTerminal(name);
        await writeWorkspaceSettings({ 'infinipost.environmentVariable': name });
        await settleInjection();
        const seen = await variableHashInNewTerminal(name);
        assert.notStrictEqual(seen, sha256(key), `${name} must never carry the key`);
        assert.strictEqual(seen, baseline, `${name} is left as it was`);
        assert.strictEqual(await variableHashInNewTerminal(KEY_VARIABLE), sha256(key), `the key still arrives as ${KEY_VARIABLE}`);
      });
    }

    it('refuses those names from the user\'s own settings too, keeping the default', async () => {
      const key = testKey();
      await run('infinipost.addKey', { name: 'Dev', key });
      const restore = await setUserSettings('infinipost', { environmentVariable: 'PATH' });
      try {
        await settleInjection();
        assert.notStrictEqual(await variableHashInNewTerminal('PATH'), sha256(key));
        assert.strictEqual(await variableHashInNewTerminal(KEY_VARIABLE), sha256(key));
      } finally {
        await restore();
      }
    });

    it('tells the user that the workspace tried to choose the variable name', async () => {
      await run('infinipost.addKey', { name: 'Dev', key: testKey() });
      await writeWorkspaceSettings({ 'infinipost.environmentVariable': 'LD_PRELOAD' });
      await settleInjection();
      await waitFor(
        () => infinipostLogText().split('\n').some((line) => line.includes('infinipost.environmentVariable') && /workspace/i.test(line)),
        'a log line saying the workspace\'s infinipost.environmentVariable was ignored',
        20_000,
      );
    });
  });

  describe('commands a workspace runs for you', () => {
    const tasksFile = () => path.join(workspaceFolder(), '.vscode', 'tasks.json');
    afterEach(() => fs.rmSync(tasksFile(), { force: true }));

    it('cannot remove a key through a task\'s command input without the user confirming in a dialog', async () => {
      const hooks = await activateExtension();
      const key = testKey();
      await run('infinipost.addKey', { name: 'Dev', key });
      // A repository's tasks.json: running the task first runs the input's command with its arguments.
      fs.mkdirSync(path.dirname(tasksFile()), { recursive: true });
      fs.writeFileSync(tasksFile(), JSON.stringify({
        version: '2.0.0',
        tasks: [{ label: 'infinipost-hostile-build', type: 'shell', command: 'echo ${input:cleanup}' }],
        inputs: [{ id: 'cleanup', type: 'command', command: 'infinipost.removeKey', args: { name: 'Dev' } }],
      }));
      const task = await waitFor(async () => (await vscode.tasks.fetchTasks()).find((t) => t.name === 'infinipost-hostile-build'), 'VS Code to read .vscode/tasks.json', 20_000);
      const asked = hooks.modalsAsked().length;
      await Promise.resolve(vscode.tasks.executeTask(task)).catch(() => undefined);
      await waitFor(() => hooks.modalsAsked().slice(asked).some((q) => q.message.startsWith('A script or another extension asks to remove a key.')), 'the removal to ask the user in a dialog', 20_000);
      assert.deepStrictEqual((await run<{ keys: Array<{ name: string }> }>('infinipost.refreshKeys')).keys.map((k) => k.name), ['Dev'], 'the task removed the key without the user');
      for (const execution of vscode.tasks.taskExecutions) execution.terminate();
    });
  });

  describe('files hidden from the scan', () => {
    it('does not silently skip files that the workspace\'s exclude settings hide ("**": true)', async () => {
      dir = makeWorkspaceDir('hostile-exclude');
      const key = liveKey();
      const file = writeFile(path.join(dir, 'config.js'), `module.exports = { key: "${key}" };\n`);
      await writeWorkspaceSettings({ 'files.exclude': { '**': true }, 'search.exclude': { '**': true } });
      const result = await run<ScanResult>('infinipost.scanWorkspace');
      const rel = vscode.workspace.asRelativePath(file);
      const found = result.findings.some((finding) => finding.file === rel);
      const said = /exclude/i.test(JSON.stringify({ ...result, findings: undefined })) || /exclude/i.test(infinipostLogText());
      assert.ok(found || said, `the scan found ${result.findings.length} keys in ${result.filesScanned} files and said nothing about the exclude settings`);
    });

    it('still flags a key in a file the user opens, whatever the exclude settings', async () => {
      dir = makeWorkspaceDir('hostile-exclude-open');
      const key = liveKey();
      const file = writeFile(path.join(dir, 'config.js'), `module.exports = { key: "${key}" };\n`);
      await writeWorkspaceSettings({ 'files.exclude': { '**': true }, 'search.exclude': { '**': true } });
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await waitForDiagnostics(file, 1, 'the key in the opened file');
    });
  });

  describe('absurd values', () => {
    it('keeps detecting with 100,000 allow-list entries and megabyte-long strings in the workspace', async () => {
      const allowed = testKey();
      const flagged = liveKey();
      const entries = [allowed.slice(8)];
      for (let i = 0; i < 100_000; i++) entries.push(`entry-${i}-${'x'.repeat(24)}`);
      for (let i = 0; i < 5; i++) entries.push('y'.repeat(1024 * 1024));
      await writeWorkspaceSettings({ 'infinipost.diagnostics.allow': entries, 'infinipost.diagnostics.liveKeySeverity': 'Banana' });
      dir = makeWorkspaceDir('hostile-allow');
      const file = writeFile(path.join(dir, 'keys.py'), `a = "${allowed}"\nb = "${flagged}"\n`);
      // No wall-clock bound here (speed is the benchmark's job, and CI may be busy): the waits' own
      // deadlines catch a stall such as the old per-path glob blow-up.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const [only] = await waitForDiagnostics(file, 1, 'only the key that is not allowed');
      assert.strictEqual(only.range.start.line, 1);
      assert.strictEqual(only.severity, vscode.DiagnosticSeverity.Warning, 'an unknown severity falls back to the default');
      // Typing is still linted.
      const editor = vscode.window.activeTextEditor!;
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), `c = "${liveKey()}"\n`)));
      await waitForDiagnostics(file, 2, 'the key typed in');
    });

    it('copes with allow lists and severities of the wrong type', async () => {
      await writeWorkspaceSettings({ 'infinipost.diagnostics.allow': { not: 'a list' }, 'infinipost.diagnostics.testKeySeverity': 42 });
      dir = makeWorkspaceDir('hostile-types');
      const file = writeFile(path.join(dir, 'k.rb'), `k = "${testKey()}"\n`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const [diagnostic] = await waitForDiagnostics(file, 1, 'the key');
      assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Information);
    });

    it('clamps absurd numbers in user settings: timeout, file size limit, reminder days', async () => {
      const key = testKey();
      api.setKey(key, { kind: 'valid', accounts: 1 });
      await run('infinipost.addKey', { name: 'Dev', key });
      dir = makeWorkspaceDir('hostile-numbers');
      const small = writeFile(path.join(dir, 'small.js'), `k = "${liveKey()}"\n`);
      // A timeout beyond what timers can hold must not turn into an immediate one.
      let restore = await setUserSettings('infinipost', { 'api.timeoutSeconds': 1e12, 'rotation.reminderDays': 1e12, 'scan.maxFileSizeKB': -5 });
      try {
        assert.strictEqual((await run<{ status: string }>('infinipost.testKey', { name: 'Dev' })).status, 'valid');
        const scan = await run<ScanResult>('infinipost.scanWorkspace');
        assert.ok(scan.findings.some((finding) => finding.file === vscode.workspace.asRelativePath(small)), 'a small file is still scanned');
      } finally {
        await restore();
      }
      // A negative timeout becomes a short one, not an endless wait.
      restore = await setUserSettings('infinipost', { 'api.timeoutSeconds': -1 });
      try {
        api.setKey(key, { kind: 'hang' });
        const result = await run<{ status: string; message: string }>('infinipost.testKey', { name: 'Dev' });
        assert.strictEqual(result.status, 'timeout');
        // Clamped to the 1 s minimum: neither endless nor the 10 s default.
        assert.match(result.message, /did not answer within 1 second\b/);
      } finally {
        await restore();
      }
      assert.deepStrictEqual(keyDiagnostics(small).length, 1);
    });

    it('survives a settings file that is not valid JSON', async () => {
      await writeWorkspaceSettings('{ "infinipost.diagnostics.allow": ["a", , ], "infinipost.apiBaseUrl": ');
      dir = makeWorkspaceDir('hostile-broken');
      const file = writeFile(path.join(dir, 'k.go'), `package main\n\nconst k = "${testKey()}"\n`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await waitForDiagnostics(file, 1, 'the key');
      assert.ok(Array.isArray((await run<{ keys: unknown[] }>('infinipost.refreshKeys')).keys));
    });
  });

  describe('in Restricted Mode', () => {
    before(onlyInRestrictedMode);

    it('injects no key into terminals', async () => {
      const key = testKey();
      await run('infinipost.addKey', { name: 'Dev', key });
      await settleInjection();
      assert.strictEqual(await variableHashInNewTerminal(KEY_VARIABLE), 'unset');
    });

    it('ignores the workspace allow list, and still flags keys', async () => {
      const key = liveKey();
      await writeWorkspaceSettings({ 'infinipost.diagnostics.allow': [key] });
      dir = makeWorkspaceDir('restricted-allow');
      const file = writeFile(path.join(dir, 'k.js'), `k = "${key}"\n`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await waitForDiagnostics(file, 1, 'the key, although the workspace allows it');
    });

    it('sends nothing over the network because of workspace content', async () => {
      dir = makeWorkspaceDir('restricted-network');
      const file = writeFile(path.join(dir, 'k.js'), `k = "${liveKey()}"\n`);
      const before = api.requests.length;
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await waitForDiagnostics(file, 1, 'the key');
      await run('infinipost.scanWorkspace');
      await new Promise((r) => setTimeout(r, 1000));
      assert.strictEqual(api.requests.length, before);
    });
  });
});
