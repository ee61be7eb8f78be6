import * as vscode from 'vscode';
import { Logger, errorMessage } from './logger';

export type CommandHandler = (arg?: unknown, ...rest: unknown[]) => Promise<unknown> | unknown;
export type CommandTable = Record<string, CommandHandler>;

/**
 * Plain objects are scripted calls (`executeCommand(id, { name })`); tree nodes, no argument, or
 * `{ interactive: true }` (what quick fixes pass) mean a person clicked.
 */
function isScripted(arg: unknown): boolean {
  return !!arg && typeof arg === 'object' && Object.getPrototypeOf(arg) === Object.prototype && (arg as { interactive?: unknown }).interactive !== true;
}

/**
 * Registers a command table. A person sees failures as an error notification; a scripted caller
 * gets the rejection. Messages are redacted either way, so no error carries key material.
 */
export function registerCommands(table: CommandTable, logger: Logger): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(table).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (arg?: unknown, ...rest: unknown[]) => {
        try {
          return await handler(arg, ...rest);
        } catch (error) {
          const message = errorMessage(error);
          logger.warn(`${id}: ${message}`);
          if (isScripted(arg)) throw new Error(message);
          void vscode.window.showErrorMessage(`Infinipost: ${message}`);
          return undefined;
        }
      }),
    ),
  );
}
