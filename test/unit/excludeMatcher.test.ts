import * as assert from 'assert';
import { ExcludeMatcher, globToRegExp } from '../../src/core/excludeMatcher';

describe('ExcludeMatcher (files.exclude / search.exclude)', () => {
  it('matches VS Code globs against workspace-relative paths and their parent folders', () => {
    const matcher = new ExcludeMatcher([{ '**/node_modules': true, 'dist/**': true, '**/*.min.js': true, 'docs/*.md': false }]);
    assert.ok(matcher.excludes('node_modules/a/index.js'));
    assert.ok(matcher.excludes('packages/x/node_modules/y.js'));
    assert.ok(matcher.excludes('dist/extension.js'));
    assert.ok(matcher.excludes('web/app.min.js'));
    assert.ok(!matcher.excludes('src/app.js'));
    assert.ok(!matcher.excludes('docs/readme.md'), 'false entries exclude nothing');
  });

  it('supports ?, character classes and nested braces', () => {
    const matcher = new ExcludeMatcher([{ '**/*.{js,ts{,x}}': true, 'log?.txt': true, 'tmp[0-9]/**': true }]);
    assert.ok(matcher.excludes('a/b.tsx'));
    assert.ok(matcher.excludes('a/b.ts'));
    assert.ok(!matcher.excludes('a/b.py'));
    assert.ok(matcher.excludes('log1.txt'));
    assert.ok(!matcher.excludes('log12.txt'));
    assert.ok(matcher.excludes('tmp3/x'));
  });

  it('applies `when` sibling conditions', () => {
    const present = new Set(['src/a.ts']);
    const matcher = new ExcludeMatcher([{ '**/*.js': { when: '$(basename).ts' } }], (rel) => present.has(rel));
    assert.ok(matcher.excludes('src/a.js'), 'generated from a.ts');
    assert.ok(!matcher.excludes('src/b.js'), 'no b.ts next to it');
  });

  it('lists only unconditional globs for findFiles pruning', () => {
    assert.deepStrictEqual(ExcludeMatcher.simpleGlobs([{ a: true, b: false, c: { when: 'x' } }, { d: true }]), ['a', 'd']);
  });

  it('ignores malformed globs instead of throwing', () => {
    assert.doesNotThrow(() => new ExcludeMatcher([{ '{unclosed': true, '[': true }]).excludes('x'));
    assert.strictEqual(globToRegExp('**/*.js')!.test('a/b.js'), true);
  });
});
