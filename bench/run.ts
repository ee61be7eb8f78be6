// `npm run bench`: scanning speed against ripgrep and secretlint, typing latency, bundle size,
// activation and the in-editor scan, in one run on this machine. Prints a table and writes
// .bench/report.json. Built by bench/build.mjs into bench/out/run.js.
//   INFINIPOST_BENCH_RUNS=7             timed runs of the engine and ripgrep (median reported)
//   INFINIPOST_BENCH_SUBSET_RUNS=3      runs of all three tools on the fixed 1,000-file subset
//   INFINIPOST_BENCH_SECRETLINT_FULL=1  also run secretlint on the full corpus (more than an hour here)
//   INFINIPOST_BENCH_SECRETLINT_RUNS=1  how many full-corpus secretlint runs
//   INFINIPOST_BENCH_HOST_STARTS=5      fresh VS Code starts for activation (3 for the in-editor scan)
//   INFINIPOST_BENCH_SKIP_HOST=1        skip the VS Code host rows
//   INFINIPOST_BENCH_HISTORY_RUNS=3     timed runs of the git history scan and of git log -p | rg
//   INFINIPOST_BENCH_REPO=/path/to/repo also time the history scan on a real repository
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CorpusManifest, defaultCorpusDir, ensureCorpus, PLANTED_KEYS } from './generateCorpus';
import { EngineOutput, Finding, MACHINE_EXTRA_CA_CERTS, measureProcess, ProcessSample, profileShareUnder, runEngine, runRipgrep, runSecretlint, summarizeCpuProfile, verify, Verification, writeSecretlintConfig } from './scanBench';
import { benchHistory } from './historyBench';
import { ReportRow } from './reportRow';
import { benchCommitGuard, HOOK_TARGETS } from './commitGuard';
import { median } from './stats';
import { measureTyping, TypingResult } from './typingLatency';

const repoRoot = path.resolve(__dirname, '..', '..');
const benchDir = path.join(repoRoot, '.bench');
const corpusDir = defaultCorpusDir(repoRoot);
const RUNS = Number(process.env.INFINIPOST_BENCH_RUNS ?? 7);
const SECRETLINT_RUNS = Number(process.env.INFINIPOST_BENCH_SECRETLINT_RUNS ?? 1);
const SECRETLINT_FULL = process.env.INFINIPOST_BENCH_SECRETLINT_FULL === '1';
const SUBSET_RUNS = Number(process.env.INFINIPOST_BENCH_SUBSET_RUNS ?? 3);
const SUBSET_EVERY = 10;
const HOST_STARTS = Number(process.env.INFINIPOST_BENCH_HOST_STARTS ?? 5);
const SCAN_STARTS = Number(process.env.INFINIPOST_BENCH_SCAN_STARTS ?? 3);
const MiB = 1024 * 1024;

// Targets from issue #14 (2-core machine).
const TARGET = {
  scanVsRipgrep: 1.5,
  secretlintVsScan: 10,
  peakMemoryMiB: 64,
  relintP99Ms1MB: 1,
  relintP99Ms10MB: 2,
  bundleBytes: 100 * 1000,
  activationMs: 15,
  inEditorScanMs: 1000,
  inEditorVsRipgrep: 4,
  hostMemoryMiB: 32,
};

