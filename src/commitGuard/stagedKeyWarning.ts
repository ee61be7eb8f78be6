// Warns while the index holds a key a commit would add: a status bar item "key staged for commit"
// and a badge on the staged file (Source Control and Explorer), both cleared once the key is
// unstaged or fixed. Follows the built-in git extension's repositories; without it, nothing shows.
import * as path from 'path';
import * as vscode from 'vscode';
import { KeyMode } from '../core/keyTypes';
import { maskKey } from '../core/mask';
import { readStagedKeys } from '../node/stagedKeys';
import { Logger } from '../shared/logger';
import { followGitRepositories } from '../detection/gitExtension';
import type { GitRepositoryLike } from '../detection/gitExtension';

/** A staged key as the warning keeps it: masked, never the key. */
export interface StagedKey {
  uri: vscode.Uri;
  /** 1-based. */
  line: number;
  column: number;
  mode: KeyMode;
  maskedKey: string;
}

const REFRESH_DELAY_MS = 400;

/** The status bar item and file badges for keys staged for commit. */
export class StagedKeyWarning implements vscode.Disposable, vscode.FileDecorationProvider {
  private readonly item = vscode.window.createStatusBarItem('infinipost.stagedKey', vscode.StatusBarAlignment.Left, 0);
  private readonly staged = new Map<string, StagedKey[]>();
  private readonly decorationsChanged = new vscode.EventEmitter<vscode.Uri[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly perRepository = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [this.item, this.decorationsChanged, this.changed];
  private disposed = false;

  readonly onDidChangeFileDecorations = this.decorationsChanged.event;
  /** Fires after the staged keys of a repository were read again. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly logger: Logger) {
    this.item.name = 'Infinipost: key staged for commit';
  }

  start(): void {
    const following = followGitRepositories({
      open: (repository) => this.follow(repository),
      close: (repository) => {
        const root = repository.rootUri.fsPath;
        this.perRepository.get(root)?.dispose();
        this.perRepository.delete(root);
        this.update(root, []);
      },
    });
    this.disposables.push(vscode.window.registerFileDecorationProvider(this), following.disposable);
    following.connected.catch((error) => this.logger.info(`Staged-key warning off: the git extension is not available (${String(error)}).`));
  }

  /** The staged keys per repository root, masked. */
  current(): ReadonlyMap<string, readonly StagedKey[]> {
    return this.staged;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const id = uri.toString();
    for (const keys of this.staged.values()) {
      if (keys.some((key) => key.uri.toString() === id)) {
        return { badge: '!', tooltip: 'Infinipost: an API key is staged for commit', color: new vscode.ThemeColor('list.warningForeground') };
      }
    }
    return undefined;
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    vscode.Disposable.from(...this.disposables, ...this.perRepository.values()).dispose();
  }

  private follow(repository: GitRepositoryLike): void {
    const root = repository.rootUri.fsPath;
    if (this.perRepository.has(root)) return;
    // The git extension's state alone misses stagings: VS Code 1.100's extensions/git/src/repository.ts
    // `onFSChange` drops a file event that arrives while one of its operations runs (no status
    // follows), and `whenIdleAndFocused` holds every refresh until the window has focus. A `git add`
    // in a terminal right after another git command would show no warning until the next change.
    // The index file itself tells us directly; both paths share one debounced refresh.
    const index = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(repository.rootUri, '.git/index'));
    const refresh = () => this.refreshSoon(root);
    this.perRepository.set(root, vscode.Disposable.from(repository.state.onDidChange(refresh), index, index.onDidChange(refresh), index.onDidCreate(refresh), index.onDidDelete(refresh)));
    this.refreshSoon(root);
  }

  private readonly generations = new Map<string, number>();

  private refreshSoon(root: string): void {
    clearTimeout(this.timers.get(root));
    this.timers.set(
      root,
      setTimeout(() => {
        this.timers.delete(root);
        this.refresh(root).catch((error) => this.logger.warn(`Could not read the staged changes of ${root}: ${String(error)}`));
      }, REFRESH_DELAY_MS),
    );
  }

  private async refresh(root: string): Promise<void> {
    if (this.disposed || !vscode.workspace.isTrusted) return;
    // Reads can overlap (git is slow on a busy machine): only the newest read of a repository counts,
    // so an older answer arriving late cannot undo a newer one.
    const generation = (this.generations.get(root) ?? 0) + 1;
    this.generations.set(root, generation);
    const { keys } = await readStagedKeys(root);
    if (this.disposed || this.generations.get(root) !== generation) return;
    this.update(
      root,
      keys.map((key) => ({ uri: vscode.Uri.file(path.join(root, key.path)), line: key.line, column: key.column, mode: key.mode, maskedKey: maskKey(key.key) })),
    );
  }

  private update(root: string, keys: StagedKey[]): void {
    const before = this.staged.get(root) ?? [];
    if (keys.length > 0) this.staged.set(root, keys);
    else this.staged.delete(root);
    this.decorationsChanged.fire([...before, ...keys].map((key) => key.uri));
    this.render();
    this.changed.fire();
  }

  private render(): void {
    const all = [...this.staged.values()].flat();
    if (all.length === 0) {
      this.item.hide();
      return;
    }
    const first = all[0];
    this.item.text = `$(warning) ${all.length === 1 ? 'Key' : `${all.length} keys`} staged for commit`;
    this.item.tooltip = `Infinipost: the next commit adds ${all.length === 1 ? 'an API key' : `${all.length} API keys`}:\n${all
      .slice(0, 10)
      .map((key) => `${vscode.workspace.asRelativePath(key.uri)}:${key.line} ${key.maskedKey} (${key.mode})`)
      .join('\n')}\nUnstage it, or move it to the vault (lightbulb → Move key to Infinipost vault).`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    const position = new vscode.Position(first.line - 1, first.column - 1);
    this.item.command = { title: 'Show the staged key', command: 'vscode.open', arguments: [first.uri, { selection: new vscode.Range(position, position) }] };
    this.item.show();
  }
}
