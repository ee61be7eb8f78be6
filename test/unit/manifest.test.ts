// Guards for things that drift silently: the three layers (core, node, features), and README tables that must
// list every contributed command and setting.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { COMMAND_IDS, SETTINGS_SECTION, SETTING_KEYS } from '../../src/shared/identities';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

// Node modules that reach files, processes or the network; `path`, `crypto` and `util` compute only.
const NODE_IO = new Set(['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'os', 'readline', 'worker_threads', 'cluster']);

type Layer = 'core' | 'node' | 'features';

function layerOf(file: string): Layer {
  const rel = path.relative(path.join(root, 'src'), file).split(path.sep);
  return rel[0] === 'core' ? 'core' : rel[0] === 'node' || rel[0] === 'cli.ts' ? 'node' : 'features';
}

function bare(spec: string): string {
  return spec.replace(/^node:/, '');
}

/** Every module a file imports or requires (static, dynamic, type-only or re-export). */
function importsOf(file: string): string[] {
  // TypeScript's own scanner: module names inside strings (a Go `import "os"` template) are not imports.
  return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map((imported) => imported.fileName);
}

/** "file: module" for each import in the layer that `forbidden` rejects; `target` is the resolved path of a relative import. */
function layerOffenders(layer: Layer, forbidden: (spec: string, target: string | undefined) => boolean): string[] {
  const offenders: string[] = [];
  for (const file of filesUnder(path.join(root, 'src')).filter((f) => layerOf(f) === layer)) {
    for (const spec of importsOf(file)) {
      const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : undefined;
      if (forbidden(spec, target)) offenders.push(`${path.relative(root, file)}: ${spec}`);
    }
  }
  return offenders;
}

describe('project structure', () => {
  // core: pure logic (no vscode, no Node I/O); node: Node APIs (no vscode, no VS Code feature);
  // features (everything else): VS Code, reaching files, processes and the network through node.
  it('keeps src/core pure: no vscode, no Node I/O, nothing from the other layers', () => {
    assert.deepStrictEqual(layerOffenders('core', (spec, target) => spec === 'vscode' || NODE_IO.has(bare(spec)) || (target !== undefined && layerOf(target) !== 'core')), []);
  });

  it('keeps src/node free of vscode and of the VS Code features', () => {
    assert.deepStrictEqual(layerOffenders('node', (spec, target) => spec === 'vscode' || (target !== undefined && layerOf(target) === 'features')), []);
  });

  it('keeps Node I/O out of the VS Code features (they use src/node)', () => {
    assert.deepStrictEqual(layerOffenders('features', (spec) => NODE_IO.has(bare(spec))), []);
  });

  it('sees the imports the layering rules check', () => {
    // A rule over an empty import list cannot fail: make sure the parser finds real imports.
    const specs = importsOf(path.join(root, 'src', 'node', 'gitStatus.ts'));
    assert.ok(specs.includes('fs') && specs.includes('../core/keyDetector') && specs.includes('./gitCommand'), specs.join(', '));
  });

  it('never activates eagerly', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
  });

  it('puts every command under the Infinipost category', () => {
    for (const command of pkg.contributes.commands) assert.strictEqual(command.category, 'Infinipost', command.command);
  });

  it('documents every command and setting in README.md', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const palette = new Set(pkg.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command));
    for (const command of pkg.contributes.commands) {
      if (palette.has(command.command)) continue; // internal, reached from quick fixes only
      assert.ok(readme.includes(command.command), `README.md does not mention ${command.command}`);
    }
    for (const setting of Object.keys(pkg.contributes.configuration.properties)) {
      assert.ok(readme.includes(`\`${setting}\``), `README.md does not document ${setting}`);
    }
  });

  it('gives every setting a markdownDescription', () => {
    for (const [key, setting] of Object.entries<Record<string, unknown>>(pkg.contributes.configuration.properties)) {
      assert.ok(typeof setting.markdownDescription === 'string' && setting.markdownDescription.length > 20, key);
    }
  });
});

describe('identities', () => {
  it('types exactly the commands package.json contributes (CommandId)', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepStrictEqual([...COMMAND_IDS].sort(), contributed);
  });

  it('types exactly the settings package.json contributes (SettingKey)', () => {
    const contributed = Object.keys(pkg.contributes.configuration.properties).sort();
    assert.deepStrictEqual(SETTING_KEYS.map((key) => `${SETTINGS_SECTION}.${key}`).sort(), contributed);
  });

  it('spells the diagnostic source and the checked schemes once', () => {
    const offenders = filesUnder(path.join(root, 'src')).filter((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return /\.source\s*===?\s*'Infinipost'/.test(text) || /\{\s*scheme:\s*'(?:file|untitled|vscode-remote)'\s*\}/.test(text);
    });
    assert.deepStrictEqual(offenders, []);
  });

  // A provider registered twice (or once per scheme) offers each fix twice; one selector for all of them.
  it('registers each code action provider once, for the documents key diagnostics appear in', () => {
    const calls = filesUnder(path.join(root, 'src')).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/registerCodeActionsProvider\(\s*([^,]+),/g)].map((m) => ({ file: path.relative(root, file), selector: m[1].trim() })),
    );
    assert.deepStrictEqual(
      calls.map((c) => c.file).sort(),
      ['src/apiCheck/registerApiCheck.ts', 'src/detection/registerIgnoreActions.ts', 'src/refactor/registerRefactor.ts'],
    );
    for (const call of calls) assert.strictEqual(call.selector, 'KEY_DOCUMENTS', call.file);
  });
});
