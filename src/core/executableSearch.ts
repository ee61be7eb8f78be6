// Where to look for a program such as git, without ever looking in a folder someone else wrote.
// On Windows, a bare program name given to CreateProcess is looked up in the working directory
// first, so `spawn('git', { cwd: workspaceFolder })` runs a `git.exe` that a repository ships.
// Resolving the name to an absolute path from PATH, skipping relative entries and any entry inside
// a workspace folder or the working directory, takes that choice away from the repository.

export interface ExecutableSearch {
  /** `process.platform`; only `win32` differs (`;`-separated PATH, `.exe`, case-insensitive paths). */
  platform: string;
  /** The PATH variable (on Windows, `Path` as often as `PATH`). */
  pathVariable: string | undefined;
  /** Folders never searched: the workspace folders and the working directory. */
  untrustedDirs: readonly string[];
}

const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|[\\/]{2}[^\\/]+[\\/][^\\/]+)/;

function normalize(dir: string, windows: boolean): string {
  let value = windows ? dir.replace(/\//g, '\\') : dir;
  const separator = windows ? '\\' : '/';
  while (value.length > 1 && value.endsWith(separator) && !(windows && /^[A-Za-z]:\\$/.test(value))) value = value.slice(0, -1);
  return windows ? value.toLowerCase() : value;
}

function isAbsolute(dir: string, windows: boolean): boolean {
  return windows ? WINDOWS_ABSOLUTE.test(dir) : dir.startsWith('/');
}

function isInside(dir: string, parent: string, windows: boolean): boolean {
  const separator = windows ? '\\' : '/';
  return dir === parent || dir.startsWith(parent.endsWith(separator) ? parent : parent + separator);
}

/** The absolute paths to try, in PATH order, for `name` (e.g. `git`); empty when PATH offers none that is safe. */
export function executableCandidates(name: string, search: ExecutableSearch): string[] {
  const windows = search.platform === 'win32';
  const separator = windows ? '\\' : '/';
  const untrusted = search.untrustedDirs.filter((dir) => dir !== '').map((dir) => normalize(dir, windows));
  const seen = new Set<string>();
  const candidates: string[] = [];
  for (const raw of (search.pathVariable ?? '').split(windows ? ';' : ':')) {
    // Windows PATH entries may be quoted; an empty or relative entry means the working directory.
    const entry = (windows ? raw.trim().replace(/^"(.*)"$/, '$1') : raw).trim();
    if (entry === '' || !isAbsolute(entry, windows) || /(^|[\\/])\.\.?([\\/]|$)/.test(entry)) continue;
    const key = normalize(entry, windows);
    if (seen.has(key) || untrusted.some((dir) => isInside(key, dir, windows))) continue;
    seen.add(key);
    const dir = windows ? entry.replace(/\//g, '\\') : entry;
    candidates.push(`${dir.endsWith(separator) ? dir : dir + separator}${name}${windows ? '.exe' : ''}`);
  }
  return candidates;
}
