// The workspace-scan comparison: the extension's engine (bench/out/engineScan.js, a child Node
// process), ripgrep and secretlint on the same corpus, each under GNU time for its peak memory,
// with every tool's findings checked against the corpus manifest by file and line.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CorpusManifest, DecoyCategory } from './generateCorpus';

/** One run of one tool. */
export interface ProcessSample {
  wallMs: number;
  /** User + system CPU time of the process and its children. */
  cpuMs: number;
  maxRssKiB: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Finding {
  file: string;
  /** 1-based. */
  line: number;
}

/** How a tool's findings compare with the planted keys. */
export interface Verification {
  reported: number;
  plantedFound: number;
  plantedMissed: number;
  /** Reports that are not planted keys, by what the manifest says is on that line. */
  extras: Record<DecoyCategory | 'unexpected', number>;
  /** All 100 planted keys and nothing else. */
  exact: boolean;
}

// The same key shape as the engine (16+ body characters, left boundary, no `_` before), without
// its placeholder filtering: findings differ on placeholders only.
export const RIPGREP_PATTERN = '(^|[^A-Za-z0-9_])sk_(live|test)_[A-Za-z0-9]{16,}';
// secretlint-rule-stripe's pattern as released in @secretlint/secretlint-rule-preset-recommend 13.x.
export const SECRETLINT_STRIPE_PATTERN = '/(?<!\\p{L})(sk_live|sk_test|rk_live|rk_test)_[a-zA-Z0-9]{24,99}(?![a-zA-Z0-9])/u';
export const SECRETLINT_PATTERN_NAME = 'stripe-shaped key (secretlint-rule-stripe 13.x regex)';

/**
 * The environment every timed process runs in: this one without NODE_EXTRA_CA_CERTS. Node 20 reads
 * and parses that certificate bundle before it runs any script (nodejs/node#40524); a machine that
 * sets it for its network's proxy, like the one this bench was written on, pays most of each Node
 * start for it (the report times `node -e 0` both ways, and infinipost-scan with it too). None of the
 * programs timed opens a TLS connection. Undefined when the machine does not set it.
 */
export const MACHINE_EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
export const TIMED_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

/** Runs a command under `/usr/bin/time -v` and returns its wall time, CPU time and peak memory. */
export function measureProcess(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = TIMED_ENV): Promise<ProcessSample> {
  const timeFile = path.join(os.tmpdir(), `infinipost-bench-time-${process.pid}-${Date.now()}.txt`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-v', '-o', timeFile, command, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      try {
        const report = fs.readFileSync(timeFile, 'utf8');
        fs.rmSync(timeFile, { force: true });
        const number = (pattern: RegExp) => Number(pattern.exec(report)?.[1] ?? NaN);
        resolve({
          wallMs,
          cpuMs: (number(/User time \(seconds\): ([\d.]+)/) + number(/System time \(seconds\): ([\d.]+)/)) * 1000,
          maxRssKiB: number(/Maximum resident set size \(kbytes\): (\d+)/),
          exitCode: number(/Exit status: (\d+)/) || (code ?? 0),
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        });
      } catch (error) {
        reject(new Error(`${command} ${args.join(' ')}: no GNU time report (${String(error)}); stderr: ${Buffer.concat(stderr).toString('utf8').slice(0, 2000)}`));
      }
    });
  });
}

export interface EngineOutput {
  files: number;
  filesScanned: number;
  skipped: { binary: number; tooLarge: number; unreadable: number };
  listMs: number;
  scanMs: number;
  findings: Array<Finding & { mode: string }>;
}

export async function runEngine(engineScript: string, corpusDir: string, extraNodeArgs: readonly string[] = []): Promise<{ sample: ProcessSample; output: EngineOutput }> {
  const sample = await measureProcess(process.execPath, [...extraNodeArgs, engineScript, corpusDir], corpusDir);
  if (sample.exitCode !== 0) throw new Error(`engine scan failed (${sample.exitCode}): ${sample.stderr.slice(0, 2000)}`);
  return { sample, output: JSON.parse(sample.stdout) as EngineOutput };
}

export async function runRipgrep(corpusDir: string): Promise<{ sample: ProcessSample; findings: Finding[] }> {
  // `-o -r ''` prints `path:line:` per match: file and line like the engine's output, never the key.
  const sample = await measureProcess(
    '/usr/bin/rg',
    ['--no-config', '--no-ignore', '--hidden', '--no-messages', '--no-heading', '--line-number', '--only-matching', '--replace', '', '-e', RIPGREP_PATTERN],
    corpusDir,
  );
  if (sample.exitCode > 1) throw new Error(`rg failed (${sample.exitCode}): ${sample.stderr.slice(0, 2000)}`);
  const findings = sample.stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const match = /^(.*):(\d+):$/.exec(line);
      if (!match) throw new Error(`unexpected rg output line: ${line.slice(0, 200)}`);
      return { file: match[1].replace(/^\.\//, ''), line: Number(match[2]) };
    });
  return { sample, findings };
}

/** The .secretlintrc.json used: the recommended preset, plus the Stripe-shaped rule that only its Node 22 releases contain. */
export function writeSecretlintConfig(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        rules: [
          { id: '@secretlint/secretlint-rule-preset-recommend' },
          { id: '@secretlint/secretlint-rule-pattern', options: { patterns: [{ name: SECRETLINT_PATTERN_NAME, patterns: [SECRETLINT_STRIPE_PATTERN] }] } },
        ],
      },
      null,
      2,
    ),
  );
}

