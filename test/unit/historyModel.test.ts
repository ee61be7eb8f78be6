import * as assert from 'assert';
import {
  BlobIntroduction, BlobKey, CommitGraph, RawLogParser, addToBaseline, aggregateHistoryKeys, parseBaseline, parseRefs, publicHistoryKey,
  rewriteAdvice, rotationSteps, serializeBaseline, shortRefName, stashRefs,
} from '../../src/core/historyModel';
import { liveKey, testKey } from '../support/testKeys';

const sha = (n: number) => n.toString(16).padStart(40, '0');

describe('history model: parsing git output', () => {
  it('parses refs, peeling annotated tags to their commit', () => {
    const refs = parseRefs(`${sha(1)}  refs/heads/main\n${sha(2)} ${sha(3)} refs/tags/v1\n\ngarbage line\n`);
    assert.deepStrictEqual(refs, [
      { name: 'refs/heads/main', target: sha(1) },
      { name: 'refs/tags/v1', target: sha(3) },
    ]);
  });

  it('names stash entries like git does', () => {
    assert.deepStrictEqual(stashRefs(`${sha(7)}\n${sha(8)}\n${sha(9)}\n`).map((r) => r.name), ['refs/stash', 'stash@{1}', 'stash@{2}']);
    assert.deepStrictEqual(stashRefs(''), []);
  });

  it('parses `log --raw -z -c` output in arbitrary chunks: commits, plain and combined entries, odd paths', () => {
    const output =
      `\x01${sha(1)} 100 \0\n:000000 100644 ${sha(0)} ${sha(11)} A\0a.txt\0` +
      `\x01${sha(2)} 200 ${sha(1)}\0\n:100644 100644 ${sha(11)} ${sha(12)} M\0dir/with space\nand newline.txt\0:000000 160000 ${sha(0)} ${sha(13)} A\0vendor/lib\0` +
      `\x01${sha(3)} 300 ${sha(2)} ${sha(1)}\0\n::100644 100644 100644 ${sha(12)} ${sha(11)} ${sha(14)} MM\0a.txt\0` +
      `\x01${sha(4)} 400 ${sha(3)}\0`;
    for (const size of [1, 7, 50, output.length]) {
      const commits: Array<[string, number, string[]]> = [];
      const entries: Array<[string, string, string]> = [];
      const parser = new RawLogParser({ commit: (s, t, p) => commits.push([s, t, p]), entry: (b, m, p) => entries.push([b, m, p]) });
      for (let i = 0; i < output.length; i += size) parser.push(output.slice(i, i + size));
      parser.end();
      assert.deepStrictEqual(commits, [[sha(1), 100, []], [sha(2), 200, [sha(1)]], [sha(3), 300, [sha(2), sha(1)]], [sha(4), 400, [sha(3)]]], `chunk size ${size}`);
      assert.deepStrictEqual(entries, [
        [sha(11), '100644', 'a.txt'],
        [sha(12), '100644', 'dir/with space\nand newline.txt'],
        [sha(13), '160000', 'vendor/lib'],
        [sha(14), '100644', 'a.txt'],
      ]);
    }
  });
});

