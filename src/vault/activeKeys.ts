// Which stored key is active: per workspace, and per folder in multi-root workspaces. Only key
// ids are kept (in workspaceState), never key material.
import * as vscode from 'vscode';
import { KeyMetadata } from '../core/keyIndex';
import { KeyVault } from './keyVault';
import { errorMessage, Logger } from '../shared/logger';

const STATE_KEY = 'infinipost.activeKeys';
const WHOLE_WORKSPACE = '*';

export class ActiveKeys implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly vault: KeyVault,
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {
    // A key removed here or in another window stops being active everywhere. Workspace state that
    // cannot be written is logged, not left as a rejection: the stale id names no stored key, so
    // get() finds none either way.
    this.disposables.push(
      vault.onDidChange(() => {
        this.dropRemoved().catch((error: unknown) => this.logger?.warn(`Could not forget a removed key's active choice: ${errorMessage(error)}`));
      }),
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => {
      d.dispose();
    });
  }

  /** The active key for a folder (falls back to the workspace-wide choice). */
  get(folder?: vscode.WorkspaceFolder): KeyMetadata | undefined {
    const map = this.read();
    const id = (folder && map[folder.uri.toString()]) || map[WHOLE_WORKSPACE];
    return id ? this.vault.get(id) : undefined;
  }

  /** Sets the active key for one folder, or for the whole workspace when no folder is given. */
  async set(id: string | undefined, folder?: vscode.WorkspaceFolder): Promise<void> {
    const map = { ...this.read() };
    const scope = folder ? folder.uri.toString() : WHOLE_WORKSPACE;
    if (id) map[scope] = id;
    else delete map[scope];
    if (!folder && id) {
      // Choosing a key for the whole workspace replaces per-folder choices, as the user expects.
      for (const key of Object.keys(map)) if (key !== WHOLE_WORKSPACE) delete map[key];
    }
    await this.state.update(STATE_KEY, map);
    this.changed.fire();
  }

  /** Points every scope that used `oldId` at `newId` (rotation). */
  async replace(oldId: string, newId: string): Promise<number> {
    const map = { ...this.read() };
    let replaced = 0;
    for (const scope of Object.keys(map)) {
      if (map[scope] === oldId) {
        map[scope] = newId;
        replaced++;
      }
    }
    if (replaced > 0) {
      await this.state.update(STATE_KEY, map);
      this.changed.fire();
    }
    return replaced;
  }

  isActiveAnywhere(id: string): boolean {
    return Object.values(this.read()).includes(id);
  }

  private read(): Record<string, string> {
    const value = this.state.get<unknown>(STATE_KEY);
    if (!value || typeof value !== 'object') return {};
    return Object.fromEntries(Object.entries(value).filter(([, id]) => typeof id === 'string'));
  }

  private async dropRemoved(): Promise<void> {
    const map = this.read();
    const kept = Object.fromEntries(Object.entries(map).filter(([, id]) => this.vault.get(id)));
    if (Object.keys(kept).length !== Object.keys(map).length) {
      await this.state.update(STATE_KEY, kept);
      this.changed.fire();
    }
  }
}
