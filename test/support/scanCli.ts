// Builds dist/cli.js's bundle into a temp folder (so unit tests run the real bundle without a prior
// build) and runs it as a process, plus git helpers for throwaway repositories.
import * as assert from 'assert';
import { execFileSync, spawn } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Bundles src/cli.ts exactly as scripts/build.mjs does, into a fresh temp folder; returns the file. */
export async function buildCliForTests(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'infinipost-cli-build-'));
  const outfile = path.join(outDir, 'cli.js');
  // The widening keeps tsc from resolving the .mjs (no declarations; the root tsconfig has no allowJs).
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- see the line above
  const { cliBuildOptions } = await import('../../scripts/lib/cliBuild.mjs' as string);
  const esbuild = await import('esbuild');
  await esbuild.build(cliBuildOptions({ outfile }));
  return outfile;
}

/** Runs a program to completion (with a deadline, so a hang fails the test instead of stalling it). */
export function runProcess(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number; timeoutMs?: number }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, uid: options.uid, gid: options.gid, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(command)} ${args.join(' ')} did not finish within ${options.timeoutMs ?? 30_000} ms`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the CLI bundle with Node. */
export function runCli(cli: string, args: readonly string[], cwd: string, extra: { uid?: number; gid?: number } = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [cli, ...args], { cwd, ...extra });
}

const IDENTITY = ['-c', 'user.name=Infinipost Tests', '-c', 'user.email=tests@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false'];

/** Runs git synchronously with a throwaway identity; throws on failure. */
export function gitSync(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs git as a process and returns its exit code and output (for commits a hook may refuse). */
export function gitProcess(cwd: string, ...args: string[]): Promise<ProcessResult> {
  return runProcess('git', [...IDENTITY, ...args], { cwd, timeoutMs: 60_000 });
}

/** Fails when the CLI's output holds any 8 consecutive characters of a key's body (after `sk_live_`/`sk_test_`). */
export function assertNoKey(text: string, ...keys: string[]): void {
  for (const key of keys) {
    const body = key.slice(8);
    for (let i = 0; i + 8 <= body.length; i++) assert.ok(!text.includes(body.slice(i, i + 8)), 'output holds key material');
  }
}
