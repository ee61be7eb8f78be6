// Keys in git history, the pure part: parsing what git prints (refs, `log --raw -z -c`), the commit
// graph, and turning "this blob holds this key" into "this key was first committed here, is on
// these refs, is (not) pushed, is (not) still in HEAD". No I/O: src/node/historyScan.ts runs git.
import { KeyMode } from './keyTypes';
import { isMaskedKey, maskKey } from './mask';

/** A ref as `git for-each-ref` lists it, peeled to the commit it names when it is an annotated tag. */
export interface RefTip {
  name: string;
  /** The commit (or, rarely, tree or blob) the ref leads to. */
  target: string;
}

/** Parses `git for-each-ref --format='%(objectname) %(*objectname) %(refname)'` output. */
export function parseRefs(output: string): RefTip[] {
  const refs: RefTip[] = [];
  for (const line of output.split('\n')) {
    const match = /^([0-9a-f]{40,64}) ([0-9a-f]{40,64})? (\S.*)$/.exec(line);
    if (match) refs.push({ name: match[3], target: match[2] ?? match[1] });
  }
  return refs;
}

/** Stash entries (`git stash list --format=%H`, newest first) as refs: `refs/stash` for the top, `stash@{n}` below it. */
export function stashRefs(output: string): RefTip[] {
  return output
    .split('\n')
    .filter((line) => /^[0-9a-f]{40,64}$/.test(line))
    .map((target, n) => ({ name: n === 0 ? 'refs/stash' : `stash@{${n}}`, target }));
}

/** Where a blob entered the history: a commit that added or changed `path` to this blob. */
export interface BlobIntroduction {
  commit: string;
  path: string;
}

/** What `log --raw -z -c --format=%x01%H %ct %P` says, reduced to what the scan needs. */
export interface RawLogSink {
  commit(sha: string, time: number, parents: string[]): void;
  /** One changed path of the current commit; `mode` is the new mode (`160000` for a submodule). */
  entry(blob: string, mode: string, path: string): void;
}

/**
 * Parses `git log --raw -z -c --no-abbrev --format=%x01%H %ct %P` output incrementally: feed it
 * chunks as they arrive, then call end(). Memory stays bounded by one token.
 */
export class RawLogParser {
  private pending = '';
  private meta: { blob: string; mode: string } | undefined;
  private expectingPath = false;

  constructor(private readonly sink: RawLogSink) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    let start = 0;
    for (;;) {
      const nul = text.indexOf('\0', start);
      if (nul === -1) break;
      this.token(text.slice(start, nul));
      start = nul + 1;
    }
    this.pending = text.slice(start);
  }

  end(): void {
    if (this.pending.length > 0) this.token(this.pending);
    this.pending = '';
  }

  private token(raw: string): void {
    if (this.expectingPath) {
      this.expectingPath = false;
      if (this.meta) this.sink.entry(this.meta.blob, this.meta.mode, raw);
      this.meta = undefined;
      return;
    }
    const token = raw.startsWith('\n') ? raw.slice(1) : raw;
    if (token.startsWith('\x01')) {
      // `%x01%H %ct %P`: the commit, its committer time, its parents.
      const [sha, time, ...parents] = token.slice(1).trim().split(' ');
      this.sink.commit(sha, Number(time), parents.filter((p) => p.length > 0));
    } else if (token.startsWith(':')) {
      this.meta = parseRawMeta(token);
      this.expectingPath = true;
    }
  }
}

// `:100644 100644 <old> <new> M` or, for a merge (`-c`), `::100644 100644 100644 <p1> <p2> <new> MM`:
// n colons, n + 1 modes, n + 1 object ids, a status. The last mode and id are the commit's own.
function parseRawMeta(token: string): { blob: string; mode: string } | undefined {
  let colons = 0;
  while (token[colons] === ':') colons++;
  const fields = token.slice(colons).split(' ');
  if (fields.length < 2 * (colons + 1)) return undefined;
  return { mode: fields[colons], blob: fields[2 * colons + 1] };
}

