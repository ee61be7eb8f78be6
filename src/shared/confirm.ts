import * as vscode from 'vscode';
import { bundleState } from './bundleState';

/** A modal question as the person sees it: the message and the one action that means yes. */
export interface ModalQuestion {
  message: string;
  action: string;
}

/** Test mode only: sees every modal question; returns the person's answer to play, or undefined to show the dialog. */
export type ModalTestAnswerer = (question: ModalQuestion) => boolean | undefined;

/** Installed by activate() in VS Code's extension test mode only (dialogs are refused in the test host). */
export function setModalTestAnswerer(answerer: ModalTestAnswerer | undefined): void {
  bundleState().modalTestAnswerer = answerer;
}

/** Asks in a modal dialog; true only when the person chose `action` (a refused or dismissed dialog is a no). */
export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  const played = bundleState().modalTestAnswerer?.({ message, action });
  if (played !== undefined) return played;
  try {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  } catch {
    return false;
  }
}
