// Helpers for the security and fault suites: terminal environment probes that never handle the
// value itself, a search of files on disk for any piece of a key, and the Infinipost log as written.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, run, waitFor } from './host';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Fails when `value` (a string, or anything JSON-serialisable) holds 8 consecutive characters of the
 * key's body. The failure message shows where, with every key piece blanked out, so a failing run
 * does not itself print the key.
 */
export function assertNoKeyPiece(value: unknown, key: string, what: string): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  const body = key.replace(/^sk_(live|test)_/, '');
  const pieces = new Set<string>();
  for (let i = 0; i + 8 <= body.length; i++) pieces.add(body.slice(i, i + 8));
  const holdsPiece = (run: string): boolean => {
    for (let i = 0; i + 8 <= run.length; i++) if (pieces.has(run.slice(i, i + 8))) return true;
    return false;
  };
  for (let i = 0; i + 8 <= body.length; i++) {
    const at = text.indexOf(body.slice(i, i + 8));
    if (at === -1) continue;
    const context = text.slice(Math.max(0, at - 160), at + 160).replace(/[A-Za-z0-9]{8,}/g, (run) => (holdsPiece(run) ? '<KEY PIECE>' : run));
    throw new assert.AssertionError({ message: `${what} holds key material (8 characters of the key body at offset ${i}): …${context}…` });
  }
}

/** The throwaway root the runner made (user-data, extensions, config, data, workspace). */
export function testRoot(): string {
  const root = process.env.INFINIPOST_TEST_ROOT;
  if (!root) throw new Error('INFINIPOST_TEST_ROOT is not set: run through scripts/runIntegrationTests.mjs');
  return root;
}

/**
 * Starts a real integrated terminal whose shell writes the sha256 of a variable (never the value) to
 * a temp file; resolves to that hash, or 'unset'.
 */
export async function variableHashInNewTerminal(variable: string): Promise<string> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new Error(`not a variable name: ${variable}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-sec-term-'));
  const out = path.join(dir, 'hash');
  const terminal = vscode.window.createTerminal({
    name: 'infinipost-security-test',
    shellPath: '/bin/sh',
    shellArgs: ['-c', `if [ -n "\${${variable}+x}" ]; then printf %s "$${variable}" | sha256sum | cut -d' ' -f1 > "${out}.tmp"; else echo unset > "${out}.tmp"; fi; mv "${out}.tmp" "${out}"`],
  });
  try {
    return await waitFor(() => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').trim() : undefined), `the terminal to report ${variable}`, 30_000);
  } finally {
    terminal.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until terminal injection has re-applied after a change (it runs asynchronously). The
 * extension host sends a changed environment collection to the workbench at once, ahead of any
 * later createTerminal (VS Code 1.100, src/vs/workbench/api/common/extHostTerminalService.ts,
 * _setEnvironmentVariableCollection), so a terminal created after this sees the new state.
 */
export async function settleInjection(): Promise<void> {
  await run('infinipost.refreshKeys');
  await (await activateExtension()).injectionSettled();
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sets (undefined: removes) user settings and returns a function that restores what was there. */
export async function setUserSettings(section: string, values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration(section);
  const previous = Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue] as const);
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    for (const [key, value] of previous) await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
  };
}

// ---- searching files for key material -----------------------------------------------------------

export interface KeyMaterialHit {
  file: string;
  /** e.g. "key #1, body piece at 7, utf16le": never the piece itself. */
  what: string;
}

export const PIECE_LENGTH = 12;
// Any 12-character piece of a body holds a whole 6-character block starting at a multiple of 6, so
// files are first searched for those blocks (few needles, fast) and only candidates are checked in full.
const BLOCK_LENGTH = 6;

interface KeyNeedles {
  blocks: Buffer[];
  /** Every 12-character piece of the body in UTF-8 and UTF-16LE, and base64 runs of the body at its three alignments. */
  pieces: Array<{ bytes: Buffer; label: string }>;
}

function needlesFor(key: string, index: number): KeyNeedles {
  const body = key.replace(/^sk_(live|test)_/, '');
  const blocks: Buffer[] = [];
  const pieces: KeyNeedles['pieces'] = [];
  for (let i = 0; i + BLOCK_LENGTH <= body.length; i += BLOCK_LENGTH) {
    blocks.push(Buffer.from(body.slice(i, i + BLOCK_LENGTH), 'utf8'), Buffer.from(body.slice(i, i + BLOCK_LENGTH), 'utf16le'));
  }
  for (let i = 0; i + PIECE_LENGTH <= body.length; i++) {
    const piece = body.slice(i, i + PIECE_LENGTH);
    pieces.push({ bytes: Buffer.from(piece, 'utf8'), label: `key #${index + 1}, body piece at ${i}, utf8` });
    pieces.push({ bytes: Buffer.from(piece, 'utf16le'), label: `key #${index + 1}, body piece at ${i}, utf16le` });
  }
  for (let align = 0; align < 3; align++) {
    const part = body.slice(align);
    // Whole 4-character groups only: what follows changes the last group. 24 characters = 18 of the body.
    const stable = Buffer.from(part, 'utf8').toString('base64').slice(0, Math.min(24, Math.floor(part.length / 3) * 4));
    blocks.push(Buffer.from(stable, 'utf8'));
    pieces.push({ bytes: Buffer.from(stable, 'utf8'), label: `key #${index + 1}, base64 at alignment ${align}` });
  }
  return { blocks, pieces };
}

