import * as vscode from 'vscode';
import { checkKey } from '../core/apiClient';
import { CommandTable } from '../shared/commandRegistry';
import { Logger } from '../shared/logger';
import { VaultServices } from '../vault/registerVault';
import { ApprovedApiOrigins } from './apiOrigins';
import { TestLiteralCodeActions, testKeyCommands } from './testKeyCommand';

/** "Test API Key" and the "Test this key" code action. */
export function registerApiCheck(context: vscode.ExtensionContext, services: VaultServices & { origins: ApprovedApiOrigins }, logger: Logger): CommandTable {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new TestLiteralCodeActions(), { providedCodeActionKinds: TestLiteralCodeActions.kinds }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'untitled' }, new TestLiteralCodeActions(), { providedCodeActionKinds: TestLiteralCodeActions.kinds }),
  );
  return testKeyCommands({ ...services, logger, checkKey });
}
