// Key-shaped strings are built at run time: a literal in the repository would be flagged by
// vsce, push protection and every scanner (including ours).
import { placeholderReason } from '../../src/core/keyDetector';
import { KeyMode, keyPrefix } from '../../src/core/keyTypes';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A realistic-looking random key body (mixed case letters and digits). */
export function randomBody(length = 32, random: () => number = Math.random): string {
  let body = '';
  while (body.length < length) {
    body += ALPHABET[Math.floor(random() * ALPHABET.length)];
  }
  return body;
}

/**
 * A random body the detector reports: about one random body in a few thousand holds a filler word
 * ("test", "demo", …) or a run the placeholder rules skip, which made tests expecting every key fail
 * at random.
 */
export function reportableBody(random: () => number = Math.random): string {
  for (;;) {
    const body = randomBody(32, random);
    if (placeholderReason(body) === undefined) return body;
  }
}

/** Builds a key of the given mode; the body is random (and reportable) unless given. */
export function makeKey(mode: KeyMode, body: string = reportableBody()): string {
  return keyPrefix(mode) + body;
}

export const liveKey = (body?: string): string => makeKey('live', body);
export const testKey = (body?: string): string => makeKey('test', body);
