// Debug sessions run by js-debug (built into VS Code 1.100): the program gets the key, and nothing
// another extension can see (debug-protocol traffic, the session's configuration, the adapter's
// trace log) holds it. Each program writes the SHA-256 of its variable to a file; the test never
// handles the value itself.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { testKey } from '../support/testKeys';
import { activateExtension, removeAllKeys, run, waitFor } from './support/host';
import { assertNoKeyPiece, infinipostLogText, settleInjection, sha256 } from './support/security';

const VARIABLE = 'INFINIPOST_API_KEY';

interface DebugRun {
  hash: string;
  messages: unknown[];
  configurations: vscode.DebugConfiguration[];
}

/** Debugs a small node program with js-debug and collects what any extension could observe. */
async function debugProgram(name: string, extra: Record<string, unknown>, dir: string): Promise<DebugRun> {
  const program = path.join(dir, `${name}.js`);
  const out = path.join(dir, `${name}.hash`);
  fs.writeFileSync(
    program,
    `const v = process.env[${JSON.stringify(VARIABLE)}];\n` +
      `const hash = v === undefined ? 'unset' : require('crypto').createHash('sha256').update(v).digest('hex');\n` +
      `require('fs').writeFileSync(${JSON.stringify(out + '.tmp')}, hash);\n` +
      `require('fs').renameSync(${JSON.stringify(out + '.tmp')}, ${JSON.stringify(out)});\n`,
  );
  const messages: unknown[] = [];
  const configurations: vscode.DebugConfiguration[] = [];
  const ended = new Set<string>();
  const started = new Set<string>();
  const disposables = [
    vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: () => ({
        onWillReceiveMessage: (message) => messages.push(message),
        onDidSendMessage: (message) => messages.push(message),
      }),
    }),
    vscode.debug.onDidStartDebugSession((session) => {
      started.add(session.id);
      configurations.push(session.configuration);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => ended.add(session.id)),
  ];
  try {
    const folder = vscode.workspace.workspaceFolders![0];
    const ok = await vscode.debug.startDebugging(folder, { type: 'node', request: 'launch', name, program, cwd: dir, ...extra });
    assert.ok(ok, `js-debug did not start "${name}"`);
    const hash = await waitFor(() => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').trim() : undefined), `the debugged program "${name}" to report ${VARIABLE}`, 60_000);
    await waitFor(() => started.size > 0 && [...started].every((id) => ended.has(id)), `the debug sessions of "${name}" to end`, 60_000);
    return { hash, messages, configurations };
  } finally {
    disposables.forEach((d) => d.dispose());
    // VS Code reuses a free debug terminal for the next session, with the environment it started with.
    vscode.window.terminals.filter((t) => t.name.includes(name)).forEach((t) => t.dispose());
  }
}

describe('debug injection with js-debug', () => {
  let dir: string;
  before(activateExtension);
  beforeEach(async () => {
    await removeAllKeys();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-debug-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(removeAllKeys);

  it('gives a program debugged in the integrated terminal the key, through the terminal only', async () => {
    const key = testKey();
    await run('infinipost.addKey', { name: 'Dev', key });
    await settleInjection();
    const result = await debugProgram('infinipost-integrated', { console: 'integratedTerminal' }, dir);
    assert.strictEqual(result.hash, sha256(key), 'the program in the integrated terminal has the key');
    // js-debug asked VS Code to start the program in a terminal: the path where env is typed into the shell.
    assert.ok(
      result.messages.some((m) => (m as { command?: string }).command === 'runInTerminal'),
      'js-debug sent a runInTerminal request',
    );
    assertNoKeyPiece(result.messages, key, 'the debug-protocol messages a tracker sees');
    assertNoKeyPiece(result.configurations, key, 'the debug session configurations');
  });

  it('adds the key for a program js-debug starts itself (internalConsole)', async () => {
    const key = testKey();
    await run('infinipost.addKey', { name: 'Dev', key });
    await settleInjection();
    const result = await debugProgram('infinipost-internal', { console: 'internalConsole' }, dir);
    assert.strictEqual(result.hash, sha256(key));
    assert.ok(!result.messages.some((m) => (m as { command?: string }).command === 'runInTerminal'), 'no terminal was involved');
  });

  it('refuses to add the key when the configuration turns on adapter tracing, so the trace log holds none', async () => {
    const key = testKey();
    await run('infinipost.addKey', { name: 'Dev', key });
    await settleInjection();
    const logFile = path.join(dir, 'js-debug-trace.json');
    const result = await debugProgram('infinipost-traced', { console: 'internalConsole', trace: { logFile } }, dir);
    assert.strictEqual(result.hash, 'unset', 'the key was not added to a traced configuration');
    assert.ok(fs.existsSync(logFile) && fs.statSync(logFile).size > 0, 'js-debug wrote its trace log');
    assertNoKeyPiece(fs.readFileSync(logFile, 'utf8'), key, "js-debug's trace log");
    assertNoKeyPiece(result.messages, key, 'the debug-protocol messages a tracker sees');
    // The person is told why (a notification once per session; the same line in the log, checked here).
    await waitFor(
      () => infinipostLogText().includes('"infinipost-traced": its "trace" setting turns on debug adapter logging'),
      'the refusal to be explained in the Infinipost log',
    );
  });
});
