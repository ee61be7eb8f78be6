import * as vscode from 'vscode';
import { isKeyDiagnostic, KEY_DOCUMENTS } from '../detection/diagnostics';
import { CommandTable } from '../shared/commandRegistry';
import { REFACTOR_COMMAND_IDS } from '../shared/identities';
import { forwardCommands, lazyEntry } from '../shared/lazy';
import { asksForFixAll, FIX_ALL_KIND } from './fixAllKind';
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
      {
        provideCodeActions: (document, range, codeActionContext) => {
          // Quick fixes exist only for a key diagnostic in the request: VS Code asks on every cursor
          // move, and without one the engine stays unloaded. Fix-all finds the keys itself.
          if (!asksForFixAll(codeActionContext.only) && !codeActionContext.diagnostics.some(isKeyDiagnostic)) return [];
          return engine().codeActions.provideCodeActions(document, range, codeActionContext);
        },
      },
      // RefactorCodeActions.kinds, spelled here so activation does not load the engine.
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND] },
    ),
  );
  return forwardCommands(REFACTOR_COMMAND_IDS, () => engine().commands);
}
