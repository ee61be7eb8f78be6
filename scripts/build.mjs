// One esbuild script: the extension bundle and the command-line scanner (dist/) and, with --tests,
// the integration tests (out/).
import * as esbuild from 'esbuild';
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { extensionEntryPoints } from './lib/extensionEntries.mjs';
import { cliBuildOptions } from './lib/cliBuild.mjs';
import { repoRoot } from './lib/setup.mjs';

const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const watch = process.argv.includes('--watch');

const extensionOptions = {
  entryPoints: extensionEntryPoints(repoRoot),
  outdir: join(repoRoot, 'dist'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

function testEntryPoints(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(dir, file));
}

rmSync(join(repoRoot, 'dist'), { recursive: true, force: true });
if (watch) {
  const context = await esbuild.context(extensionOptions);
  await context.watch();
  console.log('watching src/ …');
} else {
  const result = await esbuild.build(extensionOptions);
  const sizes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => `${file.replace(/^.*dist\//, 'dist/')} ${(output.bytes / 1024).toFixed(1)} KiB`);
  console.log(`${sizes.join(', ')}${production ? ' (minified)' : ''}`);
}
// `infinipost-scan` (package.json `bin`): the pre-commit hook runs it with VS Code's own runtime.
const cli = await esbuild.build(cliBuildOptions({ production }));
chmodSync(join(repoRoot, 'dist', 'cli.js'), 0o755);
const cliBytes = Object.values(cli.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`dist/cli.js: ${(cliBytes / 1024).toFixed(1)} KiB${production ? ' (minified)' : ''}`);

if (tests) {
  rmSync(join(repoRoot, 'out'), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: testEntryPoints(join(repoRoot, 'test', 'integration')),
    outdir: join(repoRoot, 'out', 'test', 'integration'),
    outbase: join(repoRoot, 'test', 'integration'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha', 'typescript'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
