import * as vscode from 'vscode';

export interface ShownNotification {
  kind: 'information' | 'warning';
  message: string;
  items: string[];
}

/**
 * Watches the notifications the extension shows (the test host cannot click a toast) and plays the
 * person who answers one: `answer` picks the button for a message (undefined leaves the toast up, as
 * a person who has not looked yet). Modal dialogs are not touched (src/shared/confirm.ts plays those).
 * The extension and these tests share one `vscode` API object (same extension), so this sees its calls.
 */
export function watchNotifications(answer: (message: string, items: readonly string[]) => string | undefined = () => undefined): {
  shown: ShownNotification[];
  dispose(): void;
} {
  const shown: ShownNotification[] = [];
  const window = vscode.window as unknown as Record<'showInformationMessage' | 'showWarningMessage', (...args: unknown[]) => Thenable<unknown>>;
  const originals = { showInformationMessage: window.showInformationMessage, showWarningMessage: window.showWarningMessage };
  const watch = (kind: ShownNotification['kind'], original: (...args: unknown[]) => Thenable<unknown>) =>
    function (this: unknown, ...args: unknown[]): Thenable<unknown> {
      const [message, ...rest] = args;
      const options = rest[0] && typeof rest[0] === 'object' && !('title' in (rest[0])) ? (rest[0] as vscode.MessageOptions) : undefined;
      if (options?.modal) return original.apply(this, args);
      const items = rest.filter((item): item is string => typeof item === 'string');
      shown.push({ kind, message: String(message), items });
      const choice = answer(String(message), items);
      return choice === undefined ? original.apply(this, args) : Promise.resolve(choice);
    };
  window.showInformationMessage = watch('information', originals.showInformationMessage);
  window.showWarningMessage = watch('warning', originals.showWarningMessage);
  return {
    shown,
    dispose() {
      window.showInformationMessage = originals.showInformationMessage;
      window.showWarningMessage = originals.showWarningMessage;
    },
  };
}
