// Entry point of dist/commitGuard.js: the commit guard (hook files, the launcher, refused-commit
// notifications, the offer) and the staged-key warning, loaded once activation has returned
// (src/commitGuard/registerCommitGuard.ts).
import * as vscode from 'vscode';
import { DetectionService } from '../detection/detectionService';
import { CommandTable, Invocation } from '../shared/commandRegistry';
import { Logger } from '../shared/logger';
import { CommitGuard, targetLocation } from './commitGuard';
import { offerCommitGuard } from './guardOffer';
import { StagedKeyWarning } from './stagedKeyWarning';

/** The main bundle hands over the state all bundles share (src/shared/lazy.ts). */
export { adoptBundleState } from '../shared/bundleState';

export interface CommitGuardEntryDeps {
  storageDir: string;
  cliPath: string;
  runtime: string;
  detection: DetectionService;
  state: vscode.Memento;
  logger: Logger;
}

/** The started guard, warning and offer, and the two commands. */
export interface StartedCommitGuard extends vscode.Disposable {
  guard: CommitGuard;
  stagedKeys: StagedKeyWarning;
  commands: CommandTable;
}

export function startCommitGuard(deps: CommitGuardEntryDeps): StartedCommitGuard {
  const guard = new CommitGuard({ storageDir: deps.storageDir, cliPath: deps.cliPath, runtime: deps.runtime, logger: deps.logger });
  guard.start();
  const stagedKeys = new StagedKeyWarning(deps.logger);
  stagedKeys.start();
  const offer = offerCommitGuard({ detection: deps.detection, guard, state: deps.state, logger: deps.logger });
  return {
    guard,
    stagedKeys,
    commands: {
      'infinipost.protectCommits': async (arg: unknown, { interactive }: Invocation) => guard.protect(await targetLocation(arg), interactive),
      'infinipost.unprotectCommits': async (arg: unknown, { interactive }: Invocation) => guard.unprotect(await targetLocation(arg), interactive),
    },
    dispose: () => {
      vscode.Disposable.from(guard, stagedKeys, offer).dispose();
    },
  };
}
