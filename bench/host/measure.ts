// extensionTestsPath module for bench/runInHost.mjs: runs inside the real VS Code extension host.
// activation mode: times the extension's activation (when it is not active yet) and records the
// file, process and network calls it makes; scan mode: runs `infinipost.scanWorkspace` on the
// opened corpus and times it until all findings are diagnostics, with the host's memory growth.
// Results go to the JSON file named by INFINIPOST_BENCH_OUT; runInHost.mjs answers through
// `<out>.done` once it has read the workbench's own numbers from the page.
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';

const EXTENSION_ID = 'infinipost.infinipost-vscode';
const SCAN_COMMAND = 'infinipost.scanWorkspace';
const DIAGNOSTIC_SOURCE = 'Infinipost';

interface IoCall {
  api: string;
  target: string;
  /** Milliseconds after activation started. */
  atMs: number;
}

export async function run(): Promise<void> {
  const out = process.env.INFINIPOST_BENCH_OUT;
  if (!out) throw new Error('INFINIPOST_BENCH_OUT is not set');
  const mode = process.env.INFINIPOST_BENCH_MODE ?? 'activation';
  const result: Record<string, unknown> = { mode, hostUptimeMsAtRun: performance.now() };
  const write = (phase: string) => fs.writeFileSync(out, JSON.stringify({ ...result, phase }, null, 1));
  try {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in the host`);
    // In activation mode the extension is staged without activation events: this module starts it.
    result.activation = await measureActivation(extension, mode === 'activation' ? 3000 : 0);
    if (mode === 'scan') result.scan = await measureScan(Number(process.env.INFINIPOST_BENCH_EXPECTED ?? 100));
    if (mode === 'activation') {
      // The workbench's own per-extension activation times (what "Show Running Extensions" lists).
      await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions');
    }
  } catch (error) {
    result.error = error instanceof Error ? error.stack ?? error.message : String(error);
  }
  write('measured');
  await waitForFile(`${out}.done`, 60_000);
}

async function measureActivation(extension: vscode.Extension<unknown>, settleMs: number): Promise<Record<string, unknown>> {
  if (extension.isActive) {
    // Something activated it first: only the workbench's own numbers are left to read.
    return { activeBeforeMeasuring: true };
  }
  // Let the window finish starting, as it has when onStartupFinished fires.
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  if (extension.isActive) return { activeBeforeMeasuring: true };
  const io = recordIo(extension.extensionPath);
  const cpuBefore = process.cpuUsage();
  const startedEpochMs = Date.now();
  const started = performance.now();
  io.start(started);
  await extension.activate();
  const activateMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const during = io.calls.length;
  // Work activation schedules but does not wait for (a secret read, the delayed startup scan).
  await new Promise((resolve) => setTimeout(resolve, 5000));
  io.stop();
  return {
    activeBeforeMeasuring: false,
    activateMs,
    // CPU time of the whole host process meanwhile: less swayed by other processes than wall time.
    activateCpuMs: (cpu.user + cpu.system) / 1000,
    codeLoadingMs: codeLoadingMs(),
    // Negative: the host had started loading the extension before this module asked (onStartupFinished raced it).
    codeLoadingStartedAfterCallMs: loadingMark('willLoadExtensionCode') === undefined ? undefined : loadingMark('willLoadExtensionCode')! - startedEpochMs,
    ioDuringActivate: io.calls.slice(0, during),
    ioWithin5s: io.calls.slice(during),
  };
}

// The host marks the loading of each extension's main module (vs/base/common/performance, Date.now() resolution).
function codeLoadingMs(): number | undefined {
  const will = loadingMark('willLoadExtensionCode');
  const did = loadingMark('didLoadExtensionCode');
  return will !== undefined && did !== undefined ? did - will : undefined;
}

function loadingMark(name: string): number | undefined {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): Array<{ name: string; startTime: number }> } }).MonacoPerformanceMarks?.getMarks() ?? [];
  return marks.find((mark) => mark.name === `code/extHost/${name}/${EXTENSION_ID}`)?.startTime;
}

async function measureScan(expected: number): Promise<Record<string, unknown>> {
  const commands = await vscode.commands.getCommands(true);
  if (!commands.includes(SCAN_COMMAND)) return { available: false, reason: `${SCAN_COMMAND} is not registered by this build` };
  const countOurs = () => {
    let count = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const diagnostic of diagnostics) if (diagnostic.source === DIAGNOSTIC_SOURCE) count++;
    }
    return count;
  };
  const before = process.memoryUsage();
  const diagnosticsBefore = countOurs();
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  let allDiagnosticsAt: number | undefined;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const startedEpochMs = Date.now();
  const watcher = vscode.languages.onDidChangeDiagnostics(() => {
    if (allDiagnosticsAt === undefined && countOurs() >= expected) allDiagnosticsAt = performance.now();
  });
  try {
    const answer = await vscode.commands.executeCommand<{ filesScanned: number; findings: Array<{ file: string; line: number }> } | undefined>(SCAN_COMMAND);
    const commandMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const deadline = Date.now() + 120_000;
    while (allDiagnosticsAt === undefined && Date.now() < deadline) {
      if (countOurs() >= expected) allDiagnosticsAt = performance.now();
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const after = process.memoryUsage();
    // Listing alone, as the scan starts it (after the scan, so VS Code's file search is warm).
    let findFilesMs: number | undefined;
    let findFilesCount: number | undefined;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const listStarted = performance.now();
      findFilesCount = (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'))).length;
      findFilesMs = performance.now() - listStarted;
    }
    const diagnostics: Array<{ file: string; line: number }> = [];
    for (const [uri, list] of vscode.languages.getDiagnostics()) {
      for (const diagnostic of list) {
        if (diagnostic.source === DIAGNOSTIC_SOURCE) diagnostics.push({ file: vscode.workspace.asRelativePath(uri, false), line: diagnostic.range.start.line + 1 });
      }
    }
    return {
      available: true,
      startedEpochMs,
      commandMs,
      commandCpuMs: (cpu.user + cpu.system) / 1000,
      allDiagnosticsMs: allDiagnosticsAt === undefined ? undefined : allDiagnosticsAt - started,
      diagnosticsBefore,
      findFilesMs,
      findFilesCount,
      filesScanned: answer?.filesScanned,
      commandFindings: answer?.findings?.map((finding) => ({ file: finding.file, line: finding.line })),
      diagnostics,
      memory: { rssBefore: before.rss, rssAfter: after.rss, rssPeak: Math.max(peakRss, after.rss), heapUsedBefore: before.heapUsed, heapUsedAfter: after.heapUsed },
    };
  } finally {
    clearInterval(sampler);
    watcher.dispose();
  }
}

// Wraps Node's file, process and network entry points; keeps the calls whose stack passes through
// the extension's own files (the host and other extensions do I/O at the same time).
function recordIo(extensionPath: string): { calls: IoCall[]; start(at: number): void; stop(): void } {
  const calls: IoCall[] = [];
  const restore: Array<() => void> = [];
  let origin = 0;
  let previousStackLimit = Error.stackTraceLimit;
  const wrap = (owner: Record<string, unknown>, name: string, label: string) => {
    const original = owner[name];
    if (typeof original !== 'function') return;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const stack = new Error().stack ?? '';
      if (stack.includes(extensionPath)) calls.push({ api: label, target: describe(args[0]), atMs: Math.round((performance.now() - origin) * 10) / 10 });
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    owner[name] = wrapped;
    restore.push(() => {
      owner[name] = original;
    });
  };
  // The modules themselves (what the extension's bundle gets from require), not esbuild's read-only namespace copies.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const modules: Record<string, Record<string, unknown>> = {
    fs: require('fs'),
    'fs.promises': require('fs').promises,
    child_process: require('child_process'),
    net: require('net'),
    http: require('http'),
    https: require('https'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const fsNames = ['open', 'openSync', 'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'stat', 'statSync', 'lstat', 'lstatSync', 'readdir', 'readdirSync', 'existsSync', 'access', 'accessSync', 'mkdir', 'mkdirSync', 'watch', 'createReadStream', 'createWriteStream'];
  const promiseNames = ['open', 'readFile', 'writeFile', 'appendFile', 'stat', 'lstat', 'readdir', 'access', 'mkdir'];
  return {
    calls,
    start(at: number) {
      origin = at;
      previousStackLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 50;
      for (const name of fsNames) wrap(modules.fs, name, `fs.${name}`);
      for (const name of promiseNames) wrap(modules['fs.promises'], name, `fs.promises.${name}`);
      for (const name of ['spawn', 'execFile', 'exec', 'fork']) wrap(modules.child_process, name, `child_process.${name}`);
      for (const name of ['connect', 'createConnection']) wrap(modules.net, name, `net.${name}`);
      for (const name of ['request', 'get']) {
        wrap(modules.http, name, `http.${name}`);
        wrap(modules.https, name, `https.${name}`);
      }
      wrap(globalThis, 'fetch', 'fetch');
    },
    stop() {
      Error.stackTraceLimit = previousStackLimit;
      while (restore.length > 0) restore.pop()!();
    },
  };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 200 ? value.slice(0, 200) + '…' : value;
  if (value && typeof value === 'object') {
    const { hostname, host, href, path } = value as Record<string, unknown>;
    const label = href ?? hostname ?? host ?? path;
    return typeof label === 'string' ? label : Object.prototype.toString.call(value);
  }
  return String(value);
}

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
