// Commit guard numbers (issue #15): the pre-commit hook's overhead (the installed hook, launcher and
// scanner, runtime start included) for 10 staged files of ~1 MB in all and for 1,000 staged files,
// and `infinipost-scan` against ripgrep on the benchmark corpus with its findings verified.
//   node bench/out/commitGuard.js [--no-corpus]     (built by bench/build.mjs; also part of run.js)
import { isEntry } from './entry';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { keyPrefix } from '../src/core/keyTypes';
import { installHook, locateHook, writeLauncher } from '../src/node/commitHookFiles';
import { CorpusManifest, defaultCorpusDir, ensureCorpus } from './generateCorpus';
import { Random } from './random';
import { Finding, MACHINE_EXTRA_CA_CERTS, measureProcess, ProcessSample, runRipgrep, TIMED_ENV, verify, Verification } from './scanBench';
import { median } from './stats';

export const HOOK_TARGETS = { tenFilesMs: 150, thousandFilesMs: 1000, cliVsRipgrep: 1.5 };

export interface HookOverhead {
  files: number;
  bytes: number;
  samplesMs: number[];
  medianMs: number;
}

export interface CliVsRipgrep {
  cli: Array<Omit<ProcessSample, 'stdout' | 'stderr'>>;
  ripgrep: Array<Omit<ProcessSample, 'stdout' | 'stderr'>>;
  cliMedianMs: number;
  /** The same CLI with INFINIPOST_RIPGREP=off: every listed file read in Node. */
  cliNodeMedianMs: number;
  /** The same CLI in the machine's own environment, NODE_EXTRA_CA_CERTS included (when it sets one). */
  cliMachineEnvMedianMs?: number;
  ripgrepMedianMs: number;
  verification: Verification;
}

const WORDS = ['const', 'value', 'return', 'function', 'import', 'export', 'await', 'result', 'config', 'request', 'client', 'account', 'options'];

// Plain source-like text without any key: the hook's normal case is a commit that passes.
function sourceText(bytes: number, random: Random): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = Array.from({ length: random.int(4, 11) }, () => random.pick(WORDS)).join(' ') + ';';
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/**
 * Stages `files` files of `bytesEach` in a fresh repository with the hook installed, and times the hook.
 * `withPrefix` adds a placeholder holding a key prefix to the first file: the commit still passes, but
 * the launcher's quick check no longer settles it, so the scanner itself runs.
 */
