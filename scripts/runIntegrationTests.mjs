// Runs test/integration inside a real VS Code extension host.
//   default:                          offline VS Code 1.100.3 (code-server from npm) + headless Chromium
//   INFINIPOST_VSCODE_EXECUTABLE=...: a local desktop VS Code through @vscode/test-electron
//   INFINIPOST_VSCODE_VERSION=stable: desktop VS Code downloaded by @vscode/test-electron
// Exit code 0 only when every test passed; the runner's summary line is printed either way.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { repoRoot } from './lib/setup.mjs';
import { launchChromium, startCodeServer, workbenchUrl } from './lib/offlineVscode.mjs';

const TIMEOUT_MS = Number(process.env.INFINIPOST_TEST_TIMEOUT_MS ?? 20 * 60_000);
const extensionTestsPath = join(repoRoot, 'out', 'test', 'integration', 'index.js');
// A second extension loaded next to ours: it plays "any other installed extension" (test/integration/otherExtension.test.ts).
const otherExtensionPath = join(repoRoot, 'test', 'fixtures', 'otherExtension');
const keep = process.env.INFINIPOST_KEEP_TEST_ROOT === '1';
const verbose = process.env.INFINIPOST_VERBOSE === '1';
// The workbench's own chatter in an offline sandbox (gallery look-ups that cannot resolve, socket set-up).
const WORKBENCH_NOISE = /open-vsx\.org|marketplace|connection token|Creating a socket|\[Service Worker\]|ChatSessionStore|builtin extensions cache/;

function makeTestRoot() {
  const root = mkdtempSync(join(tmpdir(), 'infinipost-it-'));
  const workspace = join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'README.md'), '# Integration test workspace\n');
  return { root, workspace };
}

async function runDesktop({ root, workspace }) {
  const { runTests } = await import('@vscode/test-electron');
  process.env.INFINIPOST_TEST_ROOT = root;
  return runTests({
    vscodeExecutablePath: process.env.INFINIPOST_VSCODE_EXECUTABLE || undefined,
    version: process.env.INFINIPOST_VSCODE_VERSION || undefined,
    extensionDevelopmentPath: [repoRoot, otherExtensionPath],
    extensionTestsPath,
    extensionTestsEnv: { INFINIPOST_TEST_ROOT: root },
    launchArgs: [workspace, '--user-data-dir', join(root, 'user-data'), '--skip-welcome', '--disable-workspace-trust', '--use-inmemory-secretstorage'],
  })
    .then(() => 0)
    .catch((error) => {
      console.error(String(error));
      return 1;
    });
}

// The web workbench keeps its URL payload in a Map, so a second extensionDevelopmentPath entry
// replaces the first. The second extension is registered as installed instead, loaded from its
// folder in place (the profile's extensions.json, as VS Code itself writes it).
function installOtherExtension(root) {
  const { publisher, name, version } = JSON.parse(readFileSync(join(otherExtensionPath, 'package.json'), 'utf8'));
  mkdirSync(join(root, 'extensions'), { recursive: true });
  const entry = { identifier: { id: `${publisher}.${name}` }, version, location: { $mid: 1, scheme: 'file', path: otherExtensionPath }, metadata: { source: 'resource' } };
  writeFileSync(join(root, 'extensions', 'extensions.json'), JSON.stringify([entry]));
}

