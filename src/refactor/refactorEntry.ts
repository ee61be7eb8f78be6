// Entry point of dist/refactor.js: the refactor engine (twenty languages' rewrites, .env edits),
// built the first time a fix is asked for.
import { KeyMover, RefactorDeps, refactorCommands } from './moveKey';
import { RefactorCodeActions } from './refactorCodeActions';

/** The main bundle hands over the state all bundles share (src/shared/lazy.ts). */
export { adoptBundleState } from '../shared/bundleState';

/** The quick-fix provider and the commands, on one KeyMover. */
export function createRefactor(deps: RefactorDeps): { codeActions: RefactorCodeActions; commands: ReturnType<typeof refactorCommands> } {
  const mover = new KeyMover(deps);
  return { codeActions: new RefactorCodeActions(mover, deps), commands: refactorCommands(mover) };
}
