// Handlers for the key vault's commands. Every handler accepts an optional argument object that
// names the key (and what to do with it) so it needs no picker, and returns a description of what
// happened: names, environments and masked keys only, because any installed extension can call
// these commands. Removing a key always asks a person in a modal, and copying one asks for live keys
// and for every call that does not come from our own UI (see Invocation).
import * as vscode from 'vscode';
import type { LiveConsent } from '../injection/keyInjection';
import { environmentMismatch, normalizeKeyInput, suggestedEnvironment, validateKeyInput, validateKeyName } from '../core/keyFormat';
import { keyModeOf, keyPrefix } from '../core/keyTypes';
import { maskedKeyOf } from '../core/mask';
import { KeyMetadata } from '../core/keyIndex';
import { ENVIRONMENTS, Environment, KeyMode } from '../core/keyTypes';
import { CommandTable, Invocation, ownUiArgument } from '../shared/commandRegistry';
import { confirmModal } from '../shared/confirm';
import { Logger, runFollowUp } from '../shared/logger';
import { ActiveKeys } from './activeKeys';
import { KeyTarget, keyFromArgument, pickKey } from './keyPicker';
import { KeyVault } from './keyVault';
import { UserError } from '../shared/userError';

export interface VaultCommandDeps {
  vault: KeyVault;
  active: ActiveKeys;
  clipboard: Pick<vscode.Clipboard, 'writeText'>;
  /** Stored keys found in pushed git history: refreshKeys reports them. */
  leaks?: { isLeaked(id: string): boolean };
  /** The injection's live-key question, which a key added from the palette asks in its own notification. */
  liveConsent?: () => Pick<LiveConsent, 'takeLiveConsentQuestion' | 'allowLive'>;
  logger: Logger;
}

/** What commands report about a key: never the key itself. */
export interface KeyDescription {
  name: string;
  environment: Environment;
  mode: KeyMode;
  maskedKey: string;
  active: boolean;
}

export function describeKey(entry: KeyMetadata, active: ActiveKeys): KeyDescription {
  return { name: entry.name, environment: entry.environment, mode: entry.mode, maskedKey: maskedKeyOf(entry), active: active.isActiveAnywhere(entry.id) };
}

function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

function folderFromArgument(value: unknown): vscode.WorkspaceFolder | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === value || f.uri.toString() === value || f.uri.fsPath === value);
  if (!folder) throw new UserError(`No workspace folder "${value.slice(0, 200)}" is open.`);
  return folder;
}

/** The vault's command table: command id → handler. */
export function vaultCommands(deps: VaultCommandDeps): CommandTable {
  return {
    'infinipost.addKey': (arg) => addKey(deps, arg),
    'infinipost.selectKey': (arg) => selectKey(deps, arg),
    'infinipost.renameKey': (arg) => renameKey(deps, arg),
    'infinipost.removeKey': (arg, invocation) => removeKey(deps, arg, invocation),
    'infinipost.copyKey': (arg, invocation) => copyKey(deps, arg, invocation),
    'infinipost.refreshKeys': () => refreshKeys(deps),
  };
}

async function target(deps: VaultCommandDeps, arg: unknown, placeHolder: string): Promise<KeyMetadata | undefined> {
  const { vault, active } = deps;
  await vault.ready();
  return keyFromArgument(vault, arg as KeyTarget) ?? (await pickKey(vault, placeHolder, active.get()?.id));
}

async function addKey(deps: VaultCommandDeps, arg?: unknown): Promise<KeyDescription | undefined> {
  const { vault } = deps;
  await vault.ready();
  const input = (arg && typeof arg === 'object' ? arg : {}) as { name?: unknown; key?: unknown; environment?: unknown };
  if (typeof input.key === 'string' || typeof input.name === 'string') {
    if (typeof input.key !== 'string' || typeof input.name !== 'string') throw new UserError('addKey needs both "name" and "key".');
    const key = normalizeKeyInput(input.key);
    const problem = validateKeyInput(key);
    if (problem) throw new UserError(problem);
    if (input.environment !== undefined && !isEnvironment(input.environment)) {
      throw new UserError(`"environment" must be one of ${ENVIRONMENTS.join(', ')}.`);
    }
    const environment = input.environment ?? suggestedEnvironment(keyModeOf(key)!);
    return stored(deps, await vault.add({ name: input.name, key, environment }), false);
  }
  return addKeyInteractively(deps);
}

