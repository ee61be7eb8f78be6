// Entry of dist/cli.js (`infinipost-scan`): plain Node ≥ 18, no dependency beyond the bundle.
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
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);
