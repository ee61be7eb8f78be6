import { maskKey } from './mask';

const KEY_SHAPED = /sk_(?:live|test)_[A-Za-z0-9]{4,}/g;

/** Replaces every key-shaped run in `text` by its masked form: the logger's last line of defence. */
export function redactKeys(text: string): string {
  return text.replace(KEY_SHAPED, (key) => maskKey(key));
}
