// What `infinipost-scan` prints: text for people, JSON for scripts, SARIF 2.1.0 for code scanning,
// and the baseline that accepts known findings. Only masked keys ever reach these functions.
import { KeyMode, keyPrefix } from './keyTypes';

/** One finding as every output format sees it: never the key itself. */
export interface ReportFinding {
  /** Relative to the directory the scanner ran in, with `/`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like the editor's column. */
  column: number;
  mode: KeyMode;
  maskedKey: string;
}

/** The `--format json` document (a public contract: keep exactly these fields). */
export interface ScanReport {
  findings: ReportFinding[];
  filesScanned: number;
}

export type ReportFormat = 'text' | 'json' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif'];

/** What the text report is about: a folder scan, a commit the pre-commit hook checks, or the git history. */
export type ReportSubject = 'paths' | 'staged' | 'history';

const TOOL_NAME = 'infinipost-scan';
const INFORMATION_URI = 'https://docs.infinipost.co/api-keys';
const FINGERPRINT_NAME = 'infinipostKey/v1';
export const FIX_HINT = 'in VS Code: lightbulb → Move key to Infinipost vault (or read it from an environment variable)';
export const BYPASS_HINT = 'git commit --no-verify';

const RULES: Record<KeyMode, { id: string; name: string; level: 'error' | 'warning'; text: string }> = {
  live: {
    id: 'hardcoded-live-key',
    name: 'HardcodedLiveKey',
    level: 'error',
    text: `A live Infinipost API key (${keyPrefix('live')}…) is written in the code: it reaches real data and is billed.`,
  },
  test: {
    id: 'hardcoded-test-key',
    name: 'HardcodedTestKey',
    level: 'warning',
    text: `A test Infinipost API key (${keyPrefix('test')}…) is written in the code.`,
  },
};

/** Sorts findings by file, line and column (the order every format prints). */
export function sortFindings(findings: readonly ReportFinding[]): ReportFinding[] {
  return [...findings].sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
}

/** Renders a report in one of the formats; text ends with a newline like the others. */
export function formatReport(report: ScanReport, format: ReportFormat, context: { subject: ReportSubject; version: string }): string {
  if (format === 'json') return JSON.stringify({ findings: report.findings, filesScanned: report.filesScanned }, null, 2) + '\n';
  if (format === 'sarif') return JSON.stringify(toSarif(report, context.version), null, 2) + '\n';
  return formatText(report, context.subject);
}

/** The report for people: one line per key, then the fix (and, for a refused commit, how to bypass once). */
export function formatText(report: ScanReport, subject: ReportSubject): string {
  const count = report.findings.length;
  const keys = `${count} Infinipost API key${count === 1 ? '' : 's'}`;
  if (count === 0) {
    return subject === 'staged' ? '' : `infinipost-scan: no Infinipost API keys in ${report.filesScanned} file${report.filesScanned === 1 ? '' : 's'}.\n`;
  }
  const lines = [subject === 'staged' ? `infinipost-scan: this commit adds ${keys}. Commit refused.` : `infinipost-scan: found ${keys} in ${report.filesScanned} files scanned.`, ''];
  for (const f of report.findings) lines.push(`  ${f.file}:${f.line}:${f.column}  ${f.maskedKey}  (${f.mode} key)`);
  lines.push('', `Fix: ${FIX_HINT}.`);
  if (subject === 'staged') lines.push(`Bypass once (the key is then committed): ${BYPASS_HINT}`);
  return lines.join('\n') + '\n';
}

/** A SARIF 2.1.0 log: one rule per key kind, masked snippets, fingerprints that survive line moves. */
export function toSarif(report: ScanReport, version: string): object {
  const modes: KeyMode[] = ['live', 'test'];
  const occurrences = new Map<string, number>();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: sarifTool(version),
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => {
          const identity = `${f.file}\0${f.mode}\0${f.maskedKey}`;
          const occurrence = (occurrences.get(identity) ?? 0) + 1;
          occurrences.set(identity, occurrence);
          return {
            ruleId: RULES[f.mode].id,
            ruleIndex: modes.indexOf(f.mode),
            level: RULES[f.mode].level,
            message: { text: `Hard-coded ${f.mode} Infinipost API key ${f.maskedKey}. Fix: ${FIX_HINT}.` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeUriPath(f.file), uriBaseId: '%SRCROOT%' },
                  region: { startLine: f.line, startColumn: f.column, snippet: { text: f.maskedKey } },
                },
              },
            ],
            partialFingerprints: { [FINGERPRINT_NAME]: findingFingerprint(f, occurrence) },
            properties: { maskedKey: f.maskedKey, mode: f.mode },
          };
        }),
      },
    ],
  };
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_FINGERPRINT_NAME = FINGERPRINT_NAME;

/** The SARIF rule for a kind of key: its id, its level and its index in sarifTool()'s rules. */
export function sarifRule(mode: KeyMode): { id: string; level: 'error' | 'warning'; index: number } {
  return { id: RULES[mode].id, level: RULES[mode].level, index: mode === 'live' ? 0 : 1 };
}

