// The key vault: keys in SecretStorage (`infinipost.key.<id>`), metadata in one index document
// (`infinipost.index`, also in SecretStorage so every window hears about changes through
// onDidChange). The index is a CRDT (core/keyIndex): each window merges what it reads with what
// it knows, so concurrent writers in several windows converge and lose nothing. Adds are
// journaled first (`infinipost.pendingAdds`, core/keyJournal) so a key whose index entry was
// lost to a racing window is adopted at the next load instead of lingering unlisted.
import * as vscode from 'vscode';
import { UserError } from '../shared/userError';
import { validateKeyInput, validateKeyName, normalizeKeyInput } from '../core/keyFormat';
import { keyModeOf } from '../core/keyTypes';
import { journalWith, journalWithout, planRecovery } from '../core/keyJournal';
import {
  KeyIndex, KeyMetadata, emptyIndex, findByName, indexEquals, listEntries, mergeIndexes, metadataFor,
  parseIndex, removeEntry, secretStorageKeyFor, serializeIndex, upsertEntry,
} from '../core/keyIndex';
import { Environment } from '../core/keyTypes';
import { withTimeout } from '../core/timeout';
import { Logger } from '../shared/logger';

export const INDEX_SECRET = 'infinipost.index';
/** Metadata of adds in progress (never keys): what a later load needs to adopt an orphaned secret. */
export const JOURNAL_SECRET = 'infinipost.pendingAdds';
const SECRET_TIMEOUT_MS = 15_000;
const UNAVAILABLE =
  'VS Code could not reach its secret storage (on Linux this usually means no keyring such as GNOME Keyring or KWallet is running). ' +
  'Nothing was saved. Start a keyring, or see "Troubleshooting" in the Infinipost README.';

/** The part of vscode.SecretStorage the vault needs. */
export type SecretStore = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete' | 'onDidChange'> & {
  keys?: () => Thenable<string[]>;
};

export interface VaultDeps {
  secrets: SecretStore;
  logger: Logger;
  now?: () => Date;
  timeoutMs?: number;
}

