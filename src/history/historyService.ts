// What the history scan found, per repository, tied to the vault and the baseline. The keys
// themselves stay in this object's memory (for the validity check); everything it hands out to
// views and command results is masked.
import * as vscode from 'vscode';
import { CheckKeyOptions, CheckKeyResult } from '../node/apiClient';
import { KeyCheckStatus } from '../core/apiCheck';
import { HistoryKey, PublicHistoryKey, publicHistoryKey } from '../core/historyModel';
import { Environment } from '../core/keyTypes';
import { acceptInBaseline, baselineFingerprint, keyDigest, readBaseline } from '../node/historyBaseline';
import { HistoryScanOptions, HistoryScanResult } from '../node/historyScan';
import { Logger } from '../shared/logger';
import { KeyVault } from '../vault/keyVault';
import { LeakRegistry } from '../vault/leakRegistry';

/** One distinct key found in a repository's history. */
export interface LeakItem {
  /** Stable within a scan: the baseline fingerprint (no key material). */
  id: string;
  repo: string;
  history: HistoryKey;
  vault?: { id: string; name: string; environment: Environment };
  accepted: boolean;
  check?: { status: KeyCheckStatus; message: string; at: string };
}

export interface RepositoryReport {
  repo: string;
  result: Omit<HistoryScanResult, 'keys'>;
  items: LeakItem[];
  scannedAt: string;
}

/** What `infinipost.scanHistory` returns. */
export interface ScanHistoryResult {
  blobsScanned: number;
  keys: PublicHistoryKey[];
  /** Present when there is something to know (shallow clone, skipped submodules or blobs, accepted keys, …). */
  notes?: string[];
}

export interface HistoryServiceDeps {
  vault: KeyVault;
  leaks: LeakRegistry;
  logger: Logger;
  scan: (options: HistoryScanOptions) => Promise<HistoryScanResult>;
  checkKey: (key: string, options: CheckKeyOptions) => Promise<CheckKeyResult>;
  now?: () => Date;
}

// The API is asked about one key at a time, at most this often.
const CHECK_INTERVAL_MS = 250;
const MAX_RETRY_AFTER_S = 10;

export class HistoryService implements vscode.Disposable {
  private readonly reports = new Map<string, RepositoryReport>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly now: () => Date;

