import * as assert from 'assert';
import {
  containsKeyPrefix,
  detectKeys,
  lineStarts,
  placeholderReason,
  positionAt,
} from '../../src/core/keyDetector';
import { MIN_KEY_BODY_LENGTH } from '../../src/core/keyTypes';
import { liveKey, randomBody, seededRandom, testKey } from '../support/testKeys';

const random = seededRandom(20240611);
const body = (length = 32): string => randomBody(length, random);
const keysIn = (text: string, options?: Parameters<typeof detectKeys>[1]): string[] =>
  detectKeys(text, options).findings.map((finding) => finding.key);

describe('detectKeys', () => {
  describe('prefixes', () => {
    it('finds a live key with its exact range and mode', () => {
      const key = liveKey(body());
      const text = `const apiKey = '${key}';`;
      const { findings } = detectKeys(text);
      assert.deepStrictEqual(findings, [{ start: text.indexOf(key), end: text.indexOf(key) + key.length, key, mode: 'live' }]);
    });

    it('finds a test key and marks it as test', () => {
      const key = testKey(body());
      const { findings } = detectKeys(`KEY=${key}`);
      assert.strictEqual(findings.length, 1);
      assert.strictEqual(findings[0].mode, 'test');
      assert.strictEqual(findings[0].key, key);
    });

    for (const prefix of ['sk_prod_', 'rk_live_', 'pk_test_', 'sk_Live_', 'SK_LIVE_', 'sk_live', 'sk__live_']) {
      it(`ignores other prefixes: ${prefix}`, () => {
        assert.deepStrictEqual(keysIn(`x = "${prefix}${body()}"`), []);
      });
    }

    it('finds a key at the very start of the text', () => {
      const key = liveKey(body());
      assert.deepStrictEqual(keysIn(key), [key]);
    });

    it('finds several keys on one line, including adjacent ones separated by a comma', () => {
      const a = liveKey(body());
      const b = testKey(body());
      const c = liveKey(body());
      assert.deepStrictEqual(keysIn(`[${a},${b}] ${c}`), [a, b, c]);
    });

    it('counts offsets in UTF-16 code units after emoji and accents', () => {
      const key = testKey(body());
      const text = `// 😀 café ${key}`;
      const [finding] = detectKeys(text).findings;
      assert.strictEqual(text.slice(finding.start, finding.end), key);
    });
  });

  describe('left boundary', () => {
    for (const before of ['ta', 'de', 'my_', 'a', 'Z', '1', '_']) {
      it(`does not match when "${before}" comes right before sk_`, () => {
        const text = `${before}${liveKey(body())} ${before}${testKey(body())}`;
        assert.deepStrictEqual(keysIn(text), []);
      });
    }

    for (const before of ['$', '-', '=', ':', '"', "'", '`', '(', '/', '\\', '\t', ' ', '>', '@', '.', 'é']) {
      it(`matches after ${JSON.stringify(before)}`, () => {
        const key = liveKey(body());
        assert.deepStrictEqual(keysIn(`x${before}${key}`), [key]);
      });
    }
  });

  describe('escapes before the key', () => {
    for (const escape of ['\\n', '\\t', '\\r', '%3D', '%22', '%20']) {
      it(`matches after the escape ${escape}`, () => {
        const key = liveKey(body());
        assert.deepStrictEqual(keysIn(`"a${escape}${key}"`), [key]);
      });
    }

    it('does not treat other backslash letters or a lone percent-digit as escapes', () => {
      assert.deepStrictEqual(keysIn(`"a\\q${liveKey(body())}" "%9${testKey(body())}" "%G1${testKey(body())}"`), []);
    });
  });

  describe('terminators', () => {
    for (const after of ["'", '"', '`', '&', ',', ')', '.', ':', ';', ' ', '\t', '\n', '\r\n', '<', ']', '}', '/', '\\', '-', '_', '?', '#', '%', '+', '=', 'é']) {
      it(`ends the key at ${JSON.stringify(after)}`, () => {
        const key = testKey(body());
        assert.deepStrictEqual(keysIn(`${key}${after}more`), [key]);
      });
    }

    it('ends the key at the end of the text', () => {
      const key = liveKey(body());
      const text = `token: ${key}`;
      const [finding] = detectKeys(text).findings;
      assert.strictEqual(finding.end, text.length);
    });

    it('reports the alphanumeric part of a key followed by an underscore suffix', () => {
      const key = liveKey(body());
      assert.deepStrictEqual(keysIn(`${key}_old`), [key]);
    });

    it('finds a key in a URL query string between & separators', () => {
      const key = liveKey(body());
      assert.deepStrictEqual(keysIn(`https://x.test/?a=1&key=${key}&b=2`), [key]);
    });
  });

  describe('body length', () => {
    it(`ignores bodies shorter than ${MIN_KEY_BODY_LENGTH} characters`, () => {
      assert.deepStrictEqual(keysIn(liveKey(body(MIN_KEY_BODY_LENGTH - 1))), []);
    });

    it(`reports bodies of exactly ${MIN_KEY_BODY_LENGTH} characters`, () => {
      const key = liveKey(body(MIN_KEY_BODY_LENGTH));
      assert.deepStrictEqual(keysIn(key), [key]);
    });

    it('ignores the shortened form used in the API docs', () => {
      assert.deepStrictEqual(keysIn(`Bearer ${liveKey('abc123')}`), []);
    });

    for (const length of [99, 100, 248, 500, 5000]) {
      it(`reports a ${length}-character body in full (no upper limit)`, () => {
        const key = liveKey(body(length));
        const [finding] = detectKeys(`"${key}"`).findings;
        assert.strictEqual(finding.key, key);
        assert.strictEqual(finding.end - finding.start, length + 8);
      });
    }
  });

  describe('redacted copies', () => {
    for (const tail of ['...', '…', '****', '***', '•••', '●●●●']) {
      it(`skips a key followed by ${tail}`, () => {
        const result = detectKeys(`Authorization: Bearer ${liveKey(body(20))}${tail}`);
        assert.deepStrictEqual(result.findings, []);
        assert.strictEqual(result.placeholders, 1);
      });
    }

    for (const masked of ['****', '...', '…', '<your key>', 'YOUR_KEY', '${KEY}']) {
      it(`skips the prefix followed directly by ${masked}`, () => {
        assert.deepStrictEqual(keysIn(`key = ${testKey('')}${masked}`), []);
      });
    }

    it('still reports a key at the end of a sentence', () => {
      const key = liveKey(body());
      assert.deepStrictEqual(keysIn(`Our key is ${key}. Rotate it.`), [key]);
    });

    it('still reports a key in markdown bold or italics', () => {
      const bold = liveKey(body());
      const italic = testKey(body());
      assert.deepStrictEqual(keysIn(`**${bold}** and *${italic}*`), [bold, italic]);
    });

    it('still reports a key followed by two dots (a relative path)', () => {
      const key = liveKey(body());
      assert.deepStrictEqual(keysIn(`${key}../x`), [key]);
    });
  });

  describe('allow list', () => {
    it('skips a key listed in full', () => {
      const key = liveKey(body());
      assert.deepStrictEqual(keysIn(`a = '${key}'`, { allow: [key] }), []);
    });

    it('skips a key whose body is listed', () => {
      const b = body();
      assert.deepStrictEqual(keysIn(`a = '${testKey(b)}'`, { allow: [b] }), []);
    });

    it('treats a listed body as allowed under both prefixes', () => {
      const b = body();
      assert.deepStrictEqual(keysIn(`${liveKey(b)} ${testKey(b)}`, { allow: [b] }), []);
    });

    it('ignores whitespace around entries', () => {
      const key = liveKey(body());
      assert.deepStrictEqual(keysIn(key, { allow: [`  ${key}\n`] }), []);
    });

    it('still reports keys that are not listed', () => {
      const allowed = liveKey(body());
      const other = liveKey(body());
      assert.deepStrictEqual(keysIn(`${allowed} ${other}`, { allow: [allowed] }), [other]);
    });

    it('does not allow a key through a partial entry', () => {
      const b = body();
      const key = liveKey(b);
      assert.deepStrictEqual(keysIn(key, { allow: [b.slice(0, 20), key.slice(0, -1), liveKey('')] }), [key]);
    });

    it('does not allow a longer key that merely starts with a listed one', () => {
      const b = body();
      const longer = liveKey(b + body(8));
      assert.deepStrictEqual(keysIn(longer, { allow: [liveKey(b), b] }), [longer]);
    });
  });

  describe('suppressions', () => {
    it('skips a key with an ignore comment on its line and counts it', () => {
      const result = detectKeys(`const k = '${liveKey(body())}'; // infinipost-ignore`);
      assert.deepStrictEqual(result.findings, []);
      assert.strictEqual(result.suppressed, 1);
    });

    it('reports suppressed keys when asked to ignore suppressions', () => {
      const key = liveKey(body());
      const result = detectKeys(`# infinipost-ignore-next-line\nKEY=${key}`, { ignoreSuppressions: true });
      assert.deepStrictEqual(result.findings.map((f) => f.key), [key]);
      assert.strictEqual(result.suppressed, 0);
    });

    it('only suppresses the commented line', () => {
      const suppressed = liveKey(body());
      const reported = liveKey(body());
      const text = `a = '${suppressed}' # gitleaks:allow\nb = '${reported}'\n`;
      const result = detectKeys(text);
      assert.deepStrictEqual(result.findings.map((f) => f.key), [reported]);
      assert.strictEqual(result.suppressed, 1);
    });
  });

  describe('maxFindings', () => {
    const manyKeys = (count: number): string => Array.from({ length: count }, () => `k = "${liveKey(body(24))}"`).join('\n');

    it('stops at maxFindings and reports truncation (5,000 keys)', () => {
      const result = detectKeys(manyKeys(5000), { maxFindings: 100 });
      assert.strictEqual(result.findings.length, 100);
      assert.strictEqual(result.truncated, true);
    });

    it('is not truncated when the text holds exactly maxFindings keys', () => {
      const result = detectKeys(manyKeys(10), { maxFindings: 10 });
      assert.strictEqual(result.findings.length, 10);
      assert.strictEqual(result.truncated, false);
    });

    it('does not count placeholders or suppressed keys against the cap', () => {
      const text = `${liveKey('x'.repeat(24))}\n${liveKey(body())} // infinipost-ignore\n${testKey(body())}`;
      const result = detectKeys(text, { maxFindings: 1 });
      assert.strictEqual(result.findings.length, 1);
      assert.strictEqual(result.truncated, false);
    });

    it('with maxFindings 0 reports only that keys exist', () => {
      const result = detectKeys(liveKey(body()), { maxFindings: 0 });
      assert.deepStrictEqual(result.findings, []);
      assert.strictEqual(result.truncated, true);
    });

    it('is unlimited by default', () => {
      const result = detectKeys(manyKeys(5000));
      assert.strictEqual(result.findings.length, 5000);
      assert.strictEqual(result.truncated, false);
    });
  });

  describe('offsets in multi-line text', () => {
    it('gives offsets that slice back to each key across LF lines', () => {
      const keys = [liveKey(body()), testKey(body()), liveKey(body(40))];
      const text = `line one\n  a = "${keys[0]}"\n\n\tb: ${keys[1]}\nc=${keys[2]}\n`;
      const { findings } = detectKeys(text);
      assert.deepStrictEqual(findings.map((f) => text.slice(f.start, f.end)), keys);
      const starts = lineStarts(text);
      assert.deepStrictEqual(findings.map((f) => positionAt(starts, f.start)), [
        { line: 1, character: 7 },
        { line: 3, character: 4 },
        { line: 4, character: 2 },
      ]);
    });

    it('handles CRLF text', () => {
      const keys = [liveKey(body()), testKey(body())];
      const text = `first\r\nk1 = ${keys[0]}\r\n\r\n  k2 = ${keys[1]}\r\n`;
      const { findings } = detectKeys(text);
      assert.deepStrictEqual(findings.map((f) => f.key), keys);
      const starts = lineStarts(text);
      assert.deepStrictEqual(findings.map((f) => positionAt(starts, f.start)), [
        { line: 1, character: 5 },
        { line: 3, character: 7 },
      ]);
    });

    it('handles old Mac CR-only line breaks', () => {
      const key = liveKey(body());
      const text = `a\rb\r  ${key}`;
      const [finding] = detectKeys(text).findings;
      assert.deepStrictEqual(positionAt(lineStarts(text), finding.start), { line: 2, character: 2 });
    });
  });

  describe('random real-looking bodies', () => {
    it('reports all of 1,000 seeded random keys of 16 to 64 characters', () => {
      const rng = seededRandom(1);
      const keys = Array.from({ length: 1000 }, (_, i) => {
        const length = 16 + Math.floor(rng() * 49);
        return i % 2 ? liveKey(randomBody(length, rng)) : testKey(randomBody(length, rng));
      });
      const result = detectKeys(keys.map((key) => `  apiKey: "${key}",`).join('\n'));
      assert.strictEqual(result.placeholders, 0);
      assert.deepStrictEqual(result.findings.map((f) => f.key), keys);
    });

    it('reports all of 1,000 seeded random default-length bodies from randomBody()', () => {
      const rng = seededRandom(99);
      const bodies = Array.from({ length: 1000 }, () => randomBody(undefined, rng));
      const flagged = bodies.filter((b) => placeholderReason(b) !== undefined);
      assert.deepStrictEqual(flagged, []);
    });
  });
});