interface ToolResult {
  samples: Array<Omit<ProcessSample, 'stdout' | 'stderr'>>;
  wallMs: number;
  cpuMs: number;
  maxRssMiB: number;
  mibPerSecond: number;
  verification: Verification;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function summarize(samples: ProcessSample[], findings: Finding[], manifest: CorpusManifest): ToolResult {
  const wallMs = median(samples.map((s) => s.wallMs));
  return {
    samples: samples.map(({ stdout: _stdout, stderr: _stderr, ...rest }) => rest),
    wallMs,
    cpuMs: median(samples.map((s) => s.cpuMs)),
    maxRssMiB: median(samples.map((s) => s.maxRssKiB)) / 1024,
    mibPerSecond: manifest.bytes / MiB / (wallMs / 1000),
    verification: verify(findings, manifest),
  };
}

// `afterEngine` runs right after the engine's runs, in the same state of the machine, before the
// subset's minute of secretlint CPU.
async function benchScan<T>(manifest: CorpusManifest, afterEngine: () => Promise<T>) {
  const engineScript = path.join(repoRoot, 'bench', 'out', 'engineScan.js');
  // Warm-up: the corpus in the page cache, and each program's files too.
  log('scan: warm-up run of the engine and ripgrep');
  await runEngine(engineScript, corpusDir);
  await runRipgrep(corpusDir);
  const engine: ProcessSample[] = [];
  const ripgrep: ProcessSample[] = [];
  const inProcess: EngineOutput[] = [];
  let engineFindings: Finding[] = [];
  let ripgrepFindings: Finding[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always runs right after the other.
    const order = i % 2 === 0 ? ['engine', 'rg'] : ['rg', 'engine'];
    for (const tool of order) {
      if (tool === 'engine') {
        const { sample, output } = await runEngine(engineScript, corpusDir);
        engine.push(sample);
        inProcess.push(output);
        engineFindings = output.findings;
      } else {
        const { sample, findings } = await runRipgrep(corpusDir);
        ripgrep.push(sample);
        ripgrepFindings = findings;
      }
    }
    log(`scan run ${i + 1}/${RUNS}: engine ${engine.at(-1)!.wallMs.toFixed(0)} ms, rg ${ripgrep.at(-1)!.wallMs.toFixed(0)} ms`);
  }

  // One more engine run under the CPU profiler (not timed): where its time goes.
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-bench-prof-'));
  let profile: Record<string, number> | undefined;
  try {
    await runEngine(engineScript, corpusDir, ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-interval', '250']);
    const file = fs.readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (file) profile = summarizeCpuProfile(path.join(profileDir, file));
  } finally {
    fs.rmSync(profileDir, { recursive: true, force: true });
  }

  // Node's own start-up, part of the engine's wall time but not of a scan inside the extension host.
  const nodeStartup: number[] = [];
  for (let i = 0; i < 5; i++) nodeStartup.push((await measureProcess(process.execPath, ['-e', '0'], corpusDir)).wallMs);
  const afterEngineResult = await afterEngine();

  const secretlintConfig = path.join(benchDir, 'secretlintrc.json');
  writeSecretlintConfig(secretlintConfig);
  const secretlintBin = path.join(repoRoot, 'node_modules', 'secretlint', 'bin', 'secretlint.js');

  // secretlint on all 10,000 files takes more than an hour here (its cost per file grows with the
  // number of files in a run), so the three tools also run side by side on a fixed subset.
  const subset = makeSubset(manifest);
  log(`scan: subset of ${subset.manifest.files} files (${(subset.manifest.bytes / MiB).toFixed(1)} MiB), ${SUBSET_RUNS} runs of the engine, ripgrep and secretlint`);
  await runEngine(engineScript, subset.dir);
  await runRipgrep(subset.dir);
  const subsetSamples = { engine: [] as ProcessSample[], ripgrep: [] as ProcessSample[], secretlint: [] as ProcessSample[] };
  const subsetFindings = { engine: [] as Finding[], ripgrep: [] as Finding[], secretlint: [] as Finding[] };
  let secretlintOther: Record<string, number> = {};
  for (let i = 0; i < SUBSET_RUNS; i++) {
    const e = await runEngine(engineScript, subset.dir);
    subsetSamples.engine.push(e.sample);
    subsetFindings.engine = e.output.findings;
    const r = await runRipgrep(subset.dir);
    subsetSamples.ripgrep.push(r.sample);
    subsetFindings.ripgrep = r.findings;
    const sl = await runSecretlint(secretlintBin, secretlintConfig, subset.dir);
    subsetSamples.secretlint.push(sl.sample);
    subsetFindings.secretlint = sl.findings;
    secretlintOther = sl.otherRules;
    log(`subset run ${i + 1}/${SUBSET_RUNS}: engine ${e.sample.wallMs.toFixed(0)} ms, rg ${r.sample.wallMs.toFixed(0)} ms, secretlint ${(sl.sample.wallMs / 1000).toFixed(1)} s`);
  }
  // One more secretlint run under the CPU profiler (not timed): how much of it is its own profiler.
  const slProfileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-bench-slprof-'));
  let secretlintProfilerShare: number | undefined;
  try {
    await runSecretlint(secretlintBin, secretlintConfig, subset.dir, ['--cpu-prof', '--cpu-prof-dir', slProfileDir, '--cpu-prof-interval', '1000']);
    const file = fs.readdirSync(slProfileDir).find((name) => name.endsWith('.cpuprofile'));
    if (file) secretlintProfilerShare = profileShareUnder(path.join(slProfileDir, file), '@secretlint/profiler');
  } finally {
    fs.rmSync(slProfileDir, { recursive: true, force: true });
  }
  let secretlintFull: ToolResult | undefined;
  if (SECRETLINT_FULL) {
    const samples: ProcessSample[] = [];
    let findings: Finding[] = [];
    for (let i = 0; i < SECRETLINT_RUNS; i++) {
      log(`scan: secretlint on the full corpus, run ${i + 1}/${SECRETLINT_RUNS} (more than an hour)`);
      const run = await runSecretlint(secretlintBin, secretlintConfig, corpusDir);
      samples.push(run.sample);
      findings = run.findings;
      log(`secretlint full corpus: ${(run.sample.wallMs / 1000).toFixed(1)} s`);
    }
    secretlintFull = summarize(samples, findings, manifest);
  }
  const scan = {
    engine: {
      ...summarize(engine, engineFindings, manifest),
      filesScanned: inProcess.at(-1)?.filesScanned,
      skipped: inProcess.at(-1)?.skipped,
      inProcessMs: { list: median(inProcess.map((o) => o.listMs)), scan: median(inProcess.map((o) => o.scanMs)) },
      profileMs: profile,
      nodeStartupMs: median(nodeStartup),
    },
    ripgrep: { ...summarize(ripgrep, ripgrepFindings, manifest), version: firstLine(spawnSync('/usr/bin/rg', ['--version'], { encoding: 'utf8' }).stdout) },
    subset: {
      files: subset.manifest.files,
      bytes: subset.manifest.bytes,
      plantedKeys: subset.manifest.planted.length,
      rule: `every ${SUBSET_EVERY}th file in path order`,
      engine: summarize(subsetSamples.engine, subsetFindings.engine, subset.manifest),
      ripgrep: summarize(subsetSamples.ripgrep, subsetFindings.ripgrep, subset.manifest),
      secretlint: summarize(subsetSamples.secretlint, subsetFindings.secretlint, subset.manifest),
    },
    secretlint: {
      version: readVersion('secretlint'),
      preset: readVersion('@secretlint/secretlint-rule-preset-recommend'),
      otherRuleFindings: secretlintOther,
      profilerShareOfCpu: secretlintProfilerShare,
      fullCorpus: secretlintFull,
    },
  };
  return { scan, afterEngine: afterEngineResult };
}

/** A fixed subset of the corpus (hard links, every SUBSET_EVERY-th file by path) and its manifest. */
/** The folder a recursive readdir entry is in (`parentPath` from Node 20.12 on; earlier 20.x has only `path`). */
function entryDir(entry: fs.Dirent): string {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the fallback for Node 20 before 20.12
  return entry.parentPath ?? entry.path;
}

function makeSubset(manifest: CorpusManifest): { dir: string; manifest: CorpusManifest } {
  const dir = path.join(benchDir, 'corpus-subset');
  fs.rmSync(dir, { recursive: true, force: true });
  const files = fs
    .readdirSync(corpusDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(corpusDir, path.join(entryDir(entry), entry.name)).split(path.sep).join('/'))
    .sort();
  const chosen = files.filter((_, i) => i % SUBSET_EVERY === 0);
  let bytes = 0;
  for (const file of chosen) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.linkSync(path.join(corpusDir, file), target);
    bytes += fs.statSync(target).size;
  }
  const inSubset = new Set(chosen);
  return {
    dir,
    manifest: {
      ...manifest,
      files: chosen.length,
      bytes,
      byExtension: {},
      planted: manifest.planted.filter((key) => inSubset.has(key.file)),
      decoys: manifest.decoys.filter((decoy) => inSubset.has(decoy.file)),
    },
  };
}

function readVersion(pkg: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0];
}

