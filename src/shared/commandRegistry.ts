import * as vscode from 'vscode';
import { bundleState } from './bundleState';
import { CommandId } from './identities';
import { Logger, errorMessage } from './logger';

/**
 * How a command was invoked, decided once by the registry. `interactive` is true only when a person
 * used the extension's own UI: the palette or a keybinding without arguments (the handler then asks
 * with pickers and dialogs anyway), or an argument object this extension created for its own tree
 * view, quick fix or notification button. Anything else — another extension's `executeCommand`, a
 * keybinding or task with arguments, whatever shape the argument has — is a script.
 */
export interface Invocation {
  readonly interactive: boolean;
}

/** May return a promise; the registry awaits it. */
export type CommandHandler = (arg: unknown, invocation: Invocation) => unknown;
/** A feature's part of the one command table; ids are checked against package.json (src/shared/identities.ts). */
export type CommandTable = Partial<Record<CommandId, CommandHandler>>;

// Arguments handed out by our own UI, tracked by identity: no other extension can obtain these
// objects, whatever it copies of their shape. Tree views pass the element object returned by
// getChildren; code actions' command arguments stay in the extension host and come back by
// identity (VS Code 1.100, src/vs/workbench/api/common/extHostCommands.ts, CommandsConverter:
// "a contributed command with arguments ... we don't want to send the arguments around").
// One set for every bundle (src/shared/bundleState.ts): quick fixes are made in dist/refactor.js.

/** Marks an argument object as created by our own UI (tree node, quick fix, notification button); returns it. */
export function ownUiArgument<T extends object>(arg: T): T {
  bundleState().ownUiArguments.add(arg);
  return arg;
}

/** The one answer to "did a person use our own UI to run this?". */
export function invocationOf(arg: unknown): Invocation {
  return { interactive: arg === undefined || (typeof arg === 'object' && arg !== null && bundleState().ownUiArguments.has(arg)) };
}

/**
 * Registers a command table. A person sees failures as an error notification; a scripted caller
 * gets the rejection. Messages are redacted either way, so no error carries key material.
 */
export function registerCommands(table: CommandTable, logger: Logger): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(table).map(([id, handler]: [string, CommandHandler]) =>
      vscode.commands.registerCommand(id, async (arg?: unknown) => {
        const invocation = invocationOf(arg);
        try {
          return await handler(arg, invocation);
        } catch (error) {
          const message = errorMessage(error);
          logger.warn(`${id}: ${message}`);
          if (!invocation.interactive) throw new Error(message);
          void vscode.window.showErrorMessage(`Infinipost: ${message}`);
          return undefined;
        }
      }),
    ),
  );
}
