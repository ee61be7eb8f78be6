import * as vscode from 'vscode';
import { KEY_DOCUMENTS, isKeyDiagnostic } from '../detection/diagnostics';
import { CommandTable } from '../shared/commandRegistry';
import { API_CHECK_COMMAND_IDS } from '../shared/identities';
import { forwardCommands, lazyEntry } from '../shared/lazy';
import { Logger } from '../shared/logger';
import { VaultServices } from '../vault/registerVault';
import { ApprovedApiOrigins } from './apiOrigins';
import type * as ApiCheckEntry from './apiCheckEntry';

/** "Test API Key" and the "Test this key" code action; the API client loads on first use. */
export function registerApiCheck(context: vscode.ExtensionContext, services: VaultServices & { origins: ApprovedApiOrigins }, logger: Logger): CommandTable {
  const load = lazyEntry<typeof ApiCheckEntry>('apiCheck');
  let built: ReturnType<typeof ApiCheckEntry.createApiCheck> | undefined;
  const feature = () => (built ??= load().createApiCheck({ ...services, logger }));
  // Only a key diagnostic gets a "Test this key" action: other code-action requests load nothing.
  const provider: vscode.CodeActionProvider = {
    provideCodeActions: (document, range, codeActionContext) =>
      codeActionContext.diagnostics.some(isKeyDiagnostic) ? feature().codeActions.provideCodeActions(document, range, codeActionContext) : [],
  };
  const kinds = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };
  context.subscriptions.push(vscode.languages.registerCodeActionsProvider(KEY_DOCUMENTS, provider, kinds));
  return forwardCommands(API_CHECK_COMMAND_IDS, () => feature().commands);
}
