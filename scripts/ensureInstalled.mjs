// First step of `npm test` and `npm start`: a fresh clone needs nothing but Node and npm.
import { ensureCodeServer, ensureNodeModules } from './lib/setup.mjs';

try {
  ensureNodeModules();
  if (!process.env.INFINIPOST_VSCODE_EXECUTABLE && !process.env.INFINIPOST_VSCODE_VERSION) {
    ensureCodeServer();
  }
} catch (error) {
  process.stderr.write(`\nSet-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