const ALLOW_LIVE = 'Allow in This Workspace';

async function stored(deps: VaultCommandDeps, entry: KeyMetadata, interactive: boolean): Promise<KeyDescription> {
  const { active } = deps;
  const becomesActive = !active.get();
  // A live key that becomes active waits for the person's consent before terminals get it. Taken
  // before it becomes active, the question goes into this notification instead of a second one.
  const live = interactive && becomesActive && entry.mode === 'live' && deps.liveConsent?.().takeLiveConsentQuestion(entry) === true;
  if (becomesActive) await active.set(entry.id);
  if (interactive) {
    const actions = live ? [ALLOW_LIVE, 'Test Key'] : active.get()?.id === entry.id ? ['Test Key'] : ['Set Active', 'Test Key'];
    const question = live ? ' It is now the active key, and a live one: give it to new terminals and debug sessions in this workspace? Every program started there can read it.' : '';
    void vscode.window
      .showInformationMessage(`Stored "${entry.name}" (${maskedKeyOf(entry)}) for ${entry.environment} in VS Code's secret storage.${question}`, ...actions)
      .then((choice) => {
        if (choice === ALLOW_LIVE) runFollowUp(deps.logger, () => deps.liveConsent!().allowLive(entry));
        if (choice === 'Set Active') runFollowUp(deps.logger, () => vscode.commands.executeCommand('infinipost.selectKey', ownUiArgument({ name: entry.name })));
        if (choice === 'Test Key') runFollowUp(deps.logger, () => vscode.commands.executeCommand('infinipost.testKey', ownUiArgument({ name: entry.name })));
        // Closed: "not now", as the injection's own question has it; the status bar says how to allow later.
      });
  }
  return describeKey(entry, active);
}

