import * as vscode from 'vscode';
import { CommandTable } from '../shared/commandRegistry';
import { Logger } from '../shared/logger';
import { DetectionService } from './detectionService';
import { watchGitExtension } from './gitExtension';
import { GitStatus } from '../node/gitStatus';
import { GitWatcher } from './gitWatcher';
import { registerIgnoreActions } from './registerIgnoreActions';
import { ScanRoute, WorkspaceScanner } from './workspaceScan';

/** What the detection feature gives the rest of the extension. */
export interface DetectionFeature {
  commands: CommandTable;
  /** Current findings per file and for the workspace, for the refactor feature's quick fixes. */
  service: DetectionService;
  /** Tests only: force how the scan lists files, and read which way the last scan went. */
  scanRoute: { use(route: ScanRoute | undefined): void; last(): ScanRoute | undefined };
}

/** Hard-coded key detection: diagnostics as you type, git awareness, the workspace scan and its command, ignore quick fixes. */
export function registerDetection(context: vscode.ExtensionContext, logger: Logger): DetectionFeature {
  // Git runs only in trusted workspaces: a repository's own config could otherwise run programs.
  const git = new GitStatus({
    enabled: () => vscode.workspace.isTrusted,
    warn: (message) => logger.warn(message),
    untrustedDirs: () => (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath),
  });
  const service = new DetectionService({ git, logger });
  const gitWatcher = new GitWatcher({ service, git, logger });
  const scanner = new WorkspaceScanner({ service, git, logger, gitWatcher });
  const gitExtension = watchGitExtension(logger);
  const ignore = registerIgnoreActions(service, git);
  context.subscriptions.push(service, gitWatcher, scanner, gitExtension.disposable, ignore.disposable);
  service.start();
  gitWatcher.start(gitExtension.onDidChange);
  scanner.start();
  return {
    commands: { 'infinipost.scanWorkspace': () => scanner.scanWithProgress(), ...ignore.commands },
    service,
    scanRoute: { use: (route) => scanner.useRoute(route), last: () => scanner.lastRoute },
  };
}
