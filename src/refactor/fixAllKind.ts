// Infinipost's fix-all code-action kind, shared by the provider registered at activation and the
// refactor engine it loads (dist/refactor.js), so both read a request the same way.
import * as vscode from 'vscode';

/** `source.fixAll.infinipost`, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('infinipost');

/** Whether a code-action request asks for fix-all: that kind, or one that contains it (`source`, `source.fixAll`). */
export function asksForFixAll(only: vscode.CodeActionKind | undefined): boolean {
  return only !== undefined && (only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only));
}
