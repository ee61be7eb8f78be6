// One esbuild script: the extension bundle and the command-line scanner (dist/) and, with --tests,
// the integration tests (out/). Outputs are built in memory and renamed into place file by file
// (lib/publishOutput.mjs), so a test run using dist/ or out/ meanwhile keeps working.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { extensionBuildOptions, integrationTestBuildOptions } from './lib/buildOptions.mjs';
import { cliBuildOptions } from './lib/cliBuild.mjs';
import { publish } from './lib/publishOutput.mjs';
import { repoRoot } from './lib/setup.mjs';

const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const watch = process.argv.includes('--watch');

const dist = join(repoRoot, 'dist');
const made = [];
if (watch) {
  // Watching rewrites the extension's bundles in dist/ on every change.
  const context = await esbuild.context(extensionBuildOptions({ outdir: dist, production }));
  await context.watch();
  console.log('watching src/ …');
} else {
  const result = await esbuild.build({ ...extensionBuildOptions({ outdir: dist, production }), write: false });
  made.push(...result.outputFiles);
  const sizes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => `${file.replace(/^.*dist\//, 'dist/')} ${(output.bytes / 1024).toFixed(1)} KiB`);
  console.log(`${sizes.join(', ')}${production ? ' (minified)' : ''}`);
}
// `infinipost-scan` (package.json `bin`): the pre-commit hook runs it with VS Code's own runtime.
const cli = await esbuild.build({ ...cliBuildOptions({ production }), write: false });
const cliBytes = Object.values(cli.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`dist/cli.js: ${(cliBytes / 1024).toFixed(1)} KiB${production ? ' (minified)' : ''}`);
made.push(...cli.outputFiles.map(({ path, contents }) => ({ path, contents, mode: 0o755 })));
// While watching, the extension's bundles are esbuild's to keep; otherwise what this build did not make goes.
publish(made, dist, { removeStale: !watch });

if (tests) {
  const testsOut = join(repoRoot, 'out', 'test', 'integration');
  const result = await esbuild.build({ ...integrationTestBuildOptions({ outdir: testsOut }), write: false });
  publish(result.outputFiles, testsOut, { removeStale: true });
}
