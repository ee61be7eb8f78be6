// "Infinipost: Test API Key": GET {apiBaseUrl}/v1/accounts with the key, explained. The key goes
// to the user-configured API URL only, and only to an origin a person approved (apiOrigins.ts);
// results keep status and message, never the key.
import * as vscode from 'vscode';
import { KeyCheckResult } from '../core/apiCheck';
import { isKeyDiagnostic } from '../detection/diagnostics';
import { CheckKeyOptions, CheckKeyResult } from '../node/apiClient';
import { KeyMetadata } from '../core/keyIndex';
import { maskKey, maskedKeyOf } from '../core/mask';
import { keyModeOf, keyShapedPattern } from '../core/keyTypes';
import { apiBaseUrl, apiTimeoutMs } from '../shared/config';
import { CommandTable, Invocation, ownUiArgument } from '../shared/commandRegistry';
import { Logger, runFollowUp } from '../shared/logger';
import { ActiveKeys } from '../vault/activeKeys';
import { KeyTarget, keyFromArgument, pickKey } from '../vault/keyPicker';
import { KeyVault } from '../vault/keyVault';
import { UserError } from '../shared/userError';
import { ApprovedApiOrigins } from './apiOrigins';

/** What scripted callers get: no key material. */
export interface TestKeyResult {
  status: KeyCheckResult['status'];
  httpStatus?: number;
  accounts?: number;
  message: string;
}

export interface TestKeyDeps {
  vault: KeyVault;
  active: ActiveKeys;
  logger: Logger;
  checkKey: (key: string, options: CheckKeyOptions) => Promise<CheckKeyResult>;
  /** Whether a key may go to the configured API origin (asks a person once per origin). */
  origins: Pick<ApprovedApiOrigins, 'consent'>;
}

/** The key literal covering a position in a document, for "Test this key" on a hard-coded key. */
async function literalAt(arg: { uri?: unknown; line?: unknown; character?: unknown }): Promise<string | undefined> {
  if (typeof arg.uri !== 'string' || typeof arg.line !== 'number' || typeof arg.character !== 'number') return undefined;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri));
  if (arg.line < 0 || arg.line >= document.lineCount) throw new UserError('That position is outside the document.');
  const text = document.lineAt(arg.line).text;
  for (const match of text.matchAll(keyShapedPattern())) {
    if (match.index <= arg.character && arg.character <= match.index + match[0].length) return match[0];
  }
  throw new UserError('There is no Infinipost key at that position.');
}

export function testKeyCommands(deps: TestKeyDeps): CommandTable {
  async function testKey(arg: unknown, { interactive }: Invocation): Promise<TestKeyResult | undefined> {
    await deps.vault.ready();
    const subject = await keyToTest(deps, arg);
    if (!subject) return undefined;
    const { key, entry, label } = subject;
    if (!keyModeOf(key)) throw new UserError('That is not an Infinipost key.');
    const result = await check(deps, key, label, interactive);
    if (!result) return undefined;
    if (entry && result.status !== 'cancelled') {
      await deps.vault.recordCheck(entry.id, { status: result.status, message: result.message }).catch((error) => deps.logger.warn(String(error)));
    }
    present(deps.logger, result, entry, label);
    const reply: TestKeyResult = { status: result.status, message: result.message };
    if (result.httpStatus !== undefined) reply.httpStatus = result.httpStatus;
    if (result.accounts !== undefined) reply.accounts = result.accounts;
    return reply;
  }

  return { 'infinipost.testKey': testKey };
}

