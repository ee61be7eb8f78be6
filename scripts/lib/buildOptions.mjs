// The esbuild options every build shares: scripts/build.mjs (dist/, out/) and bench/build.mjs
// (bench/out/, .bench/ext/). The command-line scanner's own options are in cliBuild.mjs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extensionEntryPoints } from './extensionEntries.mjs';
import { repoRoot } from './setup.mjs';

/** What every bundle of ours is: one CommonJS file per entry for the extension host's Node. */
export const nodeBundle = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', external: ['vscode'] };

/** The extension's bundles as `npm run build` (dev) or `npm run build:prod` (production) writes them. */
export function extensionBuildOptions({ outdir, production }) {
  return {
    ...nodeBundle,
    entryPoints: extensionEntryPoints(repoRoot),
    outdir,
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}

/** The integration tests (test/integration/**), loaded by the test host next to the extension. */
export function integrationTestBuildOptions({ outdir }) {
  const dir = join(repoRoot, 'test', 'integration');
  const entryPoints = readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(dir, file));
  return { ...nodeBundle, entryPoints, outdir, outbase: dir, external: ['vscode', 'mocha', 'typescript'], sourcemap: 'inline', logLevel: 'warning' };
}
