// Entry of dist/cli.js (`infinipost-scan`): plain Node ≥ 18, no dependency beyond the bundle.
// The pre-commit hook starts it for every commit: modes other than the one asked for are required
// on demand (src/node/scanModes.ts), so `--staged` loads the staged scan and the report only.
import { REFUSAL_REPORT_ENV } from './core/commitHook';
import { runScanCli } from './node/scanCli';

declare const INFINIPOST_CLI_VERSION: string | undefined;
const version = typeof INFINIPOST_CLI_VERSION === 'string' ? INFINIPOST_CLI_VERSION : '0.0.0-dev';

// A reader that goes away (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

runScanCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  version,
  refusalReport: process.env[REFUSAL_REPORT_ENV] || undefined,
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);