describe('placeholderReason', () => {
  const rejects = (name: string, placeholder: () => string, reason: RegExp): void => {
    it(`rejects ${name}`, () => {
      const b = placeholder();
      assert.match(placeholderReason(b) ?? 'undefined', reason);
      assert.deepStrictEqual(keysIn(`key = "${liveKey(b)}"`), []);
    });
  };

  rejects('all x', () => 'x'.repeat(24), /x|repeated/);
  rejects('all X', () => 'X'.repeat(32), /x|repeated/);
  rejects('all zeros', () => '0'.repeat(24), /repeated/);
  rejects('a run of six identical characters', () => body(10) + 'qqqqqq' + body(10), /repeated character/);
  rejects('a real prefix masked with trailing xxxx', () => body(20) + 'xxxx', /masked/);
  rejects('a real suffix masked with leading XXXX', () => 'XXXX' + body(20), /masked/);
  rejects('abcabc…', () => 'abc'.repeat(10), /repeated pattern/);
  rejects('abc123abc123…', () => 'abc123'.repeat(5), /repeated pattern/);
  rejects('a repeated 8-character chunk with a partial tail', () => 'Zq8Lm2Pw'.repeat(4) + 'Zq8', /repeated pattern/);
  rejects('an alphabet sequence', () => 'abcdefghijklmnopqrstuvwx', /sequence/);
  rejects('a digit sequence', () => '0123456789012345', /sequence|repeated/);
  rejects('a descending sequence', () => 'zyxwvu' + body(12), /sequence/);
  rejects('interleaved letter/digit sequences', () => 'A1b2C3d4E5f6G7h8J9k0L1m2', /sequence/);
  rejects('a low-entropy body from four characters', () => 'abbacadcabdacbbdcaadcbdb', /low entropy/);
  for (const word of ['example', 'EXAMPLE', 'Sample', 'placeholder', 'PlaceHolder', 'redacted', 'replace', 'changeme', 'ChangeMe', 'test1234', 'secret', 'apikey', 'ApiKey', 'invalid', 'notreal', 'qwerty']) {
    rejects(`the filler word ${word} anywhere`, () => body(6) + word + body(6), /filler word/);
  }
  for (const word of ['dummy', 'Dummy', 'DUMMY', 'lorem']) {
    rejects(`the short filler word ${word} anywhere`, () => body(8) + word + body(8), /filler word/);
  }
  for (const word of ['your', 'Your', 'YOUR', 'fake', 'Fake', 'demo', 'mock', 'test', 'Test']) {
    rejects(`${word} at the start of the body`, () => word + body(20), /filler word/);
  }
  for (const word of ['here', 'Here', 'fake', 'demo']) {
    rejects(`${word} at the end of the body`, () => body(20) + word, /filler word/);
  }
  rejects('YourSecretKeyHere1234', () => 'Your' + 'SecretKeyHere' + '1234', /filler word/);

  it('accepts a four-letter filler word in the middle of a random body', () => {
    for (const word of ['your', 'fake', 'demo', 'mock', 'test', 'here']) {
      const b = 'Q7vT9kLm2' + word + 'Rz8Wn3Hp5Jc';
      assert.strictEqual(placeholderReason(b), undefined, b);
    }
  });

  it('accepts short words in odd casings (random bodies contain them by chance)', () => {
    assert.strictEqual(placeholderReason('Q7vT9kLm2dUmMyRz8Wn3Hp5Jc'), undefined);
    assert.strictEqual(placeholderReason('yOuRQ7vT9kLm2Rz8Wn3Hp5Jc'), undefined);
  });

  it('accepts a body with short runs and short sequences', () => {
    assert.strictEqual(placeholderReason('aaaQ7vT9kLm2abcRz8Wn3Hp5Jc123'), undefined);
  });

  it('accepts consecutive letters in mixed case and short interleaved runs, which random bodies contain by chance', () => {
    assert.strictEqual(placeholderReason('Q7vTaBcDeFgRz8Wn3Hp5Jc'), undefined);
    assert.strictEqual(placeholderReason('Q7vTa1B2c3D4e5F6Rz8Wn3Hp5Jc'), undefined);
  });

  it('accepts a long random body of 500 characters', () => {
    assert.strictEqual(placeholderReason(body(500)), undefined);
  });
});

