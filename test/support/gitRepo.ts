// Real git repositories for the history-scan tests: files committed with fixed dates, branches,
// tags, stashes and a bare "remote". Keys only ever go into files, never onto a command line.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export class TestRepo {
  private clock = Date.UTC(2024, 0, 1) / 1000;

  constructor(readonly dir: string) {}

  /** A fresh repository (branch `main`) in a new temp folder, or under `parent` when given. */
  static create(parent?: string, name = 'repo'): TestRepo {
    const base = parent ?? fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-history-'));
    const dir = parent ? fs.mkdtempSync(path.join(parent, `${name}-`)) : path.join(base, name);
    fs.mkdirSync(dir, { recursive: true });
    const repo = new TestRepo(dir);
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'user.email', 'test@example.invalid');
    repo.git('config', 'user.name', 'Test');
    repo.git('config', 'commit.gpgsign', 'false');
    return repo;
  }

  git(...args: string[]): string {
    const date = `${this.clock} +0000`;
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  write(file: string, contents: string | Buffer): void {
    const full = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, contents);
  }

  remove(file: string): void {
    fs.rmSync(path.join(this.dir, file));
  }

  /** Stages everything and commits one hour after the previous commit; returns the full sha. */
  commit(message: string): string {
    this.clock += 3600;
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  /** Commits `file` on a new branch made from HEAD, then checks `main` out again; returns the commit. */
  commitOnBranch(branch: string, file: string, contents: string, message: string): string {
    this.git('checkout', '-q', '-b', branch);
    this.write(file, contents);
    const commit = this.commit(message);
    this.git('checkout', '-q', 'main');
    return commit;
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** A bare repository next to this one, added as `origin`. */
  addBareRemote(): string {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-history-remote-'));
    execFileSync('git', ['init', '-q', '--bare', bare]);
    this.git('remote', 'add', 'origin', bare);
    return bare;
  }

  /** The loose object file of a blob, for corruption tests. */
  looseObjectPath(sha: string): string {
    return path.join(this.dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
  }
}

/** The repositories (and other temp folders) one suite makes; `removeAll()` in its `after` deletes them. */
export class TestRepos {
  private readonly dirs: string[] = [];

  /** A fresh repository in a temp folder of its own. */
  create(): TestRepo {
    const repo = TestRepo.create();
    this.remember(path.dirname(repo.dir));
    return repo;
  }

  /** A fresh repository with a bare `origin` next to it. */
  createWithRemote(): TestRepo {
    const repo = this.create();
    this.remember(repo.addBareRemote());
    return repo;
  }

  /** A fresh temp folder, deleted with the rest. */
  tempDir(prefix: string): string {
    return this.remember(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  }

  remember(dir: string): string {
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}
