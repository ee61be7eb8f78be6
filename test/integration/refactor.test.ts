import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { ApiSimulator, startApiSimulator } from '../simulator/apiSimulator';
import { liveKey, testKey } from '../support/testKeys';
import { activateExtension, assertNoKeyMaterial, confirmed, jsEnvRead, listKeys, removeAllKeys, run, waitFor } from './support/host';
import { watchNotifications } from './support/notifications';
import { settleInjection, sha256, variableHashInNewTerminal } from './support/security';

const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

async function openWithKeyDiagnostics(file: string, content: string, count = 1): Promise<{ document: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  const diagnostics = await waitFor(() => {
    const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Infinipost' && String(typeof d.code === 'object' ? d.code.value : d.code).includes('hardcoded-'));
    return found.length === count ? found : undefined;
  }, `${count} key diagnostic(s) in ${path.basename(file)}`);
  return { document, diagnostics };
}

/** Infinipost's code actions at a range (language servers add their own, e.g. TypeScript's "Extract to constant"). */
async function actionsAt(document: vscode.TextDocument, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, kind)) ?? [];
  return actions.filter((a) => a.command?.command.startsWith('infinipost.') || a.diagnostics?.some((d) => d.source === 'Infinipost') || a.kind?.value.startsWith('source.fixAll.infinipost'));
}

/** Applies a code action the way the lightbulb does: its edit, then its command. */
async function apply(action: vscode.CodeAction): Promise<unknown> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit));
  if (action.command) return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return undefined;
}

