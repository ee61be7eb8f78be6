// The scanner's modes. A mode is one function from the command line's context to findings, plus one
// row in SCAN_MODES. Only `--staged` (what the pre-commit hook runs) lives here; the other modes'
// code is required when chosen, so the hook loads and compiles none of it.
import * as path from 'path';
import { HistoryReport } from '../core/historyReport';
import { maskKey } from '../core/mask';
import { ReportFinding, ReportSubject, sortFindings } from '../core/scanReport';
import { fastWorkTreeRoot } from './gitCommand';
import { readStagedKeys } from './stagedKeys';

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

/** The modes, checked in order: the first whose flag is set runs; the last row is the default. */
export const SCAN_MODES: readonly ScanMode[] = [
  { flag: 'staged', subject: 'staged', help: 'scan only the lines the next commit adds (the index against HEAD)', run: scanStaged },
  {
    flag: 'history',
    subject: 'history',
    help: 'scan every commit, branch, tag and stash of the repository holding [path] (default .)',
    run: async (context) => (await import('./historyMode')).scanGitHistory(context),
  },
  {
    subject: 'paths',
    help: 'scan files and folders (default: the current folder), honouring .gitignore',
    run: async (context) => {
      // The git question about the named paths is asked before the scanner's code loads, in parallel.
      const planned = import('./fileList').then(({ planTargets }) => planTargets(pathTargets(context), context.cwd));
      planned.catch(() => undefined); // awaited in scanPaths; this only keeps an early failure from counting as unhandled
      return (await import('./pathScan')).scanPaths(context, planned);
    },
  },
];

/** What a path scan looks at: the paths given, or the current folder. */
export function pathTargets(context: Pick<ModeContext, 'targets'>): string[] {
  return context.targets.length > 0 ? context.targets : ['.'];
}

/** A path as the reports show it: relative to the folder the scanner runs in, with `/`. */
export function displayPath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
