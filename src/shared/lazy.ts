// Features used after start-up (the refactor engine, the API check) are bundled separately
// (scripts/lib/extensionEntries.mjs) and loaded on first use, so activation loads only what wires.
import type { CommandId } from './identities';
import * as path from 'path';
import { BundleState, bundleState } from './bundleState';
import type { CommandTable, Invocation } from './commandRegistry';

// An indirect call, so esbuild leaves the require for Node instead of bundling the module in.
const nodeRequire: (id: string) => unknown = require;

/** What every lazily loaded entry point exports besides its feature: see src/shared/bundleState.ts. */
export interface LazyBundle {
  adoptBundleState(main: BundleState): void;
}

/** Loads `dist/<name>.js` (a separate entry point next to the main bundle) the first time it is needed. */
export function lazyEntry<T extends LazyBundle>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (!loaded) {
      const bundle = nodeRequire(path.join(__dirname, `${name}.js`)) as T;
      bundle.adoptBundleState(bundleState());
      loaded = bundle;
    }
    return loaded;
  };
}

/** Handlers for `ids` that forward to the table `load` builds, so registering them loads nothing. */
export function forwardCommands(ids: readonly CommandId[], load: () => CommandTable): CommandTable {
  return Object.fromEntries(
    ids.map((id) => [
      id,
      (arg: unknown, invocation: Invocation) => {
        const handler = load()[id];
        if (!handler) throw new Error(`${id} is not served by its lazily loaded bundle`);
        return handler(arg, invocation);
      },
    ]),
  );
}
