// Entry point of dist/vaultCommands.js: the vault's commands (add, select, rename, remove, copy,
// list, rotate), loaded the first time one of them runs (src/vault/registerVault.ts).
import { CommandTable } from '../shared/commandRegistry';
import { rotateCommand } from './rotateCommand';
import { VaultCommandDeps, vaultCommands } from './vaultCommands';

/** The main bundle hands over the state all bundles share (src/shared/lazy.ts). */
export { adoptBundleState } from '../shared/bundleState';

export function createVaultCommands(deps: VaultCommandDeps): CommandTable {
  return {
    ...vaultCommands(deps),
    'infinipost.rotateKey': rotateCommand(deps),
  };
}
