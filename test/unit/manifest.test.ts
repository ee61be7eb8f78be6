// Guards for things that drift silently: the core/adapter boundary, and README tables that must
// list every contributed command and setting.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMAND_IDS, SETTINGS_SECTION, SETTING_KEYS } from '../../src/shared/identities';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

describe('project structure', () => {
  it('keeps src/core free of the vscode module', () => {
    const offenders = filesUnder(path.join(root, 'src', 'core')).filter((file) =>
      /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(fs.readFileSync(file, 'utf8')),
    );
    assert.deepStrictEqual(offenders, []);
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
      ['src/apiCheck/registerApiCheck.ts', 'src/detection/ignoreCodeActions.ts', 'src/refactor/registerRefactor.ts'],
    );
    for (const call of calls) assert.strictEqual(call.selector, 'KEY_DOCUMENTS', call.file);
  });
});
