// The Node layer behind "Move key to .env", against real folders, links and git repositories.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runGit } from '../../src/node/gitStatus';
import { assertSafeEnvTarget, envFolderFor, readTextFile, writeTextFile } from '../../src/node/envFileSafety';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', ...args], { cwd, stdio: 'ignore' });

describe('envFileSafety (real files and git)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-envsafety-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts a missing or untracked .env, in a repository or outside one', async () => {
    await assertSafeEnvTarget(path.join(dir, '.env'), { git: runGit });
    git(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, '.env'), 'A=1\n');
    await assertSafeEnvTarget(path.join(dir, '.env'), { git: runGit });
  });

  it('refuses a tracked .env and names `git rm --cached`', async () => {
    git(dir, 'init', '-q');
    fs.mkdirSync(path.join(dir, 'svc'));
    fs.writeFileSync(path.join(dir, 'svc', '.env'), 'A=1\n');
    git(dir, 'add', '.');
    await assert.rejects(assertSafeEnvTarget(path.join(dir, 'svc', '.env'), { git: runGit }), /svc\/\.env is tracked by git.*git rm --cached svc\/\.env/s);
  });

  it('refuses inside a repository when git may not run (Restricted Mode)', async () => {
    git(dir, 'init', '-q');
    await assert.rejects(assertSafeEnvTarget(path.join(dir, '.env'), { git: undefined }), /Restricted Mode/);
  });

  it('refuses a symbolic link, and readTextFile / writeTextFile do not follow one', async () => {
    const target = path.join(dir, 'real.env');
    fs.writeFileSync(target, 'A=1\n');
    fs.symlinkSync(target, path.join(dir, '.env'));
    await assert.rejects(assertSafeEnvTarget(path.join(dir, '.env'), { git: runGit }), /symbolic link/);
    await assert.rejects(readTextFile(path.join(dir, '.env')), /symbolic link/);
    await assert.rejects(writeTextFile(path.join(dir, '.env'), 'B=2\n', 'utf8'), /symbolic link/);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'A=1\n');
    assert.strictEqual((await readTextFile(path.join(dir, '.env'), true)).text, 'A=1\n', 'links are followed where asked (.gitignore)');
  });

  it('creates a new .env readable by its owner only', async () => {
    await writeTextFile(path.join(dir, '.env'), 'A=1\n', 'utf8', { mode: 0o600 });
    if (process.platform !== 'win32') assert.strictEqual(fs.statSync(path.join(dir, '.env')).mode & 0o777, 0o600);
  });

  it('puts .env at the innermost repository root inside the workspace folder', async () => {
    const nested = path.join(dir, 'apps', 'api');
    fs.mkdirSync(path.join(nested, 'src'), { recursive: true });
    assert.strictEqual(await envFolderFor(path.join(nested, 'src', 'config.yaml'), dir), dir);
    git(nested, 'init', '-q');
    assert.strictEqual(await envFolderFor(path.join(nested, 'src', 'config.yaml'), dir), nested);
    assert.strictEqual(await envFolderFor(path.join(dir, 'top.yaml'), dir), dir);
  });
});