function findPiece(contents: Buffer, needles: KeyNeedles): string | undefined {
  if (!needles.blocks.some((block) => contents.indexOf(block) !== -1)) return undefined;
  return needles.pieces.find((piece) => contents.indexOf(piece.bytes) !== -1)?.label;
}

export interface SearchRoot {
  dir: string;
  /** Only files modified at or after this time (ms since epoch). */
  modifiedSince?: number;
  /** Paths to leave out (files or whole folders). */
  skip?: (file: string) => boolean;
}

export interface SearchReport {
  hits: KeyMaterialHit[];
  filesRead: number;
  bytesRead: number;
  /** Files too large to read, listed so a test can say what it did not look at. */
  tooLarge: string[];
}

const MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads every regular file under the roots (symlinks are not followed) and reports any piece of a
 * key found, in UTF-8, UTF-16LE or base64. Yields to the event loop as it goes, so the host stays responsive.
 */
export async function searchForKeyMaterial(roots: readonly SearchRoot[], keys: readonly string[]): Promise<SearchReport> {
  const needles = keys.map(needlesFor);
  const report: SearchReport = { hits: [], filesRead: 0, bytesRead: 0, tooLarge: [] };
  const seen = new Set<string>();
  let sinceYield = 0;
  const visit = async (file: string, root: SearchRoot): Promise<void> => {
    if (seen.has(file) || root.skip?.(file)) return;
    seen.add(file);
    if (++sinceYield >= 200) {
      sinceYield = 0;
      await new Promise((r) => setImmediate(r));
    }
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      return; // gone meanwhile (another process's temp file)
    }
    if (stat.isDirectory()) {
      let entries: string[] = [];
      try {
        entries = fs.readdirSync(file);
      } catch {
        return;
      }
      for (const entry of entries) await visit(path.join(file, entry), root);
      return;
    }
    if (!stat.isFile()) return;
    if (root.modifiedSince !== undefined && stat.mtimeMs < root.modifiedSince) return;
    if (stat.size > MAX_FILE_BYTES) {
      report.tooLarge.push(file);
      return;
    }
    let contents: Buffer;
    try {
      contents = fs.readFileSync(file);
    } catch {
      return;
    }
    report.filesRead++;
    report.bytesRead += contents.length;
    for (const keyNeedles of needles) {
      const what = findPiece(contents, keyNeedles);
      if (what) report.hits.push({ file, what });
    }
  };
  for (const root of roots) await visit(root.dir, root);
  return report;
}

/** Top-level entries of the temp folder created at or after `since`: what this run (or anything running meanwhile) made. */
export function tempEntriesCreatedSince(since: number): string[] {
  const tmp = os.tmpdir();
  return fs.readdirSync(tmp).flatMap((entry) => {
    const full = path.join(tmp, entry);
    try {
      const stat = fs.lstatSync(full);
      return (stat.birthtimeMs || stat.ctimeMs) >= since ? [full] : [];
    } catch {
      return [];
    }
  });
}

// ---- the Infinipost log -------------------------------------------------------------------------

/** The text of every "Infinipost" output channel log the host wrote under the test root. */
export function infinipostLogText(): string {
  const logs = path.join(testRoot(), 'user-data', 'logs');
  if (!fs.existsSync(logs)) return '';
  return fs
    .readdirSync(logs, { recursive: true })
    .map(String)
    .filter((file) => /infinipost/i.test(path.basename(file)) && file.endsWith('.log'))
    .map((file) => fs.readFileSync(path.join(logs, file), 'utf8'))
    .join('\n');
}
