import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { findKeysInBuffer, MAX_FINDINGS_PER_FILE, scanFiles } from '../../src/node/fileScanner';
import { detectKeys } from '../../src/core/keyDetector';
import { liveKey, seededRandom, testKey } from '../support/testKeys';

describe('scanFiles (real temp files)', () => {
  let dir: string;
  const file = (name: string, contents: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, contents);
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'infinipost-scan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds keys with zero-based line and character, and lists only files that hold keys', async () => {
    const live = liveKey();
    const test = testKey();
    const a = file('a.ts', `const a = 1;\nconst key = "${live}";\n\t// ${test}\n`);
    const b = file('b.txt', 'nothing to see\n');
    const summary = await scanFiles([a, b], { maxFileBytes: 1024 * 1024 });
    assert.strictEqual(summary.filesScanned, 2);
    assert.deepStrictEqual(summary.skipped, { binary: 0, tooLarge: 0, unreadable: 0 });
    assert.deepStrictEqual(
      summary.results.map((r) => ({ path: r.path, findings: r.findings.map((f) => [f.mode, f.key, f.line, f.character]) })),
      [{ path: a, findings: [['live', live, 1, 13], ['test', test, 2, 4]] }],
    );
  });

  it('reports offsets that match the decoded text, for CRLF, non-ASCII text and a UTF-8 byte order mark', async () => {
    const key = liveKey();
    const text = `// héllo wörld 🎉\r\nx = '${key}'\r\n`;
    const path = file('crlf.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const [result] = (await scanFiles([path], { maxFileBytes: 10_000 })).results;
    const [finding] = result.findings;
    assert.strictEqual(text.slice(finding.start, finding.end), key);
    assert.deepStrictEqual([finding.line, finding.character], [1, 5]);
  });

  it('skips binary files (a NUL byte in the first 8 KiB) holding a key, and files over the size limit', async () => {
    const key = liveKey();
    const binary = file('image.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), Buffer.from(key)]));
    const big = file('big.log', 'x'.repeat(5000) + '\n' + key);
    const lateNul = file('late.txt', `${key}\n` + 'y'.repeat(9000) + '\0');
    const summary = await scanFiles([binary, big, lateNul], { maxFileBytes: 4096 * 4 - 1 });
    assert.deepStrictEqual(summary.skipped, { binary: 1, tooLarge: 0, unreadable: 0 });
    assert.deepStrictEqual(summary.results.map((r) => r.path), [big, lateNul]);
    // A binary file with no line a key could be reported from is scanned and clean, as ripgrep counts it.
    const keyless = await scanFiles([file('font.woff', Buffer.from([0x77, 0x4f, 0x46, 0x00, 0x01, 0x73, 0x6b]))], { maxFileBytes: 1000 });
    assert.deepStrictEqual([keyless.filesScanned, keyless.skipped.binary], [1, 0]);
    const limited = await scanFiles([binary, big, lateNul], { maxFileBytes: 1000 });
    assert.deepStrictEqual(limited.skipped, { binary: 1, tooLarge: 2, unreadable: 0 });
    assert.strictEqual(limited.filesScanned, 0);
  });

  it('counts missing files, directories and files deleted during the scan as unreadable instead of throwing', async () => {
    const paths = Array.from({ length: 40 }, (_, i) => file(`f${i}.js`, `k = "${liveKey()}"\n`));
    mkdirSync(join(dir, 'sub'));
    let deleted = 0;
    const summary = await scanFiles([...paths, join(dir, 'missing.js'), join(dir, 'sub')], {
      maxFileBytes: 10_000,
      concurrency: 2,
      onFile: () => {
        // Delete files that have not been read yet, while the scan runs.
        if (deleted < 5) unlinkSync(paths[paths.length - 1 - deleted++]);
      },
    });
    assert.strictEqual(summary.skipped.unreadable, 2 + 5);
    assert.strictEqual(summary.filesScanned, 35);
    assert.strictEqual(summary.results.length, 35);
  });

  it('honours the allow list and suppression comments, and ignores placeholders', async () => {
    const allowed = liveKey();
    const kept = testKey();
    const path = file(
      'mixed.js',
      [`a = "${allowed}"`, `b = "${kept}"`, `c = "${liveKey()}" // gitleaks:allow`, `d = "sk_live_YOUR_KEY_HERE"`, `e = "${liveKey('x'.repeat(24))}"`].join('\n'),
    );
    const summary = await scanFiles([path], { maxFileBytes: 10_000, allow: [allowed.slice(8)] });
    assert.deepStrictEqual(summary.results[0].findings.map((f) => f.key), [kept]);
  });

  it('reports every file through onFile with running counts, at limited concurrency', async () => {
    const paths = Array.from({ length: 25 }, (_, i) => file(`n${i}.txt`, i % 5 === 0 ? `"${testKey()}"` : 'plain'));
    const seen: number[] = [];
    const summary = await scanFiles(paths, {
      maxFileBytes: 10_000,
      concurrency: 3,
      onFile: (result, done, total) => {
        assert.strictEqual(total, 25);
        assert.strictEqual(result.status, 'scanned');
        seen.push(done);
      },
    });
    assert.deepStrictEqual(seen, Array.from({ length: 25 }, (_, i) => i + 1));
    assert.deepStrictEqual(summary.results.map((r) => r.path), paths.filter((_, i) => i % 5 === 0));
  });

  it('rejects with the abort reason once aborted', async () => {
    const paths = Array.from({ length: 20 }, (_, i) => file(`c${i}.txt`, 'plain'));
    const controller = new AbortController();
    let reported = 0;
    await assert.rejects(
      scanFiles(paths, {
        maxFileBytes: 10_000,
        concurrency: 1,
        signal: controller.signal,
        onFile: () => {
          if (++reported === 3) controller.abort(new Error('stop'));
        },
      }),
      /stop/,
    );
    assert.ok(reported < 20);
  });

  it('skips a named pipe (and a link to one) without waiting for a writer', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, join(dir, 'link-to-pipe.txt'));
    const keyFile = file('k.js', `k = "${liveKey()}"\n`);
    // Eight pipes at once would take every libuv thread if the open blocked; nothing else could then finish.
    const paths = [...Array.from({ length: 8 }, () => fifo), join(dir, 'link-to-pipe.txt'), keyFile];
    const summary = await scanFiles(paths, { maxFileBytes: 10_000, concurrency: 10 });
    assert.strictEqual(summary.skipped.unreadable, 9);
    assert.deepStrictEqual(summary.results.map((r) => r.path), [keyFile]);
  });

  it('caps findings per file and in total, and says so', async () => {
    const many = Array.from({ length: MAX_FINDINGS_PER_FILE + 50 }, () => `k = "${liveKey()}"`).join('\n');
    const paths = Array.from({ length: 4 }, (_, i) => file(`many${i}.js`, many));
    const summary = await scanFiles(paths, { maxFileBytes: 10_000_000, concurrency: 1, maxFindingsTotal: 500 });
    assert.deepStrictEqual(summary.results.map((r) => r.findings.length), [200, 200, 100, 0]);
    assert.ok(summary.results.every((r) => r.truncated));
    assert.strictEqual(summary.limitReached, true);
    assert.strictEqual(summary.filesScanned, 4);
    const uncapped = await scanFiles(paths.slice(0, 1), { maxFileBytes: 10_000_000, maxFindingsPerFile: 1000 });
    assert.strictEqual(uncapped.results[0].findings.length, MAX_FINDINGS_PER_FILE + 50);
    assert.strictEqual(uncapped.results[0].truncated, undefined);
    assert.strictEqual(uncapped.limitReached, undefined);
  });

  it('returns an empty summary for no paths', async () => {
    assert.deepStrictEqual(await scanFiles([], { maxFileBytes: 1 }), { filesScanned: 0, skipped: { binary: 0, tooLarge: 0, unreadable: 0 }, results: [] });
  });
});

