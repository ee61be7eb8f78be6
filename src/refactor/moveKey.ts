// The headline flow: a hard-coded key goes into the vault (or a git-ignored .env) and the literal
// becomes the language's environment read, so the program keeps working in a terminal that
// receives the key. The text change is a single WorkspaceEdit: one undo step.
import * as path from 'path';
import * as vscode from 'vscode';
import { dotenvUpsertEffect, dotenvValuesOf, ensureGitignored, planConfigReference, upsertDotenvVariable, upsertEnvExample } from '../core/dotenvFix';
import { TextChange, planEnvReadRefactorAll } from '../core/envReadRefactor';
import { anchorKeys } from '../core/keyAnchor';
import { KeyFinding, detectKeys } from '../core/keyDetector';
import { keyModeOf, suggestedEnvironment } from '../core/keyFormat';
import { KeyMetadata } from '../core/keyIndex';
import { maskKey } from '../core/mask';
import { assertSafeEnvTarget, envFolderFor, readTextFile, restoreTextFile, UnsafeTargetError, writeTextFile } from '../node/envFileSafety';
import { allowList, environmentVariableName } from '../shared/config';
import { CommandTable } from '../shared/commandRegistry';
import { confirmModal } from '../shared/confirm';
import { Logger } from '../shared/logger';
import { ActiveKeys } from '../vault/activeKeys';
import { maskedKeyOf } from '../vault/keyPicker';
import { KeyVault, VaultError } from '../vault/keyVault';
import { DetectionService, isEnvFile } from '../detection/detectionService';
import { runGit } from '../detection/gitStatus';
import { applyFresh } from './freshEdit';
import { historyNotice, saveUnlessKeyRemains } from './localHistory';
import { resolvesInside } from '../node/workspacePaths';

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

export interface MoveToEnvFileResult {
  file: string;
  envFile: string;
  variable: string;
  gitignoreUpdated: boolean;
  replaced: number;
  /** True when .env held a different value for the variable and the person chose to replace it. */
  replacedValue: boolean;
}

/** What `store` did, and how to take back what it added when the move cannot finish. */
interface StoreOutcome {
  reports: StoredKeyReport[];
  entries: KeyMetadata[];
  /** Removes the keys this move added (except `keep`) and the active choice it made. */
  rollback(keep?: ReadonlySet<string>): Promise<void>;
}

function parseTarget(arg: unknown): FixTarget {
  const target = (arg && typeof arg === 'object' ? arg : {}) as Partial<FixTarget>;
  if (typeof target.uri !== 'string') throw new VaultError('Open the file with the hard-coded key and use the quick fix on it.');
  return target as FixTarget;
}

/** The keys a target names in the current text of a document, and every key in it (to find them again later). */
function keysFor(document: vscode.TextDocument, target: FixTarget): { text: string; keys: KeyFinding[]; all: KeyFinding[] } {
  const text = document.getText();
  const { findings } = detectKeys(text, { allow: allowList(document.uri) });
  if (target.all) return { text, keys: findings, all: findings };
  if (typeof target.line !== 'number' || typeof target.character !== 'number') throw new VaultError('The fix needs the position of the key.');
  const offset = document.offsetAt(new vscode.Position(target.line, target.character));
  const key = findings.find((finding) => finding.start <= offset && offset <= finding.end);
  if (!key) throw new VaultError('There is no hard-coded Infinipost key at that position any more.');
  return { text, keys: [key], all: findings };
}

function relative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

export class KeyMover {
  constructor(private readonly deps: RefactorDeps) {}

