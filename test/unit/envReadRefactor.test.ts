import * as assert from 'assert';
import { applyChanges, envReadFor, planEnvReadFixes, sameLineCopies, supportsEnvRead } from '../../src/core/envReadRefactor';
import { envReadRefusal, planEnvReadRefactor, planEnvReadRefactorAll } from '../support/envReadPlans';
import { LIVE, TEST, VARIABLE, assertValidSyntax, fixAll, keyRanges } from '../support/envReadGolden';

const JS_READ = "(process.env.INFINIPOST_API_KEY ?? (() => { throw new Error('INFINIPOST_API_KEY is not set'); })())";

// The per-language golden files live in test/unit/envRead/; this file checks the shared core.

describe('envReadFor / supportsEnvRead', () => {
  // The short form shown in the quick fix's title; the code itself fails loudly when the variable is unset.
  const expected: ReadonlyArray<[string, string]> = [
    ['javascript', 'process.env.X'],
    ['typescript', 'process.env.X'],
    ['javascriptreact', 'process.env.X'],
    ['typescriptreact', 'process.env.X'],
    ['vue', 'process.env.X'],
    ['svelte', 'process.env.X'],
    ['python', 'os.environ["X"]'],
    ['go', 'os.LookupEnv("X")'],
    ['ruby', 'ENV.fetch("X")'],
    ['php', "getenv('X')"],
    ['java', 'System.getenv("X")'],
    ['kotlin', 'System.getenv("X")'],
    ['csharp', 'Environment.GetEnvironmentVariable("X")'],
    ['rust', 'std::env::var("X").expect("X is not set")'],
    ['swift', 'ProcessInfo.processInfo.environment["X"]!'],
    ['dart', "Platform.environment['X']!"],
    ['elixir', 'System.fetch_env!("X")'],
    ['shellscript', '"$X"'],
    ['powershell', '$env:X'],
  ];
  for (const [lang, expression] of expected) {
    it(`reads the variable idiomatically in ${lang}`, () => {
      assert.strictEqual(envReadFor(lang, 'X'), expression);
      assert.strictEqual(supportsEnvRead(lang), true);
    });
  }
  it('has no expression for config files and unknown languages (they get the .env fix)', () => {
    for (const lang of ['json', 'jsonc', 'yaml', 'toml', 'ini', 'properties', 'plaintext', 'c', 'constructor', '']) {
      assert.strictEqual(envReadFor(lang, 'X'), undefined, lang);
      assert.strictEqual(supportsEnvRead(lang), false, lang);
    }
  });
  it('refuses a variable name that is not an identifier', () => {
    for (const name of ['', '1X', 'A-B', 'A B', "X'];alert(1);//", '$X']) {
      assert.strictEqual(envReadFor('typescript', name), undefined, name);
      assert.strictEqual(planEnvReadRefactor(`const k = '${LIVE}';`, 'typescript', 11, 11 + LIVE.length, name), undefined, name);
    }
  });
});

describe('planEnvReadRefactor: positions', () => {
  it('takes offsets into the original text and returns the import as a separate change', () => {
    const input = `"""Doc."""\n\nKEY = "${LIVE}"\n`;
    const start = input.indexOf(LIVE);
    const changes = planEnvReadRefactor(input, 'python', start, start + LIVE.length, VARIABLE);
    assert.deepStrictEqual(changes, [
      { start: 12, end: 12, text: 'import os\n\n' },
      { start: start - 1, end: start + LIVE.length + 1, text: 'os.environ["INFINIPOST_API_KEY"]' },
    ]);
  });

  it('refuses a range that is not exactly a key', () => {
    const input = `const k = '${LIVE}';`;
    const start = input.indexOf(LIVE);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', start - 1, start + LIVE.length, VARIABLE), undefined);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', start, start + LIVE.length + 1, VARIABLE), undefined);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', start, start, VARIABLE), undefined);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', -1, 3, VARIABLE), undefined);
    assert.strictEqual(planEnvReadRefactor(input, 'typescript', start, input.length + 1, VARIABLE), undefined);
  });

  it('refuses unsupported languages', () => {
    const input = `{"key": "${LIVE}"}`;
    const start = input.indexOf(LIVE);
    assert.strictEqual(planEnvReadRefactor(input, 'json', start, start + LIVE.length, VARIABLE), undefined);
  });
});