describe('findKeysInBuffer: the line prefilter never changes the answer', () => {
  it('matches a whole-text detection on 4,000 random files of keys, placeholders, markers, glued or escaped prefixes and odd line breaks', () => {
    const random = seededRandom(8);
    const pieces = () => [`"${liveKey()}"`, `'${testKey()}'`, 'sk_live_YOUR_KEY_HERE', liveKey('x'.repeat(20)), '// gitleaks:allow', '# infinipost-ignore-next-line', '\n', '\r\n', '\r', 'héllo 🎉', 'task_test_', 'a', ' ', '\\n', '%3D',
      // What can glue a prefix to the text before it, or escape it apart (checked on raw bytes first).
      liveKey(), testKey(), 'desk', '_', '9', 'é', '\\x3c', '\\u003C', '\\q', '%3', '\\x3'];
    for (let n = 0; n < 4000; n++) {
      const list = pieces();
      let text = '';
      const count = 1 + Math.floor(random() * 30);
      for (let i = 0; i < count; i++) text += list[Math.floor(random() * list.length)];
      const buffer = Buffer.from((random() < 0.1 ? '\ufeff' : '') + text, 'utf8');
      const expected = detectKeys(text, { maxFindings: MAX_FINDINGS_PER_FILE }).findings.map((f) => f.key);
      const found = findKeysInBuffer(buffer);
      assert.deepStrictEqual(found.findings.map((f) => f.key), expected, JSON.stringify(text));
      // Told that a line yields a key (ripgrep's output showed one), it answers the same, binary or not.
      assert.deepStrictEqual(findKeysInBuffer(buffer, undefined, MAX_FINDINGS_PER_FILE, true), found, JSON.stringify(text));
      const binary = Buffer.concat([Buffer.from([0]), buffer]);
      assert.deepStrictEqual(findKeysInBuffer(binary, undefined, MAX_FINDINGS_PER_FILE, true), findKeysInBuffer(binary), JSON.stringify(text));
    }
  });
});
