import * as path from 'path';
import * as vscode from 'vscode';
import { DetectionService } from '../detection/detectionService';
import { CommandTable, Invocation } from '../shared/commandRegistry';
import { Logger } from '../shared/logger';
import { CommitGuard, targetLocation } from './commitGuard';
import { offerCommitGuard } from './guardOffer';
import { StagedKeyWarning } from './stagedKeyWarning';

/** What the commit guard gives the rest of the extension. */
export interface CommitGuardFeature {
  commands: CommandTable;
  guard: CommitGuard;
  stagedKeys: StagedKeyWarning;
}

/** The commit guard: its two commands, the launcher hooks call, refused-commit notifications, the offer and the staged-key warning. */
export function registerCommitGuard(context: vscode.ExtensionContext, deps: { detection: DetectionService; logger: Logger }): CommitGuardFeature {
  const guard = new CommitGuard({
    storageDir: context.globalStorageUri.fsPath,
    cliPath: path.join(context.extensionPath, 'dist', 'cli.js'),
    runtime: process.execPath,
    logger: deps.logger,
  });
  guard.start();
  const stagedKeys = new StagedKeyWarning(deps.logger);
  stagedKeys.start();
  context.subscriptions.push(guard, stagedKeys, offerCommitGuard({ detection: deps.detection, guard, state: context.globalState, logger: deps.logger }));
  return {
    guard,
    stagedKeys,
    commands: {
      'infinipost.protectCommits': async (arg: unknown, { interactive }: Invocation) => guard.protect(await targetLocation(arg), interactive),
      'infinipost.unprotectCommits': async (arg: unknown, { interactive }: Invocation) => guard.unprotect(await targetLocation(arg), interactive),
    },
  };
}