/** Share of corpus files whose bytes contain `sk_`: those the engine decodes and runs detection on. */
function filesWithKeyPrefix(): number {
  let count = 0;
  let total = 0;
  const prefix = Buffer.from('s' + 'k_');
  for (const entry of fs.readdirSync(corpusDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    total++;
    if (fs.readFileSync(path.join(entryDir(entry), entry.name)).indexOf(prefix) !== -1) count++;
  }
  return total === 0 ? 0 : count / total;
}

// One sample from runInHost.mjs's JSON report; the fields read are checked where they are read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON report picked apart field by field
type HostRecord = Record<string, any>;

interface HostReport {
  activation: HostRecord[];
  scan: HostRecord[];
  errors: string[];
}

function runHost(): HostReport | undefined {
  const out = path.join(benchDir, 'host.json');
  fs.rmSync(out, { force: true });
  log(`VS Code host: ${HOST_STARTS} fresh starts for activation, ${SCAN_STARTS} for the in-editor scan (about a minute each on a busy machine)`);
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'bench', 'runInHost.mjs'), '--activation', String(HOST_STARTS), '--scan', String(SCAN_STARTS), '--out', out, '--corpus', corpusDir],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0 || !fs.existsSync(out)) {
    log(`runInHost.mjs failed (exit ${result.status})`);
    return undefined;
  }
  return JSON.parse(fs.readFileSync(out, 'utf8')) as HostReport;
}

function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(3)} ms`;
}

function fmtRatio(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(2)}×`;
}

function findingsText(v: Verification): string {
  const extras = Object.entries(v.extras)
    .filter(([, n]) => n > 0)
    .map(([category, n]) => `${n} ${category}`)
    .join(', ');
  return `${v.plantedFound}/${v.plantedFound + v.plantedMissed} keys${extras ? ` + ${extras}` : ', nothing else'}`;
}

/** A row for an upper limit: passes at or below it; a miss says by what factor. */
function atMost(section: string, measure: string, target: string, actual: number, limit: number, actualText: string, ratio: string): ReportRow {
  const pass = Number.isFinite(actual) ? actual <= limit : undefined;
  return { section, measure, target, actual: actualText, ratio, pass, missBy: pass === false ? `${fmtRatio(actual / limit)} the limit` : undefined };
}

