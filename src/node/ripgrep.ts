// Finds VS Code's own ripgrep and runs it to list the files the workspace scan should read.
import { spawn } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { parseRipgrepSkip, RipgrepListParser, RipgrepSkip } from '../core/ripgrepArgs';

// The lines holding key-shaped strings, and the lines above them: far more than any real workspace
// has; beyond it the caller lists the folder another way instead of growing without bound.
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The ripgrep binary VS Code ships, found under its application root: desktop and server builds
 * keep it in `node_modules/@vscode/ripgrep/bin`, older desktop builds in `node_modules.asar.unpacked`.
 * Undefined in the web and in installs without it; then the scan uses its Node route.
 */
export function findRipgrep(appRoot: string | undefined, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!appRoot) return undefined;
  const binary = platform === 'win32' ? 'rg.exe' : 'rg';
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    const candidate = path.join(appRoot, modules, '@vscode', 'ripgrep', 'bin', binary);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** What one rg run listed: absolute paths, and how many files it searched (when it said). */
export interface RipgrepListing {
  files: string[];
  searched?: number;
}

export interface RipgrepListRun {
  signal?: AbortSignal;
  /** The allow list (keys or bodies never reported). */
  allow?: readonly string[];
  /** Hears each listed file as soon as rg's output names it (reading it then overlaps rg's search of the rest). */
  onFile?: (file: string) => void;
  /**
   * With `reportSkips` in the arguments: hears each file rg says it left out (absolute path); rg's
   * exit code 2 for unreadable files is then expected, and other messages still fail the run.
   */
  onSkip?: (skip: RipgrepSkip) => void;
}

/** Runs rg with `ripgrepArgs` in `cwd` and returns the absolute paths of the files worth reading in full. */
export function runRipgrepList(rgPath: string, cwd: string, args: readonly string[], run: RipgrepListRun = {}): Promise<RipgrepListing> {
  const { signal, allow, onFile, onSkip } = run;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const child = spawn(rgPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const parser = new RipgrepListParser(allow, onFile && ((rel) => onFile(path.join(cwd, rel))));
    // Parsed as it arrives, whole lines at a time (`\n` never occurs inside a UTF-8 sequence), so
    // the output is never held at once; a line longer than a chunk is joined once, when it ends.
    let pending: Buffer[] = [];
    const parse = (data: Buffer, end: number) => parser.block(data, 0, end, (needle, from) => data.indexOf(needle, from));
    let bytes = 0;
    let stderr = '';
    let settled = false;
    const finish = (error: Error | undefined, listing?: RipgrepListing) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(listing!);
    };
    const onAbort = () => {
      child.kill();
      finish(signal!.reason as Error); // abort() without a reason gives a DOMException, an Error
    };
    signal?.addEventListener('abort', onAbort);
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES) {
        child.kill();
        finish(new Error('ripgrep listed more files than the scan can take'));
        return;
      }
      if (settled) return;
      if (chunk.lastIndexOf(LINE_FEED) === -1) {
        pending.push(chunk);
        return;
      }
      const data = pending.length > 0 ? Buffer.concat([...pending, chunk]) : chunk;
      const end = data.lastIndexOf(LINE_FEED) + 1;
      pending = end < data.length ? [data.subarray(end)] : [];
      try {
        parse(data, end);
      } catch (error) {
        // From onFile: the caller's reading failed; stop rg rather than throw from a stream event.
        child.kill();
        finish(asError(error));
      }
    });
    // Messages, whole lines; with onSkip, the skips it reports and debug lines are not errors.
    let stderrRest = '';
    const message = (line: string) => {
      const skip = onSkip && parseRipgrepSkip(line);
      if (skip) onSkip({ status: skip.status, path: path.join(cwd, skip.path) });
      else if (!(onSkip && /^(rg: )?DEBUG\|/.test(line)) && line.trim() !== '' && stderr.length < 4096) stderr += `${line}\n`;
    };
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (stderrRest + chunk.toString('utf8')).split('\n');
      stderrRest = lines.pop() ?? '';
      if (stderrRest.length > 64 * 1024) stderrRest = stderrRest.slice(0, 4096);
      for (const line of lines) message(line);
    });
    child.once('error', (error) => finish(error));
    child.once('close', (code) => {
      message(stderrRest);
      // 0: some files matched, 1: none; 2 with no other message: some files could not be read.
      if (code === 0 || code === 1 || (code === 2 && stderr.trim() === '')) {
        try {
          const rest = Buffer.concat(pending);
          if (rest.length > 0) parse(rest, rest.length);
        } catch (error) {
          finish(asError(error));
          return;
        }
        if (parser.unreadable) {
          finish(new Error('ripgrep printed a file name with a line break, so its list cannot be trusted'));
          return;
        }
        const { files, searched } = parser.result();
        finish(undefined, { files: files.map((rel) => path.join(cwd, rel)), searched });
      } else {
        finish(new Error(`ripgrep exited with ${code}: ${stderr.trim().slice(0, 500)}`));
      }
    });
  });
}

/** Runs rg with `ripgrepFilesArgs` in `cwd`: the absolute paths of the files it lists. */
export function runRipgrepFiles(rgPath: string, cwd: string, args: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(rgPath, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    const chunks: Buffer[] = [];
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES) child.kill();
      else chunks.push(chunk);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      // 1: no file listed; 2: some could not be read (listed all the same).
      if (bytes > MAX_OUTPUT_BYTES || (code !== 0 && code !== 1 && code !== 2)) reject(new Error(`ripgrep --files exited with ${code}`));
      else resolve(Buffer.concat(chunks).toString('utf8').split('\0').filter((rel) => rel.length > 0).map((rel) => path.join(cwd, rel)));
    });
  });
}

const LINE_FEED = 0x0a;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
