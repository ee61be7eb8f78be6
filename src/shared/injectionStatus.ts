import * as vscode from 'vscode';

/** What the injection feature tells the status bar about the active key. */
export interface InjectionStatus {
  /** e.g. "injected into new terminals as INFINIPOST_API_KEY" or why not. */
  describe(): { injected: boolean; text: string };
  onDidChange: vscode.Event<void>;
}
