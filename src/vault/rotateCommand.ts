// Rotation: the new key is stored first, then takes over wherever the old one was active, and
// the old one is deleted only after explicit confirmation. Nothing is deleted before its
// replacement is safely stored.
import * as vscode from 'vscode';
import { normalizeKeyInput, validateKeyInput } from '../core/keyFormat';
import { dueRotationReminders, formatAge } from '../core/rotation';
import { KeyMetadata } from '../core/keyIndex';
import { maskKey, maskedKeyOf } from '../core/mask';
import { Invocation, ownUiArgument } from '../shared/commandRegistry';
import { rotationReminderDays } from '../shared/config';
import { confirmModal } from '../shared/confirm';
import { Logger, runFollowUp } from '../shared/logger';
import { ActiveKeys } from './activeKeys';
import { KeyTarget, keyFromArgument, pickKey } from './keyPicker';
import { KeyVault } from './keyVault';
import { UserError } from '../shared/userError';
import { LeakRegistry } from './leakRegistry';

export interface RotateResult {
  name: string;
  maskedKey: string;
  previousMaskedKey: string;
  replacedActive: number;
  oldKeyRemoved: boolean;
}

export function rotateCommand(deps: { vault: KeyVault; active: ActiveKeys; now?: () => Date }) {
  const { vault, active } = deps;
  const now = deps.now ?? (() => new Date());
  return async function rotateKey(arg: unknown, invocation: Invocation): Promise<RotateResult | undefined> {
    await vault.ready();
    const input = (arg && typeof arg === 'object' ? arg : {}) as { newKey?: unknown; deleteOld?: unknown };
    const old = keyFromArgument(vault, arg as KeyTarget) ?? (await pickKey(vault, 'Select the key to rotate', active.get()?.id));
    if (!old) return undefined;
    // A new key in the argument means no person typed it: a person confirms in a modal below.
    const scripted = typeof input.newKey === 'string';
    let newKey: string | undefined;
    if (scripted) {
      newKey = normalizeKeyInput(input.newKey as string);
      const problem = validateKeyInput(newKey);
      if (problem) throw new UserError(problem);
    } else {
      const raw = await vscode.window.showInputBox({
        title: `Rotate "${old.name}" (${maskedKeyOf(old)})`,
        prompt: 'Generate a new key in the Infinipost dashboard (Settings → API Keys), then paste it here.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => validateKeyInput(value),
      });
      if (raw === undefined) return undefined;
      newKey = normalizeKeyInput(raw);
    }
    if ((await vault.secret(old.id)) === newKey) throw new UserError('That is the same key. Generate a new key in the Infinipost dashboard first.');
    if (scripted && !(await confirmScriptedRotation(old, newKey, input.deleteOld === true, invocation))) {
      throw new UserError(`Replacing "${old.name}" was not confirmed by the user; nothing was changed.`);
    }

    // The old entry steps aside under a dated name so the new key can take over the name people know.
    const stamp = now().toISOString().slice(0, 10);
    const taken = new Set(vault.list().map((entry) => entry.name.toLowerCase()));
    let oldName = `${old.name.slice(0, 40)} (replaced ${stamp})`;
    for (let n = 2; taken.has(oldName.toLowerCase()); n++) oldName = `${old.name.slice(0, 40)} (replaced ${stamp} #${n})`;
    await vault.rename(old.id, oldName);
    let fresh;
    try {
      fresh = await vault.add({ name: old.name, key: newKey, environment: old.environment, rotatedFrom: old.id });
    } catch (error) {
      await vault.rename(old.id, old.name).catch(() => undefined);
      throw error;
    }
    const replacedActive = await active.replace(old.id, fresh.id);

    let deleteOld = input.deleteOld === true;
    if (!scripted) {
      const choice = await vscode.window.showWarningMessage(
        `"${old.name}" now uses ${maskedKeyOf(fresh)}${replacedActive ? ' and is active where the old key was' : ''}. Delete the old key ${maskedKeyOf(old)} from VS Code?`,
        { modal: true, detail: 'Delete it once your applications work with the new key, and revoke it in the Infinipost dashboard. If you keep it, it stays listed as "' + oldName + '".' },
        'Delete Old Key',
        'Keep Old Key for Now',
      );
      deleteOld = choice === 'Delete Old Key';
    }
    if (deleteOld) await vault.remove(old.id);
    return { name: fresh.name, maskedKey: maskedKeyOf(fresh), previousMaskedKey: maskedKeyOf(old), replacedActive, oldKeyRemoved: deleteOld };
  };
}

/** Asks a person before a key given by a script replaces a stored one (and, if asked, deletes it). */
function confirmScriptedRotation(old: KeyMetadata, newKey: string, deleteOld: boolean, { interactive }: Invocation): Promise<boolean> {
  const who = interactive ? '' : 'A script or another extension asks to replace a key. ';
  return confirmModal(
    `${who}Replace "${old.name}" (${maskedKeyOf(old)}) with the key ${maskKey(newKey)}${deleteOld ? ' and delete the old key from VS Code' : ''}?`,
    `The new key takes over the name "${old.name}" and becomes active wherever the old one was, so terminals, tasks and debug sessions receive it.${
      deleteOld ? ' The old key is deleted from VS Code\'s secret storage (revoke it in the Infinipost dashboard).' : ' The old key stays listed under a dated name.'
    }`,
    'Replace Key',
  );
}

const REMINDED_STATE = 'infinipost.rotationReminded';

/** Reminds about old keys at most once a day per key (the dates live in globalState: ids and times only). */
export function startRotationReminders(deps: { vault: KeyVault; leaks?: LeakRegistry; state: vscode.Memento; logger: Logger; now?: () => Date }): vscode.Disposable {
  const now = deps.now ?? (() => new Date());
  const check = async () => {
    await deps.vault.ready();
    const reminded = deps.state.get<Record<string, string>>(REMINDED_STATE) ?? {};
    const leaked = deps.leaks?.leakedIds() ?? new Set<string>();
    const due = dueRotationReminders(deps.vault.list(), now(), rotationReminderDays(), reminded, leaked);
    for (const entry of due.slice(0, 3)) {
      await deps.state.update(REMINDED_STATE, { ...(deps.state.get<Record<string, string>>(REMINDED_STATE) ?? {}), [entry.id]: now().toISOString() });
      void vscode.window
        .showWarningMessage(
          leaked.has(entry.id)
            ? `The Infinipost key "${entry.name}" (${maskedKeyOf(entry)}) was found in pushed git history. Rotate it now.`
            : `The Infinipost key "${entry.name}" (${maskedKeyOf(entry)}) was added ${formatAge(entry.createdAt, now())} ago. Rotate keys regularly.`,
          'Rotate Now',
        )
        .then((choice) => choice && runFollowUp(deps.logger, () => vscode.commands.executeCommand('infinipost.rotateKey', ownUiArgument({ name: entry.name }))));
    }
  };
  const run = () => void check().catch((error) => deps.logger.warn(`Rotation reminder check failed: ${String(error)}`));
  const first = setTimeout(run, 5_000);
  const daily = setInterval(run, 6 * 60 * 60 * 1000);
  const onLeak = deps.leaks?.onDidChange(run);
  return new vscode.Disposable(() => {
    onLeak?.dispose();
    clearTimeout(first);
    clearInterval(daily);
  });
}
