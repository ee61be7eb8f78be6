import * as assert from 'assert';
import { countStagedFiles, findAddedKeys, parseStagedDiff, unquoteGitPath } from '../../src/core/stagedDiff';
import { applyBaseline, findingFingerprint, parseBaseline, ReportFinding } from '../../src/core/scanReport';
import { liveKey, testKey } from '../support/testKeys';

const header = (file: string, extra: string[] = []) => [`diff --git a/${file} b/${file}`, ...extra, `--- a/${file}`, `+++ b/${file}`];

describe('staged diff: the lines a commit adds', () => {
  it('reports keys on added lines only, with 1-based line and column', () => {
    const added = liveKey();
    const old = testKey();
    const patch = [...header('src/a.ts', ['index 1111111..2222222 100644']), '@@ -2,2 +2,3 @@', ` const old = '${old}';`, `+const added = '${added}';`, '-removed', ' tail', ''].join('\n');
    const keys = findAddedKeys(parseStagedDiff(patch));
    assert.deepStrictEqual(keys, [{ path: 'src/a.ts', line: 3, column: 16, mode: 'live', key: added }]);
  });

  it('takes an added line that looks like a file header as content, and honours a next-line marker in the context above', () => {
    const key = liveKey();
    const patch = [
      ...header('x.md'),
      '@@ -1,1 +1,3 @@',
      ' # infinipost-ignore-next-line',
      `+${key}`,
      '++++ b/not-a-file',
      ...header('y.md'),
      '@@ -0,0 +1 @@',
      `+${key}`,
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const files = parseStagedDiff(patch);
    assert.deepStrictEqual(files.map((f) => f.path), ['x.md', 'y.md']);
    assert.deepStrictEqual(findAddedKeys(files).map((k) => [k.path, k.line]), [['y.md', 1]]);
  });

  it('skips symbolic links, submodules, deletions and binary files; unquotes unusual paths; drops CR and a BOM', () => {
    const key = testKey();
    const patch = [
      ...header('link', ['new file mode 120000']),
      '@@ -0,0 +1 @@',
      `+${key}`,
      'diff --git a/gone b/gone',
      'deleted file mode 100644',
      '--- a/gone',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      `-${key}`,
      'diff --git a/img.png b/img.png',
      'Binary files /dev/null and b/img.png differ',
      'diff --git "a/t\\303\\251st\\tx.txt" "b/t\\303\\251st\\tx.txt"',
      '--- "a/t\\303\\251st\\tx.txt"',
      '+++ "b/t\\303\\251st\\tx.txt"',
      '@@ -0,0 +1,2 @@',
      `+\ufeffk = '${key}'\r`,
      `+j = '${key}'\r`,
      '',
    ].join('\n');
    const keys = findAddedKeys(parseStagedDiff(patch));
    assert.deepStrictEqual(keys.map((k) => [k.path, k.line, k.column]), [['tést\tx.txt', 1, 6], ['tést\tx.txt', 2, 6]]);
    assert.strictEqual(unquoteGitPath('plain/path'), 'plain/path');
    assert.strictEqual(countStagedFiles(patch), 1);
  });

  it('counts the files that add lines exactly as it parses them, headers inside hunks and deletion-only files included', () => {
    const patch = [
      ...header('a.txt', ['index 1111111..2222222 100644']),
      '@@ -1,2 +1,3 @@',
      ' keep',
      '++++ b/not-a-header',
      '-gone',
      '+diff --git a/x b/x',
      ' tail',
      ...header('only-deletes.txt'),
      '@@ -3,1 +2,0 @@',
      '-removed',
      ...header('b.txt', ['new file mode 100644']),
      '@@ -0,0 +1 @@',
      '+new',
      '\\ No newline at end of file',
    ].join('\n');
    assert.deepStrictEqual(
      parseStagedDiff(patch).map((file) => file.path),
      ['a.txt', 'b.txt'],
    );
    assert.strictEqual(countStagedFiles(patch), 2);
    assert.strictEqual(countStagedFiles(''), 0);
  });
});

describe('scan report: baseline and fingerprints', () => {
  const finding = (line: number): ReportFinding => ({ file: 'a.ts', line, column: 1, mode: 'live', maskedKey: 'sk_live_…ab12' });

  it('fingerprints ignore the line and tell repeated masked keys apart by occurrence', () => {
    assert.strictEqual(findingFingerprint(finding(1)), findingFingerprint(finding(40)));
    assert.notStrictEqual(findingFingerprint(finding(1), 1), findingFingerprint(finding(1), 2));
  });

  it('a baseline accepts each listed finding once and refuses what is not a report', () => {
    const baseline = parseBaseline(JSON.stringify({ findings: [finding(3)], filesScanned: 1 }));
    assert.deepStrictEqual(applyBaseline([finding(9), finding(10)], baseline), [finding(10)]);
    assert.throws(() => parseBaseline('nope'), /not JSON/);
    assert.throws(() => parseBaseline('{"hello":1}'), /neither/);
  });
});
