import * as vscode from 'vscode';
import { redactKeys } from '../core/redact';

/** What features may log; every line passes through key redaction. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
}

/** A Logger over the "Infinipost" log output channel. */
export function createLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    info: (message) => channel.info(redactKeys(message)),
    warn: (message) => channel.warn(redactKeys(message)),
    error: (message) => channel.error(redactKeys(message)),
    show: () => channel.show(true),
  };
}

/** A message for any thrown value, safe to show: key-shaped text is masked. */
export function errorMessage(error: unknown): string {
  return redactKeys(error instanceof Error ? error.message : String(error));
}

/**
 * Runs what a notification button asked for. Nobody awaits it, so a failure is shown and logged
 * here instead of ending as an unhandled rejection in the extension host.
 */
export function runFollowUp(logger: Logger, work: () => Thenable<unknown>): void {
  Promise.resolve()
    .then(work)
    .catch((error: unknown) => {
      const message = errorMessage(error);
      logger.warn(message);
      void vscode.window.showErrorMessage(`Infinipost: ${message}`);
    });
}
