// Features used after start-up (the refactor engine, the API check) are bundled separately
// (scripts/lib/extensionEntries.mjs) and loaded on first use, so activation loads only what wires.
import * as path from 'path';

// An indirect call, so esbuild leaves the require for Node instead of bundling the module in.
const nodeRequire: (id: string) => unknown = require;

/** Loads `dist/<name>.js` (a separate entry point next to the main bundle) the first time it is needed. */
export function lazyEntry<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= nodeRequire(path.join(__dirname, `${name}.js`)) as T);
}
