// esbuild options for dist/cli.js (`infinipost-scan`), shared by scripts/build.mjs and the CLI's tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './setup.mjs';

/** Options for the command-line scanner: one self-contained CommonJS file for Node ≥ 18. */
export function cliBuildOptions({ outfile = join(repoRoot, 'dist', 'cli.js'), production = false } = {}) {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  return {
    entryPoints: [join(repoRoot, 'src', 'cli.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
    define: { INFINIPOST_CLI_VERSION: JSON.stringify(version) },
    minify: production,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}
