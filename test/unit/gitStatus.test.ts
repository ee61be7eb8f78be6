import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { GitRunner, GitStatus, runGit } from '../../src/node/gitStatus';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Infinipost Tests', '-c', 'user.email=tests@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`spawn git ${code}`), { code });
}

describe('GitStatus (real git in temp repositories)', () => {
  let dir: string;
  let warnings: string[];

  const repository = (name: string): string => {
    const root = join(dir, name);
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'README.md'), '# test\n');
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'start');
    return root;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'infinipost-git-'));
    warnings = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('notices a `git add` that lands between reading the tracked files and reading the index stamp', async () => {
    const root = repository('app');
    const file = join(root, 'client.py');
    writeFileSync(file, 'KEY = 1\n');
    // The real git, with `git add` run right after the first `ls-files` has read the index, and any
    // stamp asked for meanwhile read only after that: the interleaving a busy machine produces.
    let listing: Promise<unknown> | undefined;
    const run: GitRunner = async (args, cwd, input) => {
      if (args[0] === 'ls-files' && !listing) {
        listing = runGit(args, cwd, input).then((result) => {
          git(root, 'add', 'client.py');
          return result;
        });
        return listing as ReturnType<GitRunner>;
      }
      if (args[0] === 'rev-parse' && listing) await listing;
      return runGit(args, cwd, input);
    };
    const status = new GitStatus({ enabled: () => true, run, warn: (m) => warnings.push(m) });
    assert.strictEqual(await status.stateOf(file), 'untracked', 'the list was read before the add');
    // What a file event on .git/index triggers: the stamp must show that the list is out of date.
    assert.deepStrictEqual(await status.refresh(), [root]);
    assert.strictEqual(await status.stateOf(file), 'tracked');
    assert.deepStrictEqual(warnings, []);
  });

  it('forgets the repositories it is told to and those whose commit moved, and returns exactly those', async () => {
    const [told, committed, quiet] = ['told', 'committed', 'quiet'].map(repository);
    const status = new GitStatus({ enabled: () => true, warn: (m) => warnings.push(m) });
    for (const root of [told, committed, quiet]) assert.strictEqual(await status.stateOf(join(root, 'README.md')), 'tracked');
    writeFileSync(join(committed, 'client.py'), 'KEY = 1\n');
    git(committed, 'add', 'client.py');
    git(committed, 'commit', '-q', '-m', 'client');
    // What the watcher's re-check after a change in `told` does: `committed` must come back too, or
    // its new stamp would be stored with nobody asking about its files again.
    assert.deepStrictEqual((await status.refresh([told])).sort(), [committed, told].sort());
    assert.deepStrictEqual(await status.refresh(), [], 'nothing moved since');
    assert.strictEqual(await status.stateOf(join(committed, 'client.py')), 'tracked');
    assert.deepStrictEqual(warnings, []);
  });

  it('answers "not a repository" for a folder deleted meanwhile, and keeps asking git elsewhere', async () => {
    const doomed = repository('doomed');
    const kept = repository('kept');
    const doomedFile = join(doomed, 'a.js');
    const keptFile = join(kept, 'b.js');
    writeFileSync(doomedFile, 'x\n');
    writeFileSync(keptFile, 'y\n');
    const status = new GitStatus({ enabled: () => true, warn: (m) => warnings.push(m) });
    assert.strictEqual(await status.stateOf(doomedFile), 'untracked');
    rmSync(doomed, { recursive: true, force: true });
    // git is started in the vanished folder (spawn reports the missing cwd as ENOENT).
    assert.deepStrictEqual(await status.refresh(), [doomed]);
    assert.strictEqual(await status.trackedFiles(doomed), undefined);
    assert.strictEqual(status.usable, true);
    assert.strictEqual(await status.stateOf(keptFile), 'untracked');
    assert.deepStrictEqual(warnings, []);
  });

  it('treats a passing failure to start git as "unknown", not as git missing', async () => {
    const root = repository('busy');
    const file = join(root, 'c.js');
    writeFileSync(file, 'z\n');
    let failed = false;
    const run: GitRunner = (args, cwd, input) => {
      if (args[0] !== 'ls-files' || failed) return runGit(args, cwd, input);
      failed = true;
      return Promise.reject(errno('EMFILE'));
    };
    const status = new GitStatus({ enabled: () => true, run, warn: (m) => warnings.push(m) });
    assert.strictEqual(await status.stateOf(file), 'unknown');
    assert.strictEqual(status.usable, true);
    assert.strictEqual(await status.stateOf(file), 'untracked', 'asked again, not remembered');
    assert.deepStrictEqual(warnings, []);
  });

  it('switches git off, with one warning, when the git program is missing', async () => {
    const root = repository('nogit');
    const file = join(root, 'd.js');
    writeFileSync(file, 'w\n');
    const status = new GitStatus({ enabled: () => true, run: () => Promise.reject(errno('ENOENT')), warn: (m) => warnings.push(m) });
    assert.strictEqual(await status.stateOf(file), 'unknown');
    assert.strictEqual(status.usable, false);
    assert.strictEqual(await status.stateOf(file), 'unknown');
    assert.strictEqual(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /git is not available/);
  });

  it('rejects with an error that names the failed start, keeping its code', async () => {
    const gone = join(dir, 'gone');
    const error = await runGit(['status'], gone).then(() => undefined, (e: NodeJS.ErrnoException) => e);
    assert.ok(error instanceof Error);
    assert.strictEqual(error.code, 'ENOENT');
    assert.match(error.message, /^git status could not start/);
    assert.ok(error.stack?.includes('gitStatus'), 'the stack names the module that spawned git');
  });
});
