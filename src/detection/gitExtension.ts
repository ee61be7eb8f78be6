// Listens to the built-in git extension, when it is there and enabled, for repository changes
// (commits, staging, checkouts). Optional: without it, file watchers on .git stand in.
import * as vscode from 'vscode';
import { Logger } from '../shared/logger';

// The few parts of the git extension's API (extensions/git/src/api/git.d.ts, version 1) used
// here, written out locally: its `const enum`s cannot be inlined by esbuild from a .d.ts.
export interface GitRepositoryLike {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly onDidChange: vscode.Event<void> };
}

export interface GitApiLike {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepositoryLike[];
  readonly onDidOpenRepository: vscode.Event<GitRepositoryLike>;
  readonly onDidCloseRepository: vscode.Event<GitRepositoryLike>;
}

export interface GitExtensionLike {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: vscode.Event<boolean>;
  getAPI(version: 1): GitApiLike;
}

/** What a follower of the git extension's repositories is told. */
export interface GitRepositoryFollower {
  /** A repository the git extension knows (already open, or opened later). */
  open(repository: GitRepositoryLike): void;
  close(repository: GitRepositoryLike): void;
}

/**
 * Tells `follower` about every repository the built-in git extension knows, once the extension is
 * enabled and its API initialized (both may come later), until the disposable is disposed.
 * `connected` rejects when the extension cannot be activated: callers log it in their own words.
 */
export function followGitRepositories(follower: GitRepositoryFollower): { connected: Promise<void>; disposable: vscode.Disposable } {
  const listeners: vscode.Disposable[] = [];
  let disposed = false;

  const useApi = (api: GitApiLike): void => {
    const attach = () => {
      api.repositories.forEach((repository) => follower.open(repository));
      listeners.push(
        api.onDidOpenRepository((repository) => follower.open(repository)),
        api.onDidCloseRepository((repository) => follower.close(repository)),
      );
    };
    if (api.state === 'initialized') attach();
    else {
      const waiting = api.onDidChangeState((state) => {
        if (state !== 'initialized') return;
        waiting.dispose();
        attach();
      });
      listeners.push(waiting);
    }
  };

  const connect = async (): Promise<void> => {
    const extension = vscode.extensions.getExtension<GitExtensionLike>('vscode.git');
    if (!extension) return;
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (disposed || !exports) return;
    if (exports.enabled) useApi(exports.getAPI(1));
    else {
      const waiting = exports.onDidChangeEnablement((enabled) => {
        if (!enabled) return;
        waiting.dispose();
        useApi(exports.getAPI(1));
      });
      listeners.push(waiting);
    }
  };

  return {
    connected: connect(),
    disposable: new vscode.Disposable(() => {
      disposed = true;
      vscode.Disposable.from(...listeners).dispose();
      listeners.length = 0;
    }),
  };
}

/** An event that fires when any repository the git extension knows changes; the disposable stops listening. */
export function watchGitExtension(logger: Logger): { onDidChange: vscode.Event<void>; disposable: vscode.Disposable } {
  const emitter = new vscode.EventEmitter<void>();
  const perRepository = new Map<GitRepositoryLike, vscode.Disposable>();
  const following = followGitRepositories({
    open: (repository) => {
      if (perRepository.has(repository)) return;
      perRepository.set(repository, repository.state.onDidChange(() => emitter.fire()));
      emitter.fire();
    },
    close: (repository) => {
      perRepository.get(repository)?.dispose();
      perRepository.delete(repository);
      emitter.fire();
    },
  });
  following.connected.catch((error) => logger.info(`The git extension is not available (${String(error)}); following .git folders instead.`));

  return {
    onDidChange: emitter.event,
    disposable: new vscode.Disposable(() => {
      vscode.Disposable.from(following.disposable, ...perRepository.values(), emitter).dispose();
      perRepository.clear();
    }),
  };
}