async function addKeyInteractively(deps: VaultCommandDeps): Promise<KeyDescription | undefined> {
  const { vault } = deps;
  const names = vault.list().map((entry) => entry.name);
  const name = await vscode.window.showInputBox({
    title: 'Add API Key (1/3): Name',
    prompt: 'A name for this key, as in your Infinipost dashboard',
    placeHolder: 'e.g. Production Server',
    ignoreFocusOut: true,
    validateInput: (value) => validateKeyName(value, names),
  });
  if (name === undefined) return undefined;
  const rawKey = await vscode.window.showInputBox({
    title: 'Add API Key (2/3): Key',
    prompt: `Paste the key (${keyPrefix('live')}… or ${keyPrefix('test')}…). It is stored in VS Code's secret storage and never shown again in full.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => validateKeyInput(value),
  });
  if (rawKey === undefined) return undefined;
  const key = normalizeKeyInput(rawKey);
  const mode = keyModeOf(key)!;
  const environment = await pickEnvironment(mode);
  if (!environment) return undefined;
  return stored(deps, await vault.add({ name, key, environment }), true);
}

async function pickEnvironment(mode: KeyMode): Promise<Environment | undefined> {
  const suggested = suggestedEnvironment(mode);
  const items = ENVIRONMENTS.map((environment) => ({
    label: environment,
    description: environment === suggested ? `suggested for a ${mode} key` : undefined,
    detail: environmentMismatch(mode, environment) ? `$(warning) ${environmentMismatch(mode, environment)}` : undefined,
    environment,
  }));
  const quickPick = vscode.window.createQuickPick<(typeof items)[number]>();
  try {
    quickPick.title = 'Add API Key (3/3): Environment';
    quickPick.placeholder = 'Which environment is this key for?';
    quickPick.items = items;
    quickPick.activeItems = items.filter((item) => item.environment === suggested);
    quickPick.ignoreFocusOut = true;
    const picked = await new Promise<Environment | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.environment ?? quickPick.activeItems[0]?.environment));
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
    if (picked && environmentMismatch(mode, picked)) {
      return (await confirmModal(environmentMismatch(mode, picked)!, 'You can change it later by removing and adding the key.', `Use for ${picked}`)) ? picked : undefined;
    }
    return picked;
  } finally {
    quickPick.dispose();
  }
}

async function selectKey(deps: VaultCommandDeps, arg?: unknown): Promise<KeyDescription | { active: null } | undefined> {
  const { vault, active } = deps;
  await vault.ready();
  const input = (arg && typeof arg === 'object' ? arg : {}) as { name?: unknown; folder?: unknown };
  const folder = folderFromArgument(input.folder);
  if (input.name === null) {
    await active.set(undefined, folder);
    return { active: null };
  }
  let entry = keyFromArgument(vault, arg as KeyTarget);
  let scope = folder;
  if (!entry) {
    entry = await pickKey(vault, 'Select the key terminals, tasks and debug sessions receive', active.get()?.id);
    if (!entry) return undefined;
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length > 1) {
      const choice = await vscode.window.showQuickPick(
        [{ label: 'All folders', folder: undefined }, ...folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f }))],
        { placeHolder: `Use "${entry.name}" for…` },
      );
      if (!choice) return undefined;
      scope = choice.folder;
    }
  }
  await active.set(entry.id, scope);
  return describeKey(entry, active);
}

async function renameKey(deps: VaultCommandDeps, arg?: unknown): Promise<{ name: string; previousName: string } | undefined> {
  const { vault } = deps;
  const entry = await target(deps, arg, 'Select the key to rename');
  if (!entry) return undefined;
  const given = (arg as { newName?: unknown } | undefined)?.newName;
  const newName =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: `Rename "${entry.name}"`,
          value: entry.name,
          validateInput: (value) => validateKeyName(value, vault.list().filter((e) => e.id !== entry.id).map((e) => e.name)),
        });
  if (newName === undefined) return undefined;
  const renamed = await vault.rename(entry.id, newName);
  return { name: renamed.name, previousName: entry.name };
}

async function removeKey(deps: VaultCommandDeps, arg: unknown, { interactive }: Invocation): Promise<{ removed: string } | undefined> {
  const { vault, active } = deps;
  const entry = await target(deps, arg, 'Select the key to remove');
  if (!entry) return undefined;
  // Removal always asks, whoever asked for it: a person in a modal is the only consent there is.
  const activeNote = active.isActiveAnywhere(entry.id) ? ' It is the active key: terminals will stop receiving it.' : '';
  const confirmed = await confirmModal(
    `${interactive ? '' : 'A script or another extension asks to remove a key. '}Remove the key "${entry.name}" (${maskedKeyOf(entry)}, ${entry.environment}) from VS Code?`,
    `This deletes it from VS Code's secret storage only; it stays valid in your Infinipost dashboard until you revoke it there.${activeNote}`,
    'Remove Key',
  );
  if (!confirmed) {
    if (interactive) return undefined;
    throw new UserError(`Removing "${entry.name}" was not confirmed by the user; nothing was removed.`);
  }
  await vault.remove(entry.id);
  return { removed: entry.name };
}

async function copyKey(deps: VaultCommandDeps, arg: unknown, { interactive }: Invocation): Promise<{ copied: boolean; name: string } | undefined> {
  const { vault } = deps;
  const entry = await target(deps, arg, 'Select the key to copy');
  if (!entry) return undefined;
  // The clipboard is readable by every program and extension: live keys always ask, and any key
  // asks when the call does not come from our own UI.
  if (entry.mode === 'live' || !interactive) {
    const confirmed = await confirmModal(
      `${interactive ? '' : 'A script or another extension asks to copy a key. '}Copy the ${entry.mode} key "${entry.name}" to the clipboard?`,
      'Anything that reads the clipboard can read it. Prefer terminal injection or "Add API Key" in other tools.',
      'Copy Key',
    );
    if (!confirmed) return { copied: false, name: entry.name };
  }
  const key = await vault.secret(entry.id);
  if (!key) throw new UserError(`The key "${entry.name}" is missing from secret storage. Remove it and add it again.`);
  await deps.clipboard.writeText(key);
  void vscode.window.setStatusBarMessage(`$(copy) Copied "${entry.name}" (${maskedKeyOf(entry)})`, 4000);
  return { copied: true, name: entry.name };
}

async function refreshKeys(deps: VaultCommandDeps): Promise<{ keys: KeyDescription[] }> {
  const { vault, active } = deps;
  await vault.ready();
  return { keys: vault.list().map((entry) => ({ ...describeKey(entry, active), ...(deps.leaks?.isLeaked(entry.id) ? { leakedInHistory: true } : {}) })) };
}
