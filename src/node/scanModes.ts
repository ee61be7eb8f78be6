// The scanner's modes. A mode is one function from the command line's context to findings, plus one
// row in SCAN_MODES.
import { promises as fs } from 'fs';
import * as path from 'path';
import { FileScanStatus, scanFiles } from './fileScanner';
import { HistoryReport, historyReportKey } from '../core/historyReport';
import { maskKey } from '../core/mask';
import { ReportFinding, ReportSubject, sortFindings } from '../core/scanReport';
import { AddedKey, findAddedKeys, parseStagedDiff } from '../core/stagedDiff';
import { listFiles } from './fileList';
import { fastWorkTreeRoot, git } from './gitCommand';
import { baselineFingerprint, readBaseline } from './historyBaseline';
import { findRepositoryRoot, HistoryScanError, scanHistory } from './historyScan';

/** A problem with what the user asked for (exit 2, with a hint to --help). */
export class UsageError extends Error {}

export interface ModeContext {
  cwd: string;
  /** Paths given on the command line. */
  targets: string[];
  maxFileBytes: number;
  /** A line for stderr (skipped files and the like). */
  note(message: string): void;
}

export interface ModeResult {
  findings: ReportFinding[];
  filesScanned: number;
  /** The repository the mode looked at, when it needed one. */
  repository?: string;
  /** Set by `--history`: keys in the history instead of findings in files. */
  history?: HistoryReport;
}

export interface ScanMode {
  /** The boolean flag that selects the mode; the mode without a flag is the default. */
  flag?: string;
  subject: ReportSubject;
  /** One line for --help. */
  help: string;
  run(context: ModeContext): Promise<ModeResult>;
}

const MAX_NAMED_SKIPS = 10;

/** Scans files and folders (default: the current folder). */
async function scanPaths(context: ModeContext): Promise<ModeResult> {
  const targets = context.targets.length > 0 ? context.targets : ['.'];
  const listing = await listFiles(targets, context.cwd);
  if (listing.missing.length > 0) throw new UsageError(`no such file or folder: ${listing.missing.join(', ')}`);
  const skipped = new Map<FileScanStatus, string[]>();
  const summary = await scanFiles(
    listing.files.map((file) => file.path),
    {
      maxFileBytes: context.maxFileBytes,
      onFile: (result) => {
        if (result.status === 'tooLarge' || result.status === 'unreadable') skipped.set(result.status, [...(skipped.get(result.status) ?? []), result.path]);
      },
    },
  );
  const outsideGit = new Set(listing.files.filter((file) => !file.inRepository).map((file) => file.path));
  const findings: ReportFinding[] = [];
  for (const result of summary.results) {
    // As in the editor: a .env file outside git is where a key belongs (in git, ignored ones are not listed).
    if (outsideGit.has(result.path) && isEnvFileName(path.basename(result.path))) continue;
    for (const finding of result.findings) {
      findings.push({
        file: displayPath(context.cwd, result.path),
        line: finding.line + 1,
        column: finding.character + 1,
        mode: finding.mode,
        maskedKey: maskKey(finding.key),
      });
    }
  }
  noteSkipped(context, skipped.get('tooLarge'), `larger than ${Math.round(context.maxFileBytes / 1024)} KiB, see --max-file-size`);
  noteSkipped(context, skipped.get('unreadable'), 'unreadable');
  return { findings: sortFindings(findings), filesScanned: summary.filesScanned };
}

/** Scans only the lines the next commit adds: the index against HEAD, never the working tree. */
async function scanStaged(context: ModeContext): Promise<ModeResult> {
  if (context.targets.length > 0) throw new UsageError('--staged checks what is staged in the repository and takes no paths');
  const root = await fastWorkTreeRoot(context.cwd);
  if (!root) throw new UsageError('--staged needs a git repository: run it inside a work tree');
  const { files, keys } = await readStagedKeys(root);
  const findings = keys.map(
    (key): ReportFinding => ({ file: displayPath(context.cwd, path.join(root, key.path)), line: key.line, column: key.column, mode: key.mode, maskedKey: maskKey(key.key) }),
  );
  return { findings: sortFindings(findings), filesScanned: files, repository: root };
}

