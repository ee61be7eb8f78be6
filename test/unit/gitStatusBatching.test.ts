// GitStatus against real repositories: answers per file, asked with a handful of git calls however
// many files are asked about at once.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitRunner, GitStatus, runGit } from '../../src/node/gitStatus';
import { liveKey, seededRandom, randomBody, testKey } from '../support/testKeys';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'ignore' });

describe('GitStatus (real git repositories)', () => {
  let dir: string;
  let calls: string[][];
  const counting: GitRunner = (args, cwd, input) => {
    calls.push([...args]);
    return runGit(args, cwd, input);
  };
  const status = () => new GitStatus({ enabled: () => true, run: counting });

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-gitstatus-')));
    calls = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tells the keys of many files in the last commit apart with a few git calls', async () => {
    const random = seededRandom(14);
    git(dir, 'init', '-q');
    fs.mkdirSync(path.join(dir, 'dir with space'));
    const expected = new Map<string, string[]>();
    const later: Array<[string, string]> = [];
    for (let i = 0; i < 60; i++) {
      const rel = i % 7 === 0 ? `dir with space/fichier-é-${i}.ts` : `src${i % 3}/file-${i}.js`;
      const committedKey = i % 2 === 0 ? liveKey(randomBody(32, random)) : testKey(randomBody(24, random));
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      // Two keys on one line, one key at the very start of a line, CRLF endings in some files.
      const eol = i % 5 === 0 ? '\r\n' : '\n';
      const second = liveKey(randomBody(20, random));
      fs.writeFileSync(path.join(dir, rel), `// file ${i}${eol}const a = "${committedKey}", b = '${second}';${eol}${committedKey}${eol}`);
      expected.set(rel, [committedKey, second].sort());
      // Edited after the commit: a new key that is not in HEAD.
      if (i % 4 === 1) later.push([rel, `x = "${liveKey(randomBody(30, random))}"\n`]);
    }
    // A binary file (NUL bytes) with a key, read as text as the blob was.
    const binaryKey = testKey(randomBody(28, random));
    fs.writeFileSync(path.join(dir, 'image.bin'), Buffer.concat([Buffer.from([0x89, 0, 1, 2, 0]), Buffer.from(`${binaryKey}\0`)]));
    expected.set('image.bin', [binaryKey]);
    // A file whose name would be a glob in a pathspec.
    const globKey = liveKey(randomBody(26, random));
    fs.writeFileSync(path.join(dir, '[a]*.txt'), `${globKey}\n`);
    // Committed with a key, then edited: the answer is what HEAD holds.
    const keyOfA = liveKey(randomBody(26, random));
    fs.writeFileSync(path.join(dir, 'a.txt'), `${keyOfA}\n`);
    expected.set('[a]*.txt', [globKey]);
    expected.set('a.txt', [keyOfA]);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'keys');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'no key at HEAD for this name\n');
    for (const [rel, text] of later) fs.appendFileSync(path.join(dir, rel), text);
    fs.writeFileSync(path.join(dir, 'untracked.js'), `${liveKey(randomBody(30, random))}\n`);
    expected.set('untracked.js', []);

    const gitStatus = status();
    const answers = await Promise.all([...expected.keys()].map(async (rel) => [rel, [...(await gitStatus.committedKeys(path.join(dir, rel)))].sort()] as const));
    for (const [rel, keys] of answers) assert.deepStrictEqual(keys, expected.get(rel), rel);
    const greps = calls.filter((args) => args[0] === 'grep').length;
    assert.ok(greps >= 1 && greps <= 2, `${greps} git grep calls for ${expected.size} files`);
    assert.ok(calls.length <= 3, `git ran ${calls.length} times: ${calls.map((args) => args[0]).join(', ')}`);
  });

  it('tells tracked, untracked and ignored files apart with one check-ignore call per repository', async () => {
    git(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored-*\nbuild/\n');
    fs.writeFileSync(path.join(dir, 'tracked.js'), '1\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'one');
    fs.mkdirSync(path.join(dir, 'build'));
    const expected = new Map<string, string>([['tracked.js', 'tracked']]);
    for (let i = 0; i < 40; i++) {
      const rel = i % 3 === 0 ? `ignored-${i}.js` : i % 3 === 1 ? `build/out-${i}.js` : `new file ${i}.js`;
      fs.writeFileSync(path.join(dir, rel), `${i}\n`);
      expected.set(rel, i % 3 === 2 ? 'untracked' : 'ignored');
    }
    // A nested repository answers for its own files.
    const nested = path.join(dir, 'nested');
    fs.mkdirSync(nested);
    git(nested, 'init', '-q');
    fs.writeFileSync(path.join(nested, 'inner.js'), '1\n');
    expected.set('nested/inner.js', 'untracked');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-gitstatus-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'x.js'), '1\n');
      const gitStatus = status();
      const answers = await Promise.all([...expected.keys()].map(async (rel) => [rel, await gitStatus.stateOf(path.join(dir, rel))] as const));
      for (const [rel, state] of answers) assert.strictEqual(state, expected.get(rel), rel);
      assert.strictEqual(await gitStatus.stateOf(path.join(outside, 'x.js')), 'outside');
      const checks = calls.filter((args) => args[0] === 'check-ignore');
      assert.strictEqual(checks.length, 2, `one check-ignore per repository, not per file (${checks.length})`);
      // Asked again: remembered.
      const before = calls.length;
      assert.strictEqual(await gitStatus.stateOf(path.join(dir, 'new file 2.js')), 'untracked');
      assert.strictEqual(calls.length, before);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('answers no committed keys in a repository without commits', async () => {
    git(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, 'a.js'), `${liveKey()}\n`);
    git(dir, 'add', '-A');
    assert.deepStrictEqual([...(await status().committedKeys(path.join(dir, 'a.js')))], []);
    assert.strictEqual(await status().stateOf(path.join(dir, 'a.js')), 'tracked');
  });
});
