import * as vscode from 'vscode';
import { CommandTable } from '../shared/commandRegistry';
import { lazyEntry } from '../shared/lazy';
import type { DetectionService } from './detectionService';
import { KEY_DOCUMENTS, isKeyDiagnostic } from './diagnostics';
import type { GitStatus } from '../node/gitStatus';
import type * as IgnoreActionsEntry from './ignoreActionsEntry';

/** The internal command behind "Ignore this key here" (`{ uri, line, character }` of the key). */
export const IGNORE_KEY_COMMAND = 'infinipost.ignoreKeyHere';

/** The ignore quick fixes on key diagnostics and their command; their code loads with the first key diagnostic's request. */
export function registerIgnoreActions(detection: () => { service: DetectionService; git: GitStatus }): { disposable: vscode.Disposable; commands: CommandTable } {
  const load = lazyEntry<typeof IgnoreActionsEntry>('ignoreActions');
  let built: ReturnType<typeof IgnoreActionsEntry.createIgnoreActions> | undefined;
  const feature = () => {
    if (built) return built;
    const { service, git } = detection();
    return (built = load().createIgnoreActions(service, git));
  };
  const provider: vscode.CodeActionProvider = {
    provideCodeActions: (document, range, context) =>
      context.diagnostics.some(isKeyDiagnostic) ? feature().codeActions.provideCodeActions(document, range, context) : [],
  };
  return {
    disposable: vscode.languages.registerCodeActionsProvider(KEY_DOCUMENTS, provider, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    commands: { [IGNORE_KEY_COMMAND]: (arg: unknown) => feature().ignoreKeyHere(arg) },
  };
}
