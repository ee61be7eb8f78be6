// The history-scan part of `npm run bench` (issue #16): our scan of every blob reachable from any
// ref against `git log --all -p | rg 'sk_(live|test)_'` on the same generated repository, in the
// same run; peak memory; and whether every planted key is found with the right first commit, refs
// and removed/present state. INFINIPOST_BENCH_REPO=<path to a git repository> also times a real one.
// Runs on its own too: `node bench/out/historyBench.js` (after `node bench/build.mjs --no-host`).
import { isEntry } from './entry';
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { HistoryManifest, ensureHistoryRepo } from './generateHistoryRepo';
import { ReportRow } from './reportRow';
import { ProcessSample, measureProcess } from './scanBench';
import { median } from './stats';

interface ScanOutput {
  ms: number;
  blobsScanned: number;
  commits: number;
  skipped: { tooLarge: number; binary: number; missing: number };
  keys: Array<{ maskedKey: string; firstCommit: string; refs: string[]; inHead: boolean; pushed: boolean }>;
}

export interface HistoryBenchReport {
  repository: { commits: number; files: number; packMiB: number; planted: number; decoys: number };
  runs: number;
  scan: { wallMs: number; cpuMs: number; maxRssMiB: number; blobsScanned: number };
  pipeline: { wallMs: number; cpuMs: number; maxRssMiB: number; matchingLines: number };
  verification: { found: number; planted: number; wrong: string[]; extra: string[] };
  /** `infinipost-scan --history --format json` (the bundled CLI) on the same repository, when the bundle is built. */
  cli?: { wallMs: number; maxRssMiB: number; keys: number; sameKeys: boolean };
  realRepository?: { path: string; commits: number; packMiB: number; scanMs: number; pipelineMs: number; scanMaxRssMiB: number; keys: number; blobsScanned: number };
}

const PIPELINE = "git log --all -p | rg 'sk_(live|test)_'";
const TARGET_MEMORY_MIB = 128;

function packMiB(repo: string): number {
  const out = spawnSync('git', ['count-objects', '-v'], { cwd: repo, encoding: 'utf8' }).stdout ?? '';
  const kib = Number(/size-pack: (\d+)/.exec(out)?.[1] ?? 0) + Number(/^size: (\d+)/m.exec(out)?.[1] ?? 0);
  return kib / 1024;
}

async function timeBoth(repo: string, scanScript: string, runs: number) {
  const scans: ProcessSample[] = [];
  const pipes: ProcessSample[] = [];
  // Warm-up: the pack in the page cache for both.
  await measureProcess('sh', ['-c', PIPELINE + ' > /dev/null'], repo);
  for (let i = 0; i < runs; i++) {
    scans.push(await measureProcess(process.execPath, [scanScript, repo], repo));
    pipes.push(await measureProcess('sh', ['-c', PIPELINE], repo));
  }
  const failed = scans.find((s) => s.exitCode !== 0);
  if (failed) throw new Error(`history scan failed: ${failed.stderr.slice(0, 2000)}`);
  return { scans, pipes, output: JSON.parse(scans[scans.length - 1].stdout) as ScanOutput };
}

