// The esbuild options every build shares: scripts/build.mjs (dist/, out/) and bench/build.mjs
// (bench/out/, .bench/ext/). The command-line scanner's own options are in cliBuild.mjs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extensionEntryPoints } from './extensionEntries.mjs';
import { repoRoot } from './setup.mjs';

/** What every bundle of ours is: one CommonJS file per entry for the extension host's Node. */
export const nodeBundle = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', external: ['vscode'] };

/**
 * One namespace object for the `vscode` API per bundle. esbuild turns each module's
 * `import * as vscode from 'vscode'` of an external into its own `__toESM(require('vscode'))`,
 * which copies every property of the API object (hundreds) into a fresh object: measured with a
 * CPU profile of the extension host, those copies were most of the time the host spends loading
 * dist/extension.js (5-13 ms of it on this 2-core machine). Resolving `vscode` to one module that
 * re-exports the external copies once per bundle.
 */
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

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
    plugins: [oneVscodeNamespace],
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
