import { KEY_PREFIX_LENGTH, KeyMode, keyModeOf, keyPrefix } from './keyTypes';

/** Masks an API key for display: keeps the `sk_live_` / `sk_test_` prefix and the last four characters. */
export function maskKey(key: string): string {
  const mode = keyModeOf(key);
  const prefix = mode ? key.slice(0, KEY_PREFIX_LENGTH) : '';
  const last4 = key.length - prefix.length >= 8 ? key.slice(-4) : '';
  return `${prefix}…${last4}`;
}

/** Whether a text is a masked key as `maskKey` writes it (`sk_live_…1234`, or `sk_test_…` for a short key). */
export function isMaskedKey(text: string): boolean {
  return keyModeOf(text) !== undefined && /^…[A-Za-z0-9]{0,4}$/.test(text.slice(KEY_PREFIX_LENGTH));
}

/** The masked form of a stored key from its metadata alone (`sk_live_…1234`), without reading the secret. */
export function maskedKeyOf(entry: { readonly mode: KeyMode; readonly last4: string }): string {
  return `${keyPrefix(entry.mode)}…${entry.last4}`;
}
