// The text of the pre-commit hook and of its launcher, and how to recognise a hook we wrote.
//
// Chaining: an existing pre-commit hook (husky, lefthook, the pre-commit framework, a hand-written
// script) is renamed to `pre-commit.infinipost-chained`, byte for byte, and our hook runs it first
// (so hooks that re-stage formatted files do so before the check), then the key check. Renaming
// works whatever language the old hook is written in; appending to it would not run after an
// `exec` (which the pre-commit framework's hook ends with). Uninstalling renames it back.
import { KEY_PREFIX_REGEX, STAGED_DIFF_OPTIONS } from './stagedDiff';

/** The hook git runs. */
export const HOOK_NAME = 'pre-commit';
/** Where an existing hook is kept while ours runs it. */
export const CHAINED_HOOK_NAME = 'pre-commit.infinipost-chained';
/** The launcher's file name in the extension's global storage. */
export const LAUNCHER_NAME = 'infinipost-scan-hook';

const VERSION_LINE = '# infinipost-hook-version: 1';
const CREATED_FOLDER_LINE = '# infinipost-created-hooks-folder';

/** What our hook needs to know to be written (and recognised again). */
export interface HookSpec {
  /** Absolute path of the launcher script. */
  launcher: string;
  /** Whether an earlier hook was renamed to CHAINED_HOOK_NAME and is run first. */
  chained: boolean;
  /** Whether installing created the hooks folder (uninstalling then removes it when empty). */
  createdFolder: boolean;
}

/** The pre-commit hook script (POSIX sh, as git runs hooks on every platform). */
export function hookScript(spec: HookSpec): string {
  const lines = [
    '#!/bin/sh',
    '# Infinipost commit guard: refuses a commit that adds an Infinipost API key.',
    '# Installed by the Infinipost VS Code extension; "Infinipost: Stop Protecting Commits" removes it.',
    VERSION_LINE,
    ...(spec.createdFolder ? [CREATED_FOLDER_LINE] : []),
  ];
  if (spec.chained) {
    lines.push(
      '# The pre-commit hook that was here before runs first, unchanged.',
      `chained="$(dirname "$0")/${CHAINED_HOOK_NAME}"`,
      'if [ -x "$chained" ]; then "$chained" "$@" || exit $?; fi',
    );
  }
  lines.push(
    `launcher=${shellQuote(spec.launcher)}`,
    'if [ -x "$launcher" ]; then',
    '  "$launcher" --staged || exit $?',
    'else',
    '  echo "infinipost: commit not checked for API keys: $launcher is missing (start VS Code, or run Infinipost: Protect Commits in This Repository again)." >&2',
    'fi',
    '',
  );
  return lines.join('\n');
}

/** Reads back the spec of a hook we wrote; undefined for any other file, or one changed since. */
export function parseOurHook(text: string): HookSpec | undefined {
  if (!text.includes(VERSION_LINE)) return undefined;
  const launcherLine = text.split('\n').find((line) => line.startsWith('launcher='));
  const launcher = launcherLine ? shellUnquote(launcherLine.slice('launcher='.length)) : undefined;
  if (launcher === undefined) return undefined;
  const spec: HookSpec = { launcher, chained: text.includes(`/${CHAINED_HOOK_NAME}"`), createdFolder: text.includes(CREATED_FOLDER_LINE) };
  return hookScript(spec) === text ? spec : undefined;
}

/** Whether a file carries our marker, even if it was edited by hand since. */
export function looksLikeOurHook(text: string): boolean {
  return text.includes(VERSION_LINE);
}

/** What the launcher runs: VS Code's runtime as Node on the bundled scanner. */
export interface LauncherSpec {
  /** `process.execPath` of the extension host (VS Code's Electron, or Node in a server). */
  runtime: string;
  /** Absolute path of dist/cli.js in the installed extension. */
  cli: string;
  /** Folder where refused commits leave their (masked) report for the extension to pick up. */
  reportsDir: string;
  /** Where Node ≥ 22.1 keeps the scanner's compiled code between commits (`NODE_COMPILE_CACHE`); older runtimes ignore it. */
  compileCacheDir?: string;
}

