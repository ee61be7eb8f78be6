// extensionTestsPath module: VS Code calls run() inside the extension host once the window is up.
import * as fs from 'fs';
import * as path from 'path';

// mocha 11 is CommonJS; the namespace import keeps working if a later major turns ESM-first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mochaModule = require('mocha');
const Mocha: typeof import('mocha') = mochaModule.default ?? mochaModule;

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
      console.log(`Integration summary: ${stats?.passes ?? 0} passed, ${failures} failed, ${stats?.pending ?? 0} pending`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
