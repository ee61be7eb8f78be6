import { keyShapedPattern } from './keyTypes';
import { maskKey } from './mask';

const KEY_SHAPED = keyShapedPattern();

/** Replaces every key-shaped run in `text` by its masked form: the last line of defence before text is shown, logged or stored. */
export function redactKeys(text: string): string {
  // Most text holds no key; skipping the regex keeps this cheap on every log line.
  if (!text.includes('k_')) return text;
  return text.replace(KEY_SHAPED, (key) => maskKey(key));
}