/** The commit graph of everything reachable from the scanned refs. */
export class CommitGraph {
  private readonly index = new Map<string, number>();
  private readonly shas: string[] = [];
  private readonly times: number[] = [];
  private readonly parents: number[][] = [];
  private children: number[][] | undefined;

  add(sha: string, time: number, parents: readonly string[]): void {
    const i = this.indexOf(sha);
    this.times[i] = time;
    this.parents[i] = parents.map((parent) => this.indexOf(parent));
    this.children = undefined;
  }

  has(sha: string): boolean {
    return this.index.has(sha) && this.parents[this.index.get(sha)!] !== undefined;
  }

  get size(): number {
    return this.shas.length;
  }

  /** Committer time in seconds since the epoch; NaN for a commit git did not list (beyond a shallow boundary). */
  time(sha: string): number {
    const i = this.index.get(sha);
    return i === undefined ? NaN : (this.times[i] ?? NaN);
  }

  /** The commits in `from` and every commit that has one of them as an ancestor. */
  descendants(from: Iterable<string>): Set<string> {
    const children = (this.children ??= this.buildChildren());
    const seen = new Uint8Array(this.shas.length);
    const stack: number[] = [];
    for (const sha of from) {
      const i = this.index.get(sha);
      if (i !== undefined && !seen[i]) {
        seen[i] = 1;
        stack.push(i);
      }
    }
    const result = new Set<string>();
    while (stack.length > 0) {
      const i = stack.pop()!;
      result.add(this.shas[i]);
      for (const child of children[i]) {
        if (!seen[child]) {
          seen[child] = 1;
          stack.push(child);
        }
      }
    }
    return result;
  }

  private indexOf(sha: string): number {
    let i = this.index.get(sha);
    if (i === undefined) {
      i = this.shas.length;
      this.index.set(sha, i);
      this.shas.push(sha);
    }
    return i;
  }

  private buildChildren(): number[][] {
    const children: number[][] = this.shas.map(() => []);
    this.parents.forEach((parents, child) => parents?.forEach((parent) => children[parent].push(child)));
    return children;
  }
}

/** A key found in one blob, with the 1-based line of its first occurrence there. */
export interface BlobKey {
  key: string;
  mode: KeyMode;
  line: number;
}

/** One place a key entered the history (a child node in the view). */
export interface KeyOccurrence {
  commit: string;
  /** Committer time, seconds since the epoch. */
  time: number;
  path: string;
  /** 1-based. */
  line: number;
}

/** A distinct key found in history. `key` is the key itself: it stays in memory and never leaves the scan's caller. */
export interface HistoryKey {
  key: string;
  mode: KeyMode;
  maskedKey: string;
  /** Full sha of the earliest commit (by committer date) that introduced it; '' when only a tag to a blob or tree holds it. */
  firstCommit: string;
  firstCommitTime: number;
  paths: string[];
  /** Where it entered the history, oldest first. */
  occurrences: KeyOccurrence[];
  refs: string[];
  pushed: boolean;
  inHead: boolean;
}

export interface AggregateInput {
  /** Blob id → the keys it holds. */
  blobKeys: ReadonlyMap<string, readonly BlobKey[]>;
  /** Blob id → where it was introduced. */
  introductions: ReadonlyMap<string, readonly BlobIntroduction[]>;
  graph: CommitGraph;
  refs: readonly RefTip[];
  /** Blob ids in HEAD's tree (only key blobs need to be there). */
  headBlobs: ReadonlySet<string>;
}

