import * as vscode from 'vscode';
import type { TestHooks } from '../../../src/extension';

export const EXTENSION_ID = 'infinipost.infinipost-vscode';

/** Activates the extension under test and returns its test-mode hooks. */
export async function activateExtension(): Promise<TestHooks> {
  const extension = vscode.extensions.getExtension<{ testHooks?: TestHooks }>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this host`);
  const api = await extension.activate();
  if (!api.testHooks) throw new Error('the extension host is not in test mode');
  return api.testHooks;
}

export interface KeyDescription {
  name: string;
  environment: string;
  mode: string;
  maskedKey: string;
  active: boolean;
}

export async function listKeys(): Promise<KeyDescription[]> {
  const result = await vscode.commands.executeCommand<{ keys: KeyDescription[] }>('infinipost.refreshKeys');
  return result.keys;
}

/** Removes every stored key so each test starts from an empty vault (playing the person who confirms). */
export async function removeAllKeys(): Promise<void> {
  for (const key of await listKeys()) {
    await confirmed('infinipost.removeKey', { name: key.name });
  }
}

/**
 * Runs a command the way a script does, while playing the person who confirms its modal (the test
 * host refuses dialogs, so without this every consequential scripted command is refused).
 */
export async function confirmed<T = unknown>(command: string, ...args: unknown[]): Promise<T> {
  const hooks = await activateExtension();
  return hooks.confirmingModals(() => run<T>(command, ...args));
}

/**
 * A `before` hook for suites about Restricted Mode: skips them in a trusted host, and fails when the
 * runner's restricted pass opened a trusted workspace (that pass must really be restricted).
 */
export function onlyInRestrictedMode(this: Mocha.Context): void {
  if (!vscode.workspace.isTrusted) return;
  if (process.env.INFINIPOST_RESTRICTED_PASS === '1') throw new Error('the restricted pass opened a trusted workspace');
  this.skip();
}

/**
 * Waits until `check` returns a truthy value (polling visible state, not sleeping blindly). The
 * default deadline is generous: CI is a busy 2-core machine, and a pass costs no more for it.
 */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever check() threw, as String() shows it
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Asserts that `value` (anything JSON-serialisable) carries no piece of `key`'s body. */
export function assertNoKeyMaterial(value: unknown, key: string): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  const body = key.replace(/^sk_(live|test)_/, '');
  for (let i = 0; i + 8 <= body.length; i++) {
    if (text.includes(body.slice(i, i + 8))) {
      // The message itself must not carry the key either: blank every character of the body.
      throw new Error(`key material leaked at offset ${text.indexOf(body.slice(i, i + 8))}: ${text.split(body.slice(i, i + 8)).join('<LEAK>').replace(/sk_(live|test)_[A-Za-z0-9]+/g, 'sk_$1_<REDACTED>')}`);
    }
  }
}

/** executeCommand as a real Promise (assert.rejects wants one). */
export function run<T = unknown>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
}

/** The environment read the refactor writes in JavaScript and TypeScript: it fails loudly when the variable is unset. */
export function jsEnvRead(variable = 'INFINIPOST_API_KEY'): string {
  return `(process.env.${variable} ?? (() => { throw new Error('${variable} is not set'); })())`;
}