/** The keys on lines staged for the next commit in a work tree (one `git diff --cached`), and how many files add lines. */
export async function readStagedKeys(root: string): Promise<{ files: number; keys: AddedKey[] }> {
  // Without a HEAD yet (first commit), `diff --cached` compares against the empty tree.
  const diff = await git(
    ['diff', '--cached', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '--src-prefix=a/', '--dst-prefix=b/', '-U1', '--diff-filter=ACMRT', '--ignore-submodules=all'],
    root,
  );
  if (diff.code !== 0) throw new Error(`git diff --cached failed: ${diff.stderr || `exit code ${diff.code}`}`);
  const files = parseStagedDiff(diff.stdout.toString('utf8'));
  return { files: files.length, keys: findAddedKeys(files) };
}

/**
 * Scans every blob reachable from the refs of the repository holding the given path (default: the
 * current folder) with the editor's history engine; keys accepted in `.infinipost-baseline.json`
 * are left out as in the editor. Notes (shallow clone, skipped submodules, …) go to stderr.
 */
async function scanGitHistory(context: ModeContext): Promise<ModeResult> {
  if (context.targets.length > 1) throw new UsageError('--history scans one repository: give at most one path');
  const target = path.resolve(context.cwd, context.targets[0] ?? '.');
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) throw new UsageError(`no such file or folder: ${context.targets[0]}`);
  const root = await findRepositoryRoot(stat.isDirectory() ? target : path.dirname(target));
  if (!root) throw new UsageError(`${context.targets[0] ?? 'the current folder'} is not in a git repository (or git cannot read it): --history needs one`);
  const scanned = await scanHistory({ repo: root, maxBlobBytes: context.maxFileBytes }).catch((error: unknown) => {
    throw error instanceof HistoryScanError ? new Error(error.message) : error;
  });
  if (scanned.commits === 0 && scanned.refs.length === 0) throw new Error(`the repository ${root} has no commits yet: there is no history to scan`);
  const { baseline, problem } = await readBaseline(root).catch((error: NodeJS.ErrnoException) => ({ baseline: { version: 1 as const, accepted: [] }, problem: `could not read .infinipost-baseline.json: ${error.code ?? error.message}` }));
  const acceptedPrints = new Set(baseline.accepted.map((entry) => entry.fingerprint));
  const listed = scanned.keys.filter((key) => !acceptedPrints.has(baselineFingerprint(key.key)));
  const notes = scanned.notes.map((note) => note.replace('the size limit (infinipost.scan.maxFileSizeKB)', 'the size limit (--max-file-size)'));
  if (problem) notes.push(problem);
  const accepted = scanned.keys.length - listed.length;
  if (accepted > 0) notes.push(`${accepted} key${accepted === 1 ? ' is' : 's are'} accepted in .infinipost-baseline.json and not listed.`);
  for (const note of notes) context.note(note);
  return { findings: [], filesScanned: 0, repository: root, history: { blobsScanned: scanned.blobsScanned, keys: listed.map(historyReportKey) } };
}

/** The modes, checked in order: the first whose flag is set runs; the last row is the default. */
export const SCAN_MODES: readonly ScanMode[] = [
  { flag: 'staged', subject: 'staged', help: 'scan only the lines the next commit adds (the index against HEAD)', run: scanStaged },
  { flag: 'history', subject: 'history', help: 'scan every commit, branch, tag and stash of the repository holding [path] (default .)', run: scanGitHistory },
  { subject: 'paths', help: 'scan files and folders (default: the current folder), honouring .gitignore', run: scanPaths },
];

/** Whether a file name is `.env` or `.env.*`. */
export function isEnvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}

function displayPath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

function noteSkipped(context: ModeContext, files: string[] | undefined, why: string): void {
  if (!files || files.length === 0) return;
  const named = files.slice(0, MAX_NAMED_SKIPS).map((file) => displayPath(context.cwd, file));
  const more = files.length > MAX_NAMED_SKIPS ? ` and ${files.length - MAX_NAMED_SKIPS} more` : '';
  context.note(`skipped ${files.length} file${files.length === 1 ? '' : 's'} (${why}): ${named.join(', ')}${more}`);
}