  constructor(private readonly deps: HistoryServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  dispose(): void {
    this.reports.clear();
    this.changed.dispose();
  }

  allReports(): RepositoryReport[] {
    return [...this.reports.values()].sort((a, b) => (a.repo < b.repo ? -1 : 1));
  }

  report(repo: string): RepositoryReport | undefined {
    return this.reports.get(repo);
  }

  /** Scans one repository, replacing what was known about it. */
  async scan(repo: string, options: Omit<HistoryScanOptions, 'repo'>): Promise<RepositoryReport> {
    const { keys, ...result } = await this.deps.scan({ ...options, repo });
    const baseline = await readBaseline(repo).catch((error) => ({ baseline: { version: 1 as const, accepted: [] }, problem: `Could not read the baseline: ${String(error)}` }));
    if (baseline.problem) result.notes.push(baseline.problem);
    const acceptedPrints = new Set(baseline.baseline.accepted.map((entry) => entry.fingerprint));
    const vaultDigests = await this.vaultDigests();
    const items = keys.map((history): LeakItem => {
      const id = baselineFingerprint(history.key);
      const vault = vaultDigests.get(keyDigest(history.key));
      return { id, repo, history, accepted: acceptedPrints.has(id), ...(vault ? { vault } : {}) };
    });
    const accepted = items.filter((item) => item.accepted).length;
    if (accepted > 0) result.notes.push(`${accepted} key${accepted === 1 ? ' is' : 's are'} accepted in .infinipost-baseline.json and not listed.`);
    const report: RepositoryReport = { repo, result, items, scannedAt: this.now().toISOString() };
    this.reports.set(repo, report);
    await this.updateLeakRegistry(report);
    this.deps.logger.info(
      `History scan of ${repo}: ${result.blobsScanned} blobs in ${result.commits} commits, ${items.length} key(s) (${items.filter((i) => i.history.pushed).length} pushed).${result.notes.length ? ' ' + result.notes.join(' ') : ''}`,
    );
    this.changed.fire();
    return report;
  }

  /** The command result for a report: masked keys only, accepted ones left out. */
  publicResult(report: RepositoryReport): ScanHistoryResult {
    const result: ScanHistoryResult = {
      blobsScanned: report.result.blobsScanned,
      keys: report.items.filter((item) => !item.accepted).map((item) => publicHistoryKey(item.history, item.vault?.name)),
    };
    if (report.result.notes.length > 0) result.notes = [...report.result.notes];
    return result;
  }

  /** Checks keys against the API one at a time (the caller has asked the person first). */
  async checkValidity(items: readonly LeakItem[], options: Omit<CheckKeyOptions, 'signal'>, signal: AbortSignal, onEach?: (done: number) => void): Promise<Array<{ item: LeakItem; status: KeyCheckStatus }>> {
    const results: Array<{ item: LeakItem; status: KeyCheckStatus }> = [];
    let last = 0;
    for (const item of items) {
      if (signal.aborted) break;
      const wait = last + CHECK_INTERVAL_MS - Date.now();
      if (wait > 0) await delay(wait, signal);
      let result = await this.deps.checkKey(item.history.key, { ...options, signal });
      last = Date.now();
      if (result.status === 'rateLimited' && (result.retryAfterSeconds ?? MAX_RETRY_AFTER_S + 1) <= MAX_RETRY_AFTER_S && !signal.aborted) {
        await delay(result.retryAfterSeconds! * 1000, signal);
        result = await this.deps.checkKey(item.history.key, { ...options, signal });
        last = Date.now();
      }
      if (result.status === 'cancelled') break;
      item.check = { status: result.status, message: result.message, at: this.now().toISOString() };
      this.deps.logger.info(`History key ${item.history.maskedKey}: ${result.status}${result.httpStatus ? ` (HTTP ${result.httpStatus})` : ''}.`);
      if (item.vault) await this.deps.vault.recordCheck(item.vault.id, { status: result.status, message: result.message }).catch((error) => this.deps.logger.warn(String(error)));
      results.push({ item, status: result.status });
      onEach?.(results.length);
      this.changed.fire();
    }
    return results;
  }

  /** Records the key's fingerprint in the repository's baseline; the key disappears from the view. */
  async accept(item: LeakItem, reason?: string): Promise<string> {
    const file = await acceptInBaseline(item.repo, {
      fingerprint: item.id,
      maskedKey: item.history.maskedKey,
      ...(reason ? { reason } : {}),
      acceptedAt: this.now().toISOString(),
    });
    item.accepted = true;
    const report = this.reports.get(item.repo);
    if (report) await this.updateLeakRegistry(report);
    this.changed.fire();
    return file;
  }

  /** Finds a listed (not accepted) key by its masked form, in one repository or in all. */
  findByMaskedKey(maskedKey: string, repo?: string): LeakItem | undefined {
    const matches = this.allReports()
      .filter((report) => !repo || report.repo === repo)
      .flatMap((report) => report.items)
      .filter((item) => !item.accepted && item.history.maskedKey === maskedKey);
    if (matches.length > 1) throw new Error(`More than one key in history looks like ${maskedKey}; pick it in the "Leaked in Git History" view.`);
    return matches[0];
  }

  /** Re-matches vault keys (a key was added, rotated or removed). */
  async refreshVaultMatches(): Promise<void> {
    if (this.reports.size === 0) return;
    const digests = await this.vaultDigests();
    for (const report of this.reports.values()) {
      for (const item of report.items) {
        const vault = digests.get(keyDigest(item.history.key));
        if (vault) item.vault = vault;
        else delete item.vault;
      }
      await this.updateLeakRegistry(report);
    }
    this.changed.fire();
  }

  // Digest → vault entry, built in memory for one comparison and then dropped.
  private async vaultDigests(): Promise<Map<string, { id: string; name: string; environment: Environment }>> {
    const digests = new Map<string, { id: string; name: string; environment: Environment }>();
    try {
      await this.deps.vault.ready();
      for (const entry of this.deps.vault.list()) {
        const secret = await this.deps.vault.secret(entry.id);
        if (secret) digests.set(keyDigest(secret), { id: entry.id, name: entry.name, environment: entry.environment });
      }
    } catch (error) {
      this.deps.logger.warn(`Could not compare history keys with the vault: ${String(error)}`);
    }
    return digests;
  }

  private async updateLeakRegistry(report: RepositoryReport): Promise<void> {
    const ids = report.items.filter((item) => item.vault && item.history.pushed && !item.accepted).map((item) => item.vault!.id);
    await this.deps.leaks.setForRepository(report.repo, ids, this.now());
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
