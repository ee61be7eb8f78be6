// The headline flow: a hard-coded key goes into the vault (or a git-ignored .env) and the literal
// becomes the language's environment read, so the program keeps working in a terminal that
// receives the key. The text change is a single WorkspaceEdit: one undo step.
import * as path from 'path';
import * as vscode from 'vscode';
import { dotenvUpsertEffect, dotenvValuesOf, ensureGitignored, planConfigReference, upsertDotenvVariable, upsertEnvExample } from '../core/dotenvFix';
import { EnvReadFixPlan, TextChange, planEnvReadFixes, sameLineCopies, supportsEnvRead } from '../core/envReadRefactor';
import { anchorKeys } from '../core/keyAnchor';
import { attributeKey } from '../core/keyAttribution';
import { KeyFinding } from '../core/keyDetector';
import { suggestedEnvironment } from '../core/keyFormat';
import { KeyMetadata } from '../core/keyIndex';
import { maskKey, maskedKeyOf } from '../core/mask';
import { keyModeOf } from '../core/keyTypes';
import { assertSafeEnvTarget, envFolderFor, readTextFile, restoreTextFile, UnsafeTargetError, writeTextFile } from '../node/envFileSafety';
import { environmentVariableName } from '../shared/config';
import { CommandTable } from '../shared/commandRegistry';
import { confirmModal } from '../shared/confirm';
import { Logger, runFollowUp } from '../shared/logger';
import { ActiveKeys } from '../vault/activeKeys';
import { KeyVault } from '../vault/keyVault';
import { UserError } from '../shared/userError';
import { DetectionService, isEnvFile } from '../detection/detectionService';
import type { LiveConsent } from '../injection/keyInjection';
import { runGit } from '../node/gitStatus';
import { applyFresh } from './freshEdit';
import { historyNotice, saveUnlessKeyRemains } from './localHistory';
import { placeOf } from '../node/workspacePaths';

export interface RefactorDeps {
  vault: KeyVault;
  active: ActiveKeys;
  detection: DetectionService;
  /** Lets the move's notification ask the live-key question itself (one notification, one decision). */
  liveConsent: LiveConsent;
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
  /** The keys this move added to the vault (named after their environment: the notification offers Rename). */
  added: KeyMetadata[];
  /** The live key this move made active, whose terminal question the move's notification asks. */
  liveQuestion?: KeyMetadata;
  /** Removes the keys this move added (except `keep`) and the active choice it made. */
  rollback(keep?: ReadonlySet<string>): Promise<void>;
}

// Languages where `${VAR}` inside a string is interpolation (code), not a placeholder a tool fills in:
// the `.env` fix must not write it there. Languages with an environment read use that instead.
const INTERPOLATING_LANGUAGES = new Set(['perl', 'groovy', 'scala', 'haxe', 'coffeescript', 'julia', 'nim', 'crystal', 'terraform']);

function parseTarget(arg: unknown): FixTarget {
  const target = (arg && typeof arg === 'object' ? arg : {}) as Partial<FixTarget>;
  if (typeof target.uri !== 'string') throw new UserError('Open the file with the hard-coded key and use the quick fix on it.');
  return target as FixTarget;
}

/** The keys a target names in the current text of a document, and every key in it (to find them again later). */
function keysFor(detection: Pick<DetectionService, 'currentKeys'>, document: vscode.TextDocument, target: FixTarget): { text: string; keys: KeyFinding[]; all: KeyFinding[] } {
  const text = document.getText();
  const findings = detection.currentKeys(document);
  if (target.all) return { text, keys: findings, all: findings };
  if (typeof target.line !== 'number' || typeof target.character !== 'number') throw new UserError('The fix needs the position of the key.');
  const offset = document.offsetAt(new vscode.Position(target.line, target.character));
  const key = findings.find((finding) => finding.start <= offset && offset <= finding.end);
  if (!key) throw new UserError('There is no hard-coded Infinipost key at that position any more.');
  // A copy of the key in a comment on the same line goes too.
  return { text, keys: sameLineCopies(text, findings, key), all: findings };
}

function relative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

const ALLOW_LIVE = 'Allow in This Workspace';
const RENAME = 'Rename…';
const SHOW_KEYS = 'Show Keys';

export class KeyMover {
  constructor(private readonly deps: RefactorDeps) {}

  /** The keys in a document's current text, as the diagnostics report them. */
  currentKeys(document: vscode.TextDocument): KeyFinding[] {
    return this.deps.detection.currentKeys(document);
  }

  private fresh(): { keysIn: (document: vscode.TextDocument) => KeyFinding[] } {
    return { keysIn: (document) => this.currentKeys(document) };
  }

