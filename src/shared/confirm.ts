import * as vscode from 'vscode';

/** Asks in a modal dialog; true only when the person chose `action` (a refused or dismissed dialog is a no). */
export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  try {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  } catch {
    return false;
  }
}
