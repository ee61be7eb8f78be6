import * as vscode from 'vscode';
import { CommandTable } from '../shared/commandRegistry';
import { KeyMover, RefactorDeps, refactorCommands } from './moveKey';
import { RefactorCodeActions } from './refactorCodeActions';

/** The "move key" quick fixes, fix-all on save, and their commands. */
export function registerRefactor(context: vscode.ExtensionContext, deps: RefactorDeps): CommandTable {
  const mover = new KeyMover(deps);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new RefactorCodeActions(mover, deps), {
      providedCodeActionKinds: RefactorCodeActions.kinds,
    }),
  );
  return refactorCommands(mover);
}