/** The SARIF `tool` object every report shares: one rule per kind of key. */
export function sarifTool(version: string): object {
  const modes: KeyMode[] = ['live', 'test'];
  return {
    driver: {
      name: TOOL_NAME,
      version,
      informationUri: INFORMATION_URI,
      rules: modes.map((mode) => ({
        id: RULES[mode].id,
        name: RULES[mode].name,
        shortDescription: { text: RULES[mode].text },
        fullDescription: { text: `${RULES[mode].text} Move it to the Infinipost vault and read it from an environment variable; rotate it if it was ever pushed.` },
        helpUri: `${INFORMATION_URI}#${RULES[mode].id}`,
        help: { text: `Fix: ${FIX_HINT}. Suppress a known non-secret with an \`infinipost-ignore\` comment on the line.` },
        defaultConfiguration: { level: RULES[mode].level },
        properties: { tags: ['security', 'secret'] },
      })),
    },
  };
}

/** A 16-hex-digit hash of non-secret text (fingerprints). */
export function stableHash(text: string): string {
  return hash64(text);
}

/**
 * A fingerprint from the file, the kind and the masked key (plus which occurrence of that masked key
 * in the file it is): stable when lines move, and computed from nothing secret.
 */
export function findingFingerprint(finding: Pick<ReportFinding, 'file' | 'mode' | 'maskedKey'>, occurrence = 1): string {
  return hash64(`${finding.file}\0${finding.mode}\0${finding.maskedKey}\0${occurrence}`);
}

/** Known findings read from a baseline file: a count per file, kind and masked key. */
export type Baseline = Map<string, number>;

function baselineKey(f: Pick<ReportFinding, 'file' | 'mode' | 'maskedKey'>): string {
  return `${f.file}\0${f.mode}\0${f.maskedKey}`;
}

/**
 * Reads a baseline: an earlier `--format json` or `--format sarif` report (of files or of the history). Throws a message for
 * anything else. Entries match by file, kind and masked key, never by line, so moved code stays accepted.
 */
export function parseBaseline(text: string): Baseline {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error('the baseline is not JSON: write one with --format json (or --format sarif) first');
  }
  const entries = baselineEntries(document);
  if (!entries) throw new Error('the baseline is neither an infinipost-scan JSON report nor a SARIF log');
  const baseline: Baseline = new Map();
  for (const entry of entries) baseline.set(baselineKey(entry), (baseline.get(baselineKey(entry)) ?? 0) + 1);
  return baseline;
}

/** Whether the baseline lists a finding of this kind and masked key in this file (ignoring counts). */
export function baselineLists(baseline: Baseline, entry: Pick<ReportFinding, 'file' | 'mode' | 'maskedKey'>): boolean {
  return (baseline.get(baselineKey(entry)) ?? 0) > 0;
}

/** The findings the baseline does not already accept (each baseline entry accepts one finding). */
export function applyBaseline(findings: readonly ReportFinding[], baseline: Baseline): ReportFinding[] {
  const left = new Map(baseline);
  return findings.filter((f) => {
    const key = baselineKey(f);
    const count = left.get(key) ?? 0;
    if (count === 0) return true;
    left.set(key, count - 1);
    return false;
  });
}

type BaselineEntry = Pick<ReportFinding, 'file' | 'mode' | 'maskedKey'>;

function baselineEntries(document: unknown): BaselineEntry[] | undefined {
  if (!isObject(document)) return undefined;
  if (Array.isArray(document.findings)) {
    return document.findings.filter(isObject).flatMap((f) => (typeof f.file === 'string' && isMode(f.mode) && typeof f.maskedKey === 'string' ? [{ file: f.file, mode: f.mode, maskedKey: f.maskedKey }] : []));
  }
  // A `--history --format json` report: each key in each of its paths.
  if (Array.isArray(document.keys) && typeof document.blobsScanned === 'number') {
    return document.keys.filter(isObject).flatMap((k) =>
      typeof k.maskedKey === 'string' && isMode(k.mode) && Array.isArray(k.paths)
        ? k.paths.filter((p): p is string => typeof p === 'string').map((file) => ({ file, mode: k.mode as KeyMode, maskedKey: k.maskedKey as string }))
        : [],
    );
  }
  if (document.version === '2.1.0' && Array.isArray(document.runs)) {
    return document.runs.filter(isObject).flatMap((run) =>
      (Array.isArray(run.results) ? run.results : []).filter(isObject).flatMap((result): BaselineEntry[] => {
        const properties = isObject(result.properties) ? result.properties : {};
        const location = Array.isArray(result.locations) && isObject(result.locations[0]) ? result.locations[0] : {};
        const physical = isObject(location.physicalLocation) ? location.physicalLocation : {};
        const artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : {};
        if (typeof artifact.uri !== 'string' || !isMode(properties.mode) || typeof properties.maskedKey !== 'string') return [];
        return [{ file: decodeUriPath(artifact.uri), mode: properties.mode, maskedKey: properties.maskedKey }];
      }),
    );
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMode(value: unknown): value is KeyMode {
  return value === 'live' || value === 'test';
}

// SARIF artifact locations are URI references: percent-encode each path segment.
export function encodeUriPath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function decodeUriPath(uri: string): string {
  try {
    return uri.split('/').map(decodeURIComponent).join('/');
  } catch {
    return uri;
  }
}

// Two independent 32-bit FNV-1a style hashes: 16 hex digits, plenty to tell findings apart.
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
