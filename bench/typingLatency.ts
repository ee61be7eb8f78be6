// Typing latency: what the extension does on the extension host after a one-character edit, timed
// in-process on documents of 100 KiB, 1 MiB and 10 MiB, with the extension's own incremental re-lint
// (src/core/lineFindings.ts, as DetectionService runs it): the change event moves the findings
// (LineFindings.edit), the debounced lint re-detects the touched lines through `document.lineAt`
// (LineFindings.update), and each finding becomes a range for `diagnostics.set`. The document is
// emulated as VS Code 1.100's extension host keeps it (MirrorTextModel: an array of lines, so
// lineAt(i).text is an array read). For comparison, the whole-document pass the extension used
// before (getText() joining the lines, detectKeys over it) is timed on the same documents.
import { performance } from 'perf_hooks';
import { containsKeyPrefix, detectKeys, lineStarts, positionAt } from '../src/core/keyDetector';
import { LineFindings } from '../src/core/lineFindings';
import { generateDocument } from './generateCorpus';
import { Random } from './random';
import { median, quantile } from './stats';

export interface TypingResult {
  label: string;
  bytes: number;
  lines: number;
  keys: number;
  iterations: number;
  /** Change event to ranges for diagnostics.set: edit + update + ranges, per edit. */
  totalMs: { median: number; p99: number; max: number };
  /** Medians of the parts. */
  partsMs: { edit: number; update: number; ranges: number };
  /** The whole-document pass (getText join + detectKeys + positions) on the same edits, for comparison. */
  wholeMs: { median: number; p99: number };
  /** The same edits in process CPU time (user + system): what they cost when the machine is busy with other work. */
  totalCpuMs: { median: number; p99: number };
}

const SIZES = [
  { label: '100 KB', bytes: 100 * 1024, iterations: 5000 },
  { label: '1 MB', bytes: 1024 * 1024, iterations: 5000 },
  { label: '10 MB', bytes: 10 * 1024 * 1024, iterations: 5000 },
];
const WARMUP = 500;
const WHOLE_PASS_RUNS = 30;

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
  const source = { get lineCount() { return lines.length; }, lineText: (i: number) => lines[i] };
  const tracker = new LineFindings(10_000);
  {
    const text = lines.join('\n');
    const starts = lineStarts(text);
    tracker.setWhole(
      detectKeys(text).findings.map((f) => {
        const { line, character } = positionAt(starts, f.start);
        return { line, start: character, end: character + f.end - f.start, key: f.key, mode: f.mode };
      }),
      false,
    );
  }
  const rng = new Random(bytes);
  const total: number[] = [];
  const edit: number[] = [];
  const update: number[] = [];
  const ranges: number[] = [];
  const whole: number[] = [];
  const cpu: number[] = [];
  let sink = 0;
  let index = 0;
  let column = 0;
  for (let i = 0; i < WARMUP + iterations; i++) {
    // The edit: type one character into a random line, then delete it again (the next edit).
    const typing = i % 2 === 0;
    if (typing) {
      index = rng.int(0, lines.length - 1);
      column = rng.int(0, lines[index].length);
      lines[index] = lines[index].slice(0, column) + 'x' + lines[index].slice(column);
    } else {
      lines[index] = lines[index].slice(0, column) + lines[index].slice(column + 1);
    }

    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    tracker.edit({ startLine: index, endLine: index, text: typing ? 'x' : '' });
    const t1 = performance.now();
    tracker.update(source);
    const t2 = performance.now();
    // What DetectionService builds for diagnostics.set: one range per finding.
    for (const key of tracker.current) sink += { startLine: key.line, startCharacter: key.start, endLine: key.line, endCharacter: key.end }.endCharacter;
    const t3 = performance.now();
    const cpuUsed = process.cpuUsage(cpu0);
    if (i >= WARMUP) {
      cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
      total.push(t3 - t0);
      edit.push(t1 - t0);
      update.push(t2 - t1);
      ranges.push(t3 - t2);
    }
  }
  // The whole-document pass the extension ran before, on the same document, for comparison; in a
  // separate loop so its megabyte strings do not put garbage collection into the samples above.
  for (let i = 0; i < WHOLE_PASS_RUNS; i++) {
    const w0 = performance.now();
    const text = lines.join('\n');
    sink += containsKeyPrefix(text) ? detectKeys(text).findings.length : 0;
    whole.push(performance.now() - w0);
  }
  if (sink === -1) throw new Error('unreachable');
  return {
    label,
    bytes: Buffer.byteLength(document.text),
    lines: lines.length,
    keys: document.keys,
    iterations,
    totalMs: { median: median(total), p99: quantile(total, 0.99), max: Math.max(...total) },
    partsMs: { edit: median(edit), update: median(update), ranges: median(ranges) },
    wholeMs: { median: median(whole), p99: quantile(whole, 0.99) },
    totalCpuMs: { median: median(cpu), p99: quantile(cpu, 0.99) },
  };
}
