// Installs and removes the pre-commit hook in a repository's hooks folder (core.hooksPath honoured),
// and writes the launcher the hook calls. The decisions (what to write, what is ours) are in core.
import { promises as fs } from 'fs';
import * as path from 'path';
import { CHAINED_HOOK_NAME, HOOK_NAME, HookSpec, LAUNCHER_NAME, LauncherSpec, launcherScript, looksLikeOurHook, parseOurHook, hookScript } from '../core/commitHook';
import { git, workTreeRoot } from './gitCommand';

/** Where a repository's pre-commit hook lives. */
export interface HookLocation {
  root: string;
  hooksDir: string;
  hook: string;
  chained: string;
}

export type HookState = { kind: 'none' } | { kind: 'ours'; spec: HookSpec } | { kind: 'oursEdited' } | { kind: 'other' };

/** What the commands return (a public contract): `hook` is the hook file's path. */
export interface GuardResult {
  protected: boolean;
  hook: string;
  chained: boolean;
}

/** Finds the hooks folder git uses for the repository holding `folder` (`git rev-parse --git-path hooks`). */
export async function locateHook(folder: string): Promise<HookLocation> {
  const root = await workTreeRoot(folder);
  if (!root) throw new Error(`${folder} is not in a git repository`);
  const result = await git(['rev-parse', '--git-path', 'hooks'], root);
  if (result.code !== 0) throw new Error(`git could not tell where the hooks of ${root} are: ${result.stderr}`);
  const hooksDir = path.resolve(root, result.stdout.toString('utf8').trim());
  return { root, hooksDir, hook: path.join(hooksDir, HOOK_NAME), chained: path.join(hooksDir, CHAINED_HOOK_NAME) };
}

/** Whether the repository has no pre-commit hook, ours (as written, or edited since), or another one. */
export async function readHookState(location: HookLocation): Promise<HookState> {
  const text = await fs.readFile(location.hook, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${location.hook}: ${error.code ?? error.message}`);
  });
  if (text === undefined) return { kind: 'none' };
  const spec = parseOurHook(text);
  if (spec) return { kind: 'ours', spec };
  return looksLikeOurHook(text) ? { kind: 'oursEdited' } : { kind: 'other' };
}

/**
 * Installs our hook. An existing foreign hook is only renamed and chained when `chainExisting`;
 * otherwise the result says `protected: false` and nothing changes.
 */
export async function installHook(location: HookLocation, launcher: string, options: { chainExisting: boolean }): Promise<GuardResult> {
  const state = await readHookState(location);
  const chainedExists = await exists(location.chained);
  if (state.kind === 'ours') {
    const spec = { ...state.spec, launcher };
    if (spec.launcher !== state.spec.launcher) await writeExecutable(location.hook, hookScript(spec));
    return { protected: true, hook: location.hook, chained: spec.chained };
  }
  if (state.kind === 'oursEdited') {
    throw new Error(`${location.hook} was changed after Infinipost installed it. Remove the Infinipost lines from it, or delete it, and try again.`);
  }
  if (state.kind === 'other') {
    if (!options.chainExisting) return { protected: false, hook: location.hook, chained: false };
    if (chainedExists) throw new Error(`both ${HOOK_NAME} and ${CHAINED_HOOK_NAME} exist in ${location.hooksDir}: move one of them away first`);
    await fs.rename(location.hook, location.chained);
    await writeExecutable(location.hook, hookScript({ launcher, chained: true, createdFolder: false }));
    return { protected: true, hook: location.hook, chained: true };
  }
  const createdFolder = !(await exists(location.hooksDir));
  await fs.mkdir(location.hooksDir, { recursive: true });
  // A chained hook left behind (our hook deleted by hand) is picked up again rather than lost.
  await writeExecutable(location.hook, hookScript({ launcher, chained: chainedExists, createdFolder }));
  return { protected: true, hook: location.hook, chained: chainedExists };
}

/** Removes exactly what installHook wrote, renames a chained hook back, and removes a hooks folder it created. */
export async function uninstallHook(location: HookLocation): Promise<GuardResult> {
  const state = await readHookState(location);
  if (state.kind === 'oursEdited') {
    throw new Error(`${location.hook} was changed after Infinipost installed it, so it was left alone. Remove the Infinipost lines from it by hand.`);
  }
  if (state.kind !== 'ours') return { protected: false, hook: location.hook, chained: false };
  await fs.unlink(location.hook);
  let chained = false;
  if (state.spec.chained && (await exists(location.chained))) {
    await fs.rename(location.chained, location.hook);
    chained = true;
  }
  if (state.spec.createdFolder) await fs.rmdir(location.hooksDir).catch(() => undefined);
  return { protected: false, hook: location.hook, chained };
}

/** Writes (atomically) the launcher hooks call, in the extension's global storage; returns its path. */
export async function writeLauncher(storageDir: string, spec: LauncherSpec): Promise<string> {
  await fs.mkdir(storageDir, { recursive: true });
  const target = path.join(storageDir, LAUNCHER_NAME);
  const posix = (p: string) => p.split(path.sep).join('/');
  const compileCacheDir = posix(spec.compileCacheDir ?? path.join(storageDir, 'compile-cache'));
  const text = launcherScript({ runtime: posix(spec.runtime), cli: posix(spec.cli), reportsDir: posix(spec.reportsDir), compileCacheDir });
  if ((await fs.readFile(target, 'utf8').catch(() => undefined)) === text) return target;
  await writeExecutable(target, text);
  return target;
}

// Written beside the target and renamed over it, so git never runs a half-written script.
async function writeExecutable(file: string, text: string): Promise<void> {
  const temporary = `${file}.infinipost-${process.pid}.tmp`;
  try {
    await fs.writeFile(temporary, text, { mode: 0o755 });
    await fs.chmod(temporary, 0o755);
    await fs.rename(temporary, file);
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}
