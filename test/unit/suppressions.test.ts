import * as assert from 'assert';
import { detectKeys } from '../../src/core/keyDetector';
import { createSuppressionChecker, isSuppressed } from '../../src/core/suppressions';
import { liveKey, randomBody, seededRandom, testKey } from '../support/testKeys';

const random = seededRandom(7);
const key = (): string => liveKey(randomBody(32, random));

// Wraps a marker in each comment syntax teams use; suppression is plain text on the line.
const COMMENT_SYNTAXES: Array<[string, (marker: string) => string]> = [
  ['//', (marker) => `// ${marker}`],
  ['#', (marker) => `# ${marker}`],
  ['/* */', (marker) => `/* ${marker} */`],
  ['<!-- -->', (marker) => `<!-- ${marker} -->`],
  ['--', (marker) => `-- ${marker}`],
  [';', (marker) => `; ${marker}`],
];

function outcome(text: string): { reported: number; suppressed: number } {
  const result = detectKeys(text);
  return { reported: result.findings.length, suppressed: result.suppressed };
}

const SUPPRESSED = { reported: 0, suppressed: 1 };
const REPORTED = { reported: 1, suppressed: 0 };

describe('suppression comments', () => {
  describe('same line', () => {
    for (const [syntax, comment] of COMMENT_SYNTAXES) {
      it(`infinipost-ignore in ${syntax}`, () => {
        assert.deepStrictEqual(outcome(`token = "${key()}" ${comment('infinipost-ignore')}\n`), SUPPRESSED);
      });
    }

    for (const marker of ['gitleaks:allow', 'pragma: allowlist secret', 'secretlint-disable-line', 'trufflehog:ignore']) {
      for (const [syntax, comment] of COMMENT_SYNTAXES.slice(0, 4)) {
        it(`${marker} in ${syntax}`, () => {
          assert.deepStrictEqual(outcome(`token = "${key()}" ${comment(marker)}`), SUPPRESSED);
        });
      }
    }

    it('accepts a marker before the key on the same line', () => {
      assert.deepStrictEqual(outcome(`/* infinipost-ignore */ const k = '${key()}';`), SUPPRESSED);
    });

    it('accepts a secretlint rule id after secretlint-disable-line', () => {
      assert.deepStrictEqual(outcome(`k = '${key()}' // secretlint-disable-line @secretlint/secretlint-rule-preset-recommend`), SUPPRESSED);
    });

    it('accepts the marker in any letter case', () => {
      assert.deepStrictEqual(outcome(`k = '${key()}' # INFINIPOST-IGNORE`), SUPPRESSED);
    });

    it('does not treat a next-line marker as a same-line one', () => {
      assert.deepStrictEqual(outcome(`k = '${key()}' // infinipost-ignore-next-line`), REPORTED);
      assert.deepStrictEqual(outcome(`k = '${key()}' // secretlint-disable-next-line`), REPORTED);
      assert.deepStrictEqual(outcome(`k = '${key()}' # pragma: allowlist nextline secret`), REPORTED);
    });

    it('does not accept look-alike words', () => {
      assert.deepStrictEqual(outcome(`k = '${key()}' // infinipost-ignored by nobody`), REPORTED);
      assert.deepStrictEqual(outcome(`k = '${key()}' // infinipost-ignore-this`), REPORTED);
      assert.deepStrictEqual(outcome(`k = '${key()}' // gitleaks allow`), REPORTED);
    });

    it('suppresses every key of a long minified line with one marker', () => {
      const line = Array.from({ length: 2000 }, () => `"${key()}"`).join(',') + '/* infinipost-ignore */';
      const result = detectKeys(`${line}\nnext = "${key()}"`);
      assert.strictEqual(result.suppressed, 2000);
      assert.strictEqual(result.findings.length, 1);
    });
  });

  describe('line above', () => {
    for (const [syntax, comment] of COMMENT_SYNTAXES) {
      it(`infinipost-ignore-next-line in ${syntax}`, () => {
        assert.deepStrictEqual(outcome(`  ${comment('infinipost-ignore-next-line')}\n  token = "${key()}"\n`), SUPPRESSED);
      });
    }

    for (const marker of ['pragma: allowlist nextline secret', 'secretlint-disable-next-line']) {
      for (const [syntax, comment] of COMMENT_SYNTAXES.slice(0, 4)) {
        it(`${marker} in ${syntax}`, () => {
          assert.deepStrictEqual(outcome(`${comment(marker)}\ntoken = "${key()}"`), SUPPRESSED);
        });
      }
    }

    it('works with CRLF line breaks', () => {
      assert.deepStrictEqual(outcome(`a = 1\r\n// infinipost-ignore-next-line\r\nk = '${key()}'\r\n`), SUPPRESSED);
    });

    it('works with CR-only line breaks', () => {
      assert.deepStrictEqual(outcome(`a = 1\r# infinipost-ignore-next-line\rk = '${key()}'\r`), SUPPRESSED);
    });

    it('covers only the next line, not the one after it', () => {
      const text = `// infinipost-ignore-next-line\nconst a = '${key()}';\nconst b = '${key()}';\n`;
      assert.deepStrictEqual(outcome(text), { reported: 1, suppressed: 1 });
    });

    it('does not reach over a blank line', () => {
      assert.deepStrictEqual(outcome(`// infinipost-ignore-next-line\n\nconst a = '${key()}';`), REPORTED);
    });

    it('does not treat a same-line marker on the line above as a next-line one', () => {
      assert.deepStrictEqual(outcome(`x = 1 // infinipost-ignore\nk = '${key()}'`), REPORTED);
      assert.deepStrictEqual(outcome(`x = 1 # gitleaks:allow\nk = '${key()}'`), REPORTED);
      assert.deepStrictEqual(outcome(`x = 1 # pragma: allowlist secret\nk = '${key()}'`), REPORTED);
    });

    it('does not look at the line below', () => {
      assert.deepStrictEqual(outcome(`k = '${key()}'\n// infinipost-ignore-next-line\n`), REPORTED);
    });
  });

  describe('isSuppressed', () => {
    it('handles a key on the first line (no line above)', () => {
      const text = `${testKey(randomBody(32, random))} # infinipost-ignore`;
      assert.strictEqual(isSuppressed(text, 0), true);
      assert.strictEqual(isSuppressed(testKey(randomBody(32, random)), 0), false);
    });

    it('answers for any offset inside a line', () => {
      const text = `first\n// infinipost-ignore-next-line\nsecond line\nthird`;
      const second = text.indexOf('second');
      assert.strictEqual(isSuppressed(text, second), true);
      assert.strictEqual(isSuppressed(text, second + 7), true);
      assert.strictEqual(isSuppressed(text, text.indexOf('third')), false);
      assert.strictEqual(isSuppressed(text, 0), false);
    });

    it('gives the same answers from a reused checker in any order', () => {
      const text = `a # infinipost-ignore\nb\n# infinipost-ignore-next-line\nc\nd`;
      const check = createSuppressionChecker(text);
      const offsets = ['d', 'a', 'c', 'b', 'c', 'a'].map((letter) => text.lastIndexOf(letter));
      assert.deepStrictEqual(offsets.map(check), [false, true, true, false, true, true]);
    });
  });
});