function verify(output: ScanOutput, manifest: HistoryManifest): HistoryBenchReport['verification'] {
  const wrong: string[] = [];
  let found = 0;
  for (const planted of manifest.planted) {
    const key = output.keys.find((k) => k.maskedKey === planted.maskedKey);
    if (!key) {
      wrong.push(`${planted.where}: not found`);
      continue;
    }
    const problems: string[] = [];
    if (key.firstCommit !== planted.firstCommit) problems.push(`first commit ${key.firstCommit.slice(0, 8)}, expected ${planted.firstCommit.slice(0, 8)}`);
    if (JSON.stringify([...key.refs].sort()) !== JSON.stringify(planted.refs)) problems.push(`refs ${key.refs.join(',')}, expected ${planted.refs.join(',')}`);
    if (key.inHead !== planted.inHead) problems.push(`inHead ${key.inHead}`);
    if (key.pushed !== planted.pushed) problems.push(`pushed ${key.pushed}`);
    if (problems.length > 0) wrong.push(`${planted.where}: ${problems.join('; ')}`);
    else found++;
  }
  const extra = output.keys.filter((k) => !manifest.planted.some((p) => p.maskedKey === k.maskedKey)).map((k) => k.maskedKey);
  return { found, planted: manifest.planted.length, wrong, extra };
}

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`);

/** Generates (or reuses) the repository, times both, verifies; returns table rows and a report. */
export async function benchHistory(repoRoot: string, log: (message: string) => void): Promise<{ rows: ReportRow[]; report: HistoryBenchReport }> {
  const runs = Number(process.env.INFINIPOST_BENCH_HISTORY_RUNS ?? 3);
  const repo = path.join(repoRoot, '.bench', 'history-repo');
  const manifest = ensureHistoryRepo(repo, log);
  const scanScript = path.join(repoRoot, 'bench', 'out', 'historyScanCli.js');
  log(`history scan vs "${PIPELINE}" (${runs} runs each)`);
  const { scans, pipes, output } = await timeBoth(repo, scanScript, runs);
  const matchingLines = pipes[pipes.length - 1].stdout.split('\n').filter((line) => line.length > 0).length;
  const report: HistoryBenchReport = {
    repository: { commits: manifest.commits, files: manifest.files, packMiB: Number(packMiB(repo).toFixed(1)), planted: manifest.planted.length, decoys: manifest.decoys },
    runs,
    scan: { wallMs: median(scans.map((s) => s.wallMs)), cpuMs: median(scans.map((s) => s.cpuMs)), maxRssMiB: Math.max(...scans.map((s) => s.maxRssKiB)) / 1024, blobsScanned: output.blobsScanned },
    pipeline: { wallMs: median(pipes.map((s) => s.wallMs)), cpuMs: median(pipes.map((s) => s.cpuMs)), maxRssMiB: Math.max(...pipes.map((s) => s.maxRssKiB)) / 1024, matchingLines },
    verification: verify(output, manifest),
  };
  const cli = path.join(repoRoot, '.bench', 'ext', 'dist', 'cli.js');
  if (existsSync(cli)) report.cli = await timeCli(cli, repo, runs, output);
  const real = process.env.INFINIPOST_BENCH_REPO;
  if (real) {
    log(`history scan of ${real}`);
    const timed = await timeBoth(real, scanScript, 1);
    report.realRepository = {
      path: real,
      commits: timed.output.commits,
      packMiB: Number(packMiB(real).toFixed(1)),
      scanMs: timed.scans[0].wallMs,
      pipelineMs: timed.pipes[0].wallMs,
      scanMaxRssMiB: timed.scans[0].maxRssKiB / 1024,
      keys: timed.output.keys.length,
      blobsScanned: timed.output.blobsScanned,
    };
  }
  return { rows: historyRows(report), report };
}

// Exit code 1 means keys were found (the generated repository has planted ones).
async function timeCli(cli: string, repo: string, runs: number, engine: ScanOutput): Promise<NonNullable<HistoryBenchReport['cli']>> {
  const samples: ProcessSample[] = [];
  for (let i = 0; i < runs; i++) {
    const sample = await measureProcess(process.execPath, [cli, '--history', '--format', 'json'], repo);
    if (sample.exitCode !== 0 && sample.exitCode !== 1) throw new Error(`infinipost-scan --history failed: ${sample.stderr.slice(0, 2000)}`);
    samples.push(sample);
  }
  const keys = (JSON.parse(samples[samples.length - 1].stdout) as { keys: Array<{ maskedKey: string; firstCommit: string }> }).keys;
  const print = (list: ReadonlyArray<{ maskedKey: string; firstCommit: string }>) => JSON.stringify(list.map((k) => `${k.maskedKey} ${k.firstCommit}`).sort());
  return { wallMs: median(samples.map((s) => s.wallMs)), maxRssMiB: Math.max(...samples.map((s) => s.maxRssKiB)) / 1024, keys: keys.length, sameKeys: print(keys) === print(engine.keys) };
}

function historyRows(r: HistoryBenchReport): ReportRow[] {
  const section = `Git history scan (${r.repository.commits} commits, ${r.repository.files} files at HEAD, pack ${r.repository.packMiB} MiB, ${r.repository.planted} planted keys; median of ${r.runs} runs, warm cache)`;
  const ratio = r.scan.wallMs / r.pipeline.wallMs;
  const v = r.verification;
  const exact = v.found === v.planted && v.wrong.length === 0 && v.extra.length === 0;
  const rows: ReportRow[] = [
    {
      section,
      measure: `Wall time, scan vs \`${PIPELINE}\``,
      target: '≤ 1× the pipeline',
      actual: `scan ${ms(r.scan.wallMs)}, pipeline ${ms(r.pipeline.wallMs)}`,
      ratio: `${ratio.toFixed(2)}× the pipeline`,
      pass: Number.isFinite(ratio) ? ratio <= 1 : undefined,
      missBy: ratio > 1 ? `${ratio.toFixed(2)}× the limit` : undefined,
    },
    { section, measure: 'CPU time (user + sys, git included)', target: '—', actual: `scan ${ms(r.scan.cpuMs)}, pipeline ${ms(r.pipeline.cpuMs)}`, ratio: `${(r.scan.cpuMs / r.pipeline.cpuMs).toFixed(2)}×`, pass: undefined },
    {
      section,
      measure: 'Peak memory (max RSS of the scan and its git processes)',
      target: `≤ ${TARGET_MEMORY_MIB} MiB`,
      actual: `${r.scan.maxRssMiB.toFixed(0)} MiB (pipeline ${r.pipeline.maxRssMiB.toFixed(0)} MiB)`,
      ratio: '',
      pass: r.scan.maxRssMiB <= TARGET_MEMORY_MIB,
      missBy: r.scan.maxRssMiB > TARGET_MEMORY_MIB ? `${(r.scan.maxRssMiB / TARGET_MEMORY_MIB).toFixed(2)}× the limit` : undefined,
    },
    {
      section,
      measure: 'Planted keys found with the right first commit, refs, in-HEAD and pushed state',
      target: `all ${v.planted}, nothing else`,
      actual: `${v.found} of ${v.planted}${v.wrong.length ? `; wrong: ${v.wrong.join(' | ')}` : ''}${v.extra.length ? `; extra: ${v.extra.join(', ')}` : ''}`,
      ratio: `${r.scan.blobsScanned} blobs read once each; the pipeline printed ${r.pipeline.matchingLines} lines (placeholders and every diff line that repeats a key)`,
      pass: exact,
    },
  ];
  if (r.cli) {
    rows.push({
      section,
      measure: '`infinipost-scan --history --format json` (the bundled CLI), same repository',
      target: 'same keys as the scan',
      actual: `${ms(r.cli.wallMs)}, ${r.cli.maxRssMiB.toFixed(0)} MiB peak, ${r.cli.keys} keys${r.cli.sameKeys ? '' : ' (differ from the scan)'}`,
      ratio: `${(r.cli.wallMs / r.pipeline.wallMs).toFixed(2)}× the pipeline`,
      pass: r.cli.sameKeys,
    });
  }
  if (r.realRepository) {
    const real = r.realRepository;
    rows.push({
      section: `Git history scan of a real repository: ${real.path} (${real.commits} commits, pack ${real.packMiB} MiB; one run)`,
      measure: 'Wall time, scan vs the pipeline',
      target: '—',
      actual: `scan ${ms(real.scanMs)}, pipeline ${ms(real.pipelineMs)}; ${real.blobsScanned} blobs, ${real.keys} keys, ${real.scanMaxRssMiB.toFixed(0)} MiB peak`,
      ratio: `${(real.scanMs / real.pipelineMs).toFixed(2)}× the pipeline`,
      pass: undefined,
    });
  }
  return rows;
}

if (isEntry('historyBench')) {
  const repoRoot = path.resolve(__dirname, '..', '..');
  benchHistory(repoRoot, (message) => process.stderr.write(`[bench] ${message}\n`))
    .then(({ rows, report }) => {
      for (const row of rows) process.stdout.write(`${row.pass === undefined ? '  ' : row.pass ? 'OK' : 'NO'} ${row.measure}: ${row.actual} (${row.ratio}) [target ${row.target}]\n`);
      process.stdout.write(JSON.stringify(report, null, 1) + '\n');
      process.exit(rows.some((row) => row.pass === false) ? 1 : 0);
    })
    .catch((error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
