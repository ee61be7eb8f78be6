// A journal of keys being added, so no secret is ever orphaned. SecretStorage cannot list its
// keys (VS Code 1.100 has no SecretStorage.keys()), and the index is one document that every
// window rewrites: when window B adds a key and closes right away while window A writes an index
// it read before B's write, B's entry is gone and its secret lingers where nobody can find it.
// So an add first records its metadata here (never the key), then stores the secret, then the
// index; a later load adopts every journaled key whose secret exists but whose entry is missing,
// sweeps the secret of one that was removed meanwhile, and forgets intents that are settled.
// The journal uses the index's document format (entries only) and its validation.
import { KeyIndex, KeyMetadata, emptyIndex, findByName, listEntries } from './keyIndex';

/** How long an intent without a stored secret may still be an add in progress in another window. */
export const PENDING_ADD_GRACE_MS = 10 * 60_000;

/** The journal with one more pending add. */
export function journalWith(journal: KeyIndex, meta: KeyMetadata): KeyIndex {
  return { version: 1, entries: { ...journal.entries, [meta.id]: { ...meta } }, removed: {} };
}

/** The journal without the given (settled) ids. */
export function journalWithout(journal: KeyIndex, ids: readonly string[]): KeyIndex {
  const result = emptyIndex();
  for (const entry of listEntries(journal)) if (!ids.includes(entry.id)) result.entries[entry.id] = { ...entry };
  return result;
}

export interface RecoveryPlan {
  /** Entries to add to the index: the secret is stored, the metadata was lost. */
  adopt: KeyMetadata[];
  /** Ids whose secret must be deleted: the key was removed while its add was journaled. */
  sweep: string[];
  /** Ids to drop from the journal once the plan is carried out. */
  settled: string[];
}

/**
 * Decides what to do with each journaled add. `storedSecrets` holds the ids whose secret exists
 * and matches the journaled metadata (mode and last four characters).
 */
export function planRecovery(index: KeyIndex, journal: KeyIndex, storedSecrets: ReadonlySet<string>, now: Date): RecoveryPlan {
  const plan: RecoveryPlan = { adopt: [], sweep: [], settled: [] };
  const taken = new Set(listEntries(index).map((entry) => entry.name.trim().toLowerCase()));
  for (const pending of listEntries(journal)) {
    const id = pending.id;
    if (Object.prototype.hasOwnProperty.call(index.removed, id)) {
      plan.sweep.push(id);
      plan.settled.push(id);
    } else if (Object.prototype.hasOwnProperty.call(index.entries, id)) {
      plan.settled.push(id);
    } else if (storedSecrets.has(id)) {
      const name = uniqueName(pending.name, taken, index);
      taken.add(name.toLowerCase());
      plan.adopt.push({ ...pending, name });
      plan.settled.push(id);
    } else {
      const age = now.getTime() - Date.parse(pending.createdAt);
      // No secret: the add failed, or is still running in another window; wait before forgetting.
      if (!(age < PENDING_ADD_GRACE_MS)) plan.settled.push(id);
    }
  }
  return plan;
}

function uniqueName(name: string, taken: ReadonlySet<string>, index: KeyIndex): string {
  if (!taken.has(name.trim().toLowerCase()) && !findByName(index, name)) return name;
  for (let n = 1; ; n++) {
    const candidate = `${name.slice(0, 48)} (recovered${n > 1 ? ` ${n}` : ''})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
