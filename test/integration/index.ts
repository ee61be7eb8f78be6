// extensionTestsPath module: VS Code calls run() inside the extension host once the window is up.
import * as fs from 'fs';
import * as path from 'path';
import { formatRecords, watchUnhandled } from './support/unhandledRejections';

// mocha 11 is CommonJS; the namespace import keeps working if a later major turns ESM-first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mochaModule = require('mocha');
const Mocha: typeof import('mocha') = mochaModule.default ?? mochaModule;

// This file runs from <repo>/out/test/integration.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
let running: string | undefined;
// Installed when the host loads this file, before the first test: the extension may activate meanwhile.
const unhandled = watchUnhandled(repoRoot, () => running);

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The runner makes a second pass in a host without --disable-workspace-trust (Restricted Mode)
  // for the suites named "in Restricted Mode"; the trusted pass leaves them out.
  const grep = process.env.INFINIPOST_TEST_GREP;
  if (process.env.INFINIPOST_RESTRICTED_PASS === '1') mocha.grep('in Restricted Mode');
  else if (grep) mocha.grep(grep);
  else mocha.grep('in Restricted Mode').invert();
  const files = fs
    .readdirSync(__dirname, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of files) {
    mocha.addFile(path.join(__dirname, file));
  }
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      running = 'after the last test';
      // Rejections from the last moments are judged before the verdict.
      void unhandled.settled().then(() => {
        const records = unhandled.records();
        const ours = records.filter((record) => record.origin !== 'elsewhere');
        const others = records.filter((record) => record.origin === 'elsewhere');
        if (others.length > 0) console.log([`Unhandled in the host, not from this repository's code (${others.length}, not counted):`, ...formatRecords(others)].join('\n'));
        if (ours.length > 0) console.log([`Unhandled rejections or exceptions from our code (${ours.length}): each fails the run`, ...formatRecords(ours)].join('\n'));
        console.log(`Integration summary: ${stats?.passes ?? 0} passed, ${failures} failed, ${stats?.pending ?? 0} pending, ${ours.length} unhandled from our code`);
        unhandled.dispose();
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (ours.length > 0) reject(new Error(`${ours.length} unhandled rejection(s) or exception(s) from our code`));
        else resolve();
      });
    });
    runner.on('hook', (hook: Mocha.Hook) => (running = hook.fullTitle()));
    runner.on('test', (test: Mocha.Test) => (running = test.fullTitle()));
  });
}
