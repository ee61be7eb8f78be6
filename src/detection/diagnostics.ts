// Turns detected keys into Problems entries: codes, links, severities, messages, and a cap per file.
import * as path from 'path';
import * as vscode from 'vscode';
import type { ProviderAttribution } from '../core/keyAttribution';
import { KeyMode } from '../core/keyTypes';
import { SeveritySetting } from '../shared/config';

/** The `source` of every Infinipost diagnostic. */
export const DIAGNOSTIC_SOURCE = 'Infinipost';

/** Documents in these schemes are checked: files on disk (local or remote) and unsaved ones, never output, git or diff views. */
export const CHECKED_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-remote'];

/** Where key diagnostics appear: the one selector every provider of fixes for them is registered with, once. */
export const KEY_DOCUMENTS: vscode.DocumentFilter[] = CHECKED_SCHEMES.map((scheme) => ({ scheme }));

/** Diagnostic code values; quick fix providers match on these. */
export const LIVE_KEY_CODE = 'hardcoded-live-key';
export const TEST_KEY_CODE = 'hardcoded-test-key';
/** The one summary entry when a file holds more keys than are listed. */
export const TOO_MANY_KEYS_CODE = 'too-many-hardcoded-keys';

/** Diagnostics listed per file before the rest are summed up in one entry. */
export const MAX_DIAGNOSTICS_PER_FILE = 200;

const DOCS = 'https://docs.infinipost.co/api-keys';

/** Where a key stands with git; `committed`: the file's last commit holds this very key. */
export type KeyGitStatus = 'committed' | 'tracked' | 'untracked' | 'ignored' | 'outside' | 'unknown';

/** A hard-coded key as the rest of the extension sees it. */
export interface DetectedKey {
  readonly uri: vscode.Uri;
  /** Exactly the key, prefix included. */
  readonly range: vscode.Range;
  readonly mode: KeyMode;
  /** The raw key, for fixes that move it. Never show, log or return it from a command: use `maskedKey`. */
  readonly key: string;
  readonly maskedKey: string;
  readonly git: KeyGitStatus;
  /** True in `.env` / `.env.*` files, where keys belong as long as git ignores the file. */
  readonly envFile: boolean;
  /** The file's path relative to its git repository's root (with `/`), when it is in one. */
  readonly repositoryPath?: string;
  /** Set when the surrounding code points to another provider whose keys share the format (Stripe). */
  readonly provider?: ProviderAttribution;
}

/** The code of a key diagnostic for a mode. */
export function codeFor(mode: KeyMode): string {
  return mode === 'live' ? LIVE_KEY_CODE : TEST_KEY_CODE;
}

/** True for the code of a key diagnostic (not the summary entry); accepts `Diagnostic.code` as VS Code hands it back. */
export function isKeyDiagnosticCode(code: vscode.Diagnostic['code']): boolean {
  const value = typeof code === 'object' && code !== null ? code.value : code;
  return value === LIVE_KEY_CODE || value === TEST_KEY_CODE;
}

/** True for a hard-coded key diagnostic of this extension (not the summary entry, not another extension's). */
export function isKeyDiagnostic(diagnostic: vscode.Diagnostic): boolean {
  return diagnostic.source === DIAGNOSTIC_SOURCE && isKeyDiagnosticCode(diagnostic.code);
}

/** Maps a severity setting to a VS Code severity; undefined for `Off`. */
export function toSeverity(setting: SeveritySetting): vscode.DiagnosticSeverity | undefined {
  switch (setting) {
    case 'Error':
      return vscode.DiagnosticSeverity.Error;
    case 'Warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'Information':
      return vscode.DiagnosticSeverity.Information;
    case 'Hint':
      return vscode.DiagnosticSeverity.Hint;
    default:
      return undefined;
  }
}

/**
 * Diagnostics for one file's keys, at most MAX_DIAGNOSTICS_PER_FILE plus one summary entry;
 * `truncated`: the file holds more keys than `keys` lists (the scan's per-file cap).
 */
/** The most severe of non-empty severities (Error is 0, Hint 3). */
function mostSevere(severities: readonly vscode.DiagnosticSeverity[]): vscode.DiagnosticSeverity {
  return severities.reduce((most, severity) => (severity < most ? severity : most));
}