describe('containsKeyPrefix', () => {
  it('is true when a live or test prefix occurs', () => {
    assert.strictEqual(containsKeyPrefix(`a\nb ${liveKey('')}`), true);
    assert.strictEqual(containsKeyPrefix(testKey('')), true);
  });

  it('is false for text without a prefix, even with near misses', () => {
    assert.strictEqual(containsKeyPrefix('task_list, desk_lamp, sk_prod_, k_, sk_liv'), false);
    assert.strictEqual(containsKeyPrefix(''), false);
  });
});

describe('lineStarts and positionAt', () => {
  it('returns [0] for empty text and maps offset 0', () => {
    assert.deepStrictEqual(lineStarts(''), [0]);
    assert.deepStrictEqual(positionAt([0], 0), { line: 0, character: 0 });
  });

  it('treats \\n, \\r\\n and \\r as line breaks', () => {
    assert.deepStrictEqual(lineStarts('a\nbb\r\nccc\rd'), [0, 2, 6, 10]);
  });

  it('agrees with a simple reference on random mixes of \\n, \\r\\n and \\r', () => {
    const rng = seededRandom(5);
    const pieces = ['a', 'b', '\n', '\r', '\r\n', '\n\r', '\r\r'];
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 30 }, () => pieces[Math.floor(rng() * pieces.length)]).join('');
      const expected = [0];
      for (const match of text.matchAll(/\r\n|\r|\n/g)) {
        expected.push(match.index + match[0].length);
      }
      assert.deepStrictEqual(lineStarts(text), expected, JSON.stringify(text));
    }
  });

  it('maps offsets at line starts, inside lines and at the end of the text', () => {
    const text = 'ab\ncd\n';
    const starts = lineStarts(text);
    assert.deepStrictEqual(positionAt(starts, 0), { line: 0, character: 0 });
    assert.deepStrictEqual(positionAt(starts, 2), { line: 0, character: 2 });
    assert.deepStrictEqual(positionAt(starts, 3), { line: 1, character: 0 });
    assert.deepStrictEqual(positionAt(starts, 4), { line: 1, character: 1 });
    assert.deepStrictEqual(positionAt(starts, text.length), { line: 2, character: 0 });
  });
});

describe('detectKeys after hex escapes', () => {
  it('finds a key right after \\u003c and \\x3c escapes (JSON encoders write < that way)', () => {
    const key = liveKey();
    for (const prefix of ['"\\u003c', '"\\x3c', '"\\u00A0']) {
      const found = detectKeys(`${prefix}${key}"`).findings;
      assert.deepStrictEqual(found.map((f) => f.key), [key], `after ${prefix}`);
    }
  });
  it('still needs a boundary when the escape is not complete hex', () => {
    assert.strictEqual(detectKeys(`"\\u003g${liveKey()}"`).findings.length, 0);
  });
});