describe('planEnvReadRefactorAll: edge cases', () => {
  it('returns no change for an empty key list, even in an unfixable file', () => {
    assert.deepStrictEqual(planEnvReadRefactorAll(`// ${LIVE}\n`, 'typescript', [], VARIABLE), []);
    assert.strictEqual(applyChanges('x', []), 'x');
  });

  it('ignores a key listed twice and refuses overlapping ranges', () => {
    const input = `const k = '${LIVE}';\n`;
    const key = keyRanges(input)[0];
    const twice = planEnvReadRefactorAll(input, 'typescript', [key, { ...key }], VARIABLE);
    assert.ok(twice !== undefined);
    assert.strictEqual(applyChanges(input, twice), `const k = ${JS_READ};\n`);
    assert.strictEqual(planEnvReadRefactorAll(input, 'typescript', [key, { start: key.start + 1, end: key.end }], VARIABLE), undefined);
  });

  it('planEnvReadRefactorAll refuses the whole file when one key cannot be fixed', () => {
    const input = `const a = '${LIVE}';\nimport x from '${TEST}';\n`;
    assert.strictEqual(planEnvReadRefactorAll(input, 'typescript', keyRanges(input), VARIABLE), undefined);
  });

  it('masks a copy of the key in a comment instead of leaving it behind', () => {
    const input = `const a = '${LIVE}'; // was ${LIVE}\n/* ${TEST} */\n`;
    const output = fixAll(input, 'typescript') as string;
    assert.strictEqual(output, `const a = ${JS_READ}; // was sk_live_…${LIVE.slice(-4)}\n/* sk_test_…${TEST.slice(-4)} */\n`);
    assert.doesNotMatch(output, /sk_(live|test)_[A-Za-z0-9]{5}/);
  });


  it('keeps CRLF line endings when adding an import', () => {
    const input = `import sys\r\n\r\nKEY = '${LIVE}'\r\n`;
    assert.strictEqual(fixAll(input, 'python'), 'import os\r\nimport sys\r\n\r\nKEY = os.environ["INFINIPOST_API_KEY"]\r\n');
  });

  it('adds `import os` before a first use in a module without imports', () => {
    const input = `KEY = '${LIVE}'\n`;
    assert.strictEqual(fixAll(input, 'python'), 'import os\n\nKEY = os.environ["INFINIPOST_API_KEY"]\n');
  });

  it('does not mistake `import os` quoted in a docstring for the import', () => {
    const input = `"""Example:\nimport os\n"""\nKEY = '${LIVE}'\n`;
    assert.strictEqual(fixAll(input, 'python'), `"""Example:\nimport os\n"""\nimport os\n\nKEY = os.environ["INFINIPOST_API_KEY"]\n`);
  });

  it('refuses a key in a Python docstring (the import would come after the read)', () => {
    const input = `"""Use ${LIVE}."""\n`;
    assert.strictEqual(fixAll(input, 'python'), undefined);
  });

  it('handles a key nested in a template literal hole', () => {
    const input = 'const s = `Bearer ${pick(\'' + LIVE + '\')}`;\n';
    const output = fixAll(input, 'typescript');
    assert.strictEqual(output, 'const s = `Bearer ${pick(' + JS_READ + ')}`;\n');
  });

  it('refuses a key that is code inside an interpolation hole', () => {
    const input = 'const s = `Bearer ${' + LIVE + '}`;\n';
    assert.strictEqual(fixAll(input, 'typescript'), undefined);
  });

  it('refuses a key that is an interpolated variable name', () => {
    assert.strictEqual(fixAll(`<?php\n$s = "x $${LIVE}";\n`, 'php'), undefined);
    assert.strictEqual(fixAll(`echo $${LIVE}\n`, 'shellscript'), undefined);
  });

  it('refuses a key escaped by a backslash', () => {
    assert.strictEqual(fixAll(`const s = "a\\${LIVE}";\n`, 'typescript'), undefined);
  });

  it('refuses an unterminated string', () => {
    assert.strictEqual(fixAll(`const s = 'Bearer ${LIVE}\n`, 'typescript'), undefined);
    assert.strictEqual(fixAll(`s = """Bearer ${LIVE}\n`, 'python'), undefined);
  });

  it('keeps a quote-clashing f-string valid before Python 3.12', () => {
    const input = `u = f'{a["b"]} ${LIVE}'\n`;
    const output = fixAll(input, 'python') as string;
    assert.strictEqual(output, `import os\n\nu = f'{a["b"]} {os.environ["INFINIPOST_API_KEY"]}'\n`);
    assertValidSyntax('python', output, 'the fixed file');
  });

  it('handles a large file (speed is measured by npm run bench, not here)', () => {
    const filler = Array.from({ length: 5000 }, (_, i) => `const v${i} = 'value ${i}'; // "comment" \`${i}\``).join('\n');
    const input = `${filler}\nconst k = '${LIVE}';\n${filler}\n`;
    const output = fixAll(input, 'typescript') as string;
    assert.strictEqual(output, input.replace(`'${LIVE}'`, JS_READ));
    assert.ok(output.includes(`const k = ${JS_READ};`));
  });
});

