import * as path from 'path';
import * as vscode from 'vscode';
import type { DetectionService } from '../detection/detectionService';
import { CommandTable } from '../shared/commandRegistry';
import { COMMIT_GUARD_COMMAND_IDS } from '../shared/identities';
import { forwardCommands, lazyEntry, startAfterActivation } from '../shared/lazy';
import { Logger } from '../shared/logger';
import type { CommitGuard } from './commitGuard';
import type * as CommitGuardEntry from './commitGuardEntry';
import type { StagedKeyWarning } from './stagedKeyWarning';

/** What the commit guard gives the rest of the extension; `guard` and `stagedKeys` load the feature when read. */
export interface CommitGuardFeature {
  commands: CommandTable;
  readonly guard: CommitGuard;
  readonly stagedKeys: StagedKeyWarning;
}

/**
 * The commit guard: its two commands, the launcher hooks call, refused-commit notifications, the
 * offer and the staged-key warning. They run in the background, so they start (and their code,
 * dist/commitGuard.js, loads) on the event loop's next turn once activation has returned, or with
 * the first command if that comes sooner.
 */
export function registerCommitGuard(context: vscode.ExtensionContext, deps: { detection: () => DetectionService; logger: Logger }): CommitGuardFeature {
  const load = lazyEntry<typeof CommitGuardEntry>('commitGuard');
  const feature = startAfterActivation(context.subscriptions, 'the commit guard', deps.logger, () =>
    load().startCommitGuard({
      storageDir: context.globalStorageUri.fsPath,
      cliPath: path.join(context.extensionPath, 'dist', 'cli.js'),
      runtime: process.execPath,
      detection: deps.detection(),
      state: context.globalState,
      logger: deps.logger,
    }),
  );
  return {
    commands: forwardCommands(COMMIT_GUARD_COMMAND_IDS, () => feature().commands),
    get guard() {
      return feature().guard;
    },
    get stagedKeys() {
      return feature().stagedKeys;
    },
  };
}
