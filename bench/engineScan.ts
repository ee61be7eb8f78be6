// Child process for the scan benchmark: the standalone scan engine (bench/scanDirectory.ts: list
// and prefilter with ripgrep, reading each file it names at once with blocking calls while it
// searches the rest, with the scan command's file-size limit), then one JSON line: file + line of
// each finding (never the key), counts and in-process times.
//   node bench/out/engineScan.js <folder> [--node]   (--node: the Node walk instead of ripgrep)
import * as path from 'path';
import { performance } from 'perf_hooks';
import { scanDirectory } from './scanDirectory';

// `infinipost.scan.maxFileSizeKB` default.
const MAX_FILE_BYTES = 2048 * 1024;

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? '.');
  // The bench's own ripgrep baseline runs /usr/bin/rg with --no-ignore: the engine uses the same binary and rule.
  const ripgrepPath = process.argv.includes('--node') ? undefined : process.env.INFINIPOST_BENCH_RG ?? '/usr/bin/rg';
  const started = performance.now();
  // A process with nothing else to do reads with blocking calls, as the CLI does (scanFiles' `blocking`).
  const summary = await scanDirectory(root, { ripgrepPath, useIgnoreFiles: false, maxFileBytes: MAX_FILE_BYTES, blocking: true });
  const scanned = performance.now();
  const listed = started;
  const findings = summary.results.flatMap((result) =>
    result.findings.map((finding) => ({ file: path.relative(root, result.path).split(path.sep).join('/'), line: finding.line + 1, mode: finding.mode })),
  );
  process.stdout.write(
    JSON.stringify({
      files: summary.filesListed,
      route: summary.route,
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
