// VS Code's Local History keeps a copy of a file each time it is saved: WorkingCopyHistoryTracker
// (src/vs/workbench/services/workingCopy/common/workingCopyHistoryTracker.ts, VS Code 1.100)
// listens to `workingCopyService.onDidSave` and adds an entry for every save of a stored file
// working copy whose content changed since the last entry (unless `workbench.localHistory.enabled`
// is off, the file is larger than `workbench.localHistory.maxFileSize` or matches
// `workbench.localHistory.exclude`); a file operation only moves existing entries. Writing a file
// through the file system (not a text document) adds no entry. So: no flow of ours may save a
// document while it still holds a key, and the person is told that earlier saves may still hold it.
//
// Edits alone do not save: BulkEditService (src/vs/workbench/contrib/bulkEdit/browser/
// bulkEditService.ts) saves after a refactoring only when `respectAutoSaveConfig` is set (a
// quick fix's edit from the light bulb, or applyEdit with `isRefactoring`), `files.refactoring.autoSave`
// is on, AND the edit touched more than one resource. Our quick fixes' edits (an ignore comment, a
// .gitignore line) touch one file; the move commands apply edits without `isRefactoring`.
import * as vscode from 'vscode';
import { historyNoticeText } from '../core/historyNotice';
import { holdsKey } from './freshEdit';

/** Saves the document unless any key-shaped literal is left in it (ignored and allowed ones included); true when saved. */
export async function saveUnlessKeyRemains(document: vscode.TextDocument): Promise<boolean | 'holds a key'> {
  // No await between this check and save(): the text checked is the text saved.
  if (holdsKey(document.getText())) return 'holds a key';
  return document.save();
}

/** The sentence a finished move adds to its notification (Local History is mentioned only where it is on). */
export function historyNotice(committed: boolean): string {
  const localHistory = vscode.workspace.getConfiguration('workbench.localHistory').get<boolean>('enabled', true) !== false;
  return historyNoticeText({ localHistory, committed });
}
