// Applies a key move to the text as it is now, not as it was when the move was planned. Between
// the plan and the edit the flows await the secret store (a keyring unlock prompt can take
// minutes) or a dialog; a person (or another extension) may edit the file meanwhile, and the old
// offsets would then cut through code and leave part of the key behind. So each planned key is
// remembered by content (core/keyAnchor), found again, re-planned and applied with no await in
// between.
//
// Why that is enough: the extension host sends each document's current version with a
// WorkspaceEdit (`WorkspaceEdit.from` with `getTextDocumentVersion`, src/vs/workbench/api/common/
// extHostBulkEdits.ts and extHostTypeConverters.ts in VS Code 1.100), and the renderer refuses the
// whole edit when a model's version differs ("… has changed in the meantime", BulkTextEdits in
// src/vs/workbench/contrib/bulkEdit/browser/bulkTextEdits.ts); applyEdit then resolves false, and
// the move is planned once more.
import * as vscode from 'vscode';
import { TextChange, applyChanges } from '../core/envReadRefactor';
import { KeyAnchor, relocateKeys } from '../core/keyAnchor';
import { KeyFinding, detectKeys } from '../core/keyDetector';
import { writeInsteadOfEdit } from '../shared/historySafeWrite';
import { UserError } from '../shared/userError';

/** One file's part of a move: which keys, and how to rewrite them in a given text. */
export interface FreshTarget {
  uri: vscode.Uri;
  anchors: readonly KeyAnchor[];
  plan(document: vscode.TextDocument, text: string, keys: readonly KeyFinding[]): TextChange[] | undefined;
}

export interface FreshResult {
  moved: Array<{ document: vscode.TextDocument; keys: KeyFinding[] }>;
  /** Targets whose keys could not be found again (only with `skipStale`). */
  stale: vscode.Uri[];
}

const ATTEMPTS = 4;

/** The message when a planned key is no longer where it was. */
export function staleMessage(uri: vscode.Uri): string {
  return `${vscode.workspace.asRelativePath(uri, false)} changed while Infinipost was waiting (for the secret store or your answer), and the key is no longer where it was or now appears a different number of times. Nothing in the file was changed; run the fix again.`;
}

/**
 * Finds the planned keys again in each file's current text, re-plans and applies the changes.
 * A target whose keys are gone fails the whole move, or with `skipStale` is left out and listed.
 * Files that still hold a key after the change (one key of several moved, an ignored key left) are
 * written through the file system when their document has no unsaved changes, so that no save —
 * VS Code's auto save included — copies the remaining key into Local History (shared/historySafeWrite).
 */
export async function applyFresh(
  targets: readonly FreshTarget[],
  options: { keysIn: (document: vscode.TextDocument) => KeyFinding[]; skipStale?: boolean },
): Promise<FreshResult> {
  const result: FreshResult = { moved: [], stale: [] };
  const viaEdit = new Set<FreshTarget>();
  let pending = [...targets];
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > ATTEMPTS) {
      throw new UserError('The file kept changing while Infinipost tried to rewrite it, so it was left as it is. Run the fix again when you have stopped typing.');
    }
    // A document closed meanwhile is read again (its old text object no longer follows the file).
    const documents = await Promise.all(pending.map((target) => vscode.workspace.openTextDocument(target.uri)));
    // From here to applyEdit nothing may await: the edit carries the versions read below.
    const edit = new vscode.WorkspaceEdit();
    const inEdit: Array<{ target: FreshTarget; document: vscode.TextDocument; keys: KeyFinding[] }> = [];
    const toWrite: Array<{ target: FreshTarget; document: vscode.TextDocument; keys: KeyFinding[]; text: string; newText: string }> = [];
    pending.forEach((target, i) => {
      const document = documents[i];
      const text = document.getText();
      const keys = relocateKeys(options.keysIn(document), target.anchors);
      const changes = keys && target.plan(document, text, keys);
      if (!keys || !changes) {
        if (!options.skipStale) throw new UserError(staleMessage(target.uri));
        result.stale.push(target.uri);
        return;
      }
      const newText = applyChanges(text, changes);
      if (!viaEdit.has(target) && !document.isDirty && !document.isUntitled && holdsKey(newText)) {
        toWrite.push({ target, document, keys, text, newText });
        return;
      }
      for (const change of changes) {
        edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
      }
      inEdit.push({ target, document, keys });
    });
    const retry: FreshTarget[] = [];
    if (inEdit.length > 0) {
      if (await vscode.workspace.applyEdit(edit)) result.moved.push(...inEdit.map(({ document, keys }) => ({ document, keys })));
      else retry.push(...inEdit.map(({ target }) => target));
    }
    for (const { target, document, keys, text, newText } of toWrite) {
      const outcome = await writeInsteadOfEdit(document, text, newText);
      if (outcome === 'written') {
        result.moved.push({ document, keys });
        continue;
      }
      if (outcome === 'unsupported') viaEdit.add(target);
      retry.push(target);
    }
    pending = retry;
  }
  return result;
}

/** Whether any key-shaped literal is in the text, ignored and allowed ones included. */
export function holdsKey(text: string): boolean {
  return detectKeys(text, { ignoreSuppressions: true, maxFindings: 1 }).findings.length > 0;
}
