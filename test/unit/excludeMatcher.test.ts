import * as assert from 'assert';
import { ExcludeMatcher, ripgrepExcludeArgs } from '../../src/core/excludeMatcher';
import { compileGlob, expandBraces, MAX_GLOB_ALTERNATIVES } from '../../src/core/globMatcher';

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
    assert.strictEqual(compileGlob('**/*.js')!('a/b.js'), true);
    assert.strictEqual(compileGlob('{a,{b'), undefined);
    assert.strictEqual(compileGlob('{a,b}'.repeat(9)), undefined, `more than ${MAX_GLOB_ALTERNATIVES} alternatives`);
  });

  it('matches a hostile glob in linear time (a regular expression took seconds per path)', () => {
    const hostile = '**/*a*a*a*a*a*a*a*a*a*a*b';
    const matcher = new ExcludeMatcher([{ [hostile]: true }]);
    const paths = Array.from({ length: 2000 }, (_, i) => `src/${'a'.repeat(30 + (i % 10))}/${'a'.repeat(40)}${i}.ts`);
    const started = process.hrtime.bigint();
    for (const p of paths) assert.strictEqual(matcher.excludes(p), false);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    // 2,000 paths of ~80 characters: microseconds each when linear; a backtracking matcher does not finish.
    assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
    assert.ok(matcher.excludes(`x/${'a'.repeat(12)}b`));
  });

  it('agrees with the segment rules: ** spans folders, * and ? stay inside one, classes and negation', () => {
    const cases: Array<[string, string, boolean]> = [
      ['**/node_modules', 'node_modules', true],
      ['**/node_modules', 'a/b/node_modules', true],
      ['a/**/b', 'a/b', true],
      ['a/**/b', 'a/x/y/b', true],
      ['a/*/b', 'a/x/y/b', false],
      ['*.js', 'a/b.js', false],
      ['**.js', 'b.js', true],
      ['[!a]x', 'bx', true],
      ['[!a]x', 'ax', false],
      ['[a-c]?', 'bz', true],
      ['.git', '.git', true],
      ['**/*.{js,ts{,x}}', 'a/b.tsx', true],
    ];
    for (const [glob, candidate, expected] of cases) assert.strictEqual(compileGlob(glob)!(candidate), expected, `${glob} vs ${candidate}`);
    assert.deepStrictEqual(expandBraces('a{b,c{d,e}}f'), ['abf', 'acdf', 'acef']);
  });

  it('turns exclude settings into anchored ripgrep globs that no workspace string can make an option', () => {
    const args = ripgrepExcludeArgs([{ '**/*.{js,ts}': true, '-x': true, '--pre=evil': true, 'off': false, 'c': { when: 'x' }, '{bad': true }]);
    assert.deepStrictEqual(args, ['--glob=!/**/*.js', '--glob=!/**/*.ts', '--glob=!/-x', '--glob=!/--pre=evil']);
    assert.ok(args.every((arg) => arg.startsWith('--glob=!')));
  });
});