/** The environment variable the launcher names the refusal report in; the scanner writes it only when it refuses. */
export const REFUSAL_REPORT_ENV = 'INFINIPOST_REFUSAL_REPORT';

/**
 * The launcher the hook calls. VS Code's runtime runs as plain Node with ELECTRON_RUN_AS_NODE=1, the
 * way VS Code's own git extension starts its askpass helper from git (extensions/git/src/askpass.sh
 * in VS Code 1.100: `ELECTRON_RUN_AS_NODE="1" "$VSCODE_GIT_ASKPASS_NODE" …`, the node being
 * `process.execPath`). Rewritten on every activation, so it follows VS Code and extension
 * updates. It never blocks commits by breaking: without its runtime, or when the scanner fails (exit
 * 2), it lets the commit through with a one-line warning; only findings (exit 1) refuse the commit.
 * Every commit pays for what it starts. Most commits add no line holding a key prefix: for `--staged`
 * one `git diff -G` with the scanner's own diff options says so, and the runtime is not started (the
 * scanner, run on the same diff, could find nothing: every key holds a prefix). Otherwise it starts
 * the runtime and nothing else (no `mkdir`, no `rm`): the scanner writes the refusal report itself,
 * and only when it refuses. It starts the runtime without NODE_EXTRA_CA_CERTS: Node reads and parses
 * that certificate bundle before running any script (nodejs/node#40524; 60 ms of a 90 ms start with
 * Debian's 144-certificate bundle here), and the scanner opens no TLS connection.
 */
export function launcherScript(spec: LauncherSpec): string {
  const cache = spec.compileCacheDir === undefined ? [] : [`NODE_COMPILE_CACHE=${shellQuote(spec.compileCacheDir)}`, 'export NODE_COMPILE_CACHE'];
  return [
    '#!/bin/sh',
    '# Written by the Infinipost VS Code extension each time it starts; pre-commit hooks call it.',
    `runtime=${shellQuote(spec.runtime)}`,
    `cli=${shellQuote(spec.cli)}`,
    `reports=${shellQuote(spec.reportsDir)}`,
    'if [ ! -x "$runtime" ] || [ ! -f "$cli" ]; then',
    '  echo "infinipost: VS Code or the Infinipost extension was not found, so this commit was not checked for API keys." >&2',
    '  exit 0',
    'fi',
    'if [ "$#" -eq 1 ] && [ "$1" = --staged ]; then',
    `  GIT_OPTIONAL_LOCKS=0 git -c core.fsmonitor=false diff ${STAGED_DIFF_OPTIONS.join(' ')} --quiet -G ${shellQuote(KEY_PREFIX_REGEX)} 2>/dev/null && exit 0`,
    'fi',
    ...cache,
    'unset NODE_EXTRA_CA_CERTS',
    `${REFUSAL_REPORT_ENV}="$reports/refused-$$.json" ELECTRON_RUN_AS_NODE=1 "$runtime" "$cli" "$@"`,
    'status=$?',
    'if [ "$status" -eq 1 ]; then exit 1; fi',
    'if [ "$status" -ne 0 ]; then echo "infinipost: the API key check failed (exit $status), so this commit was not checked." >&2; fi',
    'exit 0',
    '',
  ].join('\n');
}

/** The line to add to a hook we must not change (shown when chaining is declined). */
export function manualHookLine(launcher: string): string {
  return `${shellQuote(launcher)} --staged || exit $?`;
}

/** Quotes a value for POSIX sh: single quotes, with `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function shellUnquote(text: string): string | undefined {
  if (!/^'(?:[^']|'\\'')*'$/.test(text)) return undefined;
  return text.slice(1, -1).replace(/'\\''/g, "'");
}
