import * as assert from 'assert';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { executableCandidates } from '../../src/core/executableSearch';
import { findExecutable } from '../../src/node/findExecutable';

describe('executableCandidates', () => {
  it('on Windows: absolute .exe paths in PATH order, never the working directory or a workspace folder', () => {
    const candidates = executableCandidates('git', {
      platform: 'win32',
      pathVariable: ['.', '', 'relative\\bin', 'C:\\Repo', 'c:\\repo\\tools\\', '"C:\\Program Files\\Git\\cmd"', 'C:\\Windows\\system32', 'C:\\Program Files\\Git\\cmd\\', 'C:\\Other\\..\\Repo'].join(';'),
      untrustedDirs: ['C:\\repo', 'D:\\work\\project'],
    });
    assert.deepStrictEqual(candidates, ['C:\\Program Files\\Git\\cmd\\git.exe', 'C:\\Windows\\system32\\git.exe']);
  });
  it('on Windows: compares folders without regard to case or slash direction, and keeps look-alike siblings', () => {
    const candidates = executableCandidates('git', {
      platform: 'win32',
      pathVariable: 'D:/WORK/Project/bin;D:\\work\\project-tools;\\\\server\\share\\git',
      untrustedDirs: ['d:\\work\\project\\'],
    });
    assert.deepStrictEqual(candidates, ['D:\\work\\project-tools\\git.exe', '\\\\server\\share\\git\\git.exe']);
  });
  it('on Linux and macOS: absolute entries only, outside the untrusted folders', () => {
    const candidates = executableCandidates('git', {
      platform: 'linux',
      pathVariable: ':.:bin:/home/me/repo/node_modules/.bin:/usr/local/bin/:/usr/bin:/usr/bin',
      untrustedDirs: ['/home/me/repo'],
    });
    assert.deepStrictEqual(candidates, ['/usr/local/bin/git', '/usr/bin/git']);
  });
  it('offers nothing without a PATH', () => {
    assert.deepStrictEqual(executableCandidates('git', { platform: 'win32', pathVariable: undefined, untrustedDirs: [] }), []);
  });
});

describe('findExecutable (real files)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'infinipost-exe-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function program(dir: string, name: string): string {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, process.platform === 'win32' ? `${name}.exe` : name);
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o755);
    return file;
  }

  it('skips a program planted in the workspace, and relative PATH entries, for the one installed outside', async () => {
    const workspace = path.join(root, 'workspace');
    const planted = program(workspace, 'fakegit');
    program(path.join(workspace, 'bin'), 'fakegit');
    const installed = program(path.join(root, 'installed'), 'fakegit');
    const env = { PATH: ['.', 'bin', workspace, path.join(workspace, 'bin'), path.join(root, 'installed')].join(path.delimiter), Path: undefined };
    const found = await findExecutable('fakegit', [workspace], env);
    assert.strictEqual(found, installed);
    assert.notStrictEqual(found, planted);
  });
  it('finds nothing when the only copy is inside an untrusted folder, or is not executable', async () => {
    const workspace = path.join(root, 'ws');
    program(workspace, 'fakegit2');
    const notExecutable = path.join(root, 'plain');
    mkdirSync(notExecutable);
    writeFileSync(path.join(notExecutable, 'fakegit2'), 'text');
    const env = { PATH: [workspace, notExecutable].join(path.delimiter) };
    assert.strictEqual(await findExecutable('fakegit2', [workspace], env), undefined);
  });
});
