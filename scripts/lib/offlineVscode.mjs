// Runs VS Code 1.100.3 (code-server from npm) on loopback and drives its web workbench with
// Debian's headless Chromium. The extension host is the server's Node host: real terminals,
// real file system, real git extension.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureCodeServer } from './setup.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';
// Without the network flags Chromium floods this machine's closed network with connection attempts.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Asks the kernel for a free loopback port. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts code-server with a throwaway profile under `root` and resolves once it listens.
 * `userSettings` are written to the profile's user settings.json before start.
 */
export async function startCodeServer({ root, userSettings = {}, disableWorkspaceTrust = true, verbose = false }) {
  const entry = ensureCodeServer();
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const configHome = join(root, 'config');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(configHome, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'workbench.enableExperiments': false,
        'git.openRepositoryInParentFolders': 'always',
        ...userSettings,
      },
      null,
      2,
    ),
  );
  const port = await freePort();
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--ignore-last-opened',
  ];
  if (disableWorkspaceTrust) {
    args.push('--disable-workspace-trust');
  }
  const child = spawn(process.execPath, args, {
    env: { ...process.env, XDG_CONFIG_HOME: configHome, XDG_DATA_HOME: join(root, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const onData = (chunk) => {
    const text = chunk.toString();
    output.push(text);
    if (verbose) process.stderr.write(text.replace(/^/gm, '[vscode-server] '));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  await new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output.join('')}`)), 60_000);
    const check = () => {
      if (output.join('').includes('HTTP server listening')) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code}:\n${output.join('')}`));
    });
  });
  return {
    port,
    userDataDir,
    output,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The workbench URL that opens `folder` and, in development mode, loads the extension (and tests) from disk. */
export function workbenchUrl({ port, folder, extensionDevelopmentPaths = [], extensionTestsPath }) {
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = extensionDevelopmentPaths.map((path) => ['extensionDevelopmentPath', remote(path)]);
  if (extensionTestsPath) {
    payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  }
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  query.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${port}/?${query.toString()}`;
}

/** Launches Debian's Chromium headless through playwright-core (it cannot download browsers here). */
export async function launchChromium({ headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless, args: CHROMIUM_ARGS });
}
