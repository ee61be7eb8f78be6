// Builds what `npm run bench` runs: the benchmark scripts (bench/out/) and the extension's
// production bundle, staged as a development extension in .bench/ext/ (the same esbuild options as
// `npm run build:prod`, written elsewhere so a concurrent `npm test` keeps its dist/).
// Also installs what a fresh machine lacks: npm dependencies, ripgrep and GNU time, VS Code.
import { cpSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionBuildOptions, nodeBundle } from '../scripts/lib/buildOptions.mjs';
import { ensureCodeServer, ensureDebianPackages, ensureNodeModules, repoRoot } from '../scripts/lib/setup.mjs';

ensureNodeModules();
ensureDebianPackages(['ripgrep', 'time']);
if (!process.argv.includes('--no-host')) ensureCodeServer();
const esbuild = await import('esbuild');

const benchOut = join(repoRoot, 'bench', 'out');
rmSync(benchOut, { recursive: true, force: true });
await esbuild.build({
  ...nodeBundle,
  logLevel: 'warning',
  sourcemap: false,
  entryPoints: {
    run: join(repoRoot, 'bench', 'run.ts'),
    engineScan: join(repoRoot, 'bench', 'engineScan.ts'),
    generateCorpus: join(repoRoot, 'bench', 'generateCorpus.ts'),
    'host/measure': join(repoRoot, 'bench', 'host', 'measure.ts'),
    historyBench: join(repoRoot, 'bench', 'historyBench.ts'),
    historyScanCli: join(repoRoot, 'bench', 'historyScanCli.ts'),
    commitGuard: join(repoRoot, 'bench', 'commitGuard.ts'),
  },
  outdir: benchOut,
});

// The extension as users get it: `npm run build:prod` options (scripts/build.mjs).
const extDir = join(repoRoot, '.bench', 'ext');
rmSync(extDir, { recursive: true, force: true });
mkdirSync(join(extDir, 'dist'), { recursive: true });
let extension = { ok: true };
try {
  const result = await esbuild.build({ ...extensionBuildOptions({ outdir: join(extDir, 'dist'), production: true }), logLevel: 'silent' });
  // dist/extension.js is what activation loads; the other entries load on first use.
  const outputs = Object.entries(result.metafile.outputs);
  const main = outputs.find(([file]) => file.endsWith('/extension.js'))[1];
  extension.bytes = main.bytes;
  extension.lazyBundles = outputs.filter(([file]) => !file.endsWith('/extension.js')).map(([file, output]) => ({ file: file.replace(/^.*dist\//, 'dist/'), bytes: output.bytes }));
  // The biggest contributors, for the report's note on bundle size.
  const inputs = main.inputs;
  extension.largestInputs = Object.entries(inputs)
    .map(([file, info]) => ({ file, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
  // infinipost-scan as shipped (issue #15: hook overhead, CLI vs ripgrep).
  const { cliBuildOptions } = await import('../scripts/lib/cliBuild.mjs');
  await esbuild.build({ ...cliBuildOptions({ outfile: join(extDir, 'dist', 'cli.js'), production: true }), logLevel: 'silent' });
  writeFileSync(join(extDir, 'package.json'), readFileSync(join(repoRoot, 'package.json')));
  cpSync(join(repoRoot, 'media'), join(extDir, 'media'), { recursive: true });
  // The same extension without activation events, for timing activation: onStartupFinished would
  // otherwise race the measuring module and start activating before it can watch.
  const manualDir = join(repoRoot, '.bench', 'ext-manual');
  rmSync(manualDir, { recursive: true, force: true });
  cpSync(extDir, manualDir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  manifest.activationEvents = [];
  writeFileSync(join(manualDir, 'package.json'), JSON.stringify(manifest, null, 2));
} catch (error) {
  // Another engineer may be mid-edit: the report says the extension rows could not be measured.
  extension = { ok: false, error: String(error instanceof Error ? error.message : error).slice(0, 2000) };
}
writeFileSync(join(repoRoot, '.bench', 'build.json'), JSON.stringify({ builtAt: new Date().toISOString(), extension }, null, 2));
console.error(`[bench] built bench/out/ and .bench/ext/ (extension bundle: ${extension.ok ? `${(extension.bytes / 1024).toFixed(1)} KiB` : 'FAILED'})`);
