// Changes that leave a key in a file are written to the file, not made in the open document.
//
// VS Code's Local History copies a file on every save of its text document
// (WorkingCopyHistoryTracker.onDidSave in src/vs/workbench/services/workingCopy/common/
// workingCopyHistoryTracker.ts, VS Code 1.100), and an edited document gets saved without anyone
// asking whenever `files.autoSave` is on — which is the default in VS Code for the web and
// code-server (`files.autoSave` defaults to `afterDelay` there, src/vs/workbench/contrib/files/
// browser/files.contribution.ts). An edit of ours that leaves a key in the document (an ignore
// comment, moving one key of several) would so put a copy of the key into User/History. A write
// through the file system is no save: the open document reloads from disk and no history entry is
// made. The price is the undo step, so this is only used for edits that keep a key in the file.
import * as vscode from 'vscode';
import { decodeText, encodeText } from '../core/textEncoding';

const RELOAD_TIMEOUT_MS = 10_000;

/** `written`: the file holds `newText`; `changed`: the document changed meanwhile; `unsupported`: use a document edit instead. */
export type FileWriteOutcome = 'written' | 'changed' | 'unsupported';

/**
 * Writes `newText` to the document's file when the document has no unsaved changes and the file
 * holds exactly `text` (same encoding, same line breaks), then waits for the document to show it.
 */
export async function writeInsteadOfEdit(document: vscode.TextDocument, text: string, newText: string): Promise<FileWriteOutcome> {
  if (document.isDirty || document.isUntitled || document.isClosed) return 'unsupported';
  if (document.getText() !== text) return 'changed';
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(document.uri);
  } catch {
    return 'unsupported';
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok || decoded.encoding === 'bytes' || decoded.text !== text) return document.getText() === text ? 'unsupported' : 'changed';
  const encoded = encodeText(newText, decoded.encoding);
  if (!encoded) return 'unsupported';
  // Checked again after the read: a person typing meanwhile keeps their text (the next attempt re-plans).
  if (document.isDirty || document.getText() !== text) return 'changed';
  const reloaded = documentShows(document, newText);
  await vscode.workspace.fs.writeFile(document.uri, encoded);
  await reloaded;
  return 'written';
}

function documentShows(document: vscode.TextDocument, expected: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      listener.dispose();
      clearTimeout(timer);
      resolve();
    };
    const listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document && document.getText() === expected) done();
    });
    // The file is written either way; an editor that never reloads is VS Code's to show.
    const timer = setTimeout(done, RELOAD_TIMEOUT_MS);
  });
}
