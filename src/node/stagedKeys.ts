// The keys a commit would add: one `git diff --cached` of the index against HEAD, read with the
// editor's detector. Shared by `infinipost-scan --staged` (the pre-commit hook) and the editor's
// staged-key warning; kept apart from the scanner's other modes so the hook loads nothing else.
import { keyPrefix } from '../core/keyTypes';
import { AddedKey, countStagedFiles, findAddedKeys, parseStagedDiff, STAGED_DIFF_OPTIONS } from '../core/stagedDiff';
import { git } from './gitCommand';

// Keys are ASCII: a diff without either prefix holds none, whatever its encoding.
const PREFIXES = [Buffer.from(keyPrefix('live'), 'latin1'), Buffer.from(keyPrefix('test'), 'latin1')];

/** The keys on lines staged for the next commit in a work tree (one `git diff --cached`), and how many files add lines. */
export async function readStagedKeys(root: string): Promise<{ files: number; keys: AddedKey[] }> {
  // Without a HEAD yet (first commit), `diff --cached` compares against the empty tree.
  const diff = await git(['diff', ...STAGED_DIFF_OPTIONS, '--no-color', '--src-prefix=a/', '--dst-prefix=b/', '-U1'], root);
  if (diff.code !== 0) throw new Error(`git diff --cached failed: ${diff.stderr || `exit code ${diff.code}`}`);
  const patch = diff.stdout.toString('utf8');
  // The usual commit adds no key: without a prefix anywhere in the diff, only the files are counted.
  if (!PREFIXES.some((prefix) => diff.stdout.indexOf(prefix) !== -1)) return { files: countStagedFiles(patch), keys: [] };
  const files = parseStagedDiff(patch);
  return { files: files.length, keys: findAddedKeys(files) };
}