  /** Stores each distinct key (unless already stored) and makes the first active when none is. */
  async store(keys: readonly string[], file: vscode.Uri): Promise<StoreOutcome> {
    const { vault, active } = this.deps;
    await vault.ready();
    const reports: StoredKeyReport[] = [];
    const entries: KeyMetadata[] = [];
    const added = new Map<string, KeyMetadata>();
    for (const key of [...new Set(keys)]) {
      let entry = await vault.findByValue(key);
      const alreadyStored = entry !== undefined;
      if (!entry) {
        const mode = key.startsWith('sk_live_') ? 'live' : 'test';
        entry = await vault.add({ name: this.uniqueName(`${path.posix.basename(file.path)} (${mode})`), key, environment: suggestedEnvironment(mode) });
        added.set(key, entry);
      }
      entries.push(entry);
      reports.push({ name: entry.name, maskedKey: maskedKeyOf(entry), environment: entry.environment, alreadyStored });
    }
    const madeActive = !active.get() && entries[0] ? entries[0] : undefined;
    if (madeActive) await active.set(madeActive.id);
    const rollback = async (keep: ReadonlySet<string> = new Set()): Promise<void> => {
      for (const [key, entry] of added) {
        if (keep.has(key)) continue;
        if (madeActive?.id === entry.id && active.get()?.id === entry.id) await active.set(undefined);
        await vault.remove(entry.id).catch((error) => this.deps.logger.warn(`Could not take back key "${entry.name}": ${String(error)}`));
      }
    };
    return { reports, entries, rollback };
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
    const { text, keys, all } = keysFor(document, target);
    if (keys.length === 0) return { file: relative(document.uri), replaced: 0, variable, stored: [] };
    if (!this.plan(document, text, keys, variable)) {
      throw new VaultError(
        `Infinipost cannot rewrite this ${document.languageId} file safely. Use "Move key to .env" instead, or replace the key by hand.`,
      );
    }
    const committed = this.committed(document.uri, keys);
    // Nothing is removed from the file before the key is safely stored; the store may wait for a
    // keyring prompt, so the edit is planned again on the text as it is then.
    const stored = await this.store(keys.map((k) => k.key), document.uri);
    let moved: KeyFinding[];
    try {
      const result = await applyFresh([{ uri: document.uri, anchors: anchorKeys(all, keys), plan: (doc, current, found) => this.plan(doc, current, found, variable) }]);
      moved = result.moved[0].keys;
    } catch (error) {
      await stored.rollback();
      throw error instanceof VaultError && stored.reports.some((r) => !r.alreadyStored)
        ? new VaultError(`${error.message} The key was not kept in the vault.`)
        : error;
    }
    this.deps.logger.info(`Moved ${moved.length} key(s) from ${relative(document.uri)} to the vault; the code now reads ${variable}.`);
    if (interactive) this.announce(stored.entries, variable, committed, document.uri);
    return { file: relative(document.uri), replaced: moved.length, variable, stored: stored.reports };
  }

