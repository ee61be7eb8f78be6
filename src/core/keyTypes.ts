// The Infinipost key format, in one place: prefixes, the body's shape and length, and how a key's
// mode is read. Everything that recognizes, masks or redacts a key builds on these.

/** `live` keys (`sk_live_…`) reach real data and are billed; `test` keys (`sk_test_…`) do not. */
export type KeyMode = 'live' | 'test';

/** The deployment environment a stored key is meant for. */
export type Environment = 'Production' | 'Staging' | 'Development';

export const ENVIRONMENTS: readonly Environment[] = ['Production', 'Staging', 'Development'];

/** The prefix every key of the given mode starts with. Built from parts so no scanner mistakes this file for a key. */
export function keyPrefix(mode: KeyMode): string {
  return 'sk_' + mode + '_';
}

/** Both prefixes have this length (`sk_live_`, `sk_test_`): the body starts here. */
export const KEY_PREFIX_LENGTH = keyPrefix('live').length;

// Infinipost does not document a key length. Scanners start between 10 (gitleaks) and 24
// (secretlint, detect-secrets) characters; docs and blog posts shorten keys to forms like `abc123`.
// 16 keeps those truncated examples quiet and is below every real key shape we know of, so a
// shorter body is a partial copy. One number for detection, the scan and the vault's input check.
export const MIN_KEY_BODY_LENGTH = 16;

/** The mode a key's prefix announces (`sk_live_` → live, `sk_test_` → test); undefined for anything else. */
export function keyModeOf(key: string): KeyMode | undefined {
  if (key.startsWith(keyPrefix('live'))) {
    return 'live';
  }
  if (key.startsWith(keyPrefix('test'))) {
    return 'test';
  }
  return undefined;
}

/** True when a text mentions a key prefix in any casing: names and descriptions must never hold a key. */
export function mentionsKeyPrefix(text: string): boolean {
  return KEY_PREFIX_ANY_CASE.test(text);
}

const KEY_PREFIX_ANY_CASE = new RegExp(`${keyPrefix('live')}|${keyPrefix('test')}`, 'i');

/**
 * Every key-shaped run in a text, whatever its length: a key prefix and the letters and digits after
 * it. What is redacted before text is shown, logged or stored; detection decides separately what
 * counts as a hard-coded key. No left boundary on purpose: escapes glue a key to a letter
 * (`\\nsk_…` in JSON, `%3Dsk_…` in a URL), and masking the tail of an identifier such as
 * `task_test_data` costs little.
 */
export function keyShapedPattern(): RegExp {
  return new RegExp(`(?:${keyPrefix('live')}|${keyPrefix('test')})[A-Za-z0-9]+`, 'g');
}
