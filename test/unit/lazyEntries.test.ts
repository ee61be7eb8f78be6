// The lazily loaded features register their commands by id before the feature's code is loaded:
// those ids must be exactly the ones each feature's command table serves.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

import { API_CHECK_COMMAND_IDS, COMMIT_GUARD_COMMAND_IDS, HISTORY_COMMAND_IDS, INJECTION_COMMAND_IDS, REFACTOR_COMMAND_IDS, VAULT_COMMAND_IDS } from '../../src/shared/identities';

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

// What runs in the background from start-up (dist/detection.js, dist/injection.js), started once activation has returned.
const backgroundModules = ['detectionService', 'workspaceScan', 'gitWatcher', 'gitExtension', 'gitStatus', 'fileScanner', 'ripgrep', 'keyDetector', 'keyInjection', 'terminalRevival'];

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

  it('register exactly the injection commands the feature serves', () => {
    assert.deepStrictEqual(sorted(INJECTION_COMMAND_IDS), idsIn('src/injection/injectionEntry.ts', 'startInjection'));
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
      'src/injection/registerInjection.ts',
      'src/vault/registerVault.ts',
      'src/extension.ts',
    ];
    const heavyModules = ['envReadRefactor', 'moveKey', 'apiClient', 'testKeyCommand', 'historyScan', 'historyCommands', 'historyService', 'historyView', 'commitGuard', 'stagedKeyWarning', 'guardOffer', 'ignoreCodeActions', 'vaultCommands', ...backgroundModules];
    const entries = ['refactorEntry', 'apiCheckEntry', 'historyEntry', 'commitGuardEntry', 'ignoreActionsEntry', 'vaultCommandsEntry', 'detectionEntry', 'injectionEntry'];
    for (const file of registrations) {
      const source = fs.readFileSync(path.join(root, file), 'utf8');
      for (const heavy of [...heavyModules, ...entries]) {
        assert.ok(!new RegExp(`^import (?!type)[^;]*/${heavy}'`, 'm').test(source), `${file} imports ${heavy} eagerly`);
      }
    }
  });

  it('leave the background features out of the bundle activation loads', async function () {
    this.timeout(30_000);
    const { extensionBuildOptions } = (await import(pathToFileURL(path.join(root, 'scripts', 'lib', 'buildOptions.mjs')).href)) as {
      extensionBuildOptions: (options: { outdir: string; production: boolean }) => Record<string, unknown>;
    };
    const esbuild = await import('esbuild');
    const result = await esbuild.build({ ...extensionBuildOptions({ outdir: path.join(root, 'out', 'lazyEntriesTest'), production: true }), write: false });
    assert.ok(result.metafile, 'esbuild wrote a metafile');
    const main = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('/extension.js'));
    assert.ok(main, 'dist/extension.js is built');
    const inputs = Object.keys(main[1].inputs).map((file) => path.basename(file, '.ts'));
    for (const heavy of backgroundModules) assert.ok(!inputs.includes(heavy), `dist/extension.js carries ${heavy}`);
    assert.ok(inputs.includes('registerDetection') && inputs.includes('registerInjection'), inputs.join(','));
  });

  it('ship every bundle in the .vsix (.vscodeignore allow-list)', () => {
    const entries = fs.readFileSync(path.join(root, 'scripts', 'lib', 'extensionEntries.mjs'), 'utf8');
    const names = [...entries.matchAll(/^\s+(\w+): join\(/gm)].map((m) => m[1]);
    assert.ok(names.includes('extension') && names.length >= 3, names.join(','));
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const name of names) assert.ok(ignore.includes(`!dist/${name}.js`), `dist/${name}.js is packaged`);
  });
});
