// Where a file really is: fix-all edits must not follow a link out of the workspace folders.
import { promises as fs } from 'fs';
import * as path from 'path';

/** True when the file, with every link resolved, lies inside one of the folders (also resolved); false when it cannot be resolved. */
export async function resolvesInside(file: string, folders: readonly string[]): Promise<boolean> {
  const real = await fs.realpath(file).catch(() => undefined);
  if (!real) return false;
  for (const folder of folders) {
    const root = await fs.realpath(folder).catch(() => undefined);
    if (!root) continue;
    const rel = path.relative(root, real);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return true;
  }
  return false;
}
