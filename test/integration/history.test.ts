// Keys in git history, in the real extension host, on real repositories made by git in the workspace.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PublicHistoryKey } from '../../src/core/historyModel';
import type { TestHooks } from '../../src/extension';
import { ApiSimulator, startApiSimulator } from '../simulator/apiSimulator';
import { TestRepo } from '../support/gitRepo';
import { liveKey, testKey } from '../support/testKeys';
import { activateExtension, assertNoKeyMaterial, confirmed, listKeys, onlyInRestrictedMode, removeAllKeys, run } from './support/host';
import { assertNoKeyPiece, infinipostLogText, searchForKeyMaterial, setUserSettings, testRoot } from './support/security';

interface ScanResult {
  blobsScanned: number;
  keys: PublicHistoryKey[];
  notes?: string[];
}
interface CheckResult {
  checked: number;
  results: Array<{ maskedKey: string; status: string }>;
}

const masked = (key: string) => `${key.slice(0, 8)}…${key.slice(-4)}`;

describe('keys in git history', function () {
  this.timeout(120_000);
  let hooks: TestHooks;
  let api: ApiSimulator;
  let restore: (() => Promise<void>) | undefined;
  const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const keys: string[] = [];
  const repos: string[] = [];
  const outside: string[] = [];
  const newRepo = (): TestRepo => {
    const repo = TestRepo.create(workspace(), 'history');
    repos.push(repo.dir);
    return repo;
  };
  const key = (make: () => string): string => {
    const k = make();
    keys.push(k);
    return k;
  };
  const scan = async (repo: TestRepo | string): Promise<ScanResult> => {
    const result = await run<ScanResult>('infinipost.scanHistory', { folder: typeof repo === 'string' ? repo : repo.dir });
    for (const k of keys) assertNoKeyMaterial(result, k);
    return result;
  };
  const found = (result: ScanResult, k: string): PublicHistoryKey => {
    const entry = result.keys.find((e) => e.maskedKey === masked(k));
    assert.ok(entry, `${masked(k)} is listed (listed: ${result.keys.map((e) => e.maskedKey).join(', ')})`);
    return entry;
  };

  before(async () => {
    hooks = await activateExtension();
    await removeAllKeys();
    api = await startApiSimulator({});
    restore = await setUserSettings('infinipost', { apiBaseUrl: api.url, 'api.timeoutSeconds': 2 });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllKeys();
    await restore?.();
    await api?.close();
    for (const dir of [...repos, ...outside]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds a key that was added and later removed, as removed, with its first commit', async () => {
    const repo = newRepo();
    const k = key(liveKey);
    repo.write('README.md', '# service\n');
    repo.commit('start');
    repo.write('src/client.js', `const api = connect("${k}");\n`);
    const introduced = repo.commit('add client');
    repo.write('src/client.js', 'const api = connect(process.env.INFINIPOST_API_KEY);\n');
    repo.commit('read the key from the environment');
    const result = await scan(repo);
    assert.ok(result.blobsScanned >= 3);
    assert.deepStrictEqual(found(result, k), {
      maskedKey: masked(k), mode: 'live', firstCommit: introduced, paths: ['src/client.js'], pushed: false, inHead: false, refs: ['refs/heads/main'],
    });
    const text = hooks.historyViewText();
    assert.match(text, new RegExp(`${masked(k).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\| LIVE · local only · removed`));
    assert.match(text, /git rebase -i/, 'a local-only key says how to rewrite unpushed commits');
    assert.match(text, new RegExp(`${introduced.slice(0, 7)} · \\d{4}-\\d\\d-\\d\\d \\| src/client.js:1`));
    for (const k2 of keys) assertNoKeyPiece(text, k2, 'the history view');
  });

  it('finds a key that exists only on an unmerged branch, and one pushed to a (bare) remote', async () => {
    const repo = newRepo();
    outside.push(repo.addBareRemote());
    const [branchOnly, pushed] = [key(testKey), key(liveKey)];
    repo.write('app.py', `KEY = "${pushed}"\n`);
    const pushedCommit = repo.commit('app');
    repo.git('push', '-q', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'experiment');
    repo.write('try.py', `KEY = "${branchOnly}"\n`);
    const branchCommit = repo.commit('try');
    repo.git('checkout', '-q', 'main');
    const result = await scan(repo);
    const b = found(result, branchOnly);
    assert.deepStrictEqual([b.refs, b.pushed, b.inHead, b.firstCommit], [['refs/heads/experiment'], false, false, branchCommit]);
    const p = found(result, pushed);
    assert.deepStrictEqual([p.pushed, p.inHead, p.firstCommit], [true, true, pushedCommit]);
    assert.ok(p.refs.includes('refs/remotes/origin/main'), p.refs.join(', '));
    assert.match(hooks.historyViewText(), /LIVE · pushed · still in HEAD/);
  });

  it('names the vault key a history key equals, and marks it leaked in the API Keys view', async () => {
    const repo = newRepo();
    repo.addBareRemote();
    outside.push(repo.git('remote', 'get-url', 'origin').trim());
    const k = key(liveKey);
    await run('infinipost.addKey', { name: 'Production', key: k, environment: 'Production' });
    repo.write('deploy/.env', `INFINIPOST_API_KEY=${k}\n`);
    repo.commit('deploy settings');
    repo.git('push', '-q', 'origin', 'main');
    const result = await scan(repo);
    assert.strictEqual(found(result, k).vaultName, 'Production');
    const stored = (await listKeys()).find((e) => e.name === 'Production') as unknown as { leakedInHistory?: boolean };
    assert.strictEqual(stored.leakedInHistory, true, 'the API Keys view marks it as leaked');
    assert.match(hooks.historyViewText(), /vault: Production \(Production\)/);
    // Rotating it in the vault: the history key is no longer a vault key, the mark goes.
    await confirmed('infinipost.rotateKey', { name: 'Production', newKey: liveKey(), deleteOld: true });
    const after = await scan(repo);
    assert.strictEqual(found(after, k).vaultName, undefined);
    assert.strictEqual(((await listKeys())[0] as unknown as { leakedInHistory?: boolean }).leakedInHistory, undefined);
  });

  it('checks validity where Test API Key may send keys: a script asks a person for an unapproved address, never silently', async () => {
    const repo = newRepo();
    const [valid, expired, unknown] = [key(testKey), key(liveKey), key(testKey)];
    api.setKey(valid, { kind: 'valid', accounts: 2 });
    api.setKey(expired, { kind: 'expired' });
    repo.write('a.env', `A=${valid}\nB=${expired}\nC=${unknown}\n`);
    repo.commit('env');
    await scan(repo);
    const before = api.requests.length;
    // Nobody approved the simulator's address: the script's call is put to a person, and the test
    // host refuses the dialog as a person's "Cancel" would.
    let asked = hooks.modalsAsked().length;
    const refused = await run<CheckResult>('infinipost.checkHistoryKeys', { folder: repo.dir });
    assert.deepStrictEqual(refused, { checked: 0, results: [] });
    assert.strictEqual(api.requests.length, before, 'nothing was sent without consent');
    const questions = hooks.modalsAsked().slice(asked);
    assert.strictEqual(questions.length, 1, JSON.stringify(questions));
    assert.match(questions[0].message, /^A script or another extension asks to send 3 keys found in git history to /);
    assert.ok(questions[0].message.includes(new URL(api.url).origin), questions[0].message);
    assert.strictEqual(questions[0].action, 'Allow');
    // The person allows it: the keys are checked, and the address is approved as Test API Key's "Allow" approves it.
    const checked = await confirmed<CheckResult>('infinipost.checkHistoryKeys', { folder: repo.dir });
    for (const k of keys) assertNoKeyMaterial(checked, k);
    assert.strictEqual(checked.checked, 3);
    const status = Object.fromEntries(checked.results.map((r) => [r.maskedKey, r.status]));
    assert.deepStrictEqual(status, { [masked(valid)]: 'valid', [masked(expired)]: 'expired', [masked(unknown)]: 'invalid' });
    assert.strictEqual(api.requests.length, before + 3);
    const text = hooks.historyViewText();
    assert.match(text, /TEST · local only · still in HEAD · still valid/);
    assert.match(text, /LIVE · local only · still in HEAD · expired/);
    // An approved address needs nobody's answer, for a script as for Test API Key.
    asked = hooks.modalsAsked().length;
    assert.strictEqual((await run<CheckResult>('infinipost.checkHistoryKeys', { folder: repo.dir })).checked, 3);
    assert.deepStrictEqual(hooks.modalsAsked().slice(asked), []);
    assert.strictEqual(api.requests.length, before + 6);
  });

  it('asks a person who runs the check the question Test API Key asks, once per address', async () => {
    const repo = newRepo();
    const k = key(testKey);
    repo.write('b.env', `K=${k}\n`);
    repo.commit('env');
    await scan(repo);
    const other = await startApiSimulator({});
    other.setKey(k, { kind: 'valid', accounts: 1 });
    const origin = new URL(other.url).origin;
    const restoreUrl = await setUserSettings('infinipost', { apiBaseUrl: other.url });
    try {
      // From the palette (no argument) with a file of the repository open: the registry says a person ran it.
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(repo.dir, 'b.env')));
      let asked = hooks.modalsAsked().length;
      assert.deepStrictEqual(await run('infinipost.checkHistoryKeys'), { checked: 0, results: [] });
      assert.deepStrictEqual(hooks.modalsAsked().slice(asked).map((q) => [q.message, q.action]), [[`Send Infinipost API keys to ${origin}?`, 'Allow']]);
      assert.strictEqual(other.requests.length, 0);
      const checked = await hooks.confirmingModals(() => run<CheckResult>('infinipost.checkHistoryKeys'));
      assert.deepStrictEqual(checked, { checked: 1, results: [{ maskedKey: masked(k), status: 'valid' }] });
      // That "Allow" is the one Test API Key honours: a scripted test of the same key there asks nobody.
      await run('infinipost.addKey', { name: 'From history', key: k });
      asked = hooks.modalsAsked().length;
      assert.strictEqual((await run<{ status: string }>('infinipost.testKey', { name: 'From history' })).status, 'valid');
      assert.deepStrictEqual(hooks.modalsAsked().slice(asked), []);
      assert.strictEqual(other.requests.length, 2);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await restoreUrl();
      await other.close();
    }
  });

  it('opens the commit in VS Code\'s diff view, and accepts a key into the baseline without its value', async () => {
    const repo = newRepo();
    const k = key(testKey);
    repo.write('one.txt', 'one\n');
    repo.commit('one');
    repo.write('config/dev.json', `{ "key": "${k}" }\n`);
    const introduced = repo.commit('dev config');
    await scan(repo);
    repo.write('config/dev.json', `{ "key": "${k}", "debug": true }\n`);
    const changed = repo.commit('debug');
    repo.write('config/dev.json', '{ "debug": true }\n');
    repo.commit('no key');
    await scan(repo);
    // A commit that added the file opens it alone; one that changed it opens the diff.
    const added = await run<{ commit: string; path: string }>('infinipost.openLeakInCommit', { maskedKey: masked(k), folder: repo.dir });
    assert.deepStrictEqual(added, { commit: introduced, path: 'config/dev.json' });
    const single = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(single instanceof vscode.TabInputText && single.uri.scheme === 'git', 'the added file opened from git');
    const opened = await run<{ commit: string; path: string }>('infinipost.openLeakInCommit', { maskedKey: masked(k), folder: repo.dir, commit: changed });
    assert.deepStrictEqual(opened, { commit: changed, path: 'config/dev.json' });
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor opened');
    const input = tab.input;
    assert.deepStrictEqual([input.original.scheme, input.modified.scheme], ['git', 'git']);
    assert.deepStrictEqual([JSON.parse(input.original.query).ref, JSON.parse(input.modified.query).ref], [`${changed}^`, changed]);
    assert.match((await vscode.workspace.openTextDocument(input.modified)).getText(), /"debug": true/, 'git served the commit\'s version');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const steps = await run<{ steps: string[] }>('infinipost.showRotationSteps', { maskedKey: masked(k), folder: repo.dir });
    assert.strictEqual(steps.steps.length, 3);
    const accepted = await confirmed<{ accepted: string; file: string }>('infinipost.acceptLeakedKey', { maskedKey: masked(k), folder: repo.dir, reason: 'revoked already' });
    assert.strictEqual(accepted.file, path.join(repo.dir, '.infinipost-baseline.json'));
    const baseline = fs.readFileSync(accepted.file, 'utf8');
    assertNoKeyPiece(baseline, k, 'the baseline file');
    assert.match(baseline, /"fingerprint": "sha256:[0-9a-f]{64}"/);
    const again = await scan(repo);
    assert.deepStrictEqual(again.keys, [], 'an accepted key is no longer listed');
    assert.ok(again.notes?.some((n) => n.includes('accepted in .infinipost-baseline.json')));
  });

  it('explains bad input: not a repository, outside the workspace, no commits, a huge blob, a corrupt object', async () => {
    await assert.rejects(run('infinipost.scanHistory', { folder: workspace() }), /is not a git repository/);
    const elsewhere = fs.mkdtempSync(path.join(path.dirname(workspace()), 'elsewhere-'));
    outside.push(elsewhere);
    await assert.rejects(run('infinipost.scanHistory', { folder: elsewhere }), /not inside the workspace/);
    await assert.rejects(run('infinipost.scanHistory', { folder: 'relative/path' }), /absolute path/);

    const empty = newRepo();
    const none = await scan(empty);
    assert.deepStrictEqual([none.blobsScanned, none.keys], [0, []]);
    assert.ok(none.notes?.some((n) => n.includes('no commits yet')));

    // A 64 MiB blob stands in for a 1 GB one: the cap (infinipost.scan.maxFileSizeKB, 2 MiB by
    // default) is checked from the object header, so size makes no difference past it; writing 1 GB
    // into a test repository would only slow the suite.
    const big = newRepo();
    const hidden = key(liveKey);
    big.write('dump.sql', Buffer.concat([Buffer.alloc(64 * 1024 * 1024, 'a'), Buffer.from(`\n${hidden}\n`)]));
    big.write('small.txt', 'fine\n');
    big.commit('dump');
    const capped = await scan(big);
    assert.deepStrictEqual(capped.keys, []);
    // Only small.txt was read: the big blob was left out on its size, before its contents.
    assert.strictEqual(capped.blobsScanned, 1);
    assert.ok(capped.notes?.some((n) => n.startsWith("1 blob was larger than the size limit")), String(capped.notes));

    const corrupt = newRepo();
    const k = key(testKey);
    corrupt.write('a.txt', 'will break\n');
    corrupt.write('b.txt', `${k}\n`);
    corrupt.commit('one');
    const blob = corrupt.git('rev-parse', 'HEAD:a.txt').trim();
    fs.chmodSync(corrupt.looseObjectPath(blob), 0o644);
    fs.writeFileSync(corrupt.looseObjectPath(blob), 'not an object');
    const damaged = await scan(corrupt);
    assert.deepStrictEqual(damaged.keys.map((e) => e.maskedKey), [masked(k)]);
    assert.ok(damaged.notes?.some((n) => n.includes('git fsck')), String(damaged.notes));
  });

  it('leaves no piece of any history key in logs or storage', async () => {
    const log = infinipostLogText();
    assert.match(log, /History scan of/);
    const root = testRoot();
    // The repositories hold the keys by design (that is what is scanned); everything else must not.
    const skip = (file: string) => repos.some((dir) => file === dir || file.startsWith(dir + path.sep));
    const report = await searchForKeyMaterial([{ dir: root, skip }], keys);
    assert.deepStrictEqual(report.hits, [], 'no file under the test root outside the repositories holds a piece of a key');
    assert.ok(report.filesRead > 0);
  });
});

describe('keys in git history in Restricted Mode', () => {
  before(onlyInRestrictedMode);

  it('refuses to run git in an untrusted workspace, with the reason', async () => {
    await activateExtension();
    await assert.rejects(run('infinipost.scanHistory', { folder: vscode.workspace.workspaceFolders![0].uri.fsPath }), /trust this workspace/);
  });
});