export function keyDiagnostics(keys: readonly DetectedKey[], severities: Record<KeyMode, vscode.DiagnosticSeverity | undefined>, truncated = false): vscode.Diagnostic[] {
  const shown = keys.filter((key) => severities[key.mode] !== undefined);
  const diagnostics = shown.slice(0, MAX_DIAGNOSTICS_PER_FILE).map((key) => {
    const diagnostic = new vscode.Diagnostic(key.range, keyMessage(key), severities[key.mode]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: codeFor(key.mode), target: vscode.Uri.parse(`${DOCS}#${codeFor(key.mode)}`) };
    return diagnostic;
  });
  const hidden = shown.slice(MAX_DIAGNOSTICS_PER_FILE);
  if (hidden.length > 0) {
    const severity = mostSevere(hidden.map((key) => severities[key.mode]!));
    const summary = new vscode.Diagnostic(
      hidden[0].range,
      `${hidden.length} more hard-coded Infinipost API ${hidden.length === 1 ? 'key is' : 'keys are'} in this file; only the first ${MAX_DIAGNOSTICS_PER_FILE} are listed. Remove the listed ones to see the rest.`,
      severity,
    );
    summary.source = DIAGNOSTIC_SOURCE;
    summary.code = { value: TOO_MANY_KEYS_CODE, target: vscode.Uri.parse(`${DOCS}#hardcoded-keys`) };
    diagnostics.push(summary);
  } else if (truncated && shown.length > 0) {
    const last = shown[shown.length - 1];
    const summary = new vscode.Diagnostic(
      last.range,
      `More hard-coded Infinipost API keys are in this file; only the first ${shown.length} are listed. Remove the listed ones to see the rest.`,
      mostSevere(shown.map((key) => severities[key.mode]!)),
    );
    summary.source = DIAGNOSTIC_SOURCE;
    summary.code = { value: TOO_MANY_KEYS_CODE, target: vscode.Uri.parse(`${DOCS}#hardcoded-keys`) };
    diagnostics.push(summary);
  }
  return diagnostics;
}

/** The message for one key: masked key, why it matters, what to do, and what git means for it. */
export function keyMessage(key: DetectedKey): string {
  if (key.provider && !key.envFile) {
    const { provider, variable, evidence } = key.provider;
    return `Hard-coded secret key ${key.maskedKey} that looks like a ${provider} key, not an Infinipost one (${evidence}). Anyone who can read this file can use it. Read it from ${variable} instead; Infinipost does not store ${provider} keys in its vault.`;
  }
  const what =
    key.mode === 'live'
      ? `Hard-coded live Infinipost API key ${key.maskedKey}. A live key has full access to your account and is billed: anyone who can read this file can use it.`
      : `Hard-coded test Infinipost API key ${key.maskedKey}. A test key causes no charges but still gives access to your test data.`;
  if (key.envFile) {
    const name = path.basename(key.uri.fsPath);
    const untrack = key.repositoryPath ? `\`git rm --cached ${key.repositoryPath}\` at the repository root` : `\`git rm --cached ${name}\``;
    if (key.git === 'untracked') {
      return `${name} is not ignored by git, so ${key.maskedKey} would be committed with it. Add ${name} to .gitignore.`;
    }
    const fix = `Add ${name} to .gitignore and stop tracking it with ${untrack} (the file stays on disk).`;
    if (key.git === 'committed') {
      return `Committed to git: ${name} is tracked, so ${key.maskedKey} goes into the repository. ${fix} The key is in the repository's history: rotate it (create a new key, switch to it, then delete this one).`;
    }
    // Tracked, but the last commit of the file does not hold this key yet: the next commit would.
    return `Tracked by git: ${name} is tracked, so ${key.maskedKey} would go into the repository with the next commit. ${fix}`;
  }
  const todo = 'Keep it in the Infinipost vault or an environment variable instead.';
  if (key.git === 'committed') {
    return `Committed to git: ${what} Deleting it here is not enough: it stays in the repository's history, so rotate it (create a new key, switch to it, then delete this one). ${todo}`;
  }
  if (key.git === 'tracked') {
    return `${what} This file is tracked by git: remove the key before you commit. ${todo}`;
  }
  return `${what} ${todo}`;
}