/** Runs a shell command in a real integrated terminal and returns what it wrote to its result file. */
async function runInTerminal(command: (resultFile: string) => string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-run-'));
  const result = path.join(dir, 'result');
  const terminal = vscode.window.createTerminal({ name: 'infinipost-refactor-test', cwd: folder(), shellPath: '/bin/sh', shellArgs: ['-c', command(result)] });
  try {
    return await waitFor(() => (fs.existsSync(result) ? fs.readFileSync(result, 'utf8') : undefined), 'the program to finish', 60_000);
  } finally {
    terminal.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The JavaScript read fails loudly when the variable is unset (and types as `string` under strict).
const JS_READ = jsEnvRead();

describe('one-click refactor', () => {
  let api: ApiSimulator;
  const created: string[] = [];

  before(async () => {
    await activateExtension();
    api = await startApiSimulator({});
    await vscode.workspace.getConfiguration('infinipost').update('apiBaseUrl', api.url, vscode.ConfigurationTarget.Global);
  });
  beforeEach(removeAllKeys);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of created.splice(0)) fs.rmSync(file, { force: true, recursive: true });
  });
  after(async () => {
    await removeAllKeys();
    await vscode.workspace.getConfiguration('infinipost').update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.close();
  });

  it('moves a key into the vault, rewrites the code, and the program still works in a new terminal', async function () {
    // The first code-action request in a JavaScript file waits for the TypeScript server to start.
    this.timeout(180_000);
    const key = testKey();
    api.setKey(key, { kind: 'valid', accounts: 4 });
    const file = path.join(folder(), 'listAccounts.js');
    created.push(file);
    const program = [
      `const apiKey = '${key}';`,
      `fetch(process.argv[2] + '/v1/accounts', { headers: { Authorization: 'Bearer ' + apiKey } })`,
      `  .then(async (res) => require('fs').writeFileSync(process.argv[3], res.status + ' ' + (await res.json()).data.length));`,
      '',
    ].join('\n');
    const { document, diagnostics } = await openWithKeyDiagnostics(file, program);
    console.log('      · diagnostic shown');
    const preferred = (await actionsAt(document, diagnostics[0].range)).filter((a) => a.isPreferred);
    console.log('      · code actions received');
    assert.strictEqual(preferred.length, 1, preferred.map((a) => a.title).join(' | '));
    assert.strictEqual(preferred[0].title, 'Move key to Infinipost vault and use process.env.INFINIPOST_API_KEY');
    assertNoKeyMaterial({ title: preferred[0].title, command: preferred[0].command }, key);

    const result = await apply(preferred[0]);
    console.log('      · fix applied');
    assertNoKeyMaterial(result, key);
    assert.strictEqual(document.getText(), program.replace(`'${key}'`, JS_READ));
    await document.save();
    const keys = await listKeys();
    // Named after its environment, not after the file it came from.
    assert.deepStrictEqual(keys.map((k) => [k.name, k.environment, k.maskedKey, k.active]), [['Development', 'Development', `sk_test_…${key.slice(-4)}`, true]]);
    // One undo step brings the literal back (the key stays safely in the vault).
    await vscode.commands.executeCommand('undo');
    assert.ok(document.getText().includes(key));
    await vscode.commands.executeCommand('redo');
    assert.ok(!document.getText().includes(key));
    await document.save();

    const outcome = await runInTerminal((out) => `node listAccounts.js '${api.url}' '${out}'`);
    assert.strictEqual(outcome, '200 4', 'the fixed program authenticates with the key from the environment');
  });

  describe('the move notification', () => {
    const LIVE_QUESTION = /is a live key: give it to new terminals/;

    it('a live key the move makes active is named "Production", and its terminal question is asked once, in the one notification', async () => {
      const key = liveKey();
      const file = path.join(folder(), 'billing.py');
      created.push(file);
      // The person answers the question in the notification with "Allow in This Workspace".
      const notifications = watchNotifications((_message, items) => (items.includes('Allow in This Workspace') ? 'Allow in This Workspace' : undefined));
      try {
        const { document, diagnostics } = await openWithKeyDiagnostics(file, `import requests

KEY = "${key}"
`);
        const preferred = (await actionsAt(document, diagnostics[0].range)).find((a) => a.isPreferred)!;
        const result = (await apply(preferred)) as { stored: Array<{ name: string; environment: string; alreadyStored: boolean }> };
        assert.deepStrictEqual(result.stored.map((s) => [s.name, s.environment, s.alreadyStored]), [['Production', 'Production', false]]);
        const [stored] = await waitFor(() => {
          const found = notifications.shown.filter((n) => n.message.startsWith('Stored '));
          return found.length > 0 ? found : undefined;
        }, 'the move notification');
        assert.match(stored.message, /^Stored "Production" \(sk_live_…\w{4}\) in the Infinipost vault\. billing\.py now reads INFINIPOST_API_KEY\./);
        assert.match(stored.message, /"Production" is a live key: give it to new terminals and debug sessions in this workspace\? Every program started there can read it\.$/);
        assert.doesNotMatch(stored.message, /New terminals receive the active key/, 'a live key waiting for consent is not in terminals yet');
        assert.deepStrictEqual(stored.items, ['Allow in This Workspace', 'Rename…']);
        // The person's "Allow" reached terminal injection: a new terminal has the key.
        await settleInjection();
        assert.strictEqual(await variableHashInNewTerminal('INFINIPOST_API_KEY'), sha256(key));
        // One notification, one decision: the injection did not ask the same question in a second one.
        const asking = notifications.shown.filter((n) => n.message.includes('is a live key: give it to new terminals') || n.message.includes('is a live key. Give it to new terminals'));
        assert.deepStrictEqual(asking.map((n) => n.message), [stored.message]);
        assertNoKeyMaterial(notifications.shown, key);
      } finally {
        notifications.dispose();
      }
    });

    it('a second key of the same environment gets a unique name, Rename and Show Keys, and no terminal question', async () => {
      const first = liveKey();
      await run('infinipost.addKey', { name: 'Production', key: first, environment: 'Production' });
      const key = liveKey();
      const file = path.join(folder(), 'payments.py');
      created.push(file);
      const notifications = watchNotifications();
      try {
        const { document, diagnostics } = await openWithKeyDiagnostics(file, `KEY = "${key}"
`);
        const preferred = (await actionsAt(document, diagnostics[0].range)).find((a) => a.isPreferred)!;
        const result = (await apply(preferred)) as { stored: Array<{ name: string; alreadyStored: boolean }> };
        assert.deepStrictEqual(result.stored.map((s) => [s.name, s.alreadyStored]), [['Production #2', false]]);
        const keys = await listKeys();
        assert.deepStrictEqual(keys.map((k) => [k.name, k.active]).sort(), [['Production', true], ['Production #2', false]].sort());
        const stored = await waitFor(() => notifications.shown.find((n) => n.message.startsWith('Stored ')), 'the move notification');
        assert.match(stored.message, /^Stored "Production #2" \(sk_live_…\w{4}\)/);
        assert.doesNotMatch(stored.message, LIVE_QUESTION, 'the moved key did not become active: there is nothing to allow');
        assert.deepStrictEqual(stored.items, ['Rename…', 'Show Keys']);
        assertNoKeyMaterial(notifications.shown, key);
        assertNoKeyMaterial(notifications.shown, first);
      } finally {
        notifications.dispose();
      }
    });
  });

  it('reuses a key that is already stored and adds `import os` in Python', async () => {
    const key = liveKey();
    await run('infinipost.addKey', { name: 'Prod', key, environment: 'Production' });
    const file = path.join(folder(), 'client.py');
    created.push(file);
    const { document, diagnostics } = await openWithKeyDiagnostics(file, `import json\n\nheaders = {"Authorization": f"Bearer ${key}"}\nprint(json.dumps(headers))\n`);
    const preferred = (await actionsAt(document, diagnostics[0].range)).find((a) => a.isPreferred)!;
    assert.strictEqual(preferred.title, 'Move key to Infinipost vault and use os.environ["INFINIPOST_API_KEY"]');
    const result = (await apply(preferred)) as { stored: Array<{ alreadyStored: boolean; name: string }> };
    assert.deepStrictEqual(result.stored.map((s) => [s.name, s.alreadyStored]), [['Prod', true]]);
    const text = document.getText();
    assert.ok(text.startsWith('import os\n') || text.includes('\nimport os\n'), text);
    assert.ok(text.includes('os.environ["INFINIPOST_API_KEY"]') || text.includes("os.environ['INFINIPOST_API_KEY']"), text);
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
    assert.strictEqual((await listKeys()).length, 1);
  });

  it('source.fixAll.infinipost (editor.codeActionsOnSave) stores nothing: it only replaces copies of the active key, as a plain edit', async () => {
    const [a, b] = [testKey(), testKey()];
    const file = path.join(folder(), 'twoKeys.ts');
    created.push(file);
    const { document } = await openWithKeyDiagnostics(file, `export const a = "${a}";\nexport const b = \`Bearer ${b}\`;\nexport const c = "${a}";\n`, 3);
    assert.deepStrictEqual(await actionsAt(document, new vscode.Range(0, 0, 0, 0), 'source.fixAll.infinipost'), [], 'nothing is offered before a key is in the vault');
    await run('infinipost.addKey', { name: 'Dev', key: a });
    const fixAll = await actionsAt(document, new vscode.Range(0, 0, 0, 0), 'source.fixAll.infinipost');
    assert.strictEqual(fixAll.length, 1);
    assert.strictEqual(fixAll[0].command, undefined, 'no command: nothing is stored, nothing made active');
    await apply(fixAll[0]);
    assert.strictEqual(document.getText(), `export const a = ${JS_READ};\nexport const b = \`Bearer ${b}\`;\nexport const c = ${JS_READ};\n`);
    assert.deepStrictEqual((await listKeys()).map((key) => [key.name, key.active]), [['Dev', true]]);
    // The edit left the document dirty with a key in it: drop it, so later tests see no stray key.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('moves a key in a config file to a git-ignored .env and references the variable', async () => {
    const key = testKey();
    const file = path.join(folder(), 'service.yaml');
    created.push(file, path.join(folder(), '.env'), path.join(folder(), '.env.example'), path.join(folder(), '.gitignore'));
    const { document, diagnostics } = await openWithKeyDiagnostics(file, `service:\n  api_key: ${key}\n`);
    const actions = await actionsAt(document, diagnostics[0].range);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.deepStrictEqual(preferred.map((a) => a.title), ['Move key to .env and reference ${INFINIPOST_API_KEY}']);
    const result = await apply(preferred[0]);
    assertNoKeyMaterial(result, key);
    assert.ok(!document.getText().includes(key));
    assert.ok(document.getText().includes('${INFINIPOST_API_KEY}'));
    assert.match(fs.readFileSync(path.join(folder(), '.env'), 'utf8'), new RegExp(`^INFINIPOST_API_KEY=.?${key}.?$`, 'm'));
    assert.match(fs.readFileSync(path.join(folder(), '.gitignore'), 'utf8'), /^\.env$/m);
    const example = fs.readFileSync(path.join(folder(), '.env.example'), 'utf8');
    assert.match(example, /^INFINIPOST_API_KEY=$/m);
    assertNoKeyMaterial(example, key);
  });

  it('moves every hard-coded key in the workspace in one edit', async () => {
    const [a, b] = [testKey(), testKey()];
    const one = path.join(folder(), 'one.js');
    const two = path.join(folder(), 'two.go');
    created.push(one, two);
    fs.writeFileSync(one, `module.exports = { key: '${a}' };\n`);
    fs.writeFileSync(two, `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("${b}") }\n`);
    await run('infinipost.scanWorkspace');
    const result = await confirmed<{ files: number; keys: number; skipped: Array<{ file: string; reason: string }> }>('infinipost.fixAllInWorkspace', {});
    // Documents earlier suites opened may outlive their deleted files; those are skipped by name, and nothing else is.
    const others = result.skipped.filter((s) => !s.reason.startsWith('deleted on disk'));
    assert.deepStrictEqual([result.files, result.keys, others], [2, 2, []]);
    assert.strictEqual(fs.readFileSync(one, 'utf8'), `module.exports = { key: ${JS_READ} };\n`);
    const go = fs.readFileSync(two, 'utf8');
    assert.ok(go.includes('os.LookupEnv("INFINIPOST_API_KEY")') && go.includes('"os"'), go);
    assert.strictEqual((await listKeys()).length, 2);
  });
  it('leaves alone a file deleted on disk that an editor still holds, and says so', async () => {
    const key = testKey();
    const gone = path.join(folder(), 'gone.js');
    const { document } = await openWithKeyDiagnostics(gone, `module.exports = { key: '${key}' };\n`);
    fs.rmSync(gone);
    const result = await confirmed<{ files: number; keys: number; skipped: Array<{ file: string; reason: string }> }>('infinipost.fixAllInWorkspace', {});
    assert.deepStrictEqual(
      result.skipped.filter((s) => s.file === 'gone.js'),
      [{ file: 'gone.js', reason: 'deleted on disk (only an editor still holds it): not changed' }],
    );
    assert.ok(!fs.existsSync(gone), 'the file was not brought back');
    assert.ok(document.getText().includes(key), 'the held text was not edited');
    assert.strictEqual((await listKeys()).length, 0, 'no key stored for a file that was not changed');
  });
  it('treats a key passed to Stripe as a Stripe key: no vault, the .env fix reads STRIPE_SECRET_KEY', async () => {
    const key = testKey();
    const file = path.join(folder(), 'billing.js');
    created.push(file, path.join(folder(), '.env'), path.join(folder(), '.env.example'), path.join(folder(), '.gitignore'));
    const { document, diagnostics } = await openWithKeyDiagnostics(file, `const stripe = require('stripe')('${key}');\nmodule.exports = stripe;\n`);
    assert.match(diagnostics[0].message, /looks like a Stripe key, not an Infinipost one/);
    assertNoKeyMaterial(diagnostics[0].message, key);
    const actions = await actionsAt(document, diagnostics[0].range);
    // The vault fix is at most offered disabled (with the Stripe reason); never as an action that runs.
    const vault = actions.filter((a) => a.title.startsWith('Move key to Infinipost vault'));
    assert.ok(vault.every((a) => a.disabled?.reason.includes('Stripe')), vault.map((a) => a.title).join(' | '));
    const preferred = actions.filter((a) => a.isPreferred && !a.disabled);
    assert.deepStrictEqual(preferred.map((a) => a.title), ['Move key to .env and read STRIPE_SECRET_KEY']);
    await apply(preferred[0]);
    assert.ok(document.getText().includes("require('stripe')((process.env.STRIPE_SECRET_KEY ?? "), document.getText());
    assert.match(fs.readFileSync(path.join(folder(), '.env'), 'utf8'), new RegExp(`^STRIPE_SECRET_KEY=.?${key}.?$`, 'm'));
    assert.strictEqual((await listKeys()).length, 0, 'nothing went into the Infinipost vault');
  });

  it('stores both keys of `isProd ? live : test` under their environments and fixes the rest of the file around a refused key', async () => {
    const [live, test, other] = [liveKey(), testKey(), testKey()];
    const file = path.join(folder(), 'pick.ts');
    created.push(file);
    const content = `const isProd = process.argv.includes('--prod');\nexport const key = isProd ? '${live}' : '${test}';\nexport type Mode = '${other}' | 'none';\n`;
    const { document } = await openWithKeyDiagnostics(file, content, 3);
    const result = await run<{ replaced: number; stored: Array<{ environment: string }>; skipped: Array<{ line: number; reason: string }> }>(
      'infinipost.moveKeyToVault',
      { uri: document.uri.toString(), all: true },
    );
    assert.strictEqual(result.replaced, 2);
    assert.deepStrictEqual(result.stored.map((s) => s.environment).sort(), ['Development', 'Production'].sort());
    assert.deepStrictEqual(result.skipped, [{ line: 3, reason: 'the literal is a type (a literal type or a union of them), not a value' }]);
    assert.strictEqual(document.getText(), content.replace(`'${live}'`, JS_READ).replace(`'${test}'`, JS_READ));
    assert.strictEqual((await listKeys()).length, 2);
  });
});
