// Module state that must be one for the whole extension. A lazily loaded bundle (src/shared/lazy.ts)
// carries its own copy of every module it imports, so state kept in a module variable would split:
// a quick fix marked as our own UI in dist/refactor.js would look like a script to the command
// registry in dist/extension.js, and the test host's modal answers would not reach the refactor's
// questions. The loader hands each bundle the main bundle's state once, right after loading it.
import type { ModalTestAnswerer } from './confirm';

export interface BundleState {
  /** Argument objects created by our own UI (src/shared/commandRegistry.ts). */
  readonly ownUiArguments: WeakSet<object>;
  /** Test mode only: the person's answers to modal questions (src/shared/confirm.ts). */
  modalTestAnswerer?: ModalTestAnswerer;
}

let state: BundleState = { ownUiArguments: new WeakSet() };
let adopted = false;

export function bundleState(): BundleState {
  return state;
}

/** Called once by src/shared/lazy.ts on a bundle it has just loaded: from then on that bundle uses `main`. */
export function adoptBundleState(main: BundleState): void {
  if (adopted) throw new Error('this bundle already shares the extension\'s state');
  adopted = true;
  state = main;
}
