// The features are bundled separately (scripts/lib/extensionEntries.mjs) and loaded on first use:
// a command, a provider's first request, or, for what runs in the background from start-up
// (detection, injection, the commit guard), the event loop's next turn once activation has returned.
// Activation so loads only the registrations, the vault's services, the status bar and the views.
import type { CommandId } from './identities';
import * as path from 'path';
import * as vscode from 'vscode';
import { BundleState, bundleState } from './bundleState';
import type { CommandTable, Invocation } from './commandRegistry';
import { errorMessage, Logger } from './logger';

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

/**
 * A background feature started by `start` (which loads its bundle) on the event loop's next turn
 * after activation returns, or by its first use if that comes sooner; disposed with `subscriptions`.
 * A start that fails on that turn is logged and shown; each later use tries again and throws.
 */
export function startAfterActivation<T extends vscode.Disposable>(
  subscriptions: vscode.Disposable[],
  what: string,
  logger: Logger,
  start: () => T,
): () => T {
  let started: T | undefined;
  let disposed = false;
  const feature = (): T => {
    if (disposed) throw new Error('The Infinipost extension is shutting down.');
    return (started ??= start());
  };
  const timer = setTimeout(() => {
    try {
      feature();
    } catch (error) {
      const message = errorMessage(error);
      logger.error(`Could not start ${what}: ${message}`);
      void vscode.window.showErrorMessage(`Infinipost could not start ${what}: ${message}`);
    }
  }, 0);
  subscriptions.push({
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
      started?.dispose();
    },
  });
  return feature;
}