/** Groups blob findings by key and works out first commit, paths, refs, pushed and still-in-HEAD for each. */
export function aggregateHistoryKeys(input: AggregateInput): HistoryKey[] {
  const byKey = new Map<string, { mode: KeyMode; blobs: Array<{ blob: string; line: number }> }>();
  for (const [blob, keys] of input.blobKeys) {
    for (const found of keys) {
      let entry = byKey.get(found.key);
      if (!entry) byKey.set(found.key, (entry = { mode: found.mode, blobs: [] }));
      entry.blobs.push({ blob, line: found.line });
    }
  }
  const directRefs = input.refs.filter((ref) => !input.graph.has(ref.target));
  const keys: HistoryKey[] = [];
  for (const [key, { mode, blobs }] of byKey) {
    const occurrences: KeyOccurrence[] = [];
    const seen = new Set<string>();
    for (const { blob, line } of blobs) {
      for (const intro of input.introductions.get(blob) ?? []) {
        const id = `${intro.commit}\0${intro.path}`;
        if (seen.has(id)) continue;
        seen.add(id);
        occurrences.push({ commit: intro.commit, time: input.graph.time(intro.commit), path: intro.path, line });
      }
    }
    occurrences.sort(compareOccurrences);
    const containing = input.graph.descendants(occurrences.map((o) => o.commit));
    const keyBlobs = new Set(blobs.map((b) => b.blob));
    const refs = [
      ...input.refs.filter((ref) => containing.has(ref.target)),
      // A tag pointing straight at a blob (rare, but `git tag` allows it).
      ...directRefs.filter((ref) => keyBlobs.has(ref.target)),
    ].map((ref) => ref.name);
    const uniqueRefs = [...new Set(refs)].sort(compareRefs);
    const first = occurrences[0];
    keys.push({
      key,
      mode,
      maskedKey: maskKey(key),
      firstCommit: first?.commit ?? '',
      firstCommitTime: first?.time ?? NaN,
      paths: [...new Set(occurrences.map((o) => o.path))].sort(),
      occurrences,
      refs: uniqueRefs,
      pushed: uniqueRefs.some((ref) => ref.startsWith('refs/remotes/')),
      inHead: blobs.some((b) => input.headBlobs.has(b.blob)),
    });
  }
  return keys.sort((a, b) => (a.firstCommitTime || 0) - (b.firstCommitTime || 0) || (a.maskedKey < b.maskedKey ? -1 : a.maskedKey > b.maskedKey ? 1 : 0));
}

