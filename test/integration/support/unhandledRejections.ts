// Records promise rejections that nobody handles (and uncaught exceptions) in the extension host
// while the suite runs, and tells which came from this repository's code: its stack names our
// bundle (dist/), the compiled tests (out/) or, with source maps, src/ and test/.
//
// Judged as the host judges (VS Code 1.100, src/vs/workbench/api/node/extensionHostProcess.ts,
// startExtensionHostProcess): still unhandled 1 s after Node's 'unhandledRejection'. The host then
// prints "rejected promise not handled within 1 second" with the raw message and stack; the runner
// masks key-shaped text in everything the host prints, and this records the rest masked too.
import * as path from 'path';
import { redactKeys } from '../../../src/core/redact';

/** One rejection (or exception) nobody handled. */
export interface UnhandledRecord {
  /** 'extension' (dist/, src/), 'tests' (out/, test/) or 'elsewhere' (VS Code, other extensions, Node). */
  origin: 'extension' | 'tests' | 'elsewhere';
  kind: 'rejection' | 'exception';
  /** First line of the error, key-shaped strings masked. */
  message: string;
  /** Up to 8 frames of the stack, masked the same way. */
  frames: string[];
  /** The test or hook that was running. */
  during?: string;
}

export interface UnhandledWatch {
  /** Everything recorded so far. */
  records(): readonly UnhandledRecord[];
  /** Removes and returns the records whose message matches (the self-test takes its own). */
  take(match: (record: UnhandledRecord) => boolean): UnhandledRecord[];
  /** Resolves once every rejection seen so far has been judged. */
  settled(): Promise<void>;
  dispose(): void;
}

/** Shared through the global object: each test file is bundled with its own copy of this module. */
const GLOBAL_KEY = Symbol.for('infinipost.tests.unhandledWatch');

// The host prints a rejection still unhandled after 1 s.
const HOST_GRACE_MS = 1000;
// Timers and Date.now() read different clocks: a handler this close to the deadline is the host's.
const CLOCK_SLACK_MS = 50;
/** Put into the message of the self-test's deliberate rejection, so the runner's log check lets that one pass. */
export const SELF_TEST_MARKER = '[deliberate: unhandled-rejection self-test]';

/** Classifies a stack by where its frames point; `repoRoot` is this repository's folder. */
export function originOf(stack: string, repoRoot: string): UnhandledRecord['origin'] {
  // The fixture extension plays "another extension": its code is not ours.
  const ours = stack.split(path.join(repoRoot, 'test', 'fixtures') + path.sep).join('<another extension>/');
  const mentions = (...dirs: string[]) => dirs.some((dir) => ours.includes(path.join(repoRoot, dir) + path.sep));
  if (mentions('dist', 'src')) return 'extension';
  if (mentions('out', 'test')) return 'tests';
  return 'elsewhere';
}

/** A one-line, masked description of any thrown value, and its first stack frames. */
export function describeError(reason: unknown): { message: string; frames: string[]; stack: string } {
  const stack = reason instanceof Error && typeof reason.stack === 'string' ? reason.stack : '';
  let text: string;
  try {
    text = reason instanceof Error ? `${reason.name}: ${reason.message}` : typeof reason === 'string' ? reason : JSON.stringify(reason) ?? String(reason);
  } catch {
    text = Object.prototype.toString.call(reason);
  }
  const message = redactKeys(text.split('\n')[0]).slice(0, 300);
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8)
    .map((line) => redactKeys(line.trim()));
  return { message, frames, stack };
}

/** Starts recording; `during` names what is running now (a test or hook title). */
export function watchUnhandled(repoRoot: string, during: () => string | undefined): UnhandledWatch {
  const recorded: UnhandledRecord[] = [];
  const pending = new Map<Promise<unknown>, { reason: unknown; during?: string; reportedAt: number; timer: NodeJS.Timeout }>();
  const waiters: Array<() => void> = [];

  const record = (kind: UnhandledRecord['kind'], reason: unknown, at: string | undefined): void => {
    const { message, frames, stack } = describeError(reason);
    recorded.push({ origin: originOf(stack, repoRoot), kind, message, frames, during: at });
  };
  const wakeIfIdle = () => {
    if (pending.size === 0) waiters.splice(0).forEach((wake) => wake());
  };
  const judged = new WeakSet<Promise<unknown>>();
  const judge = (promise: Promise<unknown>) => {
    const entry = pending.get(promise);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(promise);
    judged.add(promise);
    record('rejection', entry.reason, entry.during);
    wakeIfIdle();
  };

  const onUnhandled = (reason: unknown, promise: Promise<unknown>) => {
    // Mocha's own listener re-emits the event while it runs: each promise counts once.
    if (pending.has(promise) || judged.has(promise)) return;
    pending.set(promise, { reason, during: during(), reportedAt: Date.now(), timer: setTimeout(() => judge(promise), HOST_GRACE_MS) });
  };
  const onHandled = (promise: Promise<unknown>) => {
    const entry = pending.get(promise);
    if (!entry) return;
    // The host's own handler attaches at its 1 s deadline (and then prints): that is not a handler.
    // Which of two timers runs first cannot be relied on; the clock can.
    if (Date.now() - entry.reportedAt >= HOST_GRACE_MS - CLOCK_SLACK_MS) { judge(promise); return; }
    clearTimeout(entry.timer);
    pending.delete(promise);
    wakeIfIdle();
  };
  // A monitor only watches: the host's own handler still runs.
  const onException = (error: Error) => record('exception', error, during());

  process.on('unhandledRejection', onUnhandled);
  process.on('rejectionHandled', onHandled);
  process.on('uncaughtExceptionMonitor', onException);

  const watch: UnhandledWatch = {
    records: () => recorded,
    take(match) {
      const taken = recorded.filter(match);
      for (const item of taken) recorded.splice(recorded.indexOf(item), 1);
      return taken;
    },
    settled: () => (pending.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    dispose() {
      process.off('unhandledRejection', onUnhandled);
      process.off('rejectionHandled', onHandled);
      process.off('uncaughtExceptionMonitor', onException);
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
      wakeIfIdle();
      if ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] === watch) delete (globalThis as Record<symbol, unknown>)[GLOBAL_KEY];
    },
  };
  (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = watch;
  return watch;
}

/** The watch the suite's runner installed, if any. */
export function currentUnhandledWatch(): UnhandledWatch | undefined {
  return (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] as UnhandledWatch | undefined;
}

/** Lines for the suite's output: one per record, masked. */
export function formatRecords(records: readonly UnhandledRecord[]): string[] {
  return records.flatMap((record) => [
    `  ${record.kind === 'rejection' ? 'unhandled rejection' : 'uncaught exception'} from ${record.origin === 'extension' ? 'the extension' : record.origin === 'tests' ? 'the tests' : 'elsewhere'}${record.during ? ` during "${record.during}"` : ''}: ${record.message}`,
    ...record.frames.slice(0, 4).map((frame) => `      ${frame}`),
  ]);
}
