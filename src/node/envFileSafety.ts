// Where "Move key to .env" may write: never through a symbolic link (it could point into another
// repository or a shared folder), never into a file git tracks (the next commit would publish the
// key), and in the file's own encoding. Plain Node: no vscode.
import { constants, promises as fs } from 'fs';
import * as path from 'path';
import { decodeText, encodeText, TextEncodingName } from '../core/textEncoding';

/** Runs git with arguments in a directory (the detection feature's runner); rejects when git cannot start. */
export type RunGit = (args: readonly string[], cwd: string) => Promise<{ code: number; stdout: string }>;

export interface EnvTargetOptions {
  /** Undefined when git may not run (Restricted Mode: a repository's config could run programs). */
  git: RunGit | undefined;
}

/** Raised with a message for the person: what is wrong and the next step. Never holds key material. */
export class UnsafeTargetError extends Error {}

/** A small text file as read: its text and how to write it back. `text` is undefined when the file does not exist. */
export interface TextFileContent {
  text: string | undefined;
  encoding: TextEncodingName;
}

/** Resolves when a key may be written to the `.env` at `envPath`; rejects with UnsafeTargetError otherwise. */
export async function assertSafeEnvTarget(envPath: string, options: EnvTargetOptions): Promise<void> {
  const name = path.basename(envPath);
  const stat = await fs.lstat(envPath).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    throw new UnsafeTargetError(
      `${name} is a symbolic link. Infinipost does not write a key through a link (it may point into another repository or a shared folder): ` +
        `replace the link with a regular file, or add the key to the file it points to by hand.`,
    );
  }
  if (stat && !stat.isFile()) throw new UnsafeTargetError(`${name} exists but is not a regular file; nothing was changed.`);
  const root = await repositoryRoot(path.dirname(envPath));
  if (!root) return;
  const rel = path.relative(root, envPath).split(path.sep).join('/');
  if (!options.git) {
    throw new UnsafeTargetError(
      `Infinipost cannot ask git whether ${rel} is committed (git does not run in Restricted Mode). Trust the workspace and try again, or add the key to ${name} by hand after checking \`git ls-files ${rel}\`.`,
    );
  }
  let result: { code: number; stdout: string };
  try {
    result = await options.git(['ls-files', '-z', '--', rel], root);
  } catch {
    throw new UnsafeTargetError(`Infinipost could not run git to check whether ${rel} is committed; nothing was changed. Install git, or add the key by hand.`);
  }
  if (result.code !== 0) throw new UnsafeTargetError(`git could not say whether ${rel} is tracked (exit code ${result.code}); nothing was changed.`);
  if (result.stdout.split('\0').some((file) => file === rel)) {
    throw new UnsafeTargetError(
      `${rel} is tracked by git, so a key written there would be committed. Stop tracking it first: run \`git rm --cached ${rel}\` in ${path.basename(root)} and commit, then try again.`,
    );
  }
}

/** Reads a small text file (by default without following a final symbolic link); refuses encodings that cannot be written back safely. */
export async function readTextFile(filePath: string, followLinks = false): Promise<TextFileContent> {
  let bytes: Uint8Array;
  try {
    const handle = await fs.open(filePath, constants.O_RDONLY | (followLinks ? 0 : noFollow()));
    try {
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { text: undefined, encoding: 'utf8' };
    if (code === 'ELOOP') throw new UnsafeTargetError(`${path.basename(filePath)} is a symbolic link; Infinipost does not write through links. Nothing was changed.`);
    throw error;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new UnsafeTargetError(`Infinipost did not change ${path.basename(filePath)}: ${decoded.reason}. Convert it to UTF-8 and try again.`);
  return { text: decoded.text, encoding: decoded.encoding };
}

/** Writes text in the given encoding, without following a final symbolic link (where the platform can refuse one); `mode` applies to a new file. */
export async function writeTextFile(filePath: string, text: string, encoding: TextEncodingName, options: { mode?: number; followLinks?: boolean } = {}): Promise<void> {
  const bytes = encodeText(text, encoding);
  if (!bytes) throw new UnsafeTargetError(`${path.basename(filePath)} cannot hold the new text in its encoding; nothing was changed.`);
  const handle = await fs.open(filePath, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (options.followLinks ? 0 : noFollow()), options.mode ?? 0o644).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') throw new UnsafeTargetError(`${path.basename(filePath)} is a symbolic link; Infinipost does not write through links. Nothing was changed.`);
    throw error;
  });
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
}

/** Puts a file back as it was read (removes it when it did not exist). */
export async function restoreTextFile(filePath: string, content: TextFileContent): Promise<void> {
  if (content.text === undefined) await fs.rm(filePath, { force: true });
  else await writeTextFile(filePath, content.text, content.encoding);
}

// Windows has no O_NOFOLLOW; there the lstat check in assertSafeEnvTarget is what refuses links.
function noFollow(): number {
  return constants.O_NOFOLLOW ?? 0;
}

/**
 * The folder whose `.env` a file's key goes to: the innermost git repository root between the file
 * and the workspace folder (a nested repository's own .gitignore is the one that applies to it, and
 * its programs look for .env at its root), else the workspace folder itself.
 */
export async function envFolderFor(filePath: string, workspaceFolder: string): Promise<string> {
  const top = path.resolve(workspaceFolder);
  for (let dir = path.dirname(path.resolve(filePath)); ; dir = path.dirname(dir)) {
    const inside = dir === top || dir.startsWith(top + path.sep);
    if (!inside) return top;
    if (await fs.stat(path.join(dir, '.git')).then(() => true, () => false)) return dir;
    if (dir === top) return top;
  }
}

async function repositoryRoot(dir: string): Promise<string | undefined> {
  for (let current = path.resolve(dir); ; ) {
    if (await fs.stat(path.join(current, '.git')).then(() => true, () => false)) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
