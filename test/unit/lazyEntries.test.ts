// The lazily loaded features register their commands by id before the feature's code is loaded:
// those ids must be exactly the ones each feature's command table serves.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { API_CHECK_COMMAND_IDS, COMMIT_GUARD_COMMAND_IDS, HISTORY_COMMAND_IDS, REFACTOR_COMMAND_IDS, VAULT_COMMAND_IDS } from '../../src/shared/identities';

const root = path.resolve(__dirname, '..', '..');

function idsIn(file: string, functionName: string): string[] {
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  const start = source.indexOf(`export function ${functionName}(`);
  assert.ok(start !== -1, `${functionName} in ${file}`);
  const body = source.slice(start, source.indexOf('\n}\n', start));
  const table = body.slice(body.lastIndexOf('return {'));
  return [...table.matchAll(/'(infinipost\.[A-Za-z]+)':/g)].map((m) => m[1]).sort();
}

function sorted(ids: readonly string[]): string[] {
  return [...ids].sort();
}

describe('lazily loaded features', () => {
  it('register exactly the refactor commands the engine serves', () => {
    assert.deepStrictEqual(sorted(REFACTOR_COMMAND_IDS), idsIn('src/refactor/moveKey.ts', 'refactorCommands'));
  });

  it('register exactly the API check commands the feature serves', () => {
    assert.deepStrictEqual(sorted(API_CHECK_COMMAND_IDS), idsIn('src/apiCheck/testKeyCommand.ts', 'testKeyCommands'));
  });

  it('register exactly the git history commands the feature serves', () => {
    assert.deepStrictEqual(sorted(HISTORY_COMMAND_IDS), idsIn('src/history/historyCommands.ts', 'historyCommands'));
  });

  it('register exactly the commit guard commands the feature serves', () => {
    assert.deepStrictEqual(sorted(COMMIT_GUARD_COMMAND_IDS), idsIn('src/commitGuard/commitGuardEntry.ts', 'startCommitGuard'));
  });

  it('register exactly the vault commands the feature serves', () => {
    const served = [...idsIn('src/vault/vaultCommands.ts', 'vaultCommands'), ...idsIn('src/vault/vaultCommandsEntry.ts', 'createVaultCommands')].sort();
    assert.deepStrictEqual(sorted(VAULT_COMMAND_IDS), served);
  });

  it('keep the lazily loaded features out of the files activation imports', () => {
    const registrations = [
      'src/refactor/registerRefactor.ts',
      'src/apiCheck/registerApiCheck.ts',
      'src/history/registerHistory.ts',
      'src/commitGuard/registerCommitGuard.ts',
      'src/detection/registerIgnoreActions.ts',
      'src/detection/registerDetection.ts',
      'src/vault/registerVault.ts',
      'src/extension.ts',
    ];
    const heavyModules = ['envReadRefactor', 'moveKey', 'apiClient', 'testKeyCommand', 'historyScan', 'historyCommands', 'historyService', 'historyView', 'commitGuard', 'stagedKeyWarning', 'guardOffer', 'ignoreCodeActions', 'vaultCommands'];
    const entries = ['refactorEntry', 'apiCheckEntry', 'historyEntry', 'commitGuardEntry', 'ignoreActionsEntry', 'vaultCommandsEntry'];
    for (const file of registrations) {
      const source = fs.readFileSync(path.join(root, file), 'utf8');
      for (const heavy of [...heavyModules, ...entries]) {
        assert.ok(!new RegExp(`^import (?!type)[^;]*/${heavy}'`, 'm').test(source), `${file} imports ${heavy} eagerly`);
      }
    }
  });

  it('ship every bundle in the .vsix (.vscodeignore allow-list)', () => {
    const entries = fs.readFileSync(path.join(root, 'scripts', 'lib', 'extensionEntries.mjs'), 'utf8');
    const names = [...entries.matchAll(/^\s+(\w+): join\(/gm)].map((m) => m[1]);
    assert.ok(names.includes('extension') && names.length >= 3, names.join(','));
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const name of names) assert.ok(ignore.includes(`!dist/${name}.js`), `dist/${name}.js is packaged`);
  });
});