export class KeyVault implements vscode.Disposable {
  private index: KeyIndex = emptyIndex();
  private loaded: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  /** Fires after the list of keys or their metadata changed, here or in another window. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: VaultDeps) {
    this.now = deps.now ?? (() => new Date());
    this.timeoutMs = deps.timeoutMs ?? SECRET_TIMEOUT_MS;
    this.disposables.push(
      deps.secrets.onDidChange((event) => {
        if (event.key === INDEX_SECRET) {
          void this.exclusive(() => this.sync()).catch((error) => deps.logger.warn(`Could not merge key index: ${String(error)}`));
        }
      }),
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => {
      d.dispose();
    });
  }

  /** Loads the index once; later calls reuse it. */
  ready(): Promise<void> {
    this.loaded ??= this.exclusive(async () => {
      await this.sync();
      await this.recover().catch((error) => this.deps.logger.warn(`Could not check for keys added by a window that closed: ${String(error)}`));
    }).catch((error) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  /** Keys in display order (after ready()). */
  list(): KeyMetadata[] {
    return listEntries(this.index);
  }

  get(id: string): KeyMetadata | undefined {
    return this.list().find((entry) => entry.id === id);
  }

  findByName(name: string): KeyMetadata | undefined {
    return findByName(this.index, name);
  }

  /** The key itself, for injection, tests and copying; callers must never log or return it. */
  async secret(id: string): Promise<string | undefined> {
    return this.guard(this.deps.secrets.get(secretStorageKeyFor(id)));
  }

  /** Validates and stores a new key; the secret is written before its metadata so no entry ever lacks its key. */
  add(input: { name: string; key: string; environment: Environment; rotatedFrom?: string }): Promise<KeyMetadata> {
    return this.exclusive(async () => {
      await this.sync();
      const key = normalizeKeyInput(input.key);
      const keyProblem = validateKeyInput(key);
      if (keyProblem) throw new UserError(keyProblem);
      const nameProblem = validateKeyName(input.name, this.list().map((entry) => entry.name));
      if (nameProblem) throw new UserError(nameProblem);
      const meta = metadataFor(key, { name: input.name, environment: input.environment, now: this.now(), rotatedFrom: input.rotatedFrom });
      // Intent first: should this window close before its index entry survives, the next load adopts the key.
      await this.updateJournal((journal) => journalWith(journal, meta));
      await this.guard(this.deps.secrets.store(secretStorageKeyFor(meta.id), key));
      try {
        await this.write(upsertEntry(this.index, meta));
      } catch (error) {
        // Take the key back out so no secret lingers without its entry; if that fails too, the
        // first failure is what the user needs to read (an unlisted secret is harmless).
        await this.guard(this.deps.secrets.delete(secretStorageKeyFor(meta.id))).catch(() => undefined);
        throw error;
      }
      this.deps.logger.info(`Stored key "${meta.name}" (${meta.environment}, ${meta.mode}).`);
      return meta;
    });
  }

  /** Finds a stored key with exactly this value (to avoid storing a key twice). */
  async findByValue(key: string): Promise<KeyMetadata | undefined> {
    await this.ready();
    const last4 = key.slice(-4);
    for (const entry of this.list().filter((e) => e.last4 === last4)) {
      if ((await this.secret(entry.id)) === key) return entry;
    }
    return undefined;
  }

  rename(id: string, newName: string): Promise<KeyMetadata> {
    return this.update(id, (entry) => {
      const problem = validateKeyName(newName, this.list().filter((e) => e.id !== id).map((e) => e.name));
      if (problem) throw new UserError(problem);
      return { ...entry, name: newName.trim() };
    });
  }

  /** Records the outcome of a key check (status and message only). */
  recordCheck(id: string, check: { status: string; message: string }): Promise<KeyMetadata> {
    return this.update(id, (entry) => ({ ...entry, lastCheck: { ...check, at: this.now().toISOString() } }));
  }

  /** Removes metadata first, then the secret: an interrupted removal leaves at worst an unlisted secret, never a listed key without one. */
  remove(id: string): Promise<KeyMetadata> {
    return this.exclusive(async () => {
      await this.sync();
      const entry = this.get(id);
      if (!entry) throw new UserError('That key is no longer stored.');
      await this.write(removeEntry(this.index, id, this.now().toISOString()));
      await this.guard(this.deps.secrets.delete(secretStorageKeyFor(id)));
      this.deps.logger.info(`Removed key "${entry.name}".`);
      return entry;
    });
  }

  private update(id: string, change: (entry: KeyMetadata) => KeyMetadata): Promise<KeyMetadata> {
    return this.exclusive(async () => {
      await this.sync();
      const entry = this.get(id);
      if (!entry) throw new UserError('That key is no longer stored.');
      const updated = { ...change(entry), updatedAt: this.now().toISOString() };
      await this.write(upsertEntry(this.index, updated));
      return this.get(id) ?? updated;
    });
  }

  /**
   * Adopts journaled keys whose secret is stored but whose index entry was lost (another window
   * overwrote the index, or this one closed between the two writes), deletes the secret of a
   * journaled key that was removed meanwhile, and forgets settled intents.
   */
  private async recover(): Promise<void> {
    const journal = parseIndex(await this.guard(this.deps.secrets.get(JOURNAL_SECRET)));
    const pending = listEntries(journal);
    if (pending.length === 0) return;
    const stored = new Set<string>();
    for (const entry of pending) {
      if (this.get(entry.id) || Object.prototype.hasOwnProperty.call(this.index.removed, entry.id)) continue;
      const key = await this.guard(this.deps.secrets.get(secretStorageKeyFor(entry.id)));
      if (key && keyModeOf(key) === entry.mode && key.slice(-4) === entry.last4) stored.add(entry.id);
    }
    const plan = planRecovery(this.index, journal, stored, this.now());
    if (plan.adopt.length > 0) {
      await this.write(plan.adopt.reduce(upsertEntry, this.index));
      this.deps.logger.warn(`Recovered ${plan.adopt.map((entry) => `"${entry.name}"`).join(', ')}: added in a window that closed before its listing was saved.`);
    }
    for (const id of plan.sweep) await this.guard(this.deps.secrets.delete(secretStorageKeyFor(id))).catch(() => undefined);
    if (plan.settled.length > 0) await this.updateJournal((current) => journalWithout(current, plan.settled));
  }

  private async updateJournal(change: (journal: KeyIndex) => KeyIndex): Promise<void> {
    const current = parseIndex(await this.guard(this.deps.secrets.get(JOURNAL_SECRET)));
    await this.guard(this.deps.secrets.store(JOURNAL_SECRET, serializeIndex(change(current))));
  }

  /** Reads the stored index, merges it with ours and writes back when ours knew more. */
  private async sync(): Promise<void> {
    const stored = parseIndex(await this.guard(this.deps.secrets.get(INDEX_SECRET)));
    const merged = mergeIndexes(this.index, stored);
    if (!indexEquals(merged, stored)) {
      await this.guard(this.deps.secrets.store(INDEX_SECRET, serializeIndex(merged)));
    }
    this.setIndex(merged);
  }

  private async write(next: KeyIndex): Promise<void> {
    await this.guard(this.deps.secrets.store(INDEX_SECRET, serializeIndex(next)));
    this.setIndex(next);
  }

  private setIndex(next: KeyIndex): void {
    const changed = !indexEquals(next, this.index);
    this.index = next;
    if (changed) this.changed.fire();
  }

  /** Serialises this window's operations; other windows are reconciled by the CRDT merge. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async guard<T>(operation: Thenable<T>): Promise<T> {
    try {
      return await withTimeout(operation, this.timeoutMs, UNAVAILABLE);
    } catch (error) {
      if (error instanceof UserError) throw error;
      this.deps.logger.error(`Secret storage failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new UserError(UNAVAILABLE);
    }
  }
}