describe('history model: commits and keys', () => {
  // 1 ← 2 ← 3 (main), 2 ← 4 (feature), 5 is unrelated (a stash's untracked-files root)
  function graph(): CommitGraph {
    const g = new CommitGraph();
    g.add(sha(1), 100, []);
    g.add(sha(2), 200, [sha(1)]);
    g.add(sha(3), 300, [sha(2)]);
    g.add(sha(4), 250, [sha(2)]);
    g.add(sha(5), 50, []);
    return g;
  }

  it('finds descendants, including across merges', () => {
    const g = graph();
    g.add(sha(6), 400, [sha(3), sha(4)]);
    assert.deepStrictEqual([...g.descendants([sha(4)])].sort(), [sha(4), sha(6)]);
    assert.deepStrictEqual([...g.descendants([sha(2)])].sort(), [sha(2), sha(3), sha(4), sha(6)]);
    assert.deepStrictEqual([...g.descendants(['unknown'])], []);
  });

  it('groups blobs by key; first commit by date, refs by reachability, pushed and in-HEAD', () => {
    const [a, b] = [liveKey(), testKey()];
    const blobKeys = new Map<string, BlobKey[]>([
      ['blobA1', [{ key: a, mode: 'live', line: 3 }]],
      ['blobA2', [{ key: a, mode: 'live', line: 5 }, { key: b, mode: 'test', line: 6 }]],
    ]);
    const introductions = new Map<string, BlobIntroduction[]>([
      ['blobA1', [{ commit: sha(4), path: 'later/on/branch.js' }]],
      ['blobA2', [{ commit: sha(2), path: 'x.js' }]],
    ]);
    const refs = [
      { name: 'refs/heads/main', target: sha(3) },
      { name: 'refs/heads/feature', target: sha(4) },
      { name: 'refs/remotes/origin/feature', target: sha(4) },
      { name: 'refs/tags/blob-tag', target: 'blobA1' },
    ];
    const keys = aggregateHistoryKeys({ blobKeys, introductions, graph: graph(), refs, headBlobs: new Set(['blobA2']) });
    const ka = keys.find((k) => k.key === a)!;
    assert.strictEqual(ka.firstCommit, sha(2));
    assert.deepStrictEqual(ka.paths, ['later/on/branch.js', 'x.js']);
    assert.deepStrictEqual(ka.refs, ['refs/heads/feature', 'refs/heads/main', 'refs/remotes/origin/feature', 'refs/tags/blob-tag']);
    assert.deepStrictEqual([ka.pushed, ka.inHead], [true, true]);
    assert.deepStrictEqual(ka.occurrences.map((o) => [o.commit, o.line]), [[sha(2), 5], [sha(4), 3]]);
    const kb = keys.find((k) => k.key === b)!;
    assert.strictEqual(kb.maskedKey, `sk_test_…${b.slice(-4)}`);
    const shown = publicHistoryKey(kb, 'Dev');
    assert.deepStrictEqual(Object.keys(shown), ['maskedKey', 'mode', 'firstCommit', 'paths', 'pushed', 'inHead', 'refs', 'vaultName']);
    assert.ok(!JSON.stringify(shown).includes(b.slice(8, 20)), 'no key material in the public form');
    assert.ok(!('vaultName' in publicHistoryKey(kb)));
  });
});

describe('history model: baseline and advice', () => {
  const entry = (n: number) => ({ fingerprint: `sha256:${n.toString(16).padStart(64, '0')}`, maskedKey: 'sk_test_…abcd', acceptedAt: '2024-01-01T00:00:00.000Z' });

  it('round-trips, keeps entries sorted and unique', () => {
    let baseline = parseBaseline(undefined).baseline;
    baseline = addToBaseline(addToBaseline(addToBaseline(baseline, entry(2)), entry(1)), entry(2));
    const text = serializeBaseline(baseline);
    assert.deepStrictEqual(parseBaseline(text), { baseline: { version: 1, accepted: [entry(1), entry(2)] }, problem: undefined });
  });

  it('reports a broken file and drops entries that could carry a key', () => {
    assert.match(parseBaseline('{ nope').problem!, /not valid JSON/);
    const smuggled = { ...entry(3), maskedKey: liveKey() };
    const parsed = parseBaseline(JSON.stringify({ accepted: [entry(1), smuggled, { fingerprint: 'x' }] }));
    assert.deepStrictEqual(parsed.baseline.accepted, [entry(1)]);
    assert.match(parsed.problem!, /2 entries/);
  });

  it('gives the seed\'s three rotation steps and how to rewrite local commits', () => {
    assert.strictEqual(rotationSteps('sk_live_…1234').length, 3);
    assert.match(rotationSteps('sk_live_…1234')[2], /sk_live_…1234/);
    assert.match(rewriteAdvice(sha(10)), /git rebase -i 0000000\^/);
    assert.deepStrictEqual(['refs/heads/a', 'refs/remotes/o/a', 'refs/tags/v', 'refs/stash', 'stash@{2}'].map(shortRefName), ['a', 'o/a', 'tag v', 'stash@{0}', 'stash@{2}']);
  });
});