function compareOccurrences(a: KeyOccurrence, b: KeyOccurrence): number {
  // Unknown times (beyond a shallow boundary) sort last; equal times fall back to a stable order.
  const ta = Number.isNaN(a.time) ? Infinity : a.time;
  const tb = Number.isNaN(b.time) ? Infinity : b.time;
  return ta - tb || (a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

// Local branches, then remote-tracking ones, tags, stashes, anything else.
function compareRefs(a: string, b: string): number {
  const rank = (ref: string) => (ref.startsWith('refs/heads/') ? 0 : ref.startsWith('refs/remotes/') ? 1 : ref.startsWith('refs/tags/') ? 2 : /^(refs\/stash|stash@)/.test(ref) ? 3 : 4);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A key as the `infinipost.scanHistory` command returns it: never key material. */
export interface PublicHistoryKey {
  maskedKey: string;
  mode: KeyMode;
  firstCommit: string;
  paths: string[];
  pushed: boolean;
  inHead: boolean;
  refs: string[];
  vaultName?: string;
}

/** Strips a history key down to what may leave the extension. */
export function publicHistoryKey(key: HistoryKey, vaultName?: string): PublicHistoryKey {
  const result: PublicHistoryKey = {
    maskedKey: key.maskedKey,
    mode: key.mode,
    firstCommit: key.firstCommit,
    paths: [...key.paths],
    pushed: key.pushed,
    inHead: key.inHead,
    refs: [...key.refs],
  };
  if (vaultName !== undefined) result.vaultName = vaultName;
  return result;
}

/** Short ref names for display: `refs/heads/main` → `main`, `refs/remotes/origin/main` → `origin/main`, `refs/tags/v1` → `tag v1`. */
export function shortRefName(ref: string): string {
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  if (ref.startsWith('refs/remotes/')) return ref.slice('refs/remotes/'.length);
  if (ref.startsWith('refs/tags/')) return `tag ${ref.slice('refs/tags/'.length)}`;
  if (ref === 'refs/stash') return 'stash@{0}';
  return ref;
}

/** The seed's three rotation steps (Infinipost API documentation, "Rotate Keys Regularly"), for a key the vault does not hold. */
export function rotationSteps(maskedKey: string): string[] {
  return [
    'Generate a new key in the Infinipost dashboard (Settings → API Keys).',
    'Update your application to use the new key (in VS Code: "Infinipost: Add API Key", then read it from the environment).',
    `Delete the old key ${maskedKey} in the dashboard once the new one is confirmed working.`,
  ];
}

/** How to take a key out of commits nobody else has yet, for a key found only in local history. */
export function rewriteAdvice(firstCommit: string): string {
  const short = firstCommit.slice(0, 7);
  return (
    'Only local refs hold it: remove it before pushing. If it is in the last commit, delete it from the file and run ' +
    '`git commit --amend`; otherwise run `git rebase -i ' + short + '^`, mark ' + short + ' (and any later commit with the key) as `edit`, ' +
    'remove the key, `git commit --amend`, `git rebase --continue`. Drop stashes and tags that hold it too. Rotate it anyway if anyone else could have seen it.'
  );
}

// ---- the baseline (.infinipost-baseline.json) -------------------------------------------------

export const BASELINE_FILE = '.infinipost-baseline.json';

/** One accepted key: a fingerprint (salted SHA-256, see src/node/historyBaseline.ts), never the key. */
export interface BaselineEntry {
  fingerprint: string;
  maskedKey: string;
  reason?: string;
  acceptedAt: string;
}

export interface Baseline {
  version: 1;
  accepted: BaselineEntry[];
}

const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;

/** Reads a baseline file's text; a missing or unreadable file is an empty baseline, with a problem to report for the latter. */
export function parseBaseline(text: string | undefined): { baseline: Baseline; problem?: string } {
  const empty: Baseline = { version: 1, accepted: [] };
  if (text === undefined || text.trim() === '') return { baseline: empty };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { baseline: empty, problem: `${BASELINE_FILE} is not valid JSON; it was not used.` };
  }
  const accepted = (value as { accepted?: unknown })?.accepted;
  if (!Array.isArray(accepted)) return { baseline: empty, problem: `${BASELINE_FILE} has no "accepted" list; it was not used.` };
  const entries = accepted.filter(
    (entry: Partial<Record<'fingerprint' | 'maskedKey', unknown>> | null): entry is BaselineEntry =>
      !!entry && typeof entry === 'object' && typeof entry.fingerprint === 'string' && FINGERPRINT.test(entry.fingerprint) &&
      typeof entry.maskedKey === 'string' && isMaskedKey(entry.maskedKey),
  );
  return {
    baseline: {
      version: 1,
      accepted: entries.map((e) => ({
        fingerprint: e.fingerprint,
        maskedKey: e.maskedKey,
        ...(typeof e.reason === 'string' ? { reason: e.reason.slice(0, 500) } : {}),
        acceptedAt: typeof e.acceptedAt === 'string' ? e.acceptedAt : '',
      })),
    },
    problem: entries.length < accepted.length ? `${accepted.length - entries.length} entries of ${BASELINE_FILE} were not understood and were ignored.` : undefined,
  };
}

/** Adds (or keeps) an entry; the file stays sorted so concurrent additions merge cleanly in git. */
export function addToBaseline(baseline: Baseline, entry: BaselineEntry): Baseline {
  if (baseline.accepted.some((e) => e.fingerprint === entry.fingerprint)) return baseline;
  const accepted = [...baseline.accepted, entry].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
  return { version: 1, accepted };
}

export function serializeBaseline(baseline: Baseline): string {
  return JSON.stringify({ version: 1, comment: 'Keys accepted in git history by Infinipost: SHA-256 fingerprints, never the keys.', accepted: baseline.accepted }, null, 2) + '\n';
}