export async function measureHookOverhead(cli: string, files: number, bytesEach: number, runs: number, withPrefix = false): Promise<HookOverhead> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infinipost-hook-bench-'));
  try {
    const repo = path.join(root, 'repo');
    fs.mkdirSync(repo);
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const random = new Random(15);
    for (let i = 0; i < files; i++) {
      const dir = path.join(repo, 'src', `m${i % 50}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `file${i}.ts`), sourceText(bytesEach, random));
    }
    if (withPrefix) fs.appendFileSync(path.join(repo, 'src', 'm0', 'file0.ts'), `// e.g. ${keyPrefix('test')}${'x'.repeat(24)}\n`);
    execFileSync('git', ['add', '.'], { cwd: repo });
    // The extension host's runtime here is Node; in desktop VS Code it is Electron run as Node.
    const launcher = await writeLauncher(path.join(root, 'storage'), { runtime: process.execPath, cli, reportsDir: path.join(root, 'storage', 'refused') });
    const { hook } = await installHook(await locateHook(repo), launcher, { chainExisting: false });
    const samplesMs: number[] = [];
    for (let run = 0; run <= runs; run++) {
      const started = process.hrtime.bigint();
      const result = spawnSync(hook, [], { cwd: repo, encoding: 'utf8', env: TIMED_ENV });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) throw new Error(`the hook refused a clean commit (${result.status}): ${result.stderr}`);
      if (run > 0) samplesMs.push(ms); // the first run warms the page cache
    }
    return { files, bytes: files * bytesEach, samplesMs, medianMs: median(samplesMs) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** `infinipost-scan --format json` and ripgrep on the corpus, alternating, with the CLI's findings verified. */
export async function measureCliVsRipgrep(cli: string, corpusDir: string, manifest: CorpusManifest, runs: number): Promise<CliVsRipgrep> {
  const cliSamples: ProcessSample[] = [];
  const cliNodeSamples: ProcessSample[] = [];
  const rgSamples: ProcessSample[] = [];
  let findings: Finding[] = [];
  // The CLI's ripgrep is the baseline's own binary; its Node route runs for reference.
  const cliMachineEnvSamples: ProcessSample[] = [];
  const rgPath = process.env.INFINIPOST_BENCH_RG ?? '/usr/bin/rg';
  const withRipgrep = { ...TIMED_ENV, INFINIPOST_RIPGREP: rgPath };
  const inNode = { ...TIMED_ENV, INFINIPOST_RIPGREP: 'off' };
  const scanCli = (env: NodeJS.ProcessEnv) => measureProcess(process.execPath, [cli, '--format', 'json', '.'], corpusDir, env);
  for (let run = 0; run <= runs; run++) {
    const sample = await scanCli(withRipgrep);
    if (sample.exitCode !== 1) throw new Error(`infinipost-scan exited ${sample.exitCode}: ${sample.stderr.slice(0, 2000)}`);
    const rg = await runRipgrep(corpusDir);
    const node = await scanCli(inNode);
    const machine = MACHINE_EXTRA_CA_CERTS === undefined ? undefined : await scanCli({ ...process.env, INFINIPOST_RIPGREP: rgPath });
    if (run === 0) {
      findings = (JSON.parse(sample.stdout) as { findings: Finding[] }).findings.map((f) => ({ file: f.file, line: f.line }));
      if (node.stdout !== sample.stdout) throw new Error('infinipost-scan reported differently with and without ripgrep');
      if (machine && machine.stdout !== sample.stdout) throw new Error('infinipost-scan reported differently with NODE_EXTRA_CA_CERTS');
      continue;
    }
    cliSamples.push(sample);
    cliNodeSamples.push(node);
    if (machine) cliMachineEnvSamples.push(machine);
    rgSamples.push(rg.sample);
  }
  const strip = ({ stdout: _o, stderr: _e, ...rest }: ProcessSample) => rest;
  return {
    cli: cliSamples.map(strip),
    ripgrep: rgSamples.map(strip),
    cliMedianMs: median(cliSamples.map((s) => s.wallMs)),
    cliNodeMedianMs: median(cliNodeSamples.map((s) => s.wallMs)),
    ...(cliMachineEnvSamples.length > 0 ? { cliMachineEnvMedianMs: median(cliMachineEnvSamples.map((s) => s.wallMs)) } : {}),
    ripgrepMedianMs: median(rgSamples.map((s) => s.wallMs)),
    verification: verify(findings, manifest),
  };
}

/**
 * How long the runtime alone takes to start and exit (the floor under the hook's time on this
 * machine): in the timed environment, and in the machine's own when it sets NODE_EXTRA_CA_CERTS.
 */
export function measureRuntimeStart(runs: number): { medianMs: number; machineEnvMedianMs?: number } {
  const timed: number[] = [];
  const machine: number[] = [];
  const start = (env: NodeJS.ProcessEnv) => {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { env });
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let run = 0; run <= runs; run++) {
    const ms = start(TIMED_ENV);
    const machineMs = MACHINE_EXTRA_CA_CERTS === undefined ? undefined : start(process.env);
    if (run === 0) continue;
    timed.push(ms);
    if (machineMs !== undefined) machine.push(machineMs);
  }
  return machine.length > 0 ? { medianMs: median(timed), machineEnvMedianMs: median(machine) } : { medianMs: median(timed) };
}

/** Everything above, for run.ts's report. */
export async function benchCommitGuard(options: { cli: string; corpusDir?: string; manifest?: CorpusManifest; runs: number; log: (message: string) => void }) {
  options.log('commit guard: hook overhead, 10 files (~1 MB)');
  const tenFiles = await measureHookOverhead(options.cli, 10, 100 * 1024, options.runs);
  options.log('commit guard: hook overhead, 1,000 files');
  const thousandFiles = await measureHookOverhead(options.cli, 1000, 1024, options.runs);
  options.log('commit guard: hook overhead, 10 files (~1 MB) with a key prefix (the scanner runs)');
  const tenFilesScanned = await measureHookOverhead(options.cli, 10, 100 * 1024, options.runs, true);
  const runtimeStart = measureRuntimeStart(options.runs);
  let cliVsRipgrep: CliVsRipgrep | undefined;
  if (options.corpusDir && options.manifest) {
    options.log('commit guard: infinipost-scan vs ripgrep on the corpus');
    cliVsRipgrep = await measureCliVsRipgrep(options.cli, options.corpusDir, options.manifest, options.runs);
  }
  return { tenFiles, thousandFiles, tenFilesScanned, runtimeStart, cliVsRipgrep };
}

if (isEntry('commitGuard')) {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const cli = path.join(repoRoot, '.bench', 'ext', 'dist', 'cli.js');
  const withCorpus = !process.argv.includes('--no-corpus');
  const corpusDir = defaultCorpusDir(repoRoot);
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const manifest = withCorpus ? ensureCorpus(corpusDir, { log }) : undefined;
  benchCommitGuard({ cli, corpusDir: withCorpus ? corpusDir : undefined, manifest, runs: Number(process.env.INFINIPOST_BENCH_RUNS ?? 7), log })
    .then((result) => {
      const ms = (n: number) => `${n.toFixed(0)} ms`;
      const lines = [
        `runtime start alone (node -e 0): median ${ms(result.runtimeStart.medianMs)}${result.runtimeStart.machineEnvMedianMs === undefined ? '' : `, ${ms(result.runtimeStart.machineEnvMedianMs)} with this machine's NODE_EXTRA_CA_CERTS`}`,
        `hook, 10 staged files (~1 MB): median ${ms(result.tenFiles.medianMs)} (target ≤ ${HOOK_TARGETS.tenFilesMs} ms) ${result.tenFiles.medianMs <= HOOK_TARGETS.tenFilesMs ? 'PASS' : 'MISS'}`,
        `hook, 1,000 staged files: median ${ms(result.thousandFiles.medianMs)} (target ≤ ${HOOK_TARGETS.thousandFilesMs} ms) ${result.thousandFiles.medianMs <= HOOK_TARGETS.thousandFilesMs ? 'PASS' : 'MISS'}`,
        `hook, 10 staged files (~1 MB) with a key prefix, scanner started: median ${ms(result.tenFilesScanned.medianMs)}`,
      ];
      const c = result.cliVsRipgrep;
      if (c) {
        const ratio = c.cliMedianMs / c.ripgrepMedianMs;
        lines.push(`infinipost-scan vs rg on the corpus: ${ms(c.cliMedianMs)} vs ${ms(c.ripgrepMedianMs)} = ${ratio.toFixed(2)}× (target ≤ ${HOOK_TARGETS.cliVsRipgrep}×) ${ratio <= HOOK_TARGETS.cliVsRipgrep ? 'PASS' : 'MISS'}`);
        if (c.cliMachineEnvMedianMs !== undefined) lines.push(`infinipost-scan with this machine's NODE_EXTRA_CA_CERTS: ${ms(c.cliMachineEnvMedianMs)} = ${(c.cliMachineEnvMedianMs / c.ripgrepMedianMs).toFixed(2)}× rg`);
        lines.push(`infinipost-scan findings: ${c.verification.plantedFound} planted found, ${c.verification.plantedMissed} missed, exact: ${c.verification.exact}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    })
    .catch((error) => {
      process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
      process.exit(1);
    });
}