  async moveToEnvFile(arg: unknown, interactive: boolean): Promise<MoveToEnvFileResult> {
    const target = parseTarget(arg);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    if (document.uri.scheme !== 'file') throw new VaultError('"Move key to .env" needs a file saved in a folder.');
    const variable = environmentVariableName().value;
    const { keys, all } = keysFor(document, target);
    if (keys.length === 0) throw new VaultError('There is no hard-coded Infinipost key here.');
    if (new Set(keys.map((k) => k.key)).size > 1) throw new VaultError('This file holds different keys; move them one at a time.');
    const key = keys[0].key;
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? path.dirname(document.uri.fsPath);
    const folder = vscode.Uri.file(await envFolderFor(document.uri.fsPath, workspaceFolder));
    const envUri = vscode.Uri.joinPath(folder, '.env');
    if (envUri.toString() === document.uri.toString()) throw new VaultError('The key is already in .env.');
    const committed = this.committed(document.uri, keys);

    // Everything is checked and read before anything is written.
    const env = await this.guarded(async () => {
      await assertSafeEnvTarget(envUri.fsPath, { git: vscode.workspace.isTrusted ? runGit : undefined });
      return readTextFile(envUri.fsPath);
    });
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === envUri.toString() && d.isDirty)) {
      throw new VaultError('.env is open with unsaved changes. Save or close it, then run the fix again.');
    }
    const effect = dotenvUpsertEffect(env.text, variable, key);
    if (effect === 'replaced' && !(await this.confirmReplace(env.text, variable, interactive))) {
      throw new VaultError(`.env already sets ${variable} to a different value; it was left as it is and nothing was moved.`);
    }
    const gitignoreUri = vscode.Uri.joinPath(folder, '.gitignore');
    const exampleUri = vscode.Uri.joinPath(folder, '.env.example');
    const [gitignoreFile, exampleFile] = await this.guarded(() => Promise.all([readTextFile(gitignoreUri.fsPath, true), readTextFile(exampleUri.fsPath, true)]));

    if (effect !== 'unchanged') await this.guarded(() => writeTextFile(envUri.fsPath, upsertDotenvVariable(env.text, variable, key), env.encoding, { mode: 0o600 }));
    const gitignore = ensureGitignored(gitignoreFile.text, '.env');
    if (gitignore !== undefined) await this.guarded(() => writeTextFile(gitignoreUri.fsPath, gitignore, gitignoreFile.encoding, { followLinks: true }));
    const example = upsertEnvExample(exampleFile.text, variable);
    if (example !== exampleFile.text) await this.guarded(() => writeTextFile(exampleUri.fsPath, example, exampleFile.encoding, { followLinks: true }));

    let moved: KeyFinding[];
    try {
      const result = await applyFresh([{ uri: document.uri, anchors: anchorKeys(all, keys), plan: (doc, current, found) => configReferences(doc, current, found, variable) }]);
      moved = result.moved[0].keys;
    } catch (error) {
      // The literal stays in the file: .env goes back to what it was.
      if (effect !== 'unchanged') {
        await restoreTextFile(envUri.fsPath, env).catch((e) => this.deps.logger.warn(`Could not restore .env: ${String(e)}`));
      }
      throw error;
    }
    this.deps.logger.info(`Moved ${maskKey(key)} from ${relative(document.uri)} to ${relative(envUri)} (git-ignored).`);
    if (interactive) {
      const message = `Moved ${maskKey(key)} to ${relative(envUri)} (git-ignored); ${path.posix.basename(document.uri.path)} now references \${${variable}}.`;
      this.notify(message, committed, ['Open .env'], (choice) => {
        if (choice === 'Open .env') vscode.window.showTextDocument(envUri).then(undefined, (e) => this.deps.logger.warn(`Could not open .env: ${String(e)}`));
      });
    }
    return { file: relative(document.uri), envFile: relative(envUri), variable, gitignoreUpdated: gitignore !== undefined, replaced: moved.length, replacedValue: effect === 'replaced' };
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
    const skipped: Array<{ file: string; reason: string }> = [];
    const planned: Array<{ uri: vscode.Uri; keys: KeyFinding[]; all: KeyFinding[] }> = [];
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
    for (const uri of uris) {
      // A link found by the scan may point out of the workspace: never rewrite a file there.
      if (uri.scheme === 'file' && !(await resolvesInside(uri.fsPath, folders))) {
        skipped.push({ file: relative(uri), reason: 'a link to a file outside the workspace folders: not changed' });
        continue;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      const { text, keys, all } = keysFor(document, { uri: uri.toString(), all: true });
      if (!this.plan(document, text, keys, variable)) {
        if (keys.length) skipped.push({ file: relative(uri), reason: `no safe environment read for ${document.languageId}: use "Move key to .env"` });
        continue;
      }
      planned.push({ uri, keys, all });
    }
    const keys = planned.flatMap((p) => p.keys.map((k) => k.key));
    if (keys.length === 0) return { files: 0, keys: 0, skipped };
    // Rewriting many files always asks a person, whoever ran the command.
    const confirmed = await confirmModal(
      `${interactive ? '' : 'A script or another extension asks to rewrite files. '}Move ${keys.length} hard-coded key(s) in ${planned.length} file(s) to the Infinipost vault and read ${variable} instead?`,
      'Keys are stored in VS Code\'s secret storage first; the files are changed in one edit you can undo.',
      'Move Keys',
    );
    if (!confirmed) {
      if (interactive) return { files: 0, keys: 0, skipped };
      throw new VaultError('Moving the keys in the workspace was not confirmed by the user; no file was changed.');
    }
    const committed = planned.some((p) => this.committed(p.uri, p.keys));
    const stored = await this.store(keys, planned[0].uri);
    let result;
    try {
      // Planned before the dialog and the secret store: applied to the files as they are now.
      result = await applyFresh(
        planned.map((p) => ({ uri: p.uri, anchors: anchorKeys(p.all, p.keys), plan: (doc, current, found) => this.plan(doc, current, found, variable) })),
        { skipStale: true },
      );
    } catch (error) {
      await stored.rollback();
      throw error;
    }
    for (const uri of result.stale) skipped.push({ file: relative(uri), reason: 'changed while the keys were being stored; nothing in it was changed' });
    const moved = new Set(result.moved.flatMap((m) => m.keys.map((k) => k.key)));
    await stored.rollback(moved); // keys whose every file changed meanwhile are not kept
    for (const { document } of result.moved) {
      if (!document.isDirty) continue; // written to its file already (it still holds an ignored key)
      if (!(await saveUnlessKeyRemains(document))) {
        skipped.push({ file: relative(document.uri), reason: 'left unsaved: it still holds a key, and saving would copy it into VS Code\'s Local History' });
      }
    }
    const keyCount = result.moved.reduce((n, m) => n + m.keys.length, 0);
    const distinct = [...new Set(keys)]; // store() reports in this order
    if (interactive && keyCount > 0) this.announce(stored.entries.filter((_, i) => moved.has(distinct[i])), variable, committed);
    return { files: result.moved.length, keys: keyCount, skipped };
  }

  /** Whether git's last commit of the file holds any of these keys (from the detection service's answer). */
  private committed(uri: vscode.Uri, keys: readonly KeyFinding[]): boolean {
    const values = new Set(keys.map((k) => k.key));
    return this.deps.detection.findingsFor(uri).some((f) => f.git === 'committed' && values.has(f.key));
  }

  private async confirmReplace(envText: string | undefined, variable: string, interactive: boolean): Promise<boolean> {
    if (!interactive) return false;
    const current = dotenvValuesOf(envText, variable).find((value) => value.trim() !== '') ?? '';
    // Only a key is shown (masked); any other value might be a secret of its own.
    const shown = keyModeOf(current) ? ` (${maskKey(current)})` : '';
    return confirmModal(
      `.env already sets ${variable} to a different value${shown}. Replace it?`,
      'The old value is lost unless it is stored somewhere else (for example in the Infinipost vault).',
      'Replace',
    );
  }

  /** Runs file work and turns a refusal into the message a person reads. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UnsafeTargetError) throw new VaultError(error.message);
      throw error;
    }
  }

  private announce(entries: readonly KeyMetadata[], variable: string, committed: boolean, file?: vscode.Uri): void {
    const names = entries.map((entry) => `"${entry.name}" (${maskedKeyOf(entry)})`).join(', ');
    const where = file ? ` ${path.posix.basename(file.path)} now reads ${variable}.` : ` The code now reads ${variable}.`;
    // A live key that becomes active asks for terminal consent on its own (see keyInjection).
    const message = `Stored ${names} in the Infinipost vault.${where} New terminals receive the active key.`;
    this.notify(message, committed, ['Show Keys'], (choice) => choice === 'Show Keys' && void vscode.commands.executeCommand('infinipost.keys.focus'));
  }

  /** The one notification a finished move shows, with what may still hold the key. */
  private notify(message: string, committed: boolean, actions: string[], onChoice: (choice: string | undefined) => unknown): void {
    const rotate = 'Rotate Key';
    const items = committed ? [...actions, rotate] : actions;
    void vscode.window.showInformationMessage(`${message} ${historyNotice(committed)}`.trim(), ...items).then((choice) => {
      if (choice === rotate) void vscode.commands.executeCommand('infinipost.rotateKey');
      else onChoice(choice);
    });
  }
}

/** `${VARIABLE}` references for keys in a config file (the .env move). */
function configReferences(document: vscode.TextDocument, text: string, keys: readonly KeyFinding[], variable: string): TextChange[] {
  return keys
    .slice()
    .sort((a, b) => b.start - a.start)
    .flatMap((key) => planConfigReference(text, document.languageId, key.start, key.end, variable))
    .sort((a, b) => a.start - b.start);
}

/** The refactor's commands. Quick fixes pass `{ uri, line, character }` objects marked as our own UI. */
export function refactorCommands(mover: KeyMover): CommandTable {
  return {
    'infinipost.moveKeyToVault': (arg, { interactive }) => mover.moveToVault(arg, interactive),
    'infinipost.moveKeyToEnvFile': (arg, { interactive }) => mover.moveToEnvFile(arg, interactive),
    'infinipost.fixAllInWorkspace': (_arg, { interactive }) => mover.fixAllInWorkspace(interactive),
  };
}
