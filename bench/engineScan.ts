// Child process for the scan benchmark: lists a folder and scans it with the extension's own
// workspace-scan loop (scanFiles, same file-size limit and concurrency as the scan command), then
// prints one JSON line: file + line of each finding (never the key), counts and in-process times.
//   node bench/out/engineScan.js <folder>
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { scanFiles } from '../src/core/fileScanner';

// `infinipost.scan.maxFileSizeKB` default, and the scan command's concurrency (workspaceScan.ts).
const MAX_FILE_BYTES = 2048 * 1024;
const COMMAND_CONCURRENCY = 8;

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? '.');
  const started = performance.now();
  // The extension lists files with workspace.findFiles; here a plain recursive listing stands in.
  const paths = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
  const listed = performance.now();
  const summary = await scanFiles(paths, { maxFileBytes: MAX_FILE_BYTES, concurrency: COMMAND_CONCURRENCY });
  const scanned = performance.now();
  const findings = summary.results.flatMap((result) =>
    result.findings.map((finding) => ({ file: path.relative(root, result.path).split(path.sep).join('/'), line: finding.line + 1, mode: finding.mode })),
  );
  process.stdout.write(
    JSON.stringify({
      files: paths.length,
      filesScanned: summary.filesScanned,
      skipped: summary.skipped,
      listMs: listed - started,
      scanMs: scanned - listed,
      findings,
    }) + '\n',
  );
}

main().catch((error) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error) + '\n');
  process.exit(2);
});
