// The extension's bundles: dist/extension.js (what activation loads) and the features it loads on
// first use (src/shared/lazy.ts). Every build takes them from buildOptions.mjs.
import { join } from 'node:path';

export function extensionEntryPoints(repoRoot) {
  return {
    extension: join(repoRoot, 'src', 'extension.ts'),
    detection: join(repoRoot, 'src', 'detection', 'detectionEntry.ts'),
    injection: join(repoRoot, 'src', 'injection', 'injectionEntry.ts'),
    refactor: join(repoRoot, 'src', 'refactor', 'refactorEntry.ts'),
    apiCheck: join(repoRoot, 'src', 'apiCheck', 'apiCheckEntry.ts'),
    history: join(repoRoot, 'src', 'history', 'historyEntry.ts'),
    commitGuard: join(repoRoot, 'src', 'commitGuard', 'commitGuardEntry.ts'),
    ignoreActions: join(repoRoot, 'src', 'detection', 'ignoreActionsEntry.ts'),
    vaultCommands: join(repoRoot, 'src', 'vault', 'vaultCommandsEntry.ts'),
  };
}
