// Runs the git command line for the scanner, the commit guard and the editor's git questions: output as bytes, stderr kept for
// messages, a cap on output size, and no repository-configured program (core.fsmonitor) started.
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';

export interface GitOutput {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export class GitNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor() {
    super('git was not found: install git, or put it on PATH');
  }
}

const DEFAULT_MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

export interface GitOptions {
  maxOutputBytes?: number;
  /** Written to git's standard input, which is then closed (at once when there is none). */
  input?: string;
  /** The git program to start; `git` from PATH by default. */
  executable?: string;
}

/** Runs `git args…` in `cwd`; rejects with GitNotFoundError when git cannot be started. */
export function git(args: readonly string[], cwd: string, options: GitOptions = {}): Promise<GitOutput> {
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return new Promise((resolve, reject) => {
    const child = spawn(options.executable ?? 'git', ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) child.kill();
      else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new GitNotFoundError() : error));
    child.once('close', (code) => {
      if (bytes > maxBytes) stderr = `git printed more than ${Math.round(maxBytes / 1024 / 1024)} MiB`;
      resolve({ code: bytes > maxBytes ? -1 : (code ?? -1), stdout: Buffer.concat(chunks), stderr: stderr.trim() });
    });
    // git may exit before reading all of its input (a fatal error); that is its answer, not ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** The top folder of the work tree holding `cwd`, or undefined outside any repository. */
export async function workTreeRoot(cwd: string): Promise<string | undefined> {
  const result = await git(['rev-parse', '--show-toplevel'], cwd);
  return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
}

/**
 * The work tree root without starting git (the pre-commit hook pays for every process it starts):
 * GIT_WORK_TREE, else the nearest folder holding `.git` (a folder, or a file in linked work trees
 * and submodules); asks git only when neither answers (GIT_DIR set, a `.git` elsewhere).
 */
export async function fastWorkTreeRoot(cwd: string): Promise<string | undefined> {
  if (process.env.GIT_WORK_TREE) return path.resolve(cwd, process.env.GIT_WORK_TREE);
  if (!process.env.GIT_DIR) {
    for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
      if (await fs.lstat(path.join(dir, '.git')).then(() => true, () => false)) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return workTreeRoot(cwd);
}
