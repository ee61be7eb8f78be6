// Quick fixes on hard-coded key diagnostics: the preferred "Move key to Infinipost vault and use
// <env read>", "Move key to .env" for config files (and as an alternative), a per-file fix-all,
// and `source.fixAll.infinipost` for editor.codeActionsOnSave. Quick fixes carry a command with
// the key's position only: the command stores the key before the literal leaves the file.
import * as vscode from 'vscode';
import { envReadFor } from '../core/envReadRefactor';
import { attributeKey } from '../core/keyAttribution';
import { ownUiArgument } from '../shared/commandRegistry';
import { environmentVariableName } from '../shared/config';
import { isEnvFile } from '../detection/detectionService';
import { isKeyDiagnostic } from '../detection/diagnostics';
import { ActiveKeys } from '../vault/activeKeys';
import { KeyVault } from '../vault/keyVault';
import { asksForFixAll, FIX_ALL_KIND } from './fixAllKind';
import { KeyMover } from './moveKey';


export class RefactorCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(
    private readonly mover: KeyMover,
    private readonly keys: { vault: Pick<KeyVault, 'secret'>; active: Pick<ActiveKeys, 'get'> },
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] | Promise<vscode.CodeAction[]> {
    if (isEnvFile(document.uri)) return []; // keys belong in .env files; the detection feature handles tracked ones
    const variable = environmentVariableName().value;
    const read = envReadFor(document.languageId, variable);
    const uri = document.uri.toString();
    if (asksForFixAll(context.only)) {
      return read ? this.fixAllWithoutAPerson(document, variable) : [];
    }
    const actions: vscode.CodeAction[] = [];
    const text = document.getText();
    for (const diagnostic of context.diagnostics.filter(isKeyDiagnostic)) {
      const start = document.offsetAt(diagnostic.range.start);
      const end = document.offsetAt(diagnostic.range.end);
      const position = ownUiArgument({ uri, line: diagnostic.range.start.line, character: diagnostic.range.start.character });
      const provider = attributeKey(text, start, end);
      const plan = read === undefined || provider ? undefined : this.mover.plan(document, text, [{ start, end, key: text.slice(start, end), mode: 'live' }], variable);
      const rewritable = plan !== undefined && plan.fixed.length > 0;
      if (provider) {
        // Another provider's key: no vault fix; the .env fix below reads the provider's own variable.
        const action = new vscode.CodeAction(`Move key to Infinipost vault and use ${read ?? variable}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.disabled = { reason: `This looks like a ${provider.provider} key (${provider.evidence}); Infinipost does not store it. Use "Move key to .env" to read ${provider.variable}.` };
        actions.push(action);
      } else if (read !== undefined && !rewritable) {
        // Shown greyed with its reason when the person asks for fixes here; the .env fix is preferred instead.
        const action = new vscode.CodeAction(`Move key to Infinipost vault and use ${read}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.disabled = { reason: `Infinipost cannot rewrite this spot safely: ${plan?.refused[0]?.reason ?? 'unknown position'}.` };
        actions.push(action);
      }
      if (rewritable) {
        const action = new vscode.CodeAction(`Move key to Infinipost vault and use ${read}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        action.command = { command: 'infinipost.moveKeyToVault', title: action.title, arguments: [position] };
        actions.push(action);
      }
      if (document.uri.scheme === 'file') {
        const envVariable = provider?.variable ?? variable;
        const title = read !== undefined ? `Move key to .env and read ${envVariable}` : `Move key to .env and reference \${${envVariable}}`;
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = !rewritable;
        action.command = { command: 'infinipost.moveKeyToEnvFile', title: action.title, arguments: [position] };
        actions.push(action);
      }
    }
    if (actions.length > 0) actions.push(...this.fixAll(document, read, variable, vscode.CodeActionKind.QuickFix));
    return actions;
  }

  private fixAll(document: vscode.TextDocument, read: string | undefined, variable: string, kind: vscode.CodeActionKind): vscode.CodeAction[] {
    if (!read) return [];
    const text = document.getText();
    // Another provider's keys (Stripe) are never part of the Infinipost fix-all.
    const findings = this.mover.currentKeys(document).filter((f) => !attributeKey(text, f.start, f.end));
    // Only worth offering for several keys; the single-key quick fix covers one.
    if (findings.length < 2) return [];
    // Keys that cannot be rewritten stay (with their reason in the report); the others still go.
    const fixable = this.mover.plan(document, text, findings, variable)?.fixed.length ?? 0;
    if (fixable === 0) return [];
    const left = findings.length - fixable;
    const title = left
      ? `Move ${fixable} of ${findings.length} hard-coded keys in this file to the Infinipost vault (the others cannot be rewritten safely)`
      : `Move all ${findings.length} hard-coded keys in this file to the Infinipost vault`;
    const action = new vscode.CodeAction(title, kind);
    action.command = { command: 'infinipost.moveKeyToVault', title: action.title, arguments: [ownUiArgument({ uri: document.uri.toString(), all: true })] };
    return [action];
  }

  /**
   * `source.fixAll.infinipost`. A workspace can turn it on in editor.codeActionsOnSave, so it runs
   * without a person: it never stores a key and never changes the active key. It only replaces
   * copies of the key already active for this file's folder (the program then gets that same key
   * from the terminal), as a plain edit. In Restricted Mode, where no key reaches terminals, it
   * offers nothing.
   */
  private async fixAllWithoutAPerson(document: vscode.TextDocument, variable: string): Promise<vscode.CodeAction[]> {
    if (!vscode.workspace.isTrusted) return [];
    const activeEntry = this.keys.active.get(vscode.workspace.getWorkspaceFolder(document.uri));
    if (!activeEntry) return [];
    const version = document.version;
    const text = document.getText();
    const findings = this.mover.currentKeys(document);
    if (findings.length === 0) return [];
    const activeKey = await this.keys.vault.secret(activeEntry.id);
    const copies = findings.filter((finding) => finding.key === activeKey);
    // The text may have changed while the secret store answered: plan on the text it has now.
    if (copies.length === 0 || document.version !== version) return [];
    const changes = this.mover.plan(document, text, copies, variable)?.changes;
    if (!changes || changes.length === 0) return [];
    const action = new vscode.CodeAction(`Read ${variable} instead of ${copies.length} hard-coded copies of the active key`, FIX_ALL_KIND);
    action.edit = new vscode.WorkspaceEdit();
    for (const change of changes) {
      action.edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
    }
    return [action];
  }
}
