// The headline flow: a hard-coded key goes into the vault (or a git-ignored .env) and the literal
// becomes the language's environment read, so the program keeps working in a terminal that
// receives the key. The text change is a single WorkspaceEdit: one undo step.
import * as path from 'path';
import * as vscode from 'vscode';
import { ensureGitignored, planConfigReference, upsertDotenvVariable, upsertEnvExample } from '../core/dotenvFix';
import { TextChange, planEnvReadRefactorAll } from '../core/envReadRefactor';
import { KeyFinding, detectKeys } from '../core/keyDetector';
import { suggestedEnvironment } from '../core/keyFormat';
import { KeyMetadata } from '../core/keyIndex';
import { maskKey } from '../core/mask';
import { allowList, environmentVariableName } from '../shared/config';
import { CommandTable } from '../shared/commandRegistry';
import { confirmModal } from '../shared/confirm';
import { Logger, runFollowUp } from '../shared/logger';
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
}

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
  return { text, keys: [key] };
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

  /** Plans the environment-read rewrite; undefined when the language or the spot cannot be handled safely. */
  plan(document: vscode.TextDocument, text: string, keys: readonly KeyFinding[], variable: string): TextChange[] | undefined {
    if (keys.length === 0 || isEnvFile(document.uri)) return undefined;
    return planEnvReadRefactorAll(text, document.languageId, keys, variable);
  }

  async moveToVault(arg: unknown, interactive: boolean): Promise<MoveToVaultResult> {
    const target = parseTarget(arg);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    const variable = environmentVariableName().value;
    const { text, keys } = keysFor(document, target);
    if (keys.length === 0) return { file: relative(document.uri), replaced: 0, variable, stored: [] };
    const changes = this.plan(document, text, keys, variable);
    if (!changes) {
      throw new VaultError(
        `Infinipost cannot rewrite this ${document.languageId} file safely. Use "Move key to .env" instead, or replace the key by hand.`,
      );
    }
    // Nothing is removed from the file before the key is safely stored.
    const { reports, entries } = await this.store(keys.map((k) => k.key), document.uri);
    await this.apply(editFor(document, changes));
    this.deps.logger.info(`Moved ${keys.length} key(s) from ${relative(document.uri)} to the vault; the code now reads ${variable}.`);
    if (interactive) this.announce(entries, variable, document.uri);
    return { file: relative(document.uri), replaced: keys.length, variable, stored: reports };
  }

  async moveToEnvFile(arg: unknown): Promise<{ file: string; envFile: string; variable: string; gitignoreUpdated: boolean; replaced: number }> {
    const target = parseTarget(arg);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    if (document.uri.scheme !== 'file') throw new VaultError('"Move key to .env" needs a file saved in a folder.');
    const variable = environmentVariableName().value;
    const { text, keys } = keysFor(document, target);
    if (keys.length === 0) throw new VaultError('There is no hard-coded Infinipost key here.');
    if (new Set(keys.map((k) => k.key)).size > 1) throw new VaultError('This file holds different keys; move them one at a time.');
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri ?? vscode.Uri.file(path.dirname(document.uri.fsPath));
    const envUri = vscode.Uri.joinPath(folder, '.env');
    if (envUri.toString() === document.uri.toString()) throw new VaultError('The key is already in .env.');
    await this.writeFile(envUri, upsertDotenvVariable(await this.readFile(envUri), variable, keys[0].key));
    const gitignoreUri = vscode.Uri.joinPath(folder, '.gitignore');
    const gitignore = ensureGitignored(await this.readFile(gitignoreUri), '.env');
    if (gitignore !== undefined) await this.writeFile(gitignoreUri, gitignore);
    const exampleUri = vscode.Uri.joinPath(folder, '.env.example');
    await this.writeFile(exampleUri, upsertEnvExample(await this.readFile(exampleUri), variable));
    const changes = keys
      .slice()
      .sort((a, b) => b.start - a.start)
      .flatMap((key) => planConfigReference(text, document.languageId, key.start, key.end, variable))
      .sort((a, b) => a.start - b.start);
    await this.apply(editFor(document, changes));
    this.deps.logger.info(`Moved ${maskKey(keys[0].key)} from ${relative(document.uri)} to ${relative(envUri)} (git-ignored).`);
    return { file: relative(document.uri), envFile: relative(envUri), variable, gitignoreUpdated: gitignore !== undefined, replaced: keys.length };
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
      const changes = this.plan(document, text, found, variable);
      if (!changes) {
        if (found.length) skipped.push({ file: relative(uri), reason: `no safe environment read for ${document.languageId}: use "Move key to .env"` });
        continue;
      }
      editFor(document, changes, edit);
      keys.push(...found.map((k) => k.key));
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

  private announce(entries: readonly KeyMetadata[], variable: string, file?: vscode.Uri): void {
    const names = entries.map((entry) => `"${entry.name}" (${maskedKeyOf(entry)})`).join(', ');
    const where = file ? ` ${path.posix.basename(file.path)} now reads ${variable}.` : ` The code now reads ${variable}.`;
    // A live key that becomes active asks for terminal consent on its own (see keyInjection).
    void vscode.window.showInformationMessage(`Stored ${names} in the Infinipost vault.${where} New terminals receive the active key.`, 'Show Keys').then((choice) => {
      if (choice === 'Show Keys') runFollowUp(this.deps.logger, () => vscode.commands.executeCommand('infinipost.keys.focus'));
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
