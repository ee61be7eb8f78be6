// The headline flow: a hard-coded key goes into the vault (or a git-ignored .env) and the literal
// becomes the language's environment read, so the program keeps working in a terminal that
// receives the key. The text change is a single WorkspaceEdit: one undo step.
import * as path from 'path';
import * as vscode from 'vscode';
import { ensureGitignored, planConfigReference, upsertDotenvVariable, upsertEnvExample } from '../core/dotenvFix';
import { EnvReadFixPlan, TextChange, planEnvReadFixes, sameLineCopies, supportsEnvRead } from '../core/envReadRefactor';
import { attributeKey } from '../core/keyAttribution';
import { KeyFinding, detectKeys } from '../core/keyDetector';
import { suggestedEnvironment } from '../core/keyFormat';
import { KeyMetadata } from '../core/keyIndex';
import { maskKey } from '../core/mask';
import { allowList, environmentVariableName } from '../shared/config';
import { CommandTable } from '../shared/commandRegistry';
import { confirmModal } from '../shared/confirm';
import { Logger } from '../shared/logger';
import { ActiveKeys } from '../vault/activeKeys';
import { maskedKeyOf } from '../vault/keyPicker';
import { KeyVault, VaultError } from '../vault/keyVault';
import { DetectionService, isEnvFile } from '../detection/detectionService';

export interface RefactorDeps {
  vault: KeyVault;
  active: ActiveKeys;
  detection: DetectionService;
  logger: Logger;
}

/** Where a fix applies: one key (the position of any character of it) or all keys in the file. */
export interface FixTarget {
  uri: string;
  line?: number;
  character?: number;
  all?: boolean;
}

export interface StoredKeyReport {
  name: string;
  maskedKey: string;
  environment: string;
  alreadyStored: boolean;
}

export interface MoveToVaultResult {
  file: string;
  replaced: number;
  variable: string;
  stored: StoredKeyReport[];
  /** Keys left in place, each with the reason (line numbers are 1-based). */
  skipped: Array<{ line: number; reason: string }>;
}

// Languages where `${VAR}` inside a string is interpolation (code), not a placeholder a tool fills in:
// the `.env` fix must not write it there. Languages with an environment read use that instead.
const INTERPOLATING_LANGUAGES = new Set(['perl', 'groovy', 'scala', 'haxe', 'coffeescript', 'julia', 'nim', 'crystal', 'terraform']);

function parseTarget(arg: unknown): FixTarget {
  const target = (arg && typeof arg === 'object' ? arg : {}) as Partial<FixTarget>;
  if (typeof target.uri !== 'string') throw new VaultError('Open the file with the hard-coded key and use the quick fix on it.');
  return target as FixTarget;
}

/** The keys a target names in the current text of a document. */
function keysFor(document: vscode.TextDocument, target: FixTarget): { text: string; keys: KeyFinding[] } {
  const text = document.getText();
  const { findings } = detectKeys(text, { allow: allowList(document.uri) });
  if (target.all) return { text, keys: findings };
  if (typeof target.line !== 'number' || typeof target.character !== 'number') throw new VaultError('The fix needs the position of the key.');
  const offset = document.offsetAt(new vscode.Position(target.line, target.character));
  const key = findings.find((finding) => finding.start <= offset && offset <= finding.end);
  if (!key) throw new VaultError('There is no hard-coded Infinipost key at that position any more.');
  // A copy of the key in a comment on the same line goes too.
  return { text, keys: sameLineCopies(text, findings, key) };
}

function editFor(document: vscode.TextDocument, changes: readonly TextChange[], edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const change of changes) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
  }
  return edit;
}

function relative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

export class KeyMover {
  constructor(private readonly deps: RefactorDeps) {}

