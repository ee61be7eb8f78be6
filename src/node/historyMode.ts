// `infinipost-scan --history`: every blob reachable from the repository's refs, through the
// editor's history engine. Required by scanModes.ts only when the mode is chosen.
import { promises as fs } from 'fs';
import * as path from 'path';
import { historyReportKey } from '../core/historyReport';
import { baselineFingerprint, readBaseline } from './historyBaseline';
import { findRepositoryRoot, HistoryScanError, scanHistory } from './historyScan';
import { ModeContext, ModeResult, UsageError } from './scanModes';

/**
 * Scans every blob reachable from the refs of the repository holding the given path (default: the
 * current folder) with the editor's history engine; keys accepted in `.infinipost-baseline.json`
 * are left out as in the editor. Notes (shallow clone, skipped submodules, …) go to stderr.
 */
export async function scanGitHistory(context: ModeContext): Promise<ModeResult> {
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
