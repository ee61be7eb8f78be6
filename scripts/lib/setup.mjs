// Set-up shared by `npm start`, `npm test` and `npm run bench`: installs what a fresh machine
// lacks (npm dependencies, Debian packages, the offline VS Code) and caches it between runs.
// Only Node built-ins here: this module runs before `npm ci` has installed anything.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, writeFileSync, statSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(repoRoot, '.vscode-test');

/** VS Code 1.100.3: the last code-server release that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';
export const codeServerDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
}

/** Installs the project's npm dependencies when node_modules is missing or older than the lock file. */
export function ensureNodeModules() {
  const marker = join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = join(repoRoot, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
    return;
  }
  log('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot });
}

function isDebianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Installs missing Debian packages when running as root; otherwise names them and stops. */
export function ensureDebianPackages(names) {
  const missing = names.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) {
    return;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `These Debian packages are needed: ${missing.join(' ')}.\n` +
        `Install them once with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/**
 * Compilers and interpreters `npm run test:compile` builds and runs the fixed corpus with (Go with cgo,
 * C#, Ruby, PHP, Kotlin, Elixir, Rust, Java, Python 3.11, Bash); TypeScript, Node and the tree-sitter
 * grammars for Swift and Dart come from npm.
 */
export const COMPILE_CHECK_PACKAGES = [
  'golang-go', 'gcc', 'mono-mcs', 'mono-runtime', 'ruby', 'php-cli', 'kotlin', 'elixir', 'rustc',
  'openjdk-17-jdk-headless', 'python3', 'bash',
];

/** Packages the offline VS Code needs: Chromium to render the workbench, ripgrep for its search, Kerberos headers and git. */
export const OFFLINE_VSCODE_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'git', 'python3', 'make', 'g++'];

/**
 * Installs code-server (a full VS Code 1.100.3, server and web workbench) from the npm registry
 * into the git-ignored cache. Each work-around below answers an obstacle recorded in
 * ../shared/docs/offline-vscode-tests.md.
 */
export function ensureCodeServer() {
  ensureDebianPackages(OFFLINE_VSCODE_PACKAGES);
  if (existsSync(join(codeServerDir, '.installed'))) {
    return codeServerEntry;
  }
  log(`installing code-server ${CODE_SERVER_VERSION} (VS Code 1.100.3, from the npm registry) into ${codeServerDir}; this takes about two minutes once`);
  const staging = `${codeServerDir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // npm 11 runs dependency install scripts only when package.json approves them.
  writeFileSync(
    join(staging, 'package.json'),
    JSON.stringify({ name: 'offline-vscode', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  // @vscode/ripgrep's postinstall would download ripgrep from GitHub; it accepts a cached archive first.
  const fakeTmp = mkdtempSync(join(tmpdir(), 'infinipost-rg-'));
  const rgCache = join(fakeTmp, 'vscode-ripgrep-cache-1.15.11');
  mkdirSync(rgCache, { recursive: true });
  const rgStage = mkdtempSync(join(tmpdir(), 'infinipost-rgbin-'));
  copyFileSync('/usr/bin/rg', join(rgStage, 'rg'));
  execFileSync('tar', ['-czf', join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', rgStage, 'rg']);
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: staging,
      env: {
        ...process.env,
        TMPDIR: fakeTmp,
        npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root otherwise
        npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
      },
    });
  } finally {
    rmSync(fakeTmp, { recursive: true, force: true });
    rmSync(rgStage, { recursive: true, force: true });
  }
  const vscodeModules = join(staging, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  for (const native of ['node-pty/build/Release/pty.node', '@vscode/spdlog/build/Release/spdlog.node', '@vscode/ripgrep/bin/rg']) {
    if (!existsSync(join(vscodeModules, native))) {
      throw new Error(`code-server installed without ${native}: an install script did not run`);
    }
  }
  rmSync(codeServerDir, { recursive: true, force: true });
  renameSync(staging, codeServerDir);
  writeFileSync(join(codeServerDir, '.installed'), new Date().toISOString());
  return codeServerEntry;
}
