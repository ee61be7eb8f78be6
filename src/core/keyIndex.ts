// The index of stored keys: metadata only, never key material. The keys themselves live in
// SecretStorage under `infinipost.key.<id>`; this index is one JSON document next to them.
//
// Every VS Code window reads and rewrites that one document, and SecretStorage keeps whichever
// write came last. So the index is a state-based CRDT: a window merges what it reads with what
// it knows before writing, and all windows converge whatever the order of writes.
//
// Semantics (decided here, relied on by the tests):
// - Entry contents are last-writer-wins registers keyed by `updatedAt`; equal clocks are broken
//   by comparing the entries' canonical JSON, so every replica picks the same winner.
// - Removal is final. Ids are random and never reused, and removing an entry also deletes its
//   secret, so an edit racing a delete (a stale window renaming a key another window just
//   removed) must not resurrect metadata whose key is gone. Adding a key again gives it a new id.
//   The tombstone keeps the earliest removal time; tombstones are tiny and never collected,
//   because a window that was offline for months must still learn about the removal.
// - A merged index is normalized: an id is in `entries` or in `removed`, never both.
import { redactKeys } from './redact';
import { ENVIRONMENTS, Environment, KeyMode, keyModeOf, keyPrefix } from './keyTypes';

/** What is known about a stored key; deliberately holds nothing from which the key could be rebuilt. */
export interface KeyMetadata {
  id: string;
  name: string;
  environment: Environment;
  mode: KeyMode;
  last4: string;
  /** ISO time the key was added. */
  createdAt: string;
  /** ISO time of the last change; the last-writer-wins clock. */
  updatedAt: string;
  lastCheck?: { status: string; message: string; at: string };
  /** Id of the key this one replaced during a rotation. */
  rotatedFrom?: string;
}

export interface KeyIndex {
  version: 1;
  entries: Record<string, KeyMetadata>;
  /** Tombstones: id → ISO time of removal. */
  removed: Record<string, string>;
}

/** The SecretStorage key under which the key with this id is stored. */
export function secretStorageKeyFor(id: string): string {
  return `infinipost.key.${id}`;
}

// Ids become part of a SecretStorage key and of JSON object keys; the restricted alphabet also
// keeps out `__proto__`, which would otherwise corrupt a plain object used as a record.
const ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 12;

/** Whether a string is acceptable as a key id. */
export function isKeyId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** A short random id for a new key; random rather than derived from the key so it reveals nothing about it. */
export function newKeyId(random: () => number = Math.random): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) {
    id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length) % ID_ALPHABET.length];
  }
  return id;
}

/** Builds the metadata for a key being stored; throws (without echoing the key) if it is not an Infinipost key. */
export function metadataFor(
  key: string,
  options: { name: string; environment: Environment; now: Date; id?: string; rotatedFrom?: string },
): KeyMetadata {
  const mode = keyModeOf(key);
  if (!mode) {
    throw new Error(`Not an Infinipost API key: it must start with ${keyPrefix('test')} or ${keyPrefix('live')}.`);
  }
  const at = options.now.toISOString();
  const meta: KeyMetadata = {
    id: options.id ?? newKeyId(),
    name: options.name.trim(),
    environment: options.environment,
    mode,
    last4: key.slice(-4),
    createdAt: at,
    updatedAt: at,
  };
  if (options.rotatedFrom !== undefined) {
    meta.rotatedFrom = options.rotatedFrom;
  }
  return meta;
}

/** An index with no keys. */
export function emptyIndex(): KeyIndex {
  return { version: 1, entries: {}, removed: {} };
}

/** Reads the stored index; tolerates missing, corrupt or older documents and never throws. */
export function parseIndex(json: string | undefined): KeyIndex {
  if (json === undefined || json.trim() === '') {
    return emptyIndex();
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return emptyIndex();
  }
  // Earlier drafts stored a bare array of entries, or entries as an array.
  const rawEntries: unknown = Array.isArray(data) ? data : isObject(data) ? data.entries : undefined;
  const rawRemoved: unknown = isObject(data) ? data.removed : undefined;

  const parsed = emptyIndex();
  const entryValues = Array.isArray(rawEntries) ? rawEntries : isObject(rawEntries) ? Object.values(rawEntries) : [];
  for (const value of entryValues) {
    const meta = readMetadata(value);
    if (meta) {
      const current = own(parsed.entries, meta.id);
      if (!current || newer(meta, current)) {
        parsed.entries[meta.id] = meta;
      }
    }
  }
  if (isObject(rawRemoved)) {
    for (const [id, at] of Object.entries(rawRemoved)) {
      if (isKeyId(id) && typeof at === 'string') {
        parsed.removed[id] = at;
      }
    }
  }
  return normalize(parsed);
}

