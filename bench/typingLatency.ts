// Typing latency: what the extension does on the extension host after a one-character edit, timed
// in-process on documents of 100 KiB, 1 MiB and 10 MiB. DetectionService.lintNow runs, per change
// (after its 150 ms debounce): document.getText(), containsKeyPrefix + detectKeys, and
// document.positionAt for each finding. The two document calls are emulated the way VS Code 1.100's
// extension host implements them (MirrorTextModel): getText() joins the document's lines once per
// version; positionAt() searches a prefix sum of line lengths that edits update from the changed
// line on.
import { performance } from 'perf_hooks';
import { containsKeyPrefix, detectKeys } from '../src/core/keyDetector';
import { generateDocument } from './generateCorpus';
import { Random } from './random';
import { median, quantile } from './stats';

export interface TypingResult {
  label: string;
  bytes: number;
  lines: number;
  keys: number;
  iterations: number;
  /** getText + detect + positions, per edit. */
  totalMs: { median: number; p99: number; max: number };
  /** Medians of the parts. */
  partsMs: { getText: number; detect: number; positions: number };
  /** containsKeyPrefix + detectKeys alone: the extension's own code, without VS Code's document calls. */
  detectMs: { median: number; p99: number };
  /** The same edits in process CPU time (user + system): what they cost when the machine is busy with other work. */
  totalCpuMs: { median: number; p99: number };
}

const SIZES = [
  { label: '100 KB', bytes: 100 * 1024, iterations: 2000 },
  { label: '1 MB', bytes: 1024 * 1024, iterations: 1000 },
  { label: '10 MB', bytes: 10 * 1024 * 1024, iterations: 200 },
];
const WARMUP = 30;

/** Runs the typing benchmark for every size. */
export function measureTyping(log: (message: string) => void): TypingResult[] {
  return SIZES.map((size) => {
    const result = measureSize(size.label, size.bytes, size.iterations);
    log(`typing ${size.label}: median ${result.totalMs.median.toFixed(3)} ms, p99 ${result.totalMs.p99.toFixed(3)} ms`);
    return result;
  });
}

function measureSize(label: string, bytes: number, iterations: number): TypingResult {
  const document = generateDocument(bytes);
  const lines = document.text.split('\n');
  const lineIndex = new LineIndex(lines);
  const rng = new Random(bytes);
  const total: number[] = [];
  const getText: number[] = [];
  const detect: number[] = [];
  const positions: number[] = [];
  const cpu: number[] = [];
  let sink = 0;
  let index = 0;
  let column = 0;
  for (let i = 0; i < WARMUP + iterations; i++) {
    // The edit: type one character into a random line, then delete it again (the next edit).
    if (i % 2 === 0) {
      index = rng.int(0, lines.length - 1);
      column = rng.int(0, lines[index].length);
      lines[index] = lines[index].slice(0, column) + 'x' + lines[index].slice(column);
    } else {
      lines[index] = lines[index].slice(0, column) + lines[index].slice(column + 1);
    }
    lineIndex.lineChanged(index, lines[index].length);

    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const text = lines.join('\n');
    const t1 = performance.now();
    const findings = containsKeyPrefix(text) ? detectKeys(text).findings : [];
    const t2 = performance.now();
    for (const finding of findings) sink += lineIndex.positionAt(finding.start).line + lineIndex.positionAt(finding.end).character;
    const t3 = performance.now();
    const cpuUsed = process.cpuUsage(cpu0);
    if (i >= WARMUP) {
      cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
      total.push(t3 - t0);
      getText.push(t1 - t0);
      detect.push(t2 - t1);
      positions.push(t3 - t2);
    }
  }
  if (sink === -1) throw new Error('unreachable');
  return {
    label,
    bytes: Buffer.byteLength(document.text),
    lines: lines.length,
    keys: document.keys,
    iterations,
    totalMs: { median: median(total), p99: quantile(total, 0.99), max: Math.max(...total) },
    partsMs: { getText: median(getText), detect: median(detect), positions: median(positions) },
    detectMs: { median: median(detect), p99: quantile(detect, 0.99) },
    totalCpuMs: { median: median(cpu), p99: quantile(cpu, 0.99) },
  };
}

// VS Code's PrefixSumComputer over line lengths (+1 for the `\n`), as MirrorTextModel keeps it:
// an edit updates one value and invalidates the sums from that line on; positionAt recomputes
// them up to the end, then binary-searches.
class LineIndex {
  private readonly values: Uint32Array;
  private readonly sums: Uint32Array;
  private validUpTo = -1;

  constructor(lines: readonly string[]) {
    this.values = new Uint32Array(lines.length);
    this.sums = new Uint32Array(lines.length);
    lines.forEach((line, i) => (this.values[i] = line.length + 1));
  }

  lineChanged(line: number, length: number): void {
    this.values[line] = length + 1;
    this.validUpTo = Math.min(this.validUpTo, line - 1);
  }

  positionAt(offset: number): { line: number; character: number } {
    const last = this.values.length - 1;
    for (let i = this.validUpTo + 1; i <= last; i++) this.sums[i] = (i === 0 ? 0 : this.sums[i - 1]) + this.values[i];
    this.validUpTo = last;
    let low = 0;
    let high = last;
    while (low <= high) {
      const mid = (low + (high - low) / 2) | 0;
      const end = this.sums[mid];
      const start = end - this.values[mid];
      if (offset < start) high = mid - 1;
      else if (offset >= end) low = mid + 1;
      else return { line: mid, character: offset - start };
    }
    return { line: last, character: this.values[last] - 1 };
  }
}