async function main(): Promise<void> {
  const started = new Date();
  const build = JSON.parse(fs.readFileSync(path.join(benchDir, 'build.json'), 'utf8')) as {
    extension: { ok: boolean; bytes?: number; error?: string; largestInputs?: Array<{ file: string; bytes: number }>; lazyBundles?: Array<{ file: string; bytes: number }> };
  };
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((n) => Number(n.toFixed(2))),
  };
  log(`machine: ${machine.cpus} cores, Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`);
  const manifest = ensureCorpus(corpusDir, { log });
  const corpus = {
    files: manifest.files,
    bytes: manifest.bytes,
    mib: Number((manifest.bytes / MiB).toFixed(1)),
    generatorVersion: manifest.generatorVersion,
    contentHash: manifest.contentHash,
    plantedKeys: manifest.planted.length,
    decoys: manifest.decoys.reduce<Record<string, number>>((acc, d) => ({ ...acc, [d.category]: (acc[d.category] ?? 0) + 1 }), {}),
    byExtension: manifest.byExtension,
    filesWithKeyPrefix: filesWithKeyPrefix(),
  };

  // Right after the engine: infinipost-scan against ripgrep on the same corpus, in the same state of the machine.
  const { scan, afterEngine: commitGuard } = await benchScan(manifest, () => benchCommitGuard({ cli: path.join(benchDir, 'ext', 'dist', 'cli.js'), corpusDir, manifest, runs: RUNS, log }));
  const history = await benchHistory(repoRoot, log);
  log('typing latency');
  const typing: TypingResult[] = measureTyping(log);
  const host = process.env.INFINIPOST_BENCH_SKIP_HOST === '1' || !build.extension.ok ? undefined : runHost();

  // Activation: the host's own number ("Show Running Extensions"), one per fresh start.
  const activationSamples = (host?.activation ?? []).map((s) => s.workbench?.activationMs).filter((n): n is number => Number.isFinite(n));
  const activateCalls = (host?.activation ?? []).map((s) => s.activation).filter((a) => a && !a.activeBeforeMeasuring && Number.isFinite(a.activateMs));
  const ioDuring = activateCalls.flatMap((a) => a.ioDuringActivate ?? []);
  const ioAfter = activateCalls.flatMap((a) => a.ioWithin5s ?? []);
  const scanSamples = (host?.scan ?? []).filter((s) => s.setup === 'plain').map((s) => s.scan).filter((s) => s?.available);
  const scanUnavailable = (host?.scan ?? []).map((s) => s.scan).find((s) => s && !s.available);

  const e = scan.engine;
  const rg = scan.ripgrep;
  const sub = scan.subset;
  const rows: ReportRow[] = [];
  const S1 = `Workspace scan vs ripgrep (${corpus.files} files, ${corpus.mib} MiB, warm cache; median of ${RUNS} runs each)`;
  rows.push(atMost(S1, 'Wall time, engine vs ripgrep', '≤ 1.5× rg', e.wallMs / rg.wallMs, TARGET.scanVsRipgrep, `engine ${fmtMs(e.wallMs)}, rg ${fmtMs(rg.wallMs)}`, `${fmtRatio(e.wallMs / rg.wallMs)} rg`));
  rows.push({ section: S1, measure: 'Throughput', target: '—', actual: `engine ${e.mibPerSecond.toFixed(0)} MiB/s, rg ${rg.mibPerSecond.toFixed(0)} MiB/s`, ratio: `${fmtRatio(rg.mibPerSecond / e.mibPerSecond)} slower`, pass: undefined });
  rows.push({ section: S1, measure: 'CPU time (user + sys)', target: '—', actual: `engine ${fmtMs(e.cpuMs)}, rg ${fmtMs(rg.cpuMs)}`, ratio: `${fmtRatio(e.cpuMs / rg.cpuMs)} rg`, pass: undefined });
  rows.push({
    section: S1,
    measure: 'Engine in-process (no Node start-up): ripgrep listing + scanFiles',
    target: '—',
    actual: `${fmtMs(e.inProcessMs.list + e.inProcessMs.scan)} (list ${fmtMs(e.inProcessMs.list)}, scan ${fmtMs(e.inProcessMs.scan)})`,
    ratio: `${fmtRatio((e.inProcessMs.list + e.inProcessMs.scan) / rg.wallMs)} rg`,
    pass: undefined,
  });
  rows.push(atMost(S1, 'Peak memory (max RSS), engine', '≤ 64 MiB', e.maxRssMiB, TARGET.peakMemoryMiB, `engine ${e.maxRssMiB.toFixed(0)} MiB, rg ${rg.maxRssMiB.toFixed(0)} MiB`, `${fmtRatio(e.maxRssMiB / rg.maxRssMiB)} rg`));
  rows.push({ section: S1, measure: 'Findings, engine', target: `all ${PLANTED_KEYS}, nothing else`, actual: findingsText(e.verification), ratio: `${e.filesScanned} files read, ${e.skipped?.binary ?? 0} binary skipped`, pass: e.verification.exact });
  rows.push({ section: S1, measure: 'Findings, ripgrep (same key shape, no placeholder filter)', target: '—', actual: findingsText(rg.verification), ratio: '', pass: undefined });

  const S1b = `Workspace scan vs secretlint (fixed subset: ${sub.rule}, ${sub.files} files, ${(sub.bytes / MiB).toFixed(1)} MiB, ${sub.plantedKeys} planted keys; median of ${SUBSET_RUNS} runs each)`;
  const slRatio = sub.secretlint.wallMs / sub.engine.wallMs;
  rows.push({
    section: S1b,
    measure: 'Wall time, secretlint vs engine (same files)',
    target: '≥ 10× faster',
    actual: `secretlint ${fmtMs(sub.secretlint.wallMs)}, engine ${fmtMs(sub.engine.wallMs)}, rg ${fmtMs(sub.ripgrep.wallMs)}`,
    ratio: `engine ${fmtRatio(slRatio)} faster; rg ${fmtRatio(sub.secretlint.wallMs / sub.ripgrep.wallMs)} faster`,
    pass: Number.isFinite(slRatio) ? slRatio >= TARGET.secretlintVsScan : undefined,
    missBy: Number.isFinite(slRatio) && slRatio < TARGET.secretlintVsScan ? `${fmtRatio(TARGET.secretlintVsScan / slRatio)} short` : undefined,
  });
  rows.push({ section: S1b, measure: 'CPU time (user + sys)', target: '—', actual: `secretlint ${fmtMs(sub.secretlint.cpuMs)}, engine ${fmtMs(sub.engine.cpuMs)}, rg ${fmtMs(sub.ripgrep.cpuMs)}`, ratio: `engine ${fmtRatio(sub.secretlint.cpuMs / sub.engine.cpuMs)} less`, pass: undefined });
  rows.push({ section: S1b, measure: 'Throughput', target: '—', actual: `secretlint ${sub.secretlint.mibPerSecond.toFixed(2)} MiB/s, engine ${sub.engine.mibPerSecond.toFixed(0)} MiB/s, rg ${sub.ripgrep.mibPerSecond.toFixed(0)} MiB/s`, ratio: '', pass: undefined });
  const full = scan.secretlint.fullCorpus;
  const scale = corpus.bytes / sub.bytes;
  rows.push({
    section: S1b,
    measure: full ? 'Full corpus: secretlint vs engine' : 'Full corpus: secretlint, extrapolated (subset × corpus/subset bytes)',
    target: '—',
    actual: full ? `secretlint ${fmtMs(full.wallMs)} (${full.samples.length} run)` : `≥ ${fmtMs(sub.secretlint.wallMs * scale)} (a lower bound: its per-file cost grows with the files per run)`,
    ratio: `engine ${fmtRatio((full ? full.wallMs : sub.secretlint.wallMs * scale) / e.wallMs)} faster`,
    pass: undefined,
  });
  rows.push({ section: S1b, measure: 'Peak memory (max RSS)', target: '—', actual: `secretlint ${sub.secretlint.maxRssMiB.toFixed(0)} MiB, engine ${sub.engine.maxRssMiB.toFixed(0)} MiB, rg ${sub.ripgrep.maxRssMiB.toFixed(0)} MiB`, ratio: '', pass: undefined });
  rows.push({ section: S1b, measure: 'Findings, secretlint (Stripe-shaped rule, see notes)', target: '—', actual: findingsText(sub.secretlint.verification), ratio: full ? `full corpus: ${findingsText(full.verification)}` : '', pass: undefined });
  rows.push({ section: S1b, measure: 'Findings, engine', target: `all ${sub.plantedKeys}, nothing else`, actual: findingsText(sub.engine.verification), ratio: '', pass: sub.engine.verification.exact });

  const S2 = 'Typing: re-lint after a one-character edit (the incremental re-lint in-process, host document emulated; median and p99)';
  for (const t of typing) {
    const limit = t.label === '1 MB' ? TARGET.relintP99Ms1MB : t.label === '10 MB' ? TARGET.relintP99Ms10MB : undefined;
    const text = `median ${fmtMs(t.totalMs.median)}, p99 ${fmtMs(t.totalMs.p99)}`;
    const parts = `parts (median): edit ${fmtMs(t.partsMs.edit)}, re-detect ${fmtMs(t.partsMs.update)}, ranges ${fmtMs(t.partsMs.ranges)}; CPU p99 ${fmtMs(t.totalCpuMs.p99)}; whole-document pass p99 ${fmtMs(t.wholeMs.p99)} (${fmtRatio(t.wholeMs.p99 / t.totalMs.p99)})`;
    const measure = `${t.label}, ${t.lines} lines, ${t.keys} key${t.keys === 1 ? '' : 's'}: change event to diagnostics ranges`;
    rows.push(limit !== undefined ? atMost(S2, measure, `p99 < ${limit} ms`, t.totalMs.p99, limit, text, parts) : { section: S2, measure, target: '—', actual: text, ratio: parts, pass: undefined });
  }

  const S3 = `Extension in VS Code 1.100.3 (code-server; ${HOST_STARTS} fresh starts for activation, ${SCAN_STARTS} for the scan)`;
  rows.push(
    build.extension.ok
      ? atMost(S3, 'Bundle size (dist/extension.js, minified)', '≤ 100 KB', build.extension.bytes!, TARGET.bundleBytes, `${(build.extension.bytes! / 1000).toFixed(1)} KB (${(build.extension.bytes! / 1024).toFixed(1)} KiB)`, `${fmtRatio(build.extension.bytes! / TARGET.bundleBytes)} the limit; loaded on first use: ${(build.extension.lazyBundles ?? []).map((b) => `${b.file} ${(b.bytes / 1000).toFixed(1)} KB`).join(', ')}`)
      : { section: S3, measure: 'Bundle size', target: '≤ 100 KB', actual: 'not available: the extension did not build', ratio: '', pass: undefined },
  );
  const activationMedian = median(activationSamples);
  rows.push(
    activationSamples.length > 0
      ? atMost(S3, 'Activation time (host\'s own: code loading + activate call)', '≤ 15 ms', activationMedian, TARGET.activationMs, `median ${fmtMs(activationMedian)} (${activationSamples.map((n) => n).join(', ')} ms)`, `${fmtRatio(activationMedian / TARGET.activationMs)} the limit`)
      : { section: S3, measure: 'Activation time', target: '≤ 15 ms', actual: 'not available', ratio: '', pass: undefined },
  );
  if (activateCalls.length > 0) {
    rows.push({
      section: S3,
      measure: 'await activate() from a test module, wall / host CPU',
      target: '—',
      actual: `median ${fmtMs(median(activateCalls.map((a) => a.activateMs)))} / ${fmtMs(median(activateCalls.map((a) => a.activateCpuMs)))}`,
      ratio: `code loading ${fmtMs(median(activateCalls.map((a) => a.codeLoadingMs).filter(Number.isFinite)))}`,
      pass: undefined,
    });
  }
  rows.push({
    section: S3,
    measure: 'File/process/network I/O during activation',
    target: '—',
    actual: activateCalls.length === 0 ? 'not observed (extension active before measuring)' : ioDuring.length === 0 ? 'none during activate()' : summarizeIo(ioDuring, activateCalls.length),
    ratio: activateCalls.length === 0 ? '' : ioAfter.length === 0 ? 'none in the 5 s after' : `in the 5 s after: ${summarizeIo(ioAfter, activateCalls.length)}`,
    pass: undefined,
  });
  const setups = ['plain', 'git-untracked', 'git-committed'] as const;
  const setupName = { plain: 'plain folder', 'git-untracked': 'git repository, corpus untracked', 'git-committed': 'git repository, corpus committed' };
  let problemsMedian = NaN;
  for (const setup of setups) {
    const samples = (host?.scan ?? []).filter((s) => s.setup === setup).map((s) => ({ ...s.scan, gitGrepMs: s.gitGrepMs }));
    const available = samples.filter((s) => s?.available);
    const times = available.map((s) => s.problemsPanel?.msFromCommand).filter((n): n is number => Number.isFinite(n));
    const measure = `In-editor scan, ${setupName[setup]}: command to all ${PLANTED_KEYS} findings in Problems`;
    if (times.length === 0) {
      rows.push({ section: S3, measure, target: '≤ 1.0 s', actual: scanUnavailable ? `not available: ${scanUnavailable.reason}` : 'not available', ratio: '', pass: undefined });
      continue;
    }
    const m = median(times);
    if (setup === 'plain') problemsMedian = m;
    const gitGrep = median(available.map((s) => s.gitGrepMs).filter(Number.isFinite));
    const ratioText = `${fmtRatio(m / rg.wallMs)} rg (${fmtMs(rg.wallMs)})${Number.isFinite(gitGrep) ? `, ${fmtRatio(m / gitGrep)} git grep (${fmtMs(gitGrep)})` : ''}; command returned at ${fmtMs(median(available.map((s) => s.commandMs)))}, host CPU ${fmtMs(median(available.map((s) => s.commandCpuMs)))}`;
    rows.push(atMost(S3, measure, '≤ 1.0 s', m, TARGET.inEditorScanMs, `median ${fmtMs(m)} (${times.map((n) => fmtMs(n)).join(', ')})`, ratioText));
    rows.push(atMost(S3, `In-editor scan, ${setupName[setup]}: vs ripgrep on the same files`, '≤ 4× rg', m / rg.wallMs, TARGET.inEditorVsRipgrep, `${fmtRatio(m / rg.wallMs)} rg`, ''));
    const growth = available.map((s) => (s.memory.rssPeak - s.memory.rssBefore) / MiB);
    const after = available.map((s) => (s.memory.rssAfter - s.memory.rssBefore) / MiB);
    rows.push(atMost(S3, `Extension host memory added by the scan (RSS peak), ${setupName[setup]}`, '≤ +32 MiB', median(growth), TARGET.hostMemoryMiB, `peak +${median(growth).toFixed(0)} MiB, after +${median(after).toFixed(0)} MiB`, `from ${(median(available.map((s) => s.memory.rssBefore)) / MiB).toFixed(0)} MiB`));
    const last = available.at(-1)?.diagnostics as Finding[] | undefined;
    const verification = last ? verify(last, manifest) : undefined;
    if (verification) rows.push({ section: S3, measure: `Findings in Problems, ${setupName[setup]}`, target: `all ${PLANTED_KEYS}, nothing else`, actual: findingsText(verification), ratio: `files scanned: ${available.at(-1)?.filesScanned}`, pass: verification.exact });
  }

  rows.push(...history.rows);
  const SG = 'Commit guard (issue #15)';
  const hookRow = (label: string, o: typeof commitGuard.tenFiles, limit: number) =>
    atMost(SG, `Pre-commit hook, ${label} (runtime start included)`, `≤ ${fmtMs(limit)}`, o.medianMs, limit, `median ${fmtMs(o.medianMs)} (${o.samplesMs.map((n) => n.toFixed(0)).join(', ')} ms)`, `${fmtRatio(o.medianMs / limit)} the limit`);
  rows.push(hookRow('10 staged files, ~1 MB', commitGuard.tenFiles, HOOK_TARGETS.tenFilesMs), hookRow('1,000 staged files', commitGuard.thousandFiles, HOOK_TARGETS.thousandFilesMs));
  const scanned = commitGuard.tenFilesScanned;
  rows.push({ section: SG, measure: 'Pre-commit hook, 10 staged files with a key prefix (the scanner starts)', target: '—', actual: `median ${fmtMs(scanned.medianMs)} (${scanned.samplesMs.map((n) => n.toFixed(0)).join(', ')} ms)`, ratio: '', pass: undefined });
  const start = commitGuard.runtimeStart;
  rows.push({ section: SG, measure: 'Runtime start alone (node -e 0), for reference', target: '—', actual: `median ${fmtMs(start.medianMs)}`, ratio: start.machineEnvMedianMs === undefined ? '' : `${fmtMs(start.machineEnvMedianMs)} with this machine's NODE_EXTRA_CA_CERTS (see notes)`, pass: undefined });
  const cg = commitGuard.cliVsRipgrep;
  if (cg) {
    rows.push(atMost(SG, 'Wall time, infinipost-scan vs ripgrep', '≤ 1.5× rg', cg.cliMedianMs / cg.ripgrepMedianMs, HOOK_TARGETS.cliVsRipgrep, `infinipost-scan ${fmtMs(cg.cliMedianMs)}, rg ${fmtMs(cg.ripgrepMedianMs)}`, `${fmtRatio(cg.cliMedianMs / cg.ripgrepMedianMs)} rg`));
    if (cg.cliMachineEnvMedianMs !== undefined) rows.push({ section: SG, measure: "infinipost-scan with this machine's NODE_EXTRA_CA_CERTS (read by Node before the scanner starts), same report", target: '—', actual: `median ${fmtMs(cg.cliMachineEnvMedianMs)}`, ratio: `${fmtRatio(cg.cliMachineEnvMedianMs / cg.ripgrepMedianMs)} rg`, pass: undefined });
    rows.push({ section: SG, measure: 'infinipost-scan without ripgrep (INFINIPOST_RIPGREP=off), same report', target: '—', actual: `median ${fmtMs(cg.cliNodeMedianMs)}`, ratio: `${fmtRatio(cg.cliNodeMedianMs / cg.ripgrepMedianMs)} rg`, pass: undefined });
    rows.push({ section: SG, measure: 'Findings, infinipost-scan', target: `all ${PLANTED_KEYS}, nothing else`, actual: findingsText(cg.verification), ratio: '', pass: cg.verification.exact });
  }

  const notes = closingNotes({ rows, scan, typing, corpus, activateCalls, activationMedian, scanSamples, problemsMedian, build, machine, ioDuring, ioAfter });
  if (MACHINE_EXTRA_CA_CERTS !== undefined && start.machineEnvMedianMs !== undefined) {
    notes.push(
      `This machine sets NODE_EXTRA_CA_CERTS (${MACHINE_EXTRA_CA_CERTS}, for its network's proxy). Node 20 reads and parses that bundle before it runs any script (nodejs/node#40524): \`node -e 0\` took ${fmtMs(start.machineEnvMedianMs)} with it and ${fmtMs(start.medianMs)} without. Every Node process timed here (the engine, infinipost-scan, the hook, secretlint, the history scan) runs without it, as on a machine that does not set it; none of them opens a TLS connection. ${cg?.cliMachineEnvMedianMs === undefined ? '' : `infinipost-scan with it: ${fmtMs(cg.cliMachineEnvMedianMs)} (${fmtRatio(cg.cliMachineEnvMedianMs / cg.ripgrepMedianMs)} rg), in the table too. `}The hook's launcher starts the scanner without it.`,
    );
  }
  const finished = new Date();
  const report = {
    issue: 14,
    date: started.toISOString(),
    durationS: Math.round((finished.getTime() - started.getTime()) / 1000),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((n) => Number(n.toFixed(2))) },
    command: 'npm run bench',
    corpus,
    scan,
    commitGuard,
    typing,
    extension: { build: build.extension, host },
    history: history.report,
    targets: TARGET,
    rows,
    notes,
  };
  fs.writeFileSync(path.join(benchDir, 'report.json'), JSON.stringify(report, null, 1));
  const table = renderTable(rows);
  fs.writeFileSync(path.join(benchDir, 'report.md'), renderMarkdown(report.date, machine, report.machine.loadAverageAtEnd, table, notes));
  process.stdout.write(`\nInfinipost benchmark — ${report.date} — ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')} at start\n\n`);
  process.stdout.write(table + '\n\nNotes:\n' + notes.map((n) => `- ${n}`).join('\n') + '\n\n');
  process.stdout.write(`Report: ${path.relative(repoRoot, path.join(benchDir, 'report.json'))} (table: .bench/report.md)\n`);
}

