// Keeps git answers current: a commit, an index update or a repository appearing makes the git
// status forget what changed and the detection service re-check the files of those repositories.
import * as path from 'path';
import * as vscode from 'vscode';
import { GitStatus } from '../node/gitStatus';
import { Logger } from '../shared/logger';
import { NamedTimers } from '../shared/namedTimers';
import { DetectionService } from './detectionService';

export interface GitWatcherDeps {
  service: DetectionService;
  git: GitStatus;
  logger: Logger;
}

const GIT_REFRESH_DELAY_MS = 300;
const GIT_SETTLE_DELAY_MS = 1500;

/** Refreshes git answers after repository changes, from the git extension, saves and `.git` file events. */
export class GitWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers: NamedTimers;
  private repositoriesMoved = false;

  constructor(private readonly deps: GitWatcherDeps) {
    this.timers = new NamedTimers((name, error) => deps.logger.warn(`${name}: ${String(error)}`));
  }

  /** Follows the git extension's repository changes (when it is there) and saves. */
  start(gitChanges?: vscode.Event<void>): void {
    this.disposables.push(
      // A commit from a terminal leaves no other trace a missing git extension would report.
      vscode.workspace.onDidSaveTextDocument(() => this.refreshSoon()),
    );
    if (gitChanges) this.disposables.push(gitChanges(() => this.refreshSoon()));
  }

  /** Handles a file event inside a repository's `.git`; false for a file outside every `.git`. */
  fileEvent(file: string): boolean {
    const parts = file.split(path.sep);
    const gitAt = parts.lastIndexOf('.git');
    if (gitAt === -1) return false;
    // Inside a repository's .git: a commit, an index update, or a repository appearing.
    const inside = parts.slice(gitAt + 1);
    if (inside.length <= 1 && (inside[0] === undefined || inside[0] === 'HEAD')) this.repositoriesMoved = true;
    if (inside.length === 0 || inside[0] === 'HEAD' || inside[0] === 'index' || inside[0] === 'refs' || inside[0] === 'packed-refs') {
      this.refreshSoon();
    }
    return true;
  }

  dispose(): void {
    this.timers.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  // Git activity (the git extension's own status runs touch .git) must not starve the refresh.
  private refreshSoon(): void {
    this.timers.soon('git', GIT_REFRESH_DELAY_MS, () => this.refresh());
  }

  private async refresh(): Promise<void> {
    if (this.repositoriesMoved) {
      this.repositoriesMoved = false;
      this.deps.git.forgetRepositoryLocations();
      await this.deps.git.refresh(true);
      this.deps.service.invalidateGit();
      return;
    }
    const changed = await this.deps.git.refresh();
    if (changed.length > 0) {
      this.deps.service.invalidateGit(changed);
      // A commit touches the index, then the ref, then releases its lock: answers read in between
      // can be stale under the same stamp, so ask once more after the repository settled.
      this.timers.later('git-settle', GIT_SETTLE_DELAY_MS, async () => {
        // Those repositories again whatever their stamps say, and any other whose stamp moved: every
        // repository refresh() forgets is asked about again (it once forgot them all, stored their
        // new stamps and had only these asked again, so a commit elsewhere in that moment was lost).
        this.deps.service.invalidateGit(await this.deps.git.refresh(changed));
      });
    }
  }
}
