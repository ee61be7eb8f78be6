// Entry point of dist/detection.js: diagnostics as you type, git awareness and the workspace scan.
// They run in the background from start-up, so src/detection/registerDetection.ts starts them once
// activation has returned (or with the first command or quick-fix request that needs them).
import * as vscode from 'vscode';
import { GitStatus } from '../node/gitStatus';
import { Logger } from '../shared/logger';
import { DetectionService } from './detectionService';
import { watchGitExtension } from './gitExtension';
import { GitWatcher } from './gitWatcher';
import { ScanCommandResult, ScanRoute, WorkspaceScanner } from './workspaceScan';

/** The main bundle hands over the state all bundles share (src/shared/lazy.ts). */
export { adoptBundleState } from '../shared/bundleState';

export interface StartedDetection extends vscode.Disposable {
  service: DetectionService;
  git: GitStatus;
  scanWorkspace(): Promise<ScanCommandResult>;
  /** Tests only: force how the scan lists files, and read which way the last scan went. */
  scanRoute: { use(route: ScanRoute | undefined): void; last(): ScanRoute | undefined };
}

export function startDetection(logger: Logger): StartedDetection {
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
  const disposable = vscode.Disposable.from(service, gitWatcher, scanner, gitExtension.disposable);
  service.start();
  gitWatcher.start(gitExtension.onDidChange);
  scanner.start();
  return {
    service,
    git,
    scanWorkspace: () => scanner.scanWithProgress(),
    scanRoute: { use: (route) => scanner.useRoute(route), last: () => scanner.lastRoute },
    dispose: () => {
      disposable.dispose();
    },
  };
}
