// `infinipost-scan [paths…]`: files and folders, listed as git would track them (or walked outside
// git), read and checked with the editor's file scanner. Required by scanModes.ts only when chosen.
import * as path from 'path';
import { FileScanStatus, scanFiles } from './fileScanner';
import { maskKey } from '../core/mask';
import { ReportFinding, sortFindings } from '../core/scanReport';
import { listFiles } from './fileList';
import { displayPath, ModeContext, ModeResult, UsageError } from './scanModes';

const MAX_NAMED_SKIPS = 10;

/** Scans files and folders (default: the current folder). */
export async function scanPaths(context: ModeContext): Promise<ModeResult> {
  const targets = context.targets.length > 0 ? context.targets : ['.'];
  const listing = await listFiles(targets, context.cwd);
  if (listing.missing.length > 0) throw new UsageError(`no such file or folder: ${listing.missing.join(', ')}`);
  const skipped = new Map<FileScanStatus, string[]>();
  const summary = await scanFiles(
    listing.files.map((file) => file.path),
    {
      maxFileBytes: context.maxFileBytes,
      blocking: true,
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

/** Whether a file name is `.env` or `.env.*`. */
export function isEnvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}

function noteSkipped(context: ModeContext, files: string[] | undefined, why: string): void {
  if (!files || files.length === 0) return;
  const named = files.slice(0, MAX_NAMED_SKIPS).map((file) => displayPath(context.cwd, file));
  const more = files.length > MAX_NAMED_SKIPS ? ` and ${files.length - MAX_NAMED_SKIPS} more` : '';
  context.note(`skipped ${files.length} file${files.length === 1 ? '' : 's'} (${why}): ${named.join(', ')}${more}`);
}
