/** Masks an API key for display: keeps the `sk_live_` / `sk_test_` prefix and the last four characters. */
export function maskKey(key: string): string {
  const match = /^(sk_(?:live|test)_)/.exec(key);
  const prefix = match ? match[1] : '';
  const last4 = key.length - prefix.length >= 8 ? key.slice(-4) : '';
  return `${prefix}…${last4}`;
}
