// First step of `npm run test:compile`: installs the toolchains the compile-and-run check needs. A
// package that cannot be installed is named here; the check then skips that language with a reason.
import { COMPILE_CHECK_PACKAGES, ensureDebianPackages } from './lib/setup.mjs';

try {
  ensureDebianPackages(COMPILE_CHECK_PACKAGES);
} catch (error) {
  process.stderr.write(`[setup] could not install all compile-check toolchains at once: ${error instanceof Error ? error.message : String(error)}\n`);
  for (const name of COMPILE_CHECK_PACKAGES) {
    try {
      ensureDebianPackages([name]);
    } catch (single) {
      process.stderr.write(`[setup] ${name} is not installed (${single instanceof Error ? single.message.split('\n')[0] : String(single)}); its language is skipped with a reason\n`);
    }
  }
}
