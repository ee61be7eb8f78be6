// The history engine (src/node/historyScan.ts) on real repositories made by git itself.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { HistoryScanCancelled, HistoryScanError, HistoryScanResult, scanHistory } from '../../src/node/historyScan';
import { TestRepo, TestRepos } from '../support/gitRepo';
import { liveKey, testKey } from '../support/testKeys';

const MiB = 1024 * 1024;
const scan = (repo: string, extra: Partial<Parameters<typeof scanHistory>[0]> = {}): Promise<HistoryScanResult> => scanHistory({ repo, maxBlobBytes: 2 * MiB, ...extra });

function keyFor(result: HistoryScanResult, key: string) {
  const found = result.keys.find((k) => k.key === key);
  assert.ok(found, `the key ending ${key.slice(-4)} is found (found: ${result.keys.map((k) => k.maskedKey).join(', ')})`);
  return found;
}

describe('history scan engine (real git)', function () {
  this.timeout(60_000);
  const repos = new TestRepos();
  after(() => repos.removeAll());
  const repo = (): TestRepo => repos.create();

  it('finds a key added then removed, with its first commit, paths and state', async () => {
    const r = repo();
    const key = liveKey();
    r.write('README.md', '# app\n');
    r.commit('start');
    r.write('src/config.js', `const a = 1;\nconst key = "${key}";\n`);
    const added = r.commit('add config');
    r.write('src/config.js', `const a = 2;\nconst key = "${key}";\n`);
    r.commit('change config');
    r.write('src/config.js', 'const a = 2;\nconst key = process.env.INFINIPOST_API_KEY;\n');
    r.commit('remove key');
    const result = await scan(r.dir);
    assert.strictEqual(result.keys.length, 1);
    const found = keyFor(result, key);
    assert.strictEqual(found.firstCommit, added);
    assert.deepStrictEqual(found.paths, ['src/config.js']);
    assert.deepStrictEqual([found.inHead, found.pushed, found.mode], [false, false, 'live']);
    assert.deepStrictEqual(found.refs, ['refs/heads/main']);
    assert.strictEqual(found.occurrences.length, 2, 'both blobs that held the key');
    assert.strictEqual(found.occurrences[0].line, 2);
    assert.ok(result.blobsScanned >= 4);
  });

  it('finds keys on an unmerged branch, in a tag only, in every stash entry, and marks pushed ones', async () => {
    const r = repos.createWithRemote();
    const [onBranch, inTag, inOldStash, inTopStash, pushed] = [testKey(), liveKey(), testKey(), testKey(), liveKey()];
    r.write('app.py', 'print(1)\n');
    r.commit('start');
    r.write('settings.py', `KEY = "${pushed}"\n`);
    const pushedCommit = r.commit('settings');
    r.git('push', '-q', 'origin', 'main');
    const branchCommit = r.commitOnBranch('feature', 'feature.ts', `export const k = '${onBranch}';\n`, 'feature');
    r.git('checkout', '-q', '--detach');
    r.write('release.txt', `${inTag}\n`);
    const tagCommit = r.commit('release');
    r.git('tag', '-a', '-m', 'v1', 'v1');
    r.git('checkout', '-q', 'main');
    r.write('app.py', `print("${inOldStash}")\n`);
    r.git('stash', 'push', '-q');
    r.write('app.py', `print("${inTopStash}")\n`);
    r.git('stash', 'push', '-q');
    const result = await scan(r.dir);
    assert.strictEqual(result.keys.length, 5);
    assert.deepStrictEqual(keyFor(result, onBranch).refs, ['refs/heads/feature']);
    assert.strictEqual(keyFor(result, onBranch).firstCommit, branchCommit);
    assert.deepStrictEqual(keyFor(result, inTag).refs, ['refs/tags/v1']);
    assert.strictEqual(keyFor(result, inTag).firstCommit, tagCommit);
    assert.deepStrictEqual(keyFor(result, inTopStash).refs, ['refs/stash']);
    assert.deepStrictEqual(keyFor(result, inOldStash).refs, ['stash@{1}']);
    const p = keyFor(result, pushed);
    assert.deepStrictEqual([p.pushed, p.inHead, p.firstCommit], [true, true, pushedCommit]);
    assert.ok(p.refs.includes('refs/remotes/origin/main') && p.refs.includes('refs/heads/main') && p.refs.includes('refs/heads/feature'));
    assert.ok(!keyFor(result, onBranch).pushed);
  });

  it('reads a blob shared by many commits once, and honours suppressions and the allow list', async () => {
    const r = repo();
    const [kept, suppressed, allowed] = [liveKey(), liveKey(), testKey()];
    r.write('a.txt', `${kept}\n`);
    r.write('b.txt', `${suppressed} # gitleaks:allow\n`);
    r.write('c.txt', `${allowed}\n`);
    r.commit('one');
    for (let i = 0; i < 5; i++) {
      r.write('n.txt', `${i}\n`);
      r.commit(`n${i}`);
    }
    const result = await scan(r.dir, { allow: [allowed] });
    assert.deepStrictEqual(result.keys.map((k) => k.key), [kept]);
    assert.strictEqual(result.blobsScanned, 3 + 5, 'a, b, c and five versions of n');
  });

  it('skips blobs over the size cap and binary blobs, and says so', async () => {
    const r = repo();
    const inBig = liveKey();
    const inBinary = liveKey();
    r.write('big.txt', 'x'.repeat(4096) + `\n${inBig}\n`);
    r.write('image.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(inBinary)]));
    r.commit('big');
    const result = await scan(r.dir, { maxBlobBytes: 1024 });
    assert.deepStrictEqual(result.keys, []);
    assert.deepStrictEqual([result.skipped.tooLarge, result.skipped.binary], [1, 1]);
    assert.ok(result.notes.some((n) => n.includes('larger than the size limit')));
  });

  it('maps a key to the earliest of two independent introductions, and notes a submodule', async () => {
    const r = repo();
    const key = testKey();
    r.write('x.txt', 'x\n');
    r.commit('base');
    const early = r.commitOnBranch('early', 'early.env', `KEY=${key}\n`, 'early');
    r.write('late.env', `KEY=${key}\n`);
    r.commit('late');
    // A gitlink (submodule entry) without cloning anything.
    r.git('update-index', '--add', '--cacheinfo', `160000,${early},vendor/lib`);
    r.git('commit', '-q', '-m', 'submodule');
    const result = await scan(r.dir);
    const found = keyFor(result, key);
    assert.strictEqual(found.firstCommit, early);
    assert.deepStrictEqual(found.paths, ['early.env', 'late.env']);
    assert.deepStrictEqual(found.refs, ['refs/heads/early', 'refs/heads/main']);
    assert.deepStrictEqual(result.submodules, ['vendor/lib']);
    assert.ok(result.notes.some((n) => n.includes('Submodules were skipped')));
  });

  it('handles a shallow clone', async () => {
    const r = repo();
    const key = liveKey();
    r.write('k.txt', `${key}\n`);
    r.commit('key');
    r.write('o.txt', '1\n');
    r.commit('other');
    r.write('o.txt', '2\n');
    const tip = r.commit('other 2');
    const clone = path.join(path.dirname(r.dir), 'shallow');
    r.git('clone', '-q', '--depth', '1', `file://${r.dir}`, clone);
    const result = await scan(clone);
    assert.strictEqual(result.shallow, true);
    assert.strictEqual(keyFor(result, key).firstCommit, tip, 'the boundary commit is the earliest one present');
    assert.ok(result.notes.some((n) => n.includes('shallow clone')));
  });

  it('says clearly when the folder is no repository, a subfolder, or has no commits', async () => {
    const plain = fs.mkdtempSync(path.join(path.dirname(repo().dir), 'plain-'));
    await assert.rejects(scan(plain), (error: Error) => error instanceof HistoryScanError && error.message.includes('is not a git repository'));
    const r = repo();
    fs.mkdirSync(path.join(r.dir, 'sub'));
    await assert.rejects(scan(path.join(r.dir, 'sub')), /not its root/);
    const empty = await scan(r.dir);
    assert.deepStrictEqual([empty.blobsScanned, empty.keys.length], [0, 0]);
    assert.ok(empty.notes.some((n) => n.includes('no commits yet')));
  });

  it('reports a corrupt blob and scans the rest; a corrupt tree is a clear error', async () => {
    const r = repo();
    const fine = testKey();
    r.write('a.txt', `${liveKey()}\n`);
    r.write('b.txt', `${fine}\n`);
    r.commit('one');
    const blob = r.git('rev-parse', 'HEAD:a.txt').trim();
    const file = r.looseObjectPath(blob);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, Buffer.from('this is not zlib data at all'));
    const result = await scan(r.dir);
    assert.deepStrictEqual(result.keys.map((k) => k.key), [fine]);
    assert.ok(result.notes.some((n) => /damaged.*git fsck/.test(n)), result.notes.join(' | '));
    const tree = r.git('rev-parse', 'HEAD^{tree}').trim();
    fs.chmodSync(r.looseObjectPath(tree), 0o644);
    fs.writeFileSync(r.looseObjectPath(tree), Buffer.from('not a tree either'));
    await assert.rejects(scan(r.dir), (error: Error) => error instanceof HistoryScanError && error.message.includes('git fsck'));
  });

  it('describes the refs as they were when it started when a commit lands during the scan', async () => {
    const r = repo();
    const [before, during] = [liveKey(), liveKey()];
    r.write('a.txt', `${before}\n`);
    r.commit('one');
    let committed = false;
    const result = await scan(r.dir, {
      onProgress: (p) => {
        if (p.phase !== 'listing' || committed) return;
        committed = true;
        r.remove('a.txt');
        r.write('b.txt', `${during}\n`);
        r.commit('two, during the scan');
      },
    });
    assert.ok(committed);
    assert.deepStrictEqual(result.keys.map((k) => [k.key, k.inHead]), [[before, true]], 'the scan reads the refs and HEAD it started with');
    assert.ok(result.notes.some((n) => n.includes('Refs changed while the scan ran')), result.notes.join(' | '));
  });

  it('stops git when cancelled', async () => {
    const r = repo();
    for (let i = 0; i < 20; i++) {
      r.write(`f${i}.txt`, `${i}\n`);
      r.commit(`c${i}`);
    }
    const controller = new AbortController();
    const scanning = scan(r.dir, { signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(scanning, (error: Error) => error instanceof HistoryScanCancelled);
  });
});