/** `/tmp/infinipost-bench-ws-XYZ/src/a.js` → `<workspace>/src/a.js`, so paths read the same across starts. */
function shortPath(target: string): string {
  return target.replace(/^.*infinipost-bench-ws-[^/]+/, '<workspace>');
}

function summarizeIo(calls: Array<{ api: string; target: string }>, starts: number): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call.api, (counts.get(call.api) ?? 0) + 1);
  return [...counts].map(([api, n]) => `${api} ×${(n / starts).toFixed(n % starts === 0 ? 0 : 1)}`).join(', ') + ' per start';
}

function renderTable(rows: ReportRow[]): string {
  const lines: string[] = [];
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      if (lines.length > 0) lines.push('');
      lines.push(`**${section}**`, '', '| Measure | Target | Actual | Ratio | Pass |', '|---|---|---|---|---|');
    }
    const pass = row.pass === undefined ? '' : row.pass ? 'yes' : `**no**${row.missBy ? ` (${row.missBy})` : ''}`;
    lines.push(`| ${row.measure} | ${row.target} | ${row.actual} | ${row.ratio} | ${pass} |`);
  }
  return lines.join('\n');
}

function renderMarkdown(date: string, machine: { cpus: number; cpuModel?: string; node: string; loadAverageAtStart: number[] }, loadAtEnd: number[], table: string, notes: string[]): string {
  return [
    `Run ${date} on ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')} at start, ${loadAtEnd.join(' ')} at end.`,
    '',
    table,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

function closingNotes(context: {
  rows: ReportRow[];
  scan: Awaited<ReturnType<typeof benchScan>>['scan'];
  typing: TypingResult[];
  corpus: { filesWithKeyPrefix: number; mib: number };
  activateCalls: HostRecord[];
  activationMedian: number;
  scanSamples: HostRecord[];
  problemsMedian: number;
  build: { extension: { ok: boolean; bytes?: number; largestInputs?: Array<{ file: string; bytes: number }> } };
  machine: { loadAverageAtStart: number[]; cpus: number };
  ioDuring: Array<{ api: string; target: string; atMs: number }>;
  ioAfter: Array<{ api: string; target: string; atMs: number }>;
}): string[] {
  const { scan, typing, machine } = context;
  const notes: string[] = [];
  const e = scan.engine;
  const load = machine.loadAverageAtStart[0];
  if (load > machine.cpus) {
    notes.push(
      `The machine was shared: load average ${load} on ${machine.cpus} cores at start. Wall times include waiting for a core; CPU times (user + sys) are shown alongside and are steadier. Ratios compare runs made side by side in this invocation.`,
    );
  }
  if (context.rows.some((r) => r.measure.startsWith('Wall time, engine') && r.pass === false)) {
    const profile = e.profileMs ?? {};
    const total = Object.values(profile).reduce((a, b) => a + b, 0);
    const top = Object.entries(profile)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${fmtMs(v)} (${((v / total) * 100).toFixed(0)}%)`)
      .join(', ');
    notes.push(
      `Scan vs ripgrep missed (${fmtRatio(e.wallMs / scan.ripgrep.wallMs)} rg wall, ${fmtRatio(e.cpuMs / scan.ripgrep.cpuMs)} rg CPU). The engine runs ripgrep itself (listing and prefilter on the key shape), then reads the files it names in Node; Node start-up alone is ${fmtMs(e.nodeStartupMs)}. Where the engine's own time goes (one profiled run, ${fmtMs(total)} of samples): ${top}.`,
    );
  }
  if (context.rows.some((r) => r.measure.startsWith('Peak memory') && r.pass === false)) {
    notes.push(`Peak memory missed: Node itself takes about 40 MiB of RSS before any work; the rest is ripgrep's file list, eight read buffers and garbage not yet collected.`);
  }
  for (const t of typing) {
    const limit = t.label === '1 MB' ? 1 : t.label === '10 MB' ? 2 : undefined;
    if (limit !== undefined && t.totalMs.p99 >= limit) {
      notes.push(`Re-lint at ${t.label} missed (p99 ${fmtMs(t.totalMs.p99)}, median ${fmtMs(t.totalMs.median)}; CPU p99 ${fmtMs(t.totalCpuMs.p99)}): the work per edit does not grow with the document (one line re-detected), so the tail is time slices lost to other processes and garbage collection.`);
    }
  }
  if (context.build.extension.ok && context.build.extension.bytes! > 100_000) {
    notes.push(`Bundle size missed: largest inputs ${context.build.extension.largestInputs?.map((i) => `${i.file} ${(i.bytes / 1024).toFixed(1)} KiB`).join(', ')}.`);
  }
  if (Number.isFinite(context.activationMedian) && context.activationMedian > 15) {
    const calls = context.activateCalls;
    const loading = median(calls.map((a) => a.codeLoadingMs).filter(Number.isFinite));
    const cpu = median(calls.map((a) => a.activateCpuMs));
    notes.push(
      `Activation missed (median ${fmtMs(context.activationMedian)}, the host's own figure: code loading + the activate() call). Loading the ${context.build.extension.bytes ? `${(context.build.extension.bytes / 1024).toFixed(0)} KiB ` : ''}bundle took ${fmtMs(loading)} of it (the host's willLoad/didLoadExtensionCode marks); the host process used ${fmtMs(cpu)} of CPU while activate() ran. On a machine this busy both include waiting for a core.`,
    );
  }
  if (context.activateCalls.length > 0) {
    const starts = context.activateCalls.length;
    // Calls soon after activate() returned come from work it started; the later ones from the startup scan.
    const soon = context.ioAfter.filter((c) => c.atMs < 2000);
    const later = context.ioAfter.filter((c) => c.atMs >= 2000);
    const describe = (calls: Array<{ api: string; target: string; atMs: number }>) =>
      [...new Set(calls.map((c) => `${c.api} ${shortPath(c.target)}`))].map((call) => {
        const matching = calls.filter((c) => `${c.api} ${shortPath(c.target)}` === call);
        return `${call}${matching.length > starts ? ` ×${(matching.length / starts).toFixed(0)}` : ''} (at ~${fmtMs(median(matching.map((c) => c.atMs)))})`;
      });
    notes.push(
      `I/O during activation, recorded by wrapping Node's fs, child_process, net, http(s) and fetch and keeping the calls whose stack passes through the extension's bundle (times from the start of activation, per start): ` +
        `${context.ioDuring.length === 0 ? 'none while activate() ran' : `while activate() ran: ${describe(context.ioDuring).join(', ')}`}; ` +
        `${soon.length === 0 ? 'none right after it' : `right after it returned: ${describe(soon).join(', ')}${soon.every((c) => c.target.endsWith('/.vscode/settings.json')) ? ` — the settings guard reading the workspace's .vscode/settings.json through workspace.fs` : ''}`}; ` +
        `${later.length === 0 ? 'nothing else within 5 s.' : `then ${describe(later).join(', ')}${later.every((c) => /\.git$|^<workspace>\//.test(shortPath(c.target)) || c.target.endsWith('/.git')) ? ": the startup workspace scan (infinipost.scan.onStartup, 3 s after activation) looking for .git folders and reading the workspace's files" : ''}.`} ` +
        `${[...context.ioDuring, ...context.ioAfter].some((c) => !c.api.startsWith('fs.')) ? 'Processes or network connections were started (listed above).' : 'No process was started and no network connection made.'} Calls through the VS Code API that the workbench answers are not visible to these hooks: activation also reads the key index from secret storage (vault.ready()); workspace and global state are loaded by the host before activate() is called.`,
    );
  }
  if (Number.isFinite(context.problemsMedian) && context.problemsMedian > 1000) {
    const s = context.scanSamples;
    notes.push(
      `In-editor scan (plain folder) missed: ${fmtMs(context.problemsMedian)} from the command to all findings in Problems; the command returned after ${fmtMs(median(s.map((x) => x.commandMs)))}, using ${fmtMs(median(s.map((x) => x.commandCpuMs)))} of the extension host's CPU. The host lists and prefilters with its own ripgrep, then reads the files ripgrep names on the host's one JavaScript thread, shared with the other extensions; the workbench then renders the diagnostics.`,
    );
  }
  notes.push(
    `secretlint ${scan.secretlint.version} with @secretlint/secretlint-rule-preset-recommend ${scan.secretlint.preset} (the newest releases that run on Node 20; 12.1+ need Node 22). That preset has no rule for sk_live_/sk_test_ keys (secretlint-rule-stripe first ships in the 13.x preset, Node 22 only), so the run adds @secretlint/secretlint-rule-pattern with the 13.x rule's regex (24-99 character bodies): the timed work is the recommended preset plus that one pattern. It flags placeholders (no placeholder filter) and keys glued to an identifier with "_" (its look-behind only excludes letters). Other preset rules reported on the subset: ${Object.keys(scan.secretlint.otherRuleFindings).length === 0 ? 'none' : JSON.stringify(scan.secretlint.otherRuleFindings)}.`,
  );
  notes.push(
    `secretlint is compared on a fixed subset (${scan.subset.rule}; the three tools on the same files, interleaved) because a full-corpus run does not finish in reasonable time here (on 2026-11-27 one was stopped unfinished after 56 min, 36 min of CPU): its always-on profiler (@secretlint/profiler) searches all earlier performance marks for every new one, so its cost per file grows with the number of files in a run (here ${fmtMs(scan.subset.secretlint.cpuMs)} of CPU for ${scan.subset.files} files${scan.secretlint.profilerShareOfCpu === undefined ? '' : `, ${(scan.secretlint.profilerShareOfCpu * 100).toFixed(0)}% of it inside that profiler according to a CPU profile of one run`}; 10,000 files take far more than 10× that). Scaling the subset time to the full corpus therefore understates secretlint. INFINIPOST_BENCH_SECRETLINT_FULL=1 adds a full-corpus run.`,
  );

  notes.push(`ripgrep ${scan.ripgrep.version.replace(/^ripgrep /, '')} runs with --no-ignore --hidden on the same files and the engine's key shape (16+ character body, no letter, digit or _ before sk_); it has no placeholder filter, so it also reports the corpus' alphanumeric placeholders (x-filled, zeros, YourSecretKeyHere…, redacted with ...).`);
  return notes;
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
