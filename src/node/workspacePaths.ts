// Where a file really is: fix-all edits must not follow a link out of the workspace folders.
import { promises as fs } from 'fs';
import * as path from 'path';

/** Where a file is once every link is resolved: inside a folder, outside all of them, or gone from disk (only an editor may still hold it). */
export type FilePlace = 'inside' | 'outside' | 'missing';

export async function placeOf(file: string, folders: readonly string[]): Promise<FilePlace> {
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch (error) {
    // A dangling link is a link out of the tree, not a deleted file.
    const code = (error as NodeJS.ErrnoException).code;
    const isLink = await fs.lstat(file).then((stat) => stat.isSymbolicLink(), () => false);
    return code === 'ENOENT' && !isLink ? 'missing' : 'outside';
  }
  for (const folder of folders) {
    const root = await fs.realpath(folder).catch(() => undefined);
    if (!root) continue;
    const rel = path.relative(root, real);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return 'inside';
  }
  return 'outside';
}
