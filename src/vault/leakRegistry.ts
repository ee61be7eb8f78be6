// Which stored keys were found in pushed git history: vault ids only (never key material), kept in
// globalState so the API Keys view, the status bar and the rotation reminder remember it after a
// restart. The history scan writes it; a later scan of the same repository replaces its entries.
import * as vscode from 'vscode';

const STATE_KEY = 'infinipost.leakedInHistory';

interface LeakRecord {
  /** The repository where it was found (a path, no key material). */
  repo: string;
  at: string;
}

export class LeakRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** True when the stored key with this id was found in pushed history. */
  isLeaked(id: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.read(), id);
  }

  /** The ids found leaked (for the rotation reminder). */
  leakedIds(): Set<string> {
    return new Set(Object.keys(this.read()));
  }

  /** Records the outcome of scanning one repository: exactly these vault ids leaked there. */
  async setForRepository(repo: string, ids: readonly string[], now: Date): Promise<void> {
    const current = this.read();
    const next: Record<string, LeakRecord> = {};
    for (const [id, record] of Object.entries(current)) if (record.repo !== repo) next[id] = record;
    for (const id of ids) next[id] = current[id]?.repo === repo ? current[id] : { repo, at: now.toISOString() };
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    await this.state.update(STATE_KEY, next);
    this.changed.fire();
  }

  /** Forgets one key (accepted, or removed from the vault). */
  async forget(id: string): Promise<void> {
    const current = this.read();
    if (!Object.prototype.hasOwnProperty.call(current, id)) return;
    delete current[id];
    await this.state.update(STATE_KEY, current);
    this.changed.fire();
  }

  private read(): Record<string, LeakRecord> {
    const value = this.state.get<unknown>(STATE_KEY);
    if (!value || typeof value !== 'object') return {};
    const records: Record<string, LeakRecord> = {};
    for (const [id, record] of Object.entries(value)) {
      if (/^[A-Za-z0-9-]{1,64}$/.test(id) && record && typeof record === 'object' && typeof (record as LeakRecord).repo === 'string') records[id] = record as LeakRecord;
    }
    return records;
  }
}
