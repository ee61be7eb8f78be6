import type * as vscode from 'vscode';

/** What the injection feature tells the status bar about the active key. */
export interface InjectionStatus {
  /** e.g. "injected into new terminals as INFINIPOST_API_KEY" or why not. */
  describe(): { injected: boolean; text: string };
  onDidChange: vscode.Event<void>;
}

/** What the status bar says about injection until the feature has applied the collection once. */
export const INJECTION_NOT_YET_APPLIED: { readonly injected: boolean; readonly text: string } = { injected: false, text: 'Checking whether a key can be injected…' };
