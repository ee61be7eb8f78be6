// Measures the extension in the real VS Code 1.100.3 host (code-server + headless Chromium, as the
// integration tests run it), one fresh start per sample:
//   activation: a small workspace; the extension staged without activation events (.bench/ext-manual),
//               so bench/host/measure.ts can start activation itself, time it and record its I/O; then
//               it opens "Show Running Extensions", whose activation time this script reads off the page.
//   scan:       a copy of the corpus as the workspace (onStartup scan off), in three set-ups: a plain
//               folder, a git repository with the corpus untracked, and one with it committed;
//               measure.ts runs infinipost.scanWorkspace and this script watches the status bar's
//               problem count until every finding is there. In the git set-ups `git grep` on the same
//               files is timed too, for the table's ratio.
//   node bench/runInHost.mjs [--activation N] [--scan N] [--out .bench/host.json]
// Needs `node bench/build.mjs` first (bench/out/host/measure.js and the staged .bench/ext/).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium, startCodeServer, workbenchUrl } from '../scripts/lib/offlineVscode.mjs';
import { repoRoot } from '../scripts/lib/setup.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const activationStarts = Number(option('activation', 5));
const scanStarts = Number(option('scan', 3));
const outFile = resolve(option('out', join(repoRoot, '.bench', 'host.json')));
const corpusDir = resolve(option('corpus', join(repoRoot, '.bench', 'corpus')));
const extensionDir = join(repoRoot, '.bench', 'ext');
const manualExtensionDir = join(repoRoot, '.bench', 'ext-manual');
const measureModule = join(repoRoot, 'bench', 'out', 'host', 'measure.js');
const EXTENSION_ID = 'infinipost.infinipost-vscode';
const START_TIMEOUT_MS = 180_000;

function log(message) {
  process.stderr.write(`[host] ${message}\n`);
}

/** One fresh start: new profile, new server, new browser. */
async function freshStart({ mode, workspace, expected, userSettings }) {
  const root = mkdtempSync(join(tmpdir(), 'infinipost-bench-host-'));
  const out = join(root, 'result.json');
  process.env.INFINIPOST_BENCH_MODE = mode;
  process.env.INFINIPOST_BENCH_OUT = out;
  process.env.INFINIPOST_BENCH_EXPECTED = String(expected ?? 0);
  const server = await startCodeServer({ root, userSettings });
  const browser = await launchChromium();
  const sample = { mode };
  try {
    // Tall enough that the running-extensions list shows every extension without scrolling.
    const page = await browser.newPage({ viewport: { width: 1600, height: 2400 } });
    let exited;
    const exit = new Promise((resolveExit) => (exited = resolveExit));
    await page.exposeFunction('codeAutomationLog', () => undefined);
    await page.exposeFunction('codeAutomationExit', (code) => exited(Number(code)));
    const startedAt = Date.now();
    const extension = mode === 'activation' ? manualExtensionDir : extensionDir;
    await page.goto(workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPaths: [extension], extensionTestsPath: measureModule }));
    if (mode === 'scan') {
      // The status bar's problems entry (aria-label "N Errors, M Warnings, K Infos") counts what Problems shows.
      await page.evaluate((target) => {
        window.__benchProblems = { target, reachedAt: undefined, last: '' };
        const timer = setInterval(() => {
          const entry = document.getElementById('status.problems');
          const label = entry?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? entry?.getAttribute('aria-label') ?? '';
          window.__benchProblems.last = label;
          const total = (label.match(/\d+/g) ?? []).reduce((sum, n) => sum + Number(n), 0);
          if (total >= target && window.__benchProblems.reachedAt === undefined) {
            window.__benchProblems.reachedAt = Date.now();
            clearInterval(timer);
          }
        }, 5);
      }, expected);
    }
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!existsSync(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(out)) throw new Error(`measure.ts wrote no result within ${START_TIMEOUT_MS / 1000} s`);
    // Let the module finish writing.
    await new Promise((r) => setTimeout(r, 100));
    Object.assign(sample, JSON.parse(readFileSync(out, 'utf8')));
    sample.pageToResultMs = Date.now() - startedAt;
    if (mode === 'activation') sample.workbench = await readRunningExtensions(page);
    if (mode === 'scan' && sample.scan?.available) {
      const problemsDeadline = Date.now() + 60_000;
      let problems;
      do {
        problems = await page.evaluate(() => window.__benchProblems);
        if (problems?.reachedAt) break;
        await new Promise((r) => setTimeout(r, 50));
      } while (Date.now() < problemsDeadline);
      sample.scan.problemsPanel = {
        label: problems?.last,
        // Both clocks are this machine's wall clock (Date.now in the host and in the page).
        msFromCommand: problems?.reachedAt ? problems.reachedAt - sample.scan.startedEpochMs : undefined,
      };
    }
    writeFileSync(`${out}.done`, '');
    const exitWait = Date.now();
    sample.exitCode = await Promise.race([exit, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
    sample.phasesMs = { toResult: sample.pageToResultMs, afterResult: exitWait - startedAt - sample.pageToResultMs, exit: Date.now() - exitWait };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
  return sample;
}

// The Running Extensions editor shows, per extension, "Activation: N ms" (or "Startup Activation")
// = the host's codeLoadingTime + activateCallTime for it, measured with Date.now().
async function readRunningExtensions(page) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('.monaco-list-row')]
        .map((row) => ({ name: row.querySelector('.name')?.textContent ?? '', time: row.querySelector('.activation-time')?.textContent ?? '' }))
        .filter((row) => row.time),
    );
    const ours = rows.find((row) => row.name === 'Infinipost' || row.name === EXTENSION_ID);
    if (ours && /\d/.test(ours.time)) {
      const ms = Number(/(\d+)\s*ms/.exec(ours.time)?.[1]);
      return { text: ours.time, activationMs: Number.isFinite(ms) ? ms : undefined, extensionsListed: rows.length };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { text: undefined, activationMs: undefined };
}

function smallWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'infinipost-bench-ws-'));
  writeFileSync(join(dir, 'README.md'), '# Benchmark workspace\n');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'index.js'), "const key = process.env.INFINIPOST_API_KEY;\nconsole.log(Boolean(key));\n");
  return dir;
}

const report = { startedAt: new Date().toISOString(), activation: [], scan: [], errors: [] };
if (!existsSync(measureModule) || !existsSync(join(extensionDir, 'dist', 'extension.js'))) {
  report.errors.push('bench/out/host/measure.js or .bench/ext/dist/extension.js is missing: run `node bench/build.mjs` (the extension may not have built)');
} else {
  const workspace = smallWorkspace();
  try {
    for (let i = 0; i < activationStarts; i++) {
      try {
        const sample = await freshStart({ mode: 'activation', workspace });
        report.activation.push(sample);
        log(`activation ${i + 1}/${activationStarts}: workbench ${sample.workbench?.text ?? '?'}, activate() ${sample.activation?.activateMs?.toFixed?.(1) ?? (sample.activation?.activeBeforeMeasuring ? 'already active' : '?')}`);
      } catch (error) {
        report.errors.push(`activation start ${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
        log(report.errors.at(-1));
      }
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  if (scanStarts > 0) {
    // The corpus lives in the repository's git-ignored .bench/: the extension's scan leaves
    // git-ignored files out, so the host opens a copy outside this repository.
    const copyRoot = mkdtempSync(join(tmpdir(), 'infinipost-bench-corpus-'));
    const copy = join(copyRoot, 'corpus');
    try {
      cpSync(corpusDir, copy, { recursive: true });
      for (const setup of ['plain', 'git-untracked', 'git-committed']) {
        const prepared = prepareSetup(copy, setup);
        for (let i = 0; i < scanStarts; i++) {
          try {
            const sample = await freshStart({ mode: 'scan', workspace: copy, expected: 100, userSettings: { 'infinipost.scan.onStartup': false } });
            sample.setup = setup;
            sample.gitGrepMs = prepared.gitGrep ? timeGitGrep(copy) : undefined;
            report.scan.push(sample);
            const s = sample.scan;
            log(`scan (${setup}) ${i + 1}/${scanStarts}: ${s?.available ? `command ${s.commandMs?.toFixed(0)} ms, Problems at ${s.problemsPanel?.msFromCommand ?? '?'} ms, ${s.diagnostics?.length} diagnostics` : s?.reason ?? sample.error ?? 'no result'}`);
            if (s && !s.available) break;
          } catch (error) {
            report.errors.push(`scan (${setup}) start ${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
            log(report.errors.at(-1));
          }
        }
      }
    } finally {
      rmSync(copyRoot, { recursive: true, force: true });
    }
  }
}

// plain: no repository; git-untracked: `git init` only; git-committed: everything committed.
function prepareSetup(dir, setup) {
  const git = (...args) => {
    // gc.auto=0: a background auto-gc after committing 10,000 files kept writing into .git while the copy was removed (ENOTEMPTY).
    const result = spawnSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'gc.auto=0', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr}`);
  };
  if (setup === 'plain') {
    rmSync(join(dir, '.git'), { recursive: true, force: true });
    return { gitGrep: false };
  }
  if (!existsSync(join(dir, '.git'))) git('init', '-q');
  if (setup === 'git-committed') {
    git('add', '-A');
    git('commit', '-q', '-m', 'corpus');
  }
  return { gitGrep: true };
}

// git's own search over the same files (tracked and untracked), as a point of comparison.
function timeGitGrep(dir) {
  const started = process.hrtime.bigint();
  spawnSync('git', ['grep', '--untracked', '-l', '-E', 'sk_(live|test)_[A-Za-z0-9]{16}'], { cwd: dir, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

report.finishedAt = new Date().toISOString();
mkdirSync(join(outFile, '..'), { recursive: true });
writeFileSync(outFile, JSON.stringify(report, null, 1));
log(`wrote ${outFile}`);
process.exit(0);
