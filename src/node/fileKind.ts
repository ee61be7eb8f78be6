// What is at a path on disk, for the VS Code features that must not touch `fs` themselves.
import { existsSync, promises as fs } from 'fs';

/** Whether anything exists at the path; synchronous because exclude `when` conditions are checked inside a filter. */
export function pathExists(file: string): boolean {
  return existsSync(file);
}

/** What is at the path now: a directory, something else (a file), or nothing. */
export async function fileKind(file: string): Promise<'directory' | 'file' | undefined> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat ? (stat.isDirectory() ? 'directory' : 'file') : undefined;
}