  /** Stores each distinct key (unless already stored) and makes the first active when none is. */
  async store(keys: readonly string[], file: vscode.Uri): Promise<{ reports: StoredKeyReport[]; entries: KeyMetadata[] }> {
    const { vault, active } = this.deps;
    await vault.ready();
    const reports: StoredKeyReport[] = [];
    const entries: KeyMetadata[] = [];
    for (const key of [...new Set(keys)]) {
      let entry = await vault.findByValue(key);
      const alreadyStored = entry !== undefined;
      if (!entry) {
        const mode = key.startsWith('sk_live_') ? 'live' : 'test';
        entry = await vault.add({ name: this.uniqueName(`${path.posix.basename(file.path)} (${mode})`), key, environment: suggestedEnvironment(mode) });
      }
      entries.push(entry);
      reports.push({ name: entry.name, maskedKey: maskedKeyOf(entry), environment: entry.environment, alreadyStored });
    }
    if (!active.get() && entries[0]) await active.set(entries[0].id);
    return { reports, entries };
  }

  private uniqueName(base: string): string {
    const taken = new Set(this.deps.vault.list().map((entry) => entry.name.toLowerCase()));
    let name = base.slice(0, 56);
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 52)} #${n}`;
    return name;
  }

  /** Plans the environment-read rewrite of the keys that can be rewritten safely; each other key comes with its reason. */
  plan(document: vscode.TextDocument, text: string, keys: readonly KeyFinding[], variable: string): EnvReadFixPlan | undefined {
    if (keys.length === 0 || isEnvFile(document.uri)) return undefined;
    return planEnvReadFixes(text, document.languageId, keys, variable);
  }

  async moveToVault(arg: unknown, interactive: boolean): Promise<MoveToVaultResult> {
    const target = parseTarget(arg);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    const variable = environmentVariableName().value;
    const { text, keys: found } = keysFor(document, target);
    if (found.length === 0) return { file: relative(document.uri), replaced: 0, variable, stored: [], skipped: [] };
    const lineOf = (offset: number) => document.positionAt(offset).line + 1;
    // Another provider's key (Stripe) never goes into INFINIPOST_API_KEY or the vault.
    const foreign = found.map((k) => ({ key: k, provider: attributeKey(text, k.start, k.end) }));
    const keys = foreign.filter((f) => !f.provider).map((f) => f.key);
    const skipped = foreign.flatMap((f) => (f.provider ? [{ line: lineOf(f.key.start), reason: foreignReason(f.provider) }] : []));
    const plan = this.plan(document, text, keys, variable);
    skipped.push(...(plan?.refused ?? []).map((r) => ({ line: lineOf(r.start), reason: r.reason })));
    skipped.sort((a, b) => a.line - b.line);
    const fixed = plan ? keys.filter((k) => plan.fixed.some((f) => f.start === k.start && f.end === k.end)) : [];
    if (!plan || fixed.length === 0) {
      const why = skipped.length > 0 ? skipped.map((s) => `line ${s.line}: ${s.reason}`).join('; ') : `no environment read for ${document.languageId}`;
      throw new VaultError(`Infinipost cannot rewrite this key safely (${why}). Use "Move key to .env" instead, or replace the key by hand.`);
    }
    // Nothing is removed from the file before the key is safely stored.
    const { reports, entries } = await this.store(fixed.map((k) => k.key), document.uri);
    await this.apply(editFor(document, plan.changes));
    this.deps.logger.info(`Moved ${fixed.length} key(s) from ${relative(document.uri)} to the vault; the code now reads ${variable}.${skipped.length ? ` ${skipped.length} left in place.` : ''}`);
    if (interactive) this.announce(entries, variable, document.uri, skipped);
    return { file: relative(document.uri), replaced: fixed.length, variable, stored: reports, skipped };
  }

  async moveToEnvFile(arg: unknown): Promise<{ file: string; envFile: string; variable: string; gitignoreUpdated: boolean; replaced: number }> {
    const target = parseTarget(arg);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    if (document.uri.scheme !== 'file') throw new VaultError('"Move key to .env" needs a file saved in a folder.');
    const { text, keys } = keysFor(document, target);
    if (keys.length === 0) throw new VaultError('There is no hard-coded Infinipost key here.');
    if (new Set(keys.map((k) => k.key)).size > 1) throw new VaultError('This file holds different keys; move them one at a time.');
    // A Stripe key goes to STRIPE_SECRET_KEY, an Infinipost key to the configured variable.
    const variables = new Set(keys.map((k) => attributeKey(text, k.start, k.end)?.variable ?? environmentVariableName().value));
    if (variables.size > 1) throw new VaultError('This key is used both with Stripe and with Infinipost here; move it by hand.');
    const [variable] = variables;
    // Planned before anything is written, so a refusal leaves every file as it was.
    const changes = this.referenceChanges(document, text, keys, variable);
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri ?? vscode.Uri.file(path.dirname(document.uri.fsPath));
    const envUri = vscode.Uri.joinPath(folder, '.env');
    if (envUri.toString() === document.uri.toString()) throw new VaultError('The key is already in .env.');
    await this.writeFile(envUri, upsertDotenvVariable(await this.readFile(envUri), variable, keys[0].key));
    const gitignoreUri = vscode.Uri.joinPath(folder, '.gitignore');
    const gitignore = ensureGitignored(await this.readFile(gitignoreUri), '.env');
    if (gitignore !== undefined) await this.writeFile(gitignoreUri, gitignore);
    const exampleUri = vscode.Uri.joinPath(folder, '.env.example');
    await this.writeFile(exampleUri, upsertEnvExample(await this.readFile(exampleUri), variable));
    await this.apply(editFor(document, changes));
    this.deps.logger.info(`Moved ${maskKey(keys[0].key)} from ${relative(document.uri)} to ${relative(envUri)} (git-ignored).`);
    return { file: relative(document.uri), envFile: relative(envUri), variable, gitignoreUpdated: gitignore !== undefined, replaced: keys.length };
  }

  /** How the file refers to the variable after "Move key to .env": the language's read in code, `${VAR}` in config formats. */
  private referenceChanges(document: vscode.TextDocument, text: string, keys: readonly KeyFinding[], variable: string): TextChange[] {
    const languageId = document.languageId;
    if (supportsEnvRead(languageId)) {
      // In code `${VAR}` inside a template or interpolating string is code, not a placeholder: read the variable.
      const plan = planEnvReadFixes(text, languageId, keys, variable);
      if (plan.refused.length > 0) {
        throw new VaultError(`Infinipost cannot rewrite this key safely (${plan.refused[0].reason}); replace it by hand with a read of ${variable}.`);
      }
      return plan.changes;
    }
    if (INTERPOLATING_LANGUAGES.has(languageId)) {
      throw new VaultError(`In ${languageId} a \${${variable}} placeholder would be code, not a reference; replace the key by hand with a read of ${variable}.`);
    }
    return keys
      .slice()
      .sort((a, b) => b.start - a.start)
      .flatMap((key) => planConfigReference(text, languageId, key.start, key.end, variable))
      .sort((a, b) => a.start - b.start);
  }

  /** Every hard-coded key the workspace scan knows of, in supported languages, as one WorkspaceEdit. */
  async fixAllInWorkspace(interactive: boolean): Promise<{ files: number; keys: number; skipped: Array<{ file: string; reason: string }> }> {
    let findings = this.deps.detection.workspaceFindings();
    if (findings.length === 0) {
      await vscode.commands.executeCommand('infinipost.scanWorkspace');
      findings = this.deps.detection.workspaceFindings();
    }
    const uris = [...new Map(findings.filter((f) => !f.envFile).map((f) => [f.uri.toString(), f.uri])).values()];
    const variable = environmentVariableName().value;
    const edit = new vscode.WorkspaceEdit();
    const skipped: Array<{ file: string; reason: string }> = [];
    const keys: string[] = [];
    const documents: vscode.TextDocument[] = [];
    for (const uri of uris) {
      const document = await vscode.workspace.openTextDocument(uri);
      const { text, keys: found } = keysFor(document, { uri: uri.toString(), all: true });
      const lineOf = (offset: number) => document.positionAt(offset).line + 1;
      const ours: KeyFinding[] = [];
      for (const key of found) {
        const provider = attributeKey(text, key.start, key.end);
        if (provider) skipped.push({ file: relative(uri), reason: `line ${lineOf(key.start)}: ${foreignReason(provider)}` });
        else ours.push(key);
      }
      if (!supportsEnvRead(document.languageId)) {
        if (ours.length) skipped.push({ file: relative(uri), reason: `no environment read for ${document.languageId} files: use "Move key to .env"` });
        continue;
      }
      const plan = this.plan(document, text, ours, variable);
      for (const refused of plan?.refused ?? []) skipped.push({ file: relative(uri), reason: `line ${lineOf(refused.start)}: ${refused.reason}` });
      if (!plan || plan.fixed.length === 0) continue;
      editFor(document, plan.changes, edit);
      keys.push(...ours.filter((k) => plan.fixed.some((f) => f.start === k.start && f.end === k.end)).map((k) => k.key));
      documents.push(document);
    }
    if (keys.length === 0) return { files: 0, keys: 0, skipped };
    if (interactive) {
      const confirmed = await confirmModal(
        `Move ${keys.length} hard-coded key(s) in ${documents.length} file(s) to the Infinipost vault and read ${variable} instead?`,
        'Keys are stored in VS Code\'s secret storage first; the files are changed in one edit you can undo.',
        'Move Keys',
      );
      if (!confirmed) return { files: 0, keys: 0, skipped };
    }
    const { entries } = await this.store(keys, documents[0].uri);
    if (!(await vscode.workspace.applyEdit(edit))) throw new VaultError('VS Code refused the edit; nothing in the files was changed.');
    await Promise.all(documents.map((document) => document.save()));
    if (interactive) this.announce(entries, variable);
    return { files: documents.length, keys: keys.length, skipped };
  }

  private async apply(edit: vscode.WorkspaceEdit): Promise<void> {
    if (!(await vscode.workspace.applyEdit(edit))) throw new VaultError('VS Code refused the edit (the file may have changed); the key is stored, the file is unchanged.');
  }

  private announce(entries: readonly KeyMetadata[], variable: string, file?: vscode.Uri, skipped: ReadonlyArray<{ line: number; reason: string }> = []): void {
    const names = entries.map((entry) => `"${entry.name}" (${maskedKeyOf(entry)})`).join(', ');
    const where = file ? ` ${path.posix.basename(file.path)} now reads ${variable}.` : ` The code now reads ${variable}.`;
    // Different keys (`isProd ? live : test`) now read one variable: say which key each environment gets.
    const perEnvironment =
      entries.length > 1
        ? ` All ${entries.length} keys now read the same variable, so every branch gets the active key: ${entries.map((e) => `"${e.name}" for ${e.environment}`).join(', ')}. Switch with "Infinipost: Select Active Key".`
        : ' New terminals receive the active key.';
    const left = skipped.length > 0 ? ` Left in place: ${skipped.map((s) => `line ${s.line} (${s.reason})`).join('; ')}.` : '';
    // A live key that becomes active asks for terminal consent on its own (see keyInjection).
    void vscode.window.showInformationMessage(`Stored ${names} in the Infinipost vault.${where}${perEnvironment}${left}`, 'Show Keys').then((choice) => {
      if (choice === 'Show Keys') void vscode.commands.executeCommand('infinipost.keys.focus');
    });
  }

  private async readFile(uri: vscode.Uri): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  private async writeFile(uri: vscode.Uri, text: string): Promise<void> {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  }
}

function foreignReason(provider: { provider: string; variable: string; evidence: string }): string {
  return `looks like a ${provider.provider} key (${provider.evidence}); it is not moved into the Infinipost vault: use "Move key to .env" to read ${provider.variable}`;
}

function isScripted(arg: unknown): boolean {
  return !!arg && typeof arg === 'object' && (arg as { interactive?: unknown }).interactive !== true;
}

/** The refactor's commands. Quick fixes pass `{ uri, line, character, interactive: true }`. */
export function refactorCommands(mover: KeyMover): CommandTable {
  return {
    'infinipost.moveKeyToVault': (arg) => mover.moveToVault(arg, !isScripted(arg)),
    'infinipost.moveKeyToEnvFile': (arg) => mover.moveToEnvFile(arg),
    'infinipost.fixAllInWorkspace': (arg) => mover.fixAllInWorkspace(arg === undefined),
  };
}
