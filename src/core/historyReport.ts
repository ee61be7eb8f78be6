// What `infinipost-scan --history` prints: the keys found in a repository's git history as text,
// as the JSON the editor's `infinipost.scanHistory` command returns, or as SARIF 2.1.0.
// Only masked keys ever reach these functions.
import { HistoryKey, PublicHistoryKey, publicHistoryKey, shortRefName } from './historyModel';
import {
  Baseline, baselineLists, encodeUriPath, ReportFormat, SARIF_FINGERPRINT_NAME, SARIF_SCHEMA, sarifRule, sarifTool, stableHash,
} from './scanReport';

/** Where a key first entered the history under one path. */
export interface HistoryLocation {
  path: string;
  /** 1-based, in the blob of `commit`. */
  line: number;
  commit: string;
}

/** A key as the history report sees it: the command's fields plus, for SARIF, one location per path. */
export interface HistoryReportKey extends PublicHistoryKey {
  locations: HistoryLocation[];
}

export interface HistoryReport {
  blobsScanned: number;
  keys: HistoryReportKey[];
}

/** Strips an engine key to what may be printed: the command's fields and the first place per path. */
export function historyReportKey(key: HistoryKey): HistoryReportKey {
  const locations: HistoryLocation[] = [];
  // Occurrences are oldest first: the first one per path is where the key entered under that path.
  for (const o of key.occurrences) if (!locations.some((l) => l.path === o.path)) locations.push({ path: o.path, line: o.line, commit: o.commit });
  return { ...publicHistoryKey(key), locations };
}

/** The keys an earlier report (`--baseline`) does not list: a key is accepted when every path it was in is listed. */
export function applyHistoryBaseline(keys: readonly HistoryReportKey[], baseline: Baseline): HistoryReportKey[] {
  return keys.filter((key) => key.paths.length === 0 || !key.paths.every((file) => baselineLists(baseline, { file, mode: key.mode, maskedKey: key.maskedKey })));
}

/** Renders a history report in one of the formats. */
export function formatHistoryReport(report: HistoryReport, format: ReportFormat, version: string): string {
  if (format === 'json') return JSON.stringify(historyJson(report), null, 2) + '\n';
  if (format === 'sarif') return JSON.stringify(historySarif(report, version), null, 2) + '\n';
  return formatHistoryText(report);
}

/** The `--history --format json` document: exactly the `infinipost.scanHistory` command's result (without vaultName). */
export function historyJson(report: HistoryReport): { blobsScanned: number; keys: PublicHistoryKey[] } {
  return { blobsScanned: report.blobsScanned, keys: report.keys.map(({ locations: _locations, ...key }) => key) };
}

/** One block per key: masked key, kind, pushed or local only, in HEAD or removed, first commit, paths, refs. */
export function formatHistoryText(report: HistoryReport): string {
  const count = report.keys.length;
  const blobs = `${report.blobsScanned} blob${report.blobsScanned === 1 ? '' : 's'}`;
  if (count === 0) return `infinipost-scan: no Infinipost API keys in the git history (${blobs} scanned).\n`;
  const lines = [`infinipost-scan: found ${count} Infinipost API key${count === 1 ? '' : 's'} in the git history (${blobs} scanned).`];
  for (const key of report.keys) {
    lines.push(
      '',
      `  ${key.maskedKey}  ${key.mode} key, ${key.pushed ? 'pushed' : 'local only'}, ${key.inHead ? 'in HEAD' : 'removed from HEAD'}`,
      `    first commit: ${key.firstCommit || '(none: only a tag to a file holds it)'}`,
      `    paths: ${key.locations.map((l) => `${l.path}:${l.line}`).join(', ') || key.paths.join(', ')}`,
      `    refs: ${key.refs.map(shortRefName).join(', ')}`,
    );
  }
  const pushed = report.keys.filter((key) => key.pushed);
  lines.push('');
  if (pushed.length > 0) lines.push('Pushed keys are public: rotate them (generate a new key in the Infinipost dashboard, switch your application to it, then delete the old key).');
  if (pushed.length < count) lines.push('Keys in local history only: remove them from those commits before pushing (git commit --amend, or git rebase -i <first commit>^), and rotate them if anyone else could have seen them.');
  return lines.join('\n') + '\n';
}

/** SARIF 2.1.0: one result per key and path, located where the key first entered under that path. */
export function historySarif(report: HistoryReport, version: string): object {
  const results = report.keys.flatMap((key) =>
    key.locations.map((location) => {
      const rule = sarifRule(key.mode);
      const where = key.pushed ? 'pushed' : 'local history only';
      return {
        ruleId: rule.id,
        ruleIndex: rule.index,
        level: rule.level,
        message: {
          text: `${key.mode === 'live' ? 'Live' : 'Test'} Infinipost API key ${key.maskedKey} in git history (${where}, ${key.inHead ? 'still in HEAD' : 'removed from HEAD'}), added in commit ${location.commit.slice(0, 12)}. ${key.pushed ? 'Rotate it.' : 'Remove it from the commits before pushing, or rotate it.'}`,
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: encodeUriPath(location.path), uriBaseId: '%SRCROOT%' },
              region: { startLine: location.line, snippet: { text: key.maskedKey } },
            },
          },
        ],
        // From the masked key and the path alone: the same across scans, whatever else moves.
        partialFingerprints: { [SARIF_FINGERPRINT_NAME]: stableHash(`history\0${location.path}\0${key.mode}\0${key.maskedKey}`) },
        properties: {
          maskedKey: key.maskedKey,
          mode: key.mode,
          firstCommit: key.firstCommit,
          commit: location.commit,
          pushed: key.pushed,
          inHead: key.inHead,
          refs: [...key.refs],
        },
      };
    }),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: sarifTool(version), results, properties: { blobsScanned: report.blobsScanned } }],
  };
}