async function runOffline({ root, workspace }, { restricted = false } = {}) {
  process.env.INFINIPOST_TEST_ROOT = root; // inherited by the server's extension host
  process.env.INFINIPOST_RESTRICTED_PASS = restricted ? '1' : '';
  installOtherExtension(root);
  const server = await startCodeServer({ root, verbose, disableWorkspaceTrust: !restricted });
  const browser = await launchChromium();
  let finish;
  const finished = new Promise((resolveExit) => (finish = resolveExit));
  try {
    const page = await browser.newPage();
    const hostLog = watchHostLog();
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = redactKeys(formatLog(args));
      hostLog.see(text);
      if (text.length > 0 && (verbose || !WORKBENCH_NOISE.test(text))) process.stdout.write(text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    page.on('pageerror', (error) => process.stderr.write(`[workbench] ${error.message}\n`));
    const url = workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPaths: [repoRoot], extensionTestsPath });
    await page.goto(url);
    const timeout = new Promise((resolveTimeout) =>
      setTimeout(() => {
        console.error(`Integration tests did not finish within ${TIMEOUT_MS / 1000} s`);
        resolveTimeout(1);
      }, TIMEOUT_MS).unref(),
    );
    const code = await Promise.race([finished, timeout]);
    return hostLog.verdict(code);
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

// The host prints every rejection nobody handled within a second ("rejected promise not handled",
// then "stack trace: …"). The suite judges those from our code itself (test/integration/index.ts);
// this is the second line of defence, for any it could not see (before it started, after it ended).
const SELF_TEST_MARKER = '[deliberate: unhandled-rejection self-test]';

function watchHostLog() {
  const fixtures = join(repoRoot, 'test', 'fixtures');
  const ourDirs = ['dist', 'src', 'out', 'test'].map((dir) => join(repoRoot, dir) + sep);
  let unhandled = 0;
  const ours = [];
  return {
    see(text) {
      if (text.startsWith('rejected promise not handled')) unhandled++;
      if (!text.startsWith('stack trace:')) return;
      const stack = text.split(fixtures + sep).join('<another extension>/');
      // The suite's self-test leaves one unhandled on purpose (test/integration/unhandledRejections.test.ts).
      if (stack.includes(SELF_TEST_MARKER)) return;
      if (ourDirs.some((dir) => stack.includes(dir))) ours.push(text.split('\n').slice(0, 3).join(' | '));
    },
    verdict(code) {
      if (unhandled > 0) console.log(`Host log: ${unhandled} rejection(s) not handled within 1 s, ${ours.length} from our code`);
      if (ours.length === 0) return code;
      console.error(['Unhandled rejections from our code in the host log (each fails the run):', ...ours.map((line) => `  ${line}`)].join('\n'));
      return code || 1;
    },
  };
}

/** Masks key-shaped strings (as src/core/redact.ts does) in what the host prints. */
function redactKeys(text) {
  return text.replace(/(sk_(?:live|test)_)([A-Za-z0-9]{4,})/g, (_key, prefix, body) => `${prefix}…${body.length >= 8 ? body.slice(-4) : ''}`);
}

function formatLog(args) {
  if (!Array.isArray(args)) return String(args ?? '');
  if (typeof args[0] === 'string' && args.length > 1 && args[0].includes('%')) {
    let index = 1;
    const text = args[0].replace(/%[sdifoOjc%]/g, (spec) => (spec === '%%' ? '%' : spec === '%c' ? (index++, '') : String(args[index++])));
    return [text, ...args.slice(index).map(String)].join(' ');
  }
  return args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ');
}

const desktop = Boolean(process.env.INFINIPOST_VSCODE_EXECUTABLE || process.env.INFINIPOST_VSCODE_VERSION);
const grep = process.env.INFINIPOST_TEST_GREP;

/** One pass in a fresh host with a fresh throwaway profile and workspace. */
async function pass(name, runPass) {
  const testRoot = makeTestRoot();
  let code = 1;
  try {
    code = await runPass(testRoot);
  } catch (error) {
    console.error(error instanceof Error ? error.stack : String(error));
    code = 1;
  } finally {
    if (!keep) rmSync(testRoot.root, { recursive: true, force: true });
    else console.error(`kept test root: ${testRoot.root}`);
  }
  console.log(code === 0 ? `Integration tests (${name}): PASSED` : `Integration tests (${name}): FAILED (exit code ${code})`);
  return code;
}

let code = await pass(desktop ? 'desktop VS Code' : 'trusted workspace', (root) => (desktop ? runDesktop(root) : runOffline(root)));
// Restricted Mode needs a host that never trusted the folder: a second, short pass (offline route).
if (!desktop && (!grep || /restricted/i.test(grep))) {
  code = (await pass('Restricted Mode', (root) => runOffline(root, { restricted: true }))) || code;
}
console.log(code === 0 ? 'Integration tests: PASSED' : `Integration tests: FAILED (exit code ${code})`);
process.exit(code);
