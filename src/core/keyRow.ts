// What the API Keys view shows on a key's row. The row is narrow: the name, the masked key and
// LIVE/TEST say which key it is; the environment only when the name does not already say it
// ("Production" named after its environment would read "Production … · Production"). Everything
// else (age, last check, active) is in the tooltip and the accessible label.
import { KeyMetadata } from './keyIndex';

/** Whether the key's name already says its environment ("Production", "Production #2", "staging api"). */
export function nameSaysEnvironment(entry: Pick<KeyMetadata, 'name' | 'environment'>): boolean {
  return entry.name.toLowerCase().includes(entry.environment.toLowerCase());
}

/** The text after a key's name on its row: `[leaked — rotate · ]sk_live_…1234[ · Staging] · LIVE`. */
export function keyRowDescription(entry: Pick<KeyMetadata, 'name' | 'environment' | 'mode'>, maskedKey: string, leaked = false): string {
  const parts = [maskedKey, ...(nameSaysEnvironment(entry) ? [] : [entry.environment]), entry.mode.toUpperCase()];
  return `${leaked ? 'leaked — rotate · ' : ''}${parts.join(' · ')}`;
}
