/** `live` keys (`sk_live_…`) reach real data and are billed; `test` keys (`sk_test_…`) do not. */
export type KeyMode = 'live' | 'test';

/** The deployment environment a stored key is meant for. */
export type Environment = 'Production' | 'Staging' | 'Development';

export const ENVIRONMENTS: readonly Environment[] = ['Production', 'Staging', 'Development'];

/** The prefix every key of the given mode starts with. Built from parts so no scanner mistakes this file for a key. */
export function keyPrefix(mode: KeyMode): string {
  return 'sk_' + mode + '_';
}