  /**
   * Stores each distinct key (unless already stored) and makes the first active when none is. A new
   * key is named after its environment ("Production", "Development"); `interactive` moves take the
   * live-key question into their own notification.
   */
  async store(keys: readonly string[], interactive: boolean): Promise<StoreOutcome> {
    const { vault, active } = this.deps;
    await vault.ready();
    const reports: StoredKeyReport[] = [];
    const entries: KeyMetadata[] = [];
    const added = new Map<string, KeyMetadata>();
    for (const key of [...new Set(keys)]) {
      let entry = await vault.findByValue(key);
      const alreadyStored = entry !== undefined;
      if (!entry) {
        const environment = suggestedEnvironment(keyModeOf(key) ?? 'test');
        entry = await vault.add({ name: this.uniqueName(environment), key, environment });
        added.set(key, entry);
      }
      entries.push(entry);
      reports.push({ name: entry.name, maskedKey: maskedKeyOf(entry), environment: entry.environment, alreadyStored });
    }
    const madeActive = !active.get() && entries[0] ? entries[0] : undefined;
    // Taken before the key becomes active: the injection would otherwise ask in a second notification.
    const liveQuestion = interactive && madeActive && this.deps.liveConsent.takeLiveConsentQuestion(madeActive) ? madeActive : undefined;
    if (madeActive) await active.set(madeActive.id);
    const rollback = async (keep: ReadonlySet<string> = new Set()): Promise<void> => {
      for (const [key, entry] of added) {
        if (keep.has(key)) continue;
        if (madeActive?.id === entry.id && active.get()?.id === entry.id) await active.set(undefined);
        await vault.remove(entry.id).catch((error) => this.deps.logger.warn(`Could not take back key "${entry.name}": ${String(error)}`));
      }
    };
    return { reports, entries, added: [...added.values()], liveQuestion, rollback };
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
    const { text, keys: found, all } = keysFor(this.deps.detection, document, target);
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
      throw new UserError(`Infinipost cannot rewrite this key safely (${why}). Use "Move key to .env" instead, or replace the key by hand.`);
    }
    const committed = this.committed(document.uri, fixed);
    // Nothing is removed from the file before the key is safely stored; the store may wait for a
    // keyring prompt, so the edit is planned again on the text as it is then.
    const stored = await this.store(fixed.map((k) => k.key), interactive);
    let moved: KeyFinding[];
    try {
      const result = await applyFresh([{ uri: document.uri, anchors: anchorKeys(all, fixed), plan: (doc, current, keysNow) => this.plan(doc, current, keysNow, variable)?.changes }], this.fresh());
      moved = result.moved[0].keys;
    } catch (error) {
      await stored.rollback();
      throw error instanceof UserError && stored.reports.some((r) => !r.alreadyStored)
        ? new UserError(`${error.message} The key was not kept in the vault.`)
        : error;
    }
    this.deps.logger.info(`Moved ${moved.length} key(s) from ${relative(document.uri)} to the vault; the code now reads ${variable}.${skipped.length ? ` ${skipped.length} left in place.` : ''}`);
    if (interactive) this.announce(stored, stored.entries, variable, committed, document.uri, skipped);
    return { file: relative(document.uri), replaced: moved.length, variable, stored: stored.reports, skipped };
  }

  async moveToEnvFile(arg: unknown, interactive: boolean): Promise<MoveToEnvFileResult> {
    const target = parseTarget(arg);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    if (document.uri.scheme !== 'file') throw new UserError('"Move key to .env" needs a file saved in a folder.');
    const { text, keys, all } = keysFor(this.deps.detection, document, target);
    if (keys.length === 0) throw new UserError('There is no hard-coded Infinipost key here.');
    if (new Set(keys.map((k) => k.key)).size > 1) throw new UserError('This file holds different keys; move them one at a time.');
    const key = keys[0].key;
    // A Stripe key goes to STRIPE_SECRET_KEY, an Infinipost key to the configured variable.
    const variables = new Set(keys.map((k) => attributeKey(text, k.start, k.end)?.variable ?? environmentVariableName().value));
    if (variables.size > 1) throw new UserError('This key is used both with Stripe and with Infinipost here; move it by hand.');
    const [variable] = variables;
    // Planned before anything is written, so a refusal leaves every file as it was.
    this.referenceChanges(document, text, keys, variable);
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? path.dirname(document.uri.fsPath);
    const folder = vscode.Uri.file(await envFolderFor(document.uri.fsPath, workspaceFolder));
    const envUri = vscode.Uri.joinPath(folder, '.env');
    if (envUri.toString() === document.uri.toString()) throw new UserError('The key is already in .env.');
    const committed = this.committed(document.uri, keys);

    // Everything is checked and read before anything is written.
    const env = await this.guarded(async () => {
      await assertSafeEnvTarget(envUri.fsPath, { git: vscode.workspace.isTrusted ? runGit : undefined });
      return readTextFile(envUri.fsPath);
    });
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === envUri.toString() && d.isDirty)) {
      throw new UserError('.env is open with unsaved changes. Save or close it, then run the fix again.');
    }
    const effect = dotenvUpsertEffect(env.text, variable, key);
    if (effect === 'replaced' && !(await this.confirmReplace(env.text, variable, interactive))) {
      throw new UserError(`.env already sets ${variable} to a different value; it was left as it is and nothing was moved.`);
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
      const result = await applyFresh([{ uri: document.uri, anchors: anchorKeys(all, keys), plan: (doc, current, found) => this.referenceChanges(doc, current, found, variable) }], this.fresh());
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
      const message = `Moved ${maskKey(key)} to ${relative(envUri)} (git-ignored); ${path.posix.basename(document.uri.path)} now reads ${variable}.`;
      this.notify(message, committed, ['Open .env'], (choice) => {
        if (choice === 'Open .env') vscode.window.showTextDocument(envUri).then(undefined, (e) => this.deps.logger.warn(`Could not open .env: ${String(e)}`));
      });
    }
    return { file: relative(document.uri), envFile: relative(envUri), variable, gitignoreUpdated: gitignore !== undefined, replaced: moved.length, replacedValue: effect === 'replaced' };
  }

  /** How the file refers to the variable after "Move key to .env": the language's read in code, `${VAR}` in config formats. */
  private referenceChanges(document: vscode.TextDocument, text: string, keys: readonly KeyFinding[], variable: string): TextChange[] {
    const languageId = document.languageId;
    if (supportsEnvRead(languageId)) {
      // In code `${VAR}` inside a template or interpolating string is code, not a placeholder: read the variable.
      const plan = planEnvReadFixes(text, languageId, keys, variable);
      if (plan.refused.length > 0) {
        throw new UserError(`Infinipost cannot rewrite this key safely (${plan.refused[0].reason}); replace it by hand with a read of ${variable}.`);
      }
      return plan.changes;
    }
    if (INTERPOLATING_LANGUAGES.has(languageId)) {
      throw new UserError(`In ${languageId} a \${${variable}} placeholder would be code, not a reference; replace the key by hand with a read of ${variable}.`);
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
    const skipped: Array<{ file: string; reason: string }> = [];
    const planned: Array<{ uri: vscode.Uri; keys: KeyFinding[]; all: KeyFinding[] }> = [];
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
    for (const uri of uris) {
      // A link found by the scan may point out of the workspace: never rewrite a file there.
      const place = uri.scheme === 'file' ? await placeOf(uri.fsPath, folders) : 'inside';
      if (place === 'missing') {
        // Deleted on disk, still held by an editor or an extension: the workspace no longer has it,
        // and an edit would bring the file (and its key) back on the next save.
        skipped.push({ file: relative(uri), reason: 'deleted on disk (only an editor still holds it): not changed' });
        continue;
      }
      if (place === 'outside') {
        skipped.push({ file: relative(uri), reason: 'a link to a file outside the workspace folders: not changed' });
        continue;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      const { text, keys: found, all } = keysFor(this.deps.detection, document, { uri: uri.toString(), all: true });
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
      planned.push({ uri, keys: ours.filter((k) => plan.fixed.some((f) => f.start === k.start && f.end === k.end)), all });
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
      throw new UserError('Moving the keys in the workspace was not confirmed by the user; no file was changed.');
    }
    const committed = planned.some((p) => this.committed(p.uri, p.keys));
    const stored = await this.store(keys, interactive);
    let result;
    try {
      // Planned before the dialog and the secret store: applied to the files as they are now.
      result = await applyFresh(
        planned.map((p) => ({ uri: p.uri, anchors: anchorKeys(p.all, p.keys), plan: (doc, current, found) => this.plan(doc, current, found, variable)?.changes })),
        { ...this.fresh(), skipStale: true },
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
      const saved = await saveUnlessKeyRemains(document);
      if (saved === 'holds a key') {
        skipped.push({ file: relative(document.uri), reason: 'left unsaved: it still holds a key, and saving would copy it into VS Code\'s Local History' });
      } else if (!saved) {
        this.deps.logger.warn(`VS Code did not save ${relative(document.uri)} after the move; the change is in the editor, unsaved.`);
        skipped.push({ file: relative(document.uri), reason: 'changed in the editor but VS Code did not save it: save it yourself' });
      }
    }
    const keyCount = result.moved.reduce((n, m) => n + m.keys.length, 0);
    const distinct = [...new Set(keys)]; // store() reports in this order
    if (interactive && keyCount > 0) this.announce(stored, stored.entries.filter((_, i) => moved.has(distinct[i])), variable, committed);
    else if (stored.liveQuestion) this.deps.liveConsent.returnLiveConsentQuestion(stored.liveQuestion);
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
      if (error instanceof UnsafeTargetError) throw new UserError(error.message);
      throw error;
    }
  }

  /**
   * The one notification a finished move shows: what was stored and where the code reads it, then
   * the one decision left — for a live key this move made active, whether terminals get it (the
   * injection leaves that question to this notification); otherwise nothing to decide, with Rename
   * for a key named after its environment here.
   */
  private announce(stored: StoreOutcome, entries: readonly KeyMetadata[], variable: string, committed: boolean, file?: vscode.Uri, skipped: ReadonlyArray<{ line: number; reason: string }> = []): void {
    const names = entries.map((entry) => `"${entry.name}" (${maskedKeyOf(entry)})`).join(', ');
    const where = file ? ` ${path.posix.basename(file.path)} now reads ${variable}.` : ` The code now reads ${variable}.`;
    const kept = (entry: KeyMetadata | undefined) => (entry && entries.some((e) => e.id === entry.id) ? entry : undefined);
    const live = kept(stored.liveQuestion);
    if (stored.liveQuestion && !live) this.deps.liveConsent.returnLiveConsentQuestion(stored.liveQuestion);
    const added = stored.added.filter((entry) => kept(entry) !== undefined);
    const renamable = added.length === 1 ? added[0] : undefined;
    // Different keys (`isProd ? live : test`) now read one variable: say which key each environment gets.
    const perEnvironment =
      entries.length > 1
        ? ` All ${entries.length} keys now read the same variable, so every branch gets the active key: ${entries.map((e) => `"${e.name}" for ${e.environment}`).join(', ')}. Switch with "Infinipost: Select Active Key".`
        : live
          ? ''
          : ' New terminals receive the active key.';
    const left = skipped.length > 0 ? ` Left in place: ${skipped.map((s) => `line ${s.line} (${s.reason})`).join('; ')}.` : '';
    const question = live ? `"${live.name}" is a live key: give it to new terminals and debug sessions in this workspace? Every program started there can read it.` : '';
    const actions = [...(live ? [ALLOW_LIVE] : []), ...(renamable ? [RENAME] : []), ...(live ? [] : [SHOW_KEYS])];
    this.notify(`Stored ${names} in the Infinipost vault.${where}${perEnvironment}${left}`, committed, actions, (choice) => {
      if (choice === ALLOW_LIVE && live) runFollowUp(this.deps.logger, () => this.deps.liveConsent.allowLive(live));
      else if (choice === RENAME && renamable) runFollowUp(this.deps.logger, () => this.rename(renamable, live));
      else if (choice === SHOW_KEYS) runFollowUp(this.deps.logger, () => vscode.commands.executeCommand('infinipost.keys.focus'));
      // Closed: "not now", as the injection's own question has it; the status bar says how to allow later.
    }, question);
  }

  /** "Rename…" from the move's notification; a live-key question it left unanswered is asked afterwards. */
  private async rename(entry: KeyMetadata, live: KeyMetadata | undefined): Promise<void> {
    try {
      await vscode.commands.executeCommand('infinipost.renameKey', { id: entry.id });
    } finally {
      if (live) this.deps.liveConsent.returnLiveConsentQuestion(live);
    }
  }

  /** The one notification a finished move shows, with what may still hold the key; `question` comes last, next to its buttons. */
  private notify(message: string, committed: boolean, actions: string[], onChoice: (choice: string | undefined) => unknown, question = ''): void {
    const rotate = 'Rotate Key';
    const items = committed ? [...actions, rotate] : actions;
    const text = [message, historyNotice(committed), question].filter((part) => part !== '').join(' ');
    void vscode.window.showInformationMessage(text, ...items).then((choice) => {
      if (choice === rotate) runFollowUp(this.deps.logger, () => vscode.commands.executeCommand('infinipost.rotateKey'));
      else onChoice(choice);
    });
  }
}

function foreignReason(provider: { provider: string; variable: string; evidence: string }): string {
  return `looks like a ${provider.provider} key (${provider.evidence}); it is not moved into the Infinipost vault: use "Move key to .env" to read ${provider.variable}`;
}

/** The refactor's commands. Quick fixes pass `{ uri, line, character }` objects marked as our own UI. */
export function refactorCommands(mover: KeyMover): CommandTable {
  return {
    'infinipost.moveKeyToVault': (arg, { interactive }) => mover.moveToVault(arg, interactive),
    'infinipost.moveKeyToEnvFile': (arg, { interactive }) => mover.moveToEnvFile(arg, interactive),
    'infinipost.fixAllInWorkspace': (_arg, { interactive }) => mover.fixAllInWorkspace(interactive),
  };
}