// What to test: the hard-coded key at a position, a vault key named by the argument, the active key,
// or one the person picks (undefined when they pick none).
async function keyToTest({ vault, active }: TestKeyDeps, arg: unknown): Promise<{ key: string; entry?: KeyMetadata; label: string } | undefined> {
  const literal = arg && typeof arg === 'object' ? await literalAt(arg) : undefined;
  if (literal) return { key: literal, label: `the hard-coded key ${maskKey(literal)}` };
  let entry = keyFromArgument(vault, arg as KeyTarget) ?? (arg === undefined ? active.get() : undefined);
  entry ??= await pickKey(vault, 'Select the key to test', active.get()?.id);
  if (!entry) return undefined;
  const key = await vault.secret(entry.id);
  if (!key) throw new UserError(`The key "${entry.name}" is missing from secret storage. Remove it and add it again.`);
  return { key, entry, label: `"${entry.name}" (${maskedKeyOf(entry)})` };
}

// Sends the key to the configured API, once the origin is approved, with a cancellable progress notification.
async function check(deps: TestKeyDeps, key: string, label: string, interactive: boolean): Promise<CheckKeyResult | undefined> {
  const base = apiBaseUrl();
  if (base.problem) void vscode.window.showWarningMessage(`Infinipost: ${base.problem}`);
  if (!(await deps.origins.consent(base.value, interactive))) return undefined;
  const timeoutMs = apiTimeoutMs();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Infinipost: testing ${label}…`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        const result = await deps.checkKey(key, { baseUrl: base.value, timeoutMs, signal: controller.signal, userAgent: 'infinipost-vscode' });
        deps.logger.info(`Checked ${maskKey(key)} at ${result.url || base.value}: ${result.status}${result.httpStatus ? ` (HTTP ${result.httpStatus})` : ''} in ${result.durationMs} ms.${result.detail ? ` ${result.detail}` : ''}`);
        return result;
      } finally {
        subscription.dispose();
      }
    },
  );
}

// The result in a notification, with the next step it calls for as buttons.
function present(logger: Logger, result: KeyCheckResult, entry: KeyMetadata | undefined, label: string): void {
  const text = `Infinipost: ${label}: ${result.message}`;
  if (result.status === 'valid') {
    void vscode.window.showInformationMessage(text);
    return;
  }
  if (result.status === 'cancelled') return;
  const actions: string[] = [];
  if (result.nextStep === 'rotate' && entry) actions.push('Rotate Key');
  if (result.nextStep === 'replaceOrRemove' && entry) actions.push('Replace Key', 'Remove Key');
  if (result.nextStep === 'checkSettings') actions.push('Open Settings');
  if (result.nextStep === 'retryLater' || result.status === 'timeout' || result.status === 'network') actions.push('Retry');
  actions.push('Show Log');
  const show = result.nextStep === 'retryLater' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(text, ...actions).then((choice) => {
    // A person clicked our button: the argument is marked as our own UI. Removal still asks in
    // its modal (it always does); rotation asks for the new key.
    const target = entry ? ownUiArgument({ name: entry.name }) : undefined;
    if (choice === 'Rotate Key' || choice === 'Replace Key') runFollowUp(logger, () => vscode.commands.executeCommand('infinipost.rotateKey', target));
    if (choice === 'Remove Key') runFollowUp(logger, () => vscode.commands.executeCommand('infinipost.removeKey', target));
    if (choice === 'Open Settings') runFollowUp(logger, () => vscode.commands.executeCommand('workbench.action.openSettings', 'infinipost.apiBaseUrl'));
    if (choice === 'Retry') runFollowUp(logger, () => vscode.commands.executeCommand('infinipost.testKey', target));
    if (choice === 'Show Log') logger.show();
  });
}

/** "Test this key" next to each hard-coded key finding: checks the literal without storing it. */
export class TestLiteralCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter(isKeyDiagnostic)
      .map((diagnostic) => {
        const action = new vscode.CodeAction('Test this key against the Infinipost API (without storing it)', vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = {
          command: 'infinipost.testKey',
          title: 'Test this key',
          arguments: [ownUiArgument({ uri: document.uri.toString(), line: diagnostic.range.start.line, character: diagnostic.range.start.character })],
        };
        return action;
      });
  }
}
