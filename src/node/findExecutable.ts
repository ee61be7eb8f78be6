// Finds a program by absolute path (see src/core/executableSearch.ts for why the working directory
// and the workspace folders are never searched). Answers are cached per PATH and folder list.
import { constants, promises as fs } from 'fs';
import { executableCandidates } from '../core/executableSearch';

const cache = new Map<string, Promise<string | undefined>>();

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    if (process.platform !== 'win32') await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of `name` on PATH outside `untrustedDirs`; undefined when there is none. */
export function findExecutable(name: string, untrustedDirs: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const pathVariable = process.platform === 'win32' ? (env.Path ?? env.PATH ?? env.path) : env.PATH;
  const key = JSON.stringify([name, pathVariable, untrustedDirs]);
  let found = cache.get(key);
  if (!found) {
    found = (async () => {
      for (const candidate of executableCandidates(name, { platform: process.platform, pathVariable, untrustedDirs })) {
        if (await isExecutableFile(candidate)) return candidate;
      }
      return undefined;
    })();
    if (cache.size > 20) cache.clear();
    cache.set(key, found);
    // A git installed later is found on the next call.
    void found.then((result) => result === undefined && cache.delete(key));
  }
  return found;
}
