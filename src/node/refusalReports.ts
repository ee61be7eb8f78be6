// Picks up the masked reports the hook's launcher leaves when it refuses a commit, so the extension
// can say so next to git's own error (whether the commit came from Source Control or a terminal).
import { FSWatcher, promises as fs, watch } from 'fs';
import * as path from 'path';
import { ReportFinding } from '../core/scanReport';

/** A refused commit, as the launcher's `--report-file` wrote it (masked keys only). */
export interface RefusalReport {
  repository: string;
  findings: ReportFinding[];
  filesScanned: number;
}

const REPORT_NAME = /^refused-\d+\.json$/;
const READ_ATTEMPTS = 20;
const RETRY_MS = 50;
// Reports older than this were left while no window was open: nobody is waiting for them.
const STALE_MS = 5 * 60_000;

/**
 * Watches the reports folder; `claim` decides whether this window shows a report (its repository is
 * open here). A claimed report is deleted; if another window deleted it first, it is not shown twice.
 */
export function watchRefusalReports(dir: string, claim: (report: RefusalReport) => boolean, onReport: (report: RefusalReport) => void, warn: (message: string) => void): { dispose(): void } {
  let watcher: FSWatcher | undefined;
  let disposed = false;
  const handle = async (name: string) => {
    const file = path.join(dir, name);
    const report = await readReport(file);
    if (!report || disposed || !claim(report)) return;
    try {
      await fs.unlink(file);
    } catch {
      return; // another window took it
    }
    onReport(report);
  };
  const start = async () => {
    await fs.mkdir(dir, { recursive: true });
    for (const name of await fs.readdir(dir)) {
      const stat = await fs.stat(path.join(dir, name)).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > STALE_MS) await fs.unlink(path.join(dir, name)).catch(() => undefined);
    }
    if (disposed) return;
    watcher = watch(dir, (_event, name) => {
      if (name && REPORT_NAME.test(name)) handle(name).catch((error) => warn(`Could not read a refused commit's report: ${String(error)}`));
    });
    watcher.on('error', (error) => warn(`Stopped watching for refused commits: ${String(error)}`));
  };
  start().catch((error) => warn(`Cannot watch for refused commits: ${String(error)}`));
  return {
    dispose: () => {
      disposed = true;
      watcher?.close();
    },
  };
}

// The file appears before the scanner has finished writing it: try again for a moment.
async function readReport(file: string): Promise<RefusalReport | undefined> {
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as RefusalReport;
      if (typeof parsed.repository === 'string' && Array.isArray(parsed.findings)) return parsed;
    } catch {
      // still being written
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  return undefined;
}
