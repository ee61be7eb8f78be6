// `infinipost-scan [paths…]`: files and folders, listed as git would track them (or walked outside
// git), searched by ripgrep when one is found (ripgrepPathScan.ts) and otherwise read in Node, and
// checked with the editor's file scanner. Required by scanModes.ts only when chosen.
import * as path from 'path';
import { scanFiles } from './fileScanner';
import { findExecutable } from './findExecutable';
import { maskKey } from '../core/mask';
import { ReportFinding, sortFindings } from '../core/scanReport';
import { listFiles, planTargets, ScanTarget, TargetPlan } from './fileList';
import { RipgrepPathScan, scanTargetsWithRipgrep } from './ripgrepPathScan';
import { displayPath, ModeContext, ModeResult, pathTargets, UsageError } from './scanModes';

const MAX_NAMED_SKIPS = 10;

/** Scans files and folders (default: the current folder). */
export async function scanPaths(context: ModeContext, planned?: Promise<TargetPlan>): Promise<ModeResult> {
  const plan = await (planned ?? planTargets(pathTargets(context), context.cwd));
  if (plan.missing.length > 0) throw new UsageError(`no such file or folder: ${plan.missing.join(', ')}`);
  const scanned = (await scanWithRipgrep(plan.targets, context)) ?? (await scanInNode(plan, context));
  const findings: ReportFinding[] = [];
  for (const result of scanned.summary.results) {
    // As in the editor: a .env file outside git is where a key belongs (in git, ignored ones are not listed).
    if (scanned.outsideGit.has(result.path) && isEnvFileName(path.basename(result.path))) continue;
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
  noteSkipped(context, scanned.skipped.get('tooLarge'), `larger than ${Math.round(context.maxFileBytes / 1024)} KiB, see --max-file-size`);
  noteSkipped(context, scanned.skipped.get('unreadable'), 'unreadable');
  return { findings: sortFindings(findings), filesScanned: scanned.summary.filesScanned };
}

type Scanned = Pick<RipgrepPathScan, 'summary' | 'skipped' | 'outsideGit'>;

// ripgrep when one is found (INFINIPOST_RIPGREP names it, or `off`; else rg on PATH outside the
// scanned folders): it walks and searches far faster than Node reads. Undefined: scan in Node.
async function scanWithRipgrep(targets: readonly ScanTarget[], context: ModeContext): Promise<Scanned | undefined> {
  const setting = process.env.INFINIPOST_RIPGREP?.trim();
  if (setting === 'off') return undefined;
  const untrusted = [context.cwd, ...targets.map((target) => (target.kind === 'folder' ? target.path : path.dirname(target.path)))];
  const rg = setting ? (path.isAbsolute(setting) ? setting : undefined) : await findExecutable('rg', untrusted);
  if (!rg) return undefined;
  try {
    return await scanTargetsWithRipgrep(rg, targets, context.maxFileBytes);
  } catch (error) {
    context.note(`ripgrep (${rg}) failed, scanning without it: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function scanInNode(plan: TargetPlan, context: ModeContext): Promise<Scanned> {
  const listing = await listFiles(plan);
  const skipped: Scanned['skipped'] = new Map();
  const summary = await scanFiles(
    listing.files.map((file) => file.path),
    {
      maxFileBytes: context.maxFileBytes,
      blocking: true,
      onFile: (result) => {
        if (result.status !== 'scanned') skipped.set(result.status, [...(skipped.get(result.status) ?? []), result.path]);
      },
    },
  );
  return { summary, skipped, outsideGit: new Set(listing.files.filter((file) => !file.inRepository).map((file) => file.path)) };
}

/** Whether a file name is `.env` or `.env.*`. */
export function isEnvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}

function noteSkipped(context: ModeContext, files: string[] | undefined, why: string): void {
  if (!files || files.length === 0) return;
  // Sorted: ripgrep finds files in no fixed order.
  const named = files.map((file) => displayPath(context.cwd, file)).sort().slice(0, MAX_NAMED_SKIPS);
  const more = files.length > MAX_NAMED_SKIPS ? ` and ${files.length - MAX_NAMED_SKIPS} more` : '';
  context.note(`skipped ${files.length} file${files.length === 1 ? '' : 's'} (${why}): ${named.join(', ')}${more}`);
}
