// Digests of keys (never the keys) for comparing with the vault in memory and for the committed
// baseline of accepted keys, and reading/writing that baseline file.
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { BASELINE_FILE, Baseline, BaselineEntry, addToBaseline, parseBaseline, serializeBaseline } from '../core/historyModel';

/** SHA-256 of a key, hex; used only in memory to tell whether two keys are equal. */
export function keyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

// A fixed, public salt, not a per-repository one: a fingerprint must survive forks, moves and
// copies of the repository (as detect-secrets' baseline hashes do), and a key body (16 or more random
// letters and digits, ~95+ bits) cannot be found from its hash by guessing either way. The prefix
// keeps these fingerprints distinct from a plain SHA-256 of the key that any other tool may store.
const FINGERPRINT_SALT = 'infinipost-baseline-v1:';

/** The fingerprint `.infinipost-baseline.json` stores for an accepted key. */
export function baselineFingerprint(key: string): string {
  return 'sha256:' + createHash('sha256').update(FINGERPRINT_SALT + key, 'utf8').digest('hex');
}

/** The baseline of a repository; a missing file is an empty baseline. */
export async function readBaseline(repo: string): Promise<{ baseline: Baseline; problem?: string }> {
  const text = await fs.readFile(path.join(repo, BASELINE_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return parseBaseline(text);
}

/** Adds an entry to the repository's baseline file (creating it), keeping what is already there. */
export async function acceptInBaseline(repo: string, entry: BaselineEntry): Promise<string> {
  const file = path.join(repo, BASELINE_FILE);
  const { baseline, problem } = await readBaseline(repo);
  // An unreadable file is somebody's work: never overwrite it.
  if (problem) throw new Error(`${problem} Fix or remove it, then accept again.`);
  const next = addToBaseline(baseline, entry);
  if (next !== baseline) await fs.writeFile(file, serializeBaseline(next), 'utf8');
  return file;
}