export async function runSecretlint(
  secretlintBin: string,
  config: string,
  corpusDir: string,
  extraNodeArgs: readonly string[] = [],
): Promise<{ sample: ProcessSample; findings: Finding[]; otherRules: Record<string, number>; filesReported: number }> {
  const output = path.join(os.tmpdir(), `infinipost-bench-secretlint-${process.pid}.json`);
  // Secrets are masked in its output by default; --output makes it exit 0 with findings.
  const sample = await measureProcess(process.execPath, [...extraNodeArgs, secretlintBin, '**/*', '--secretlintrc', config, '--format', 'json', '--output', output, '--no-color'], corpusDir);
  if (sample.exitCode !== 0 || !fs.existsSync(output)) throw new Error(`secretlint failed (${sample.exitCode}): ${sample.stderr.slice(0, 2000)}`);
  const results = JSON.parse(fs.readFileSync(output, 'utf8')) as Array<{ filePath: string; messages: Array<{ ruleId: string; loc: { start: { line: number } } }> }>;
  fs.rmSync(output, { force: true });
  const findings: Finding[] = [];
  const otherRules: Record<string, number> = {};
  for (const result of results) {
    const file = path.relative(corpusDir, result.filePath).split(path.sep).join('/');
    for (const message of result.messages) {
      // The config's only pattern is the Stripe-shaped one (its name comes back masked, like every value).
      if (message.ruleId === '@secretlint/secretlint-rule-pattern') findings.push({ file, line: message.loc.start.line });
      else otherRules[message.ruleId] = (otherRules[message.ruleId] ?? 0) + 1;
    }
  }
  return { sample, findings, otherRules, filesReported: results.length };
}

/** Checks findings against the manifest, line by line; several reports on one line are matched by count. */
export function verify(findings: readonly Finding[], manifest: CorpusManifest): Verification {
  interface Expected {
    keys: number;
    decoys: Record<DecoyCategory, number>;
  }
  const expected = new Map<string, Expected>();
  const at = (file: string, line: number) => {
    const id = `${file}:${line}`;
    let entry = expected.get(id);
    if (!entry) {
      entry = { keys: 0, decoys: { 'near-miss': 0, placeholder: 0, embedded: 0 } };
      expected.set(id, entry);
    }
    return entry;
  };
  for (const key of manifest.planted) at(key.file, key.line).keys++;
  for (const decoy of manifest.decoys) at(decoy.file, decoy.line).decoys[decoy.category]++;
  const reported = new Map<string, number>();
  for (const finding of findings) reported.set(`${finding.file}:${finding.line}`, (reported.get(`${finding.file}:${finding.line}`) ?? 0) + 1);
  const extras: Verification['extras'] = { 'near-miss': 0, placeholder: 0, embedded: 0, unexpected: 0 };
  let plantedFound = 0;
  for (const [id, count] of reported) {
    const entry = expected.get(id);
    let left = count;
    const keys = Math.min(left, entry?.keys ?? 0);
    plantedFound += keys;
    left -= keys;
    for (const category of ['placeholder', 'embedded', 'near-miss'] as const) {
      const n = Math.min(left, entry?.decoys[category] ?? 0);
      extras[category] += n;
      left -= n;
    }
    extras.unexpected += left;
  }
  const extraCount = extras['near-miss'] + extras.placeholder + extras.embedded + extras.unexpected;
  return {
    reported: findings.length,
    plantedFound,
    plantedMissed: manifest.planted.length - plantedFound,
    extras,
    exact: plantedFound === manifest.planted.length && extraCount === 0,
  };
}

/** Where the engine's time goes, from one run under --cpu-prof: self time by kind of work. */
export function summarizeCpuProfile(file: string): Record<string, number> {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
    samples: number[];
    timeDeltas: number[];
  };
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const buckets: Record<string, number> = {};
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const bucket = classify(node.callFrame.functionName, node.callFrame.url);
    buckets[bucket] = (buckets[bucket] ?? 0) + us / 1000;
  }
  return buckets;
}

/** Share of a CPU profile's samples spent in (or below) functions from files whose path contains `fragment`. */
export function profileShareUnder(file: string, fragment: string): number {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: Array<{ id: number; callFrame: { url: string }; children?: number[] }>;
    samples: number[];
  };
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const under = new Map<number, boolean>();
  const isUnder = (id: number): boolean => {
    const known = under.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const result = node !== undefined && (node.callFrame.url.includes(fragment) || (parent.has(id) && isUnder(parent.get(id)!)));
    under.set(id, result);
    return result;
  };
  const counted = profile.samples.filter((id) => isUnder(id)).length;
  return profile.samples.length === 0 ? 0 : counted / profile.samples.length;
}

function classify(name: string, url: string): string {
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(idle)') return 'idle (waiting for I/O)';
  if (['openFileHandle', 'open', 'read', 'fstat', 'close', 'readFileHandle', 'fsCall', 'readLimited', 'createUnsafeBuffer', 'allocUnsafe'].includes(name) || /promises|fs\/utils|internal\/fs/.test(url)) {
    return 'file system calls (open, fstat, read, close per file)';
  }
  if (['readdir', 'readdirSyncRecursive', 'getDirent', 'join', 'normalize'].includes(name)) return 'listing the folder';
  if (name === 'slice' || name === 'toString' || name === 'utf8Slice' || name === 'indexOfBuffer' || name === 'indexOf') return 'buffer search and UTF-8 decoding';
  if (/detectKeys|placeholderReason|prefixModeAt|hasLeftBoundary|isAlphanumeric|longest|shannon|smallestPeriod|createSuppressionChecker|lineStarts|positionAt|findKeysInBuffer|containsKeyPrefix/.test(name)) return 'key detection';
  if (name === '(program)') return 'V8/Node internals';
  if (/^node:|internal\//.test(url)) return 'Node start-up and other internals';
  return 'other JavaScript';
}
