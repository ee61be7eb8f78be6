import * as vscode from 'vscode';
import { KEY_DOCUMENTS } from '../detection/diagnostics';
import { CommandTable } from '../shared/commandRegistry';
import { REFACTOR_COMMAND_IDS } from '../shared/identities';
import { forwardCommands, lazyEntry } from '../shared/lazy';
import type { RefactorDeps } from './moveKey';
import type * as RefactorEntry from './refactorEntry';

/** What the refactor needs; the features it reads (detection, injection) start when the engine is built. */
export type RefactorRegistrationDeps = Omit<RefactorDeps, 'detection' | 'liveConsent'> & { [K in 'detection' | 'liveConsent']: () => RefactorDeps[K] };

/** The "move key" quick fixes, fix-all on save, and their commands; the engine loads on first use. */
export function registerRefactor(context: vscode.ExtensionContext, deps: RefactorRegistrationDeps): CommandTable {
  const load = lazyEntry<typeof RefactorEntry>('refactor');
  let built: ReturnType<typeof RefactorEntry.createRefactor> | undefined;
  const engine = () => (built ??= load().createRefactor({ ...deps, detection: deps.detection(), liveConsent: deps.liveConsent() }));
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      KEY_DOCUMENTS,
      { provideCodeActions: (document, range, codeActionContext) => engine().codeActions.provideCodeActions(document, range, codeActionContext) },
      // RefactorCodeActions.kinds, spelled here so activation does not load the engine.
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.SourceFixAll.append('infinipost')] },
    ),
  );
  return forwardCommands(REFACTOR_COMMAND_IDS, () => engine().commands);
}