/** The JSON document to store: canonical (sorted ids, fixed field order), so equal indexes serialize identically. */
export function serializeIndex(index: KeyIndex): string {
  const entries: Record<string, unknown> = {};
  for (const id of Object.keys(index.entries).sort()) {
    entries[id] = canonicalFields(copyMetadata(index.entries[id]));
  }
  const removed: Record<string, string> = {};
  for (const id of Object.keys(index.removed).sort()) {
    removed[id] = index.removed[id];
  }
  return JSON.stringify({ version: 1, entries, removed });
}

/** Joins two replicas of the index; commutative, associative and idempotent, so windows converge. */
export function mergeIndexes(a: KeyIndex, b: KeyIndex): KeyIndex {
  const merged = emptyIndex();
  for (const removed of [a.removed, b.removed]) {
    for (const id of Object.keys(removed)) {
      if (!isKeyId(id)) {
        continue;
      }
      const current = own(merged.removed, id);
      // Earliest removal wins: any choice works for convergence, this one records when it first happened.
      if (current === undefined || compareClocks(removed[id], current) < 0) {
        merged.removed[id] = removed[id];
      }
    }
  }
  for (const id of new Set([...Object.keys(a.entries), ...Object.keys(b.entries)])) {
    if (!isKeyId(id) || own(merged.removed, id) !== undefined) {
      continue;
    }
    // An entry filed under another id is corrupt; the id inside decides the secret it points to.
    const fromA = ownEntry(a.entries, id);
    const fromB = ownEntry(b.entries, id);
    const winner = !fromA || !fromB || fromA === fromB ? fromA ?? fromB : newer(fromB, fromA) ? fromB : fromA;
    if (winner) {
      merged.entries[id] = copyMetadata(winner);
    }
  }
  return normalize(merged);
}

/** Records a local add or edit, which wins over what the index holds; ignored for a removed id. */
export function upsertEntry(index: KeyIndex, meta: KeyMetadata): KeyIndex {
  if (!isKeyId(meta.id) || own(index.removed, meta.id) !== undefined) {
    return mergeIndexes(index, emptyIndex());
  }
  const update = copyMetadata(meta);
  const current = own(index.entries, meta.id);
  if (current && canonicalJson(update) === canonicalJson(current)) {
    // Writing the same version again changes nothing, so repeated saves do not churn the clock.
    return mergeIndexes(index, emptyIndex());
  }
  // Windows' clocks disagree: a stored clock ahead of ours must not swallow the user's edit,
  // so ours is advanced just past it.
  if (current && compareClocks(update.updatedAt, current.updatedAt) <= 0) {
    const currentTime = Date.parse(current.updatedAt);
    if (!Number.isNaN(currentTime)) {
      update.updatedAt = new Date(currentTime + 1).toISOString();
    }
  }
  const result = mergeIndexes(index, emptyIndex());
  result.entries[update.id] = update;
  return result;
}

/** Removes a key's metadata for good; `at` is the ISO time of removal. */
export function removeEntry(index: KeyIndex, id: string, at: string): KeyIndex {
  const tombstone = emptyIndex();
  if (isKeyId(id)) {
    tombstone.removed[id] = at;
  }
  return mergeIndexes(index, tombstone);
}

/** The stored keys in display order: Production, Staging, Development, then by name. */
export function listEntries(index: KeyIndex): KeyMetadata[] {
  return Object.keys(index.entries)
    .filter((id) => own(index.removed, id) === undefined)
    .map((id) => index.entries[id])
    .sort(
      (a, b) =>
        environmentRank(a.environment) - environmentRank(b.environment) ||
        a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** The stored key with this name, compared case-insensitively and ignoring surrounding spaces. */
export function findByName(index: KeyIndex, name: string): KeyMetadata | undefined {
  const wanted = name.trim().toLowerCase();
  return listEntries(index).find((entry) => entry.name.trim().toLowerCase() === wanted);
}

/** Whether two indexes hold the same state (after normalization), regardless of property order. */
export function indexEquals(a: KeyIndex, b: KeyIndex): boolean {
  return serializeIndex(mergeIndexes(a, emptyIndex())) === serializeIndex(mergeIndexes(b, emptyIndex()));
}

function normalize(index: KeyIndex): KeyIndex {
  const result = emptyIndex();
  for (const id of Object.keys(index.removed).sort()) {
    result.removed[id] = index.removed[id];
  }
  for (const id of Object.keys(index.entries).sort()) {
    if (own(result.removed, id) === undefined) {
      result.entries[id] = index.entries[id];
    }
  }
  return result;
}

// Total order on entries: later clock wins; equal clocks fall back to canonical JSON so that
// every replica, given the same two versions, keeps the same one.
function newer(candidate: KeyMetadata, current: KeyMetadata): boolean {
  const byClock = compareClocks(candidate.updatedAt, current.updatedAt);
  if (byClock !== 0) {
    return byClock > 0;
  }
  if (sameFields(candidate, current)) {
    // The common case when windows merge copies of the same version; skips the JSON below.
    return false;
  }
  // Compared as stored (sanitized), so the order does not depend on whether an input was.
  return canonicalJson(candidate) > canonicalJson(current);
}

function sameFields(a: KeyMetadata, b: KeyMetadata): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.environment === b.environment &&
    a.mode === b.mode &&
    a.last4 === b.last4 &&
    a.createdAt === b.createdAt &&
    a.updatedAt === b.updatedAt &&
    a.rotatedFrom === b.rotatedFrom &&
    a.lastCheck?.status === b.lastCheck?.status &&
    a.lastCheck?.message === b.lastCheck?.message &&
    a.lastCheck?.at === b.lastCheck?.at &&
    (a.lastCheck === undefined) === (b.lastCheck === undefined)
  );
}

