// `infinipost-scan`: argument parsing, the chosen mode, baseline, output and exit code.
// Exit codes: 0 nothing found, 1 findings, 2 usage or runtime error. Nothing it prints holds a key.
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { keyPrefix } from '../core/keyTypes';
import { redactKeys } from '../core/redact';
import { applyBaseline, formatReport, parseBaseline, REPORT_FORMATS, ReportFormat, ScanReport } from '../core/scanReport';
import { GitNotFoundError } from './gitCommand';
import { SCAN_MODES, UsageError } from './scanModes';

export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  version: string;
  /** The pre-commit launcher's report file (REFUSAL_REPORT_ENV): written, folder and all, only when keys are found. */
  refusalReport?: string;
}

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const DEFAULT_MAX_FILE_KIB = 2048;
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  baseline: { type: 'string' },
  'max-file-size': { type: 'string' },
  'report-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  ...Object.fromEntries(SCAN_MODES.flatMap((mode) => (mode.flag ? [[mode.flag, { type: 'boolean' }]] : []))),
} as const;

function helpText(): string {
  const modes = SCAN_MODES.map((mode) => `  ${(mode.flag ? `--${mode.flag}` : '[paths…]').padEnd(22)}${mode.help}`);
  return [
    'Usage: infinipost-scan [options] [paths…]',
    '',
    `Finds hard-coded Infinipost API keys (${keyPrefix('live')}…, ${keyPrefix('test')}…) with the same rules as the`,
    'Infinipost VS Code extension: suppression comments (infinipost-ignore, gitleaks:allow,',
    'pragma: allowlist secret, secretlint-disable-line) and placeholders are skipped.',
    '',
    'What to scan:',
    ...modes,
    '',
    'Options:',
    '  -f, --format FORMAT   text (default), json or sarif (SARIF 2.1.0)',
    '  --baseline FILE       accept the findings listed in FILE (an earlier json or sarif report)',
    `  --max-file-size KIB   skip files larger than this (default ${DEFAULT_MAX_FILE_KIB})`,
    '  --report-file FILE    also write the JSON report to FILE',
    '  -h, --help            show this help',
    '  -v, --version         show the version',
    '',
    'Exit codes: 0 no keys found, 1 keys found, 2 usage or runtime error.',
    `Keys are always printed masked (${keyPrefix('live')}…1234).`,
    '',
  ].join('\n');
}

/** Runs the scanner with command-line arguments; resolves to the exit code, never throws. */
export async function runScanCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof UsageError ? ' (see infinipost-scan --help)' : '';
    io.stderr(`infinipost-scan: ${redactKeys(message)}${hint}\n`);
    return EXIT_ERROR;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout(helpText());
    return EXIT_CLEAN;
  }
  if (values.version) {
    io.stdout(`${io.version}\n`);
    return EXIT_CLEAN;
  }
  const format = (values.format ?? 'text') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}": use ${REPORT_FORMATS.join(', ')}`);
  const maxFileBytes = parseMaxFileSize(values['max-file-size']) * 1024;
  const baseline = values.baseline === undefined ? undefined : await readBaseline(values.baseline, io.cwd);
  const chosen = SCAN_MODES.filter((candidate) => candidate.flag && values[candidate.flag] === true);
  if (chosen.length > 1) throw new UsageError(`choose one of ${chosen.map((candidate) => `--${candidate.flag}`).join(', ')}`);
  const mode = chosen[0] ?? SCAN_MODES[SCAN_MODES.length - 1];
  const result = await mode.run({ cwd: io.cwd, targets: positionals, maxFileBytes, note: (message) => io.stderr(`infinipost-scan: ${redactKeys(message)}\n`) }).catch((error: unknown) => {
    throw error instanceof GitNotFoundError ? new UsageError(error.message) : error;
  });
  if (result.history) {
    const { applyHistoryBaseline, formatHistoryReport, historyJson } = await import('../core/historyReport');
    const history = { ...result.history, keys: baseline ? applyHistoryBaseline(result.history.keys, baseline) : result.history.keys };
    if (values['report-file']) await writeReportFile(values['report-file'], io, { repository: result.repository ?? io.cwd, ...historyJson(history) });
    io.stdout(formatHistoryReport(history, format, io.version));
    return history.keys.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
  }
  const report: ScanReport = { findings: baseline ? applyBaseline(result.findings, baseline) : result.findings, filesScanned: result.filesScanned };
  if (values['report-file']) await writeReportFile(values['report-file'], io, { repository: result.repository ?? io.cwd, ...report });
  else if (io.refusalReport && report.findings.length > 0) await writeReportFile(io.refusalReport, io, { repository: result.repository ?? io.cwd, ...report });
  io.stdout(formatReport(report, format, { subject: mode.subject, version: io.version }));
  return report.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

function parse(argv: readonly string[]) {
  try {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- a plainer shape than node:util's computed one
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }) as {
      values: Record<string, string | boolean | undefined> & { format?: string; baseline?: string; 'max-file-size'?: string; 'report-file'?: string };
      positionals: string[];
    };
  } catch (error) {
    // Node's messages name the flag ("Unknown option '--x'"); keep them, drop the error code prefix.
    throw new UsageError((error as Error).message.split('. ')[0].replace(/\.$/, ''));
  }
}

function parseMaxFileSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_KIB;
  const kib = Number(value);
  if (!/^\d+$/.test(value) || kib < 1 || kib > 10 * 1024 * 1024) throw new UsageError(`--max-file-size takes a size in KiB between 1 and ${10 * 1024 * 1024}, not "${value}"`);
  return kib;
}

async function readBaseline(file: string, cwd: string) {
  const resolved = path.resolve(cwd, file);
  const stat = await fs.stat(resolved).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read the baseline ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.code}`);
  });
  if (!stat.isFile() || stat.size > MAX_BASELINE_BYTES) throw new UsageError(`the baseline ${file} is not a report file`);
  try {
    return parseBaseline(await fs.readFile(resolved, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
}

async function writeReportFile(file: string, io: CliIo, contents: object): Promise<void> {
  const target = path.resolve(io.cwd, file);
  const write = () => fs.writeFile(target, JSON.stringify(contents) + '\n');
  await write()
    .catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT' || file !== io.refusalReport) throw error;
      await fs.mkdir(path.dirname(target), { recursive: true });
      await write();
    })
    .catch((error: NodeJS.ErrnoException) => {
      io.stderr(`infinipost-scan: could not write ${file}: ${error.code ?? error.message}\n`);
    });
}
