import * as path from 'path';
import * as vscode from 'vscode';
import { DetectionService } from '../detection/detectionService';
import { CommandTable } from '../shared/commandRegistry';
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

// Plain objects are scripted calls (`executeCommand(id, { folder })`), as in the command registry;
// no argument or `{ interactive: true }` means a person ran the command.
function isInteractive(arg: unknown): boolean {
  return !arg || typeof arg !== 'object' || Object.getPrototypeOf(arg) !== Object.prototype || (arg as { interactive?: unknown }).interactive === true;
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
      'infinipost.protectCommits': async (arg?: unknown) => guard.protect(await targetLocation(arg), isInteractive(arg)),
      'infinipost.unprotectCommits': async (arg?: unknown) => guard.unprotect(await targetLocation(arg), isInteractive(arg)),
    },
  };
}
