import * as vscode from 'vscode';
import { KeyMetadata } from '../core/keyIndex';
import { maskedKeyOf } from '../core/mask';
import { KeyVault } from './keyVault';
import { UserError } from '../shared/userError';


/** A tree node or `{ name }` / `{ id }` argument, as commands receive them. */
export type KeyTarget = { id?: unknown; name?: unknown; keyId?: unknown } | undefined;

/** Resolves a command argument to a stored key; throws a clear error when it names no key. */
export function keyFromArgument(vault: KeyVault, arg: KeyTarget): KeyMetadata | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const id = typeof arg.keyId === 'string' ? arg.keyId : typeof arg.id === 'string' ? arg.id : undefined;
  if (id) {
    const entry = vault.get(id);
    if (entry) return entry;
  }
  if (typeof arg.name === 'string') {
    const entry = vault.findByName(arg.name);
    if (!entry) throw new UserError(`No stored key is named "${arg.name.slice(0, 64)}".`);
    return entry;
  }
  if (id) throw new UserError('That key is no longer stored.');
  return undefined;
}

/** Lets the user pick a stored key; undefined when cancelled or the vault is empty (after offering to add one). */
export async function pickKey(vault: KeyVault, placeHolder: string, activeId?: string): Promise<KeyMetadata | undefined> {
  await vault.ready();
  const entries = vault.list();
  if (entries.length === 0) {
    const add = await vscode.window.showInformationMessage('No Infinipost API keys are stored yet.', 'Add API Key');
    if (add) await vscode.commands.executeCommand('infinipost.addKey');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({
      label: entry.name,
      iconPath: new vscode.ThemeIcon(entry.id === activeId ? 'pass-filled' : 'key'),
      // Said in words too: screen readers do not announce the icon.
      description: `${maskedKeyOf(entry)} · ${entry.environment} · ${entry.mode.toUpperCase()}${entry.id === activeId ? ' · active' : ''}`,
      entry,
    })),
    { placeHolder, matchOnDescription: true, title: 'Infinipost API Keys' },
  );
  return picked?.entry;
}
