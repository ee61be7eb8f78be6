// `npm start`: the extension in a real VS Code (1.100.3, offline) in your browser, on a demo
// workspace whose Node program hard-codes a live-key-shaped literal and calls the local Infinipost
// API simulator. Ctrl-C stops everything this script started.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { cacheDir, repoRoot } from './lib/setup.mjs';
import { startCodeServer, workbenchUrl } from './lib/offlineVscode.mjs';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Generated at every start, so no key-shaped literal ever sits in the repository.
const randomKey = (mode) => 'sk_' + mode + '_' + Array.from(randomBytes(32), (b) => ALPHABET[b % ALPHABET.length]).join('');

const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const demoRoot = join(cacheDir, 'demo');
rmSync(join(demoRoot, 'workspace'), { recursive: true, force: true });
const workspace = join(demoRoot, 'workspace');
mkdirSync(workspace, { recursive: true });

const liveKey = randomKey('live');
const testKey = randomKey('test');
const expiredKey = randomKey('test');

// 1. The API simulator, with the demo keys. Keys travel by environment, never on a command line.
const simulator = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'simulator', 'cli.ts'), '--port', '0'], {
  cwd: repoRoot,
  env: {
    ...process.env,
    INFINIPOST_SIM_KEYS: JSON.stringify({
      [liveKey]: { kind: 'valid', accounts: 14 },
      [testKey]: { kind: 'valid', accounts: 3 },
      [expiredKey]: { kind: 'expired' },
    }),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const simulatorUrl = await new Promise((resolveUrl, reject) => {
  const lines = createInterface({ input: simulator.stdout });
  lines.on('line', (line) => line.startsWith('INFINIPOST_SIMULATOR_URL=') && resolveUrl(line.slice('INFINIPOST_SIMULATOR_URL='.length)));
  simulator.once('exit', (code) => reject(new Error(`the API simulator exited with ${code}`)));
});

// 2. The demo workspace: the mistake this extension exists to catch.
writeFileSync(
  join(workspace, 'index.js'),
  `// Lists your Infinipost accounts. The key below is hard-coded: Infinipost flags it.
// Try the lightbulb (Ctrl+.) on it: "Move key to Infinipost vault", then run \`node index.js\`
// in a new terminal. The program keeps working, with the key coming from the vault.
const apiKey = '${liveKey}';
const baseUrl = process.env.INFINIPOST_API_URL || '${simulatorUrl}';

async function main() {
  const response = await fetch(baseUrl + '/v1/accounts', { headers: { Authorization: 'Bearer ' + apiKey } });
  const body = await response.json();
  if (!response.ok) {
    console.error('Infinipost API error:', response.status, body.error);
    process.exit(1);
  }
  console.log('Infinipost accounts:', body.data.map((account) => account.name || account.id).join(', '));
}

main();
`,
);
writeFileSync(join(workspace, 'package.json'), JSON.stringify({ name: 'infinipost-demo', private: true, scripts: { start: 'node index.js' } }, null, 2) + '\n');
writeFileSync(
  join(workspace, 'README.md'),
  `# Infinipost demo workspace\n\nKeys you can paste into **Infinipost: Add API Key** while trying things out (they only work against the local simulator at ${simulatorUrl}):\n\n- a test key: see \`.demo-keys\` (git-ignored)\n`,
);
writeFileSync(join(workspace, '.demo-keys'), `test key (valid): ${testKey}\ntest key (expired): ${expiredKey}\n`);
writeFileSync(join(workspace, '.gitignore'), '.demo-keys\n.env\nnode_modules/\n');
spawnSync('git', ['init', '-q'], { cwd: workspace });

// 3. VS Code with the extension loaded in development mode; the API URL points at the simulator for this profile only.
const server = await startCodeServer({
  root: join(demoRoot, 'profile'),
  userSettings: { 'infinipost.apiBaseUrl': simulatorUrl, 'workbench.colorTheme': 'Default Dark Modern' },
});
const url = workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPaths: [repoRoot] });

console.log(`
Infinipost for VS Code is running in VS Code ${'1.100.3'} (offline build).

  Open:          ${url}
  API simulator: ${simulatorUrl}
  Workspace:     ${workspace}

Press Ctrl-C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  simulator.kill('SIGTERM');
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
