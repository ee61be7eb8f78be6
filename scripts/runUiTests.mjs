// UI-level end-to-end flows: a real VS Code 1.100.3 (code-server, offline) in headless Chromium,
// driven from the keyboard as a person would, against the local API simulator.
//   npm run test:ui                screenshots go to .vscode-test/ui-screenshots/ (git-ignored)
//   npm run screenshots            the same flows; screenshots go to media/screenshots/ (README)
//   INFINIPOST_UI_GREP=a,b         runs the flows whose name contains a or b
//   INFINIPOST_VERBOSE=1           shows the VS Code server's log
//   INFINIPOST_KEEP_TEST_ROOT=1    keeps each flow's throwaway profile and workspace
// Each flow gets its own server, profile and workspace, so flows never depend on each other.
// Exit code 0 only when every flow passed; the summary line is printed either way.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cacheDir, repoRoot } from './lib/setup.mjs';
import { generateKey, masked, openVsCode, startSimulator } from '../test/ui/harness.mjs';
import { addKeyFlow } from '../test/ui/flows/addKey.mjs';
import { terminalInjectionFlow } from '../test/ui/flows/terminalInjection.mjs';
import { fixHardcodedKeyFlow } from '../test/ui/flows/fixHardcodedKey.mjs';
import { testKeyFlow } from '../test/ui/flows/testKey.mjs';
import { walkthroughFlow } from '../test/ui/flows/walkthrough.mjs';

const FLOWS = [addKeyFlow, terminalInjectionFlow, fixHardcodedKeyFlow, testKeyFlow, walkthroughFlow];
const FLOW_TIMEOUT_MS = Number(process.env.INFINIPOST_UI_FLOW_TIMEOUT_MS ?? 5 * 60_000);

const forReadme = process.argv.includes('--screenshots');
const grep = (process.env.INFINIPOST_UI_GREP ?? '').split(',').map((part) => part.trim());
const keep = process.env.INFINIPOST_KEEP_TEST_ROOT === '1';
const verbose = process.env.INFINIPOST_VERBOSE === '1';
// Test runs keep their screenshots out of the tree (out/ is wiped by the integration build).
const scratchDir = join(cacheDir, 'ui-screenshots');
const screenshotDir = forReadme ? join(repoRoot, 'media', 'screenshots') : scratchDir;
mkdirSync(screenshotDir, { recursive: true });
mkdirSync(scratchDir, { recursive: true });

// Throwaway keys, generated for this run only, and how the simulator answers each.
const keys = {
  live: generateKey('live'),
  hardcoded: generateKey('live'),
  test: generateKey('test'),
  expired: generateKey('test'),
};
const simulator = await startSimulator({
  [keys.live]: { kind: 'valid', accounts: 14 },
  [keys.hardcoded]: { kind: 'valid', accounts: 2 },
  [keys.test]: { kind: 'valid', accounts: 3 },
  [keys.expired]: { kind: 'expired' },
});

/** Output never carries a full key, even when a failure quotes what was on screen. */
function redact(text) {
  return Object.values(keys).reduce((out, key) => out.split(key).join(masked(key)), String(text));
}

async function runFlow(flow) {
  const notes = [];
  let current = '(starting VS Code)';
  let session;
  const started = Date.now();
  try {
    session = await openVsCode({ files: flow.files(keys), simulatorUrl: simulator.url, verbose });
    const { page, vscode } = session;
    const context = {
      page,
      vscode,
      keys,
      simulatorUrl: simulator.url,
      log: (message) => notes.push(redact(message)),
      async step(description, action) {
        current = description;
        await action();
      },
      async screenshot(name) {
        await vscode.waitForToastsSettled();
        const path = join(screenshotDir, `${name}.png`);
        await page.screenshot({ path });
        notes.push(`screenshot: ${relative(repoRoot, path)}`);
      },
    };
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the flow did not finish within ${FLOW_TIMEOUT_MS / 1000} s`)), FLOW_TIMEOUT_MS);
    });
    try {
      await Promise.race([flow.run(context), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return { ok: true, notes, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    // A failure screenshot always goes to the git-ignored folder, never into the README's.
    let failureShot;
    if (session) {
      failureShot = join(scratchDir, `${flow.name}-failure.png`);
      await session.page.screenshot({ path: failureShot }).catch(() => (failureShot = undefined));
    }
    return {
      ok: false,
      notes,
      seconds: (Date.now() - started) / 1000,
      step: current,
      error: redact(error instanceof Error ? error.message : String(error)),
      failureShot: failureShot && relative(repoRoot, failureShot),
      pageErrors: (session?.pageErrors ?? []).map(redact),
    };
  } finally {
    const root = await session?.close({ keep });
    if (keep && root) notes.push(`kept test root: ${root}`);
  }
}

const selected = FLOWS.filter((flow) => grep.some((part) => flow.name.includes(part)));
let passed = 0;
let failed = 0;
try {
  console.log(`UI tests: ${selected.length} flow(s) in VS Code 1.100.3 (offline), API simulator at ${simulator.url}`);
  for (const flow of selected) {
    const result = await runFlow(flow);
    if (result.ok) {
      passed++;
      console.log(`  ✔ ${flow.name}: ${flow.title} (${result.seconds.toFixed(1)} s)`);
    } else {
      failed++;
      console.log(`  ✖ ${flow.name}: ${flow.title} (${result.seconds.toFixed(1)} s)`);
      console.log(`      failed at step: ${result.step}`);
      console.log(`      ${result.error.split('\n').join('\n      ')}`);
      if (result.failureShot) console.log(`      failure screenshot: ${result.failureShot}`);
      for (const message of result.pageErrors.slice(0, 5)) console.log(`      page error: ${message}`);
    }
    for (const note of result.notes) console.log(`      ${note}`);
  }
} finally {
  await simulator.stop();
}
console.log(`UI tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