function canonicalJson(meta: KeyMetadata): string {
  return JSON.stringify(canonicalFields(copyMetadata(meta)));
}

// Compares ISO times by instant, then by text, so unparseable or differently formatted clocks
// still order totally and deterministically (unparseable ones lose to any real time).
function compareClocks(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  const ta = clockValue(a);
  const tb = clockValue(b);
  if (ta !== tb) {
    return ta < tb ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function clockValue(iso: string): number {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? -Infinity : time;
}

function environmentRank(environment: Environment): number {
  const rank = ENVIRONMENTS.indexOf(environment);
  return rank === -1 ? ENVIRONMENTS.length : rank;
}

// Copies only the known fields, so an object that carries more (say, a `key` property passed
// in by mistake) cannot smuggle it into storage, and masks anything key-shaped in free text.
function copyMetadata(meta: KeyMetadata): KeyMetadata {
  const copy: KeyMetadata = {
    id: meta.id,
    name: redactKeys(meta.name),
    environment: meta.environment,
    mode: meta.mode,
    last4: meta.last4.slice(-4),
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
  };
  if (meta.lastCheck) {
    copy.lastCheck = {
      status: meta.lastCheck.status,
      message: redactKeys(meta.lastCheck.message),
      at: meta.lastCheck.at,
    };
  }
  if (meta.rotatedFrom !== undefined) {
    copy.rotatedFrom = meta.rotatedFrom;
  }
  return copy;
}

function canonicalFields(meta: KeyMetadata): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    id: meta.id,
    name: meta.name,
    environment: meta.environment,
    mode: meta.mode,
    last4: meta.last4,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
  };
  if (meta.lastCheck) {
    fields.lastCheck = { status: meta.lastCheck.status, message: meta.lastCheck.message, at: meta.lastCheck.at };
  }
  if (meta.rotatedFrom !== undefined) {
    fields.rotatedFrom = meta.rotatedFrom;
  }
  return fields;
}

function readMetadata(value: unknown): KeyMetadata | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const { id, name, environment, mode, last4, createdAt, updatedAt, lastCheck, rotatedFrom } = value;
  if (typeof id !== 'string' || !isKeyId(id) || typeof name !== 'string') {
    return undefined;
  }
  if (!ENVIRONMENTS.includes(environment as Environment) || (mode !== 'live' && mode !== 'test')) {
    return undefined;
  }
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    return undefined;
  }
  const meta: KeyMetadata = {
    id,
    name,
    environment: environment as Environment,
    mode,
    last4: typeof last4 === 'string' && /^[A-Za-z0-9]+$/.test(last4) ? last4.slice(-4) : '',
    createdAt,
    // Older documents had no clock; the creation time is the best available.
    updatedAt: typeof updatedAt === 'string' && !Number.isNaN(Date.parse(updatedAt)) ? updatedAt : createdAt,
  };
  if (
    isObject(lastCheck) &&
    typeof lastCheck.status === 'string' &&
    typeof lastCheck.message === 'string' &&
    typeof lastCheck.at === 'string'
  ) {
    meta.lastCheck = { status: lastCheck.status, message: lastCheck.message, at: lastCheck.at };
  }
  if (typeof rotatedFrom === 'string' && isKeyId(rotatedFrom)) {
    meta.rotatedFrom = rotatedFrom;
  }
  return copyMetadata(meta);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownEntry(entries: Record<string, KeyMetadata>, id: string): KeyMetadata | undefined {
  const entry = own(entries, id);
  return entry && entry.id === id ? entry : undefined;
}

function own<T>(record: Record<string, T>, id: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, id) ? record[id] : undefined;
}
