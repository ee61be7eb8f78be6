// A small seeded random source, so the corpus and the benchmark documents are the same on every
// machine and every run (Math.random cannot be seeded). The generator and key bodies are the unit
// tests' (test/support/testKeys.ts): one seeded PRNG for tests and bench.
import { randomBody, seededRandom } from '../test/support/testKeys';

/** Deterministic pseudo-random numbers (mulberry32, seededRandom) with the helpers the generators need. */
export class Random {
  private readonly source: () => number;

  constructor(seed: number) {
    this.source = seededRandom(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.source();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A normally distributed float (Box–Muller). */
  normal(mean: number, deviation: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Random letters and digits, like a real key body. */
  alphanumeric(length: number): string {
    return randomBody(length, this.source);
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return out;
  }
}