describe('applyChanges', () => {
  it('applies changes given in any order', () => {
    assert.strictEqual(
      applyChanges('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 0, text: '>' },
        { start: 1, end: 3, text: '' },
      ]),
      '>adEf',
    );
  });
  it('throws on overlapping or out-of-range changes', () => {
    assert.throws(() => applyChanges('abc', [{ start: 0, end: 2, text: '' }, { start: 1, end: 3, text: '' }]), RangeError);
    assert.throws(() => applyChanges('abc', [{ start: 2, end: 5, text: '' }]), RangeError);
  });
});

describe('planEnvReadFixes: partial fix-all with reasons', () => {
  it('fixes the keys it can and names the reason for each one it cannot', () => {
    const input = `const a = '${LIVE}';\nimport x from '${TEST}';\nlet s: '${TEST}' | 'none' = 'none';\nconst b = \`Bearer ${TEST}\`;\n`;
    const plan = planEnvReadFixes(input, 'typescript', keyRanges(input), VARIABLE);
    assert.strictEqual(plan.fixed.length, 2);
    assert.deepStrictEqual(
      plan.refused.map((r) => [input.slice(0, r.start).split('\n').length, r.reason]),
      [
        [2, 'module specifiers must stay literals'],
        [3, 'the literal is a type (a literal type or a union of them), not a value'],
      ],
    );
    const output = applyChanges(input, plan.changes);
    assert.ok(output.startsWith(`const a = ${JS_READ};\nimport x from '${TEST}';\n`), output);
    assert.ok(output.endsWith('const b = `Bearer ${' + JS_READ + '}`;\n'), output);
    assertValidSyntax('typescript', output, 'the partly fixed file');
  });

  it('refuses every key with the same reason in a language without an environment read', () => {
    const input = `{"key": "${LIVE}"}`;
    const plan = planEnvReadFixes(input, 'json', keyRanges(input), VARIABLE);
    assert.deepStrictEqual(plan.changes, []);
    assert.deepStrictEqual(plan.refused.map((r) => r.reason), ['json files have no environment read here']);
  });

  it('gives the single-key reason the lightbulb shows', () => {
    const input = `enum E { A = '${LIVE}' }\n`;
    const key = keyRanges(input)[0];
    assert.strictEqual(envReadRefusal(input, 'typescript', key.start, key.end, VARIABLE), 'enum members and module export names only take literals');
    const ok = `const k = '${LIVE}';\n`;
    const okKey = keyRanges(ok)[0];
    assert.strictEqual(envReadRefusal(ok, 'typescript', okKey.start, okKey.end, VARIABLE), undefined);
  });
});

describe('sameLineCopies', () => {
  it('adds copies of the same key on the target line only', () => {
    const input = `const a = '${LIVE}'; // ${LIVE}\nconst b = '${LIVE}';\nconst c = '${TEST}'; // ${LIVE}\n`;
    const findings = keyRanges(input).map((r) => ({ ...r, key: input.slice(r.start, r.end) }));
    const target = findings[0];
    const covered = sameLineCopies(input, findings, target);
    assert.deepStrictEqual(covered.map((f) => f.start), [findings[0].start, findings[1].start]);
  });
});

