// Builds keep their output in memory (esbuild `write: false`) and then move each file into place
// with one rename: a run using dist/ or out/ meanwhile (an integration test, a second build) never
// finds the folder deleted or a bundle half written. Files the new build no longer makes go last.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const TEMP_MARK = '.partial-';

/**
 * Writes esbuild's `outputFiles` ({ path, contents }, optionally a file `mode`), each to a temporary
 * name beside it and then renamed over the old file; with `removeStale`, then deletes the other
 * files under `target`.
 */
export function publish(outputFiles, target, { removeStale }) {
  const made = new Set();
  for (const output of outputFiles) {
    const file = resolve(output.path);
    const temp = `${file}${TEMP_MARK}${process.pid}`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, output.contents, output.mode === undefined ? undefined : { mode: output.mode });
    renameSync(temp, file);
    made.add(file);
  }
  if (!removeStale) return;
  for (const entry of readdirSync(target, { recursive: true, withFileTypes: true })) {
    const file = resolve(entry.parentPath ?? entry.path, entry.name);
    // Another build's file still being written is that build's to rename.
    if (entry.isFile() && !made.has(file) && !entry.name.includes(TEMP_MARK)) rmSync(file, { force: true });
  }
}

