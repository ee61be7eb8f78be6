import * as assert from 'assert';
import {
  MAX_KEY_BODY_LENGTH,
  environmentMismatch,
  normalizeKeyInput,
  suggestedEnvironment,
  validateKeyInput,
  validateKeyName,
} from '../../src/core/keyFormat';
import { KEY_PREFIX_LENGTH, MIN_KEY_BODY_LENGTH, keyModeOf, keyPrefix, mentionsKeyPrefix } from '../../src/core/keyTypes';
import { isMaskedKey, maskKey } from '../../src/core/mask';
import { liveKey, randomBody, seededRandom, testKey } from '../support/testKeys';

const random = seededRandom(20240611);
const body = (length = 32) => randomBody(length, random);

/** Fails if the message repeats the secret or any 8-character piece of its body. */
function assertRevealsNothing(message: string | undefined, secretBody: string): void {
  assert.ok(message !== undefined, 'expected a message');
  for (let i = 0; i + 8 <= secretBody.length; i++) {
    const piece = secretBody.slice(i, i + 8);
    assert.ok(!message.includes(piece), `message leaks "${piece}": ${message}`);
  }
}

describe('normalizeKeyInput', () => {
  const key = liveKey(body());

  it('trims surrounding whitespace and line breaks', () => {
    assert.strictEqual(normalizeKeyInput(`  \t${key}\r\n`), key);
  });
  it('strips a pasted Bearer scheme in any case', () => {
    assert.strictEqual(normalizeKeyInput(`Bearer ${key}`), key);
    assert.strictEqual(normalizeKeyInput(`bearer   ${key}`), key);
    assert.strictEqual(normalizeKeyInput(` BEARER ${key} `), key);
  });
  it('strips a pasted Authorization header', () => {
    assert.strictEqual(normalizeKeyInput(`Authorization: Bearer ${key}`), key);
    assert.strictEqual(normalizeKeyInput(`authorization:bearer ${key}`), key);
    assert.strictEqual(normalizeKeyInput(`AUTHORIZATION :  Bearer ${key}`), key);
  });
  it('leaves other text alone', () => {
    assert.strictEqual(normalizeKeyInput(key), key);
    assert.strictEqual(normalizeKeyInput('Bearerless'), 'Bearerless');
    assert.strictEqual(normalizeKeyInput(''), '');
  });
});

describe('validateKeyInput', () => {
  it('accepts live and test keys', () => {
    for (let i = 0; i < 50; i++) {
      assert.strictEqual(validateKeyInput(liveKey(body())), undefined);
      assert.strictEqual(validateKeyInput(testKey(body())), undefined);
    }
  });
  it('accepts a key pasted with its header or surrounding spaces', () => {
    assert.strictEqual(validateKeyInput(`  Authorization: Bearer ${liveKey(body())}\n`), undefined);
    assert.strictEqual(validateKeyInput(`Bearer ${testKey(body())}`), undefined);
  });
  it('accepts the shortest and longest realistic bodies', () => {
    assert.strictEqual(validateKeyInput(liveKey(body(MIN_KEY_BODY_LENGTH))), undefined);
    assert.strictEqual(validateKeyInput(liveKey(body(MAX_KEY_BODY_LENGTH))), undefined);
  });
  it('asks for a key when empty', () => {
    assert.match(validateKeyInput('   ') ?? '', /sk_test_ or sk_live_/);
  });
  it('names the accepted prefixes when the prefix is missing', () => {
    const secret = body();
    const message = validateKeyInput(secret);
    assert.match(message ?? '', /start with sk_test_ or sk_live_/);
    assertRevealsNothing(message, secret);
    assert.match(validateKeyInput('sk_' + 'live' + secret) ?? '', /start with sk_test_ or sk_live_/);
  });
  it('spots a key pasted with a variable name in front', () => {
    const secret = body();
    const message = validateKeyInput(`INFINIPOST_API_KEY=${liveKey(secret)}`);
    assert.match(message ?? '', /only the key/);
    assertRevealsNothing(message, secret);
  });
  it('spots an upper-case or mixed-case prefix', () => {
    const secret = body();
    for (const prefix of ['SK_LIVE_', 'Sk_Test_', 'sk_LIVE_']) {
      const message = validateKeyInput(prefix + secret);
      assert.match(message ?? '', /lowercase/, prefix);
      assertRevealsNothing(message, secret);
    }
  });
  it('spots publishable, restricted and webhook keys', () => {
    const secret = body();
    assert.match(validateKeyInput('pk_' + 'live_' + secret) ?? '', /publishable/);
    assert.match(validateKeyInput('PK_' + 'test_' + secret) ?? '', /publishable/);
    assert.match(validateKeyInput('rk_' + 'live_' + secret) ?? '', /restricted/);
    assert.match(validateKeyInput('whsec_' + secret) ?? '', /webhook/);
    assertRevealsNothing(validateKeyInput('rk_' + 'live_' + secret), secret);
  });
  it('refuses unknown modes such as prod', () => {
    assert.match(validateKeyInput('sk_' + 'prod_' + body()) ?? '', /Unknown key type/);
  });
  it('refuses spaces and line breaks inside the key', () => {
    const secret = body();
    for (const broken of [liveKey(secret.slice(0, 10) + ' ' + secret.slice(10)), liveKey(secret.slice(0, 10) + '\n' + secret.slice(10))]) {
      const message = validateKeyInput(broken);
      assert.match(message ?? '', /single line/);
      assertRevealsNothing(message, secret);
    }
  });
  it('refuses quotes', () => {
    const secret = body();
    for (const quoted of [`"${liveKey(secret)}"`, `'${testKey(secret)}'`, `\`${liveKey(secret)}\``, `${liveKey(secret)}",`]) {
      const message = validateKeyInput(quoted);
      assert.match(message ?? '', /quotes/);
      assertRevealsNothing(message, secret);
    }
  });
  it('refuses truncated and redacted pastes', () => {
    const secret = body();
    const truncated = [
      liveKey(secret.slice(0, 12) + '...'),
      liveKey(secret.slice(0, 12) + '…'),
      liveKey('****' + secret.slice(-4)),
      liveKey(secret.slice(0, 6) + '**********'),
      testKey('<your key>'),
      testKey('<' + secret + '>'),
      '…' + secret.slice(-4),
    ];
    for (const input of truncated) {
      const message = validateKeyInput(input);
      assert.match(message ?? '', /shortened or placeholder/, input);
      assertRevealsNothing(message, secret);
    }
  });
  it('refuses punctuation in the body without naming the character', () => {
    const secret = body();
    for (const extra of ['-', '_', '.', ';', ',', '/', '=']) {
      const message = validateKeyInput(liveKey(secret + extra));
      assert.match(message ?? '', /only letters and digits/, extra);
      assertRevealsNothing(message, secret);
    }
  });
  it('refuses two keys pasted together', () => {
    const first = body();
    const second = body();
    const message = validateKeyInput(liveKey(first) + testKey(second));
    assert.match(message ?? '', /more than one key/);
    assertRevealsNothing(message, first);
    assertRevealsNothing(message, second);
  });
  it('refuses a body that is too short', () => {
    const secret = body(MIN_KEY_BODY_LENGTH - 1);
    const message = validateKeyInput(liveKey(secret));
    assert.match(message ?? '', /too short/);
    assertRevealsNothing(message, secret);
    assert.match(validateKeyInput(testKey('')) ?? '', /too short/);
  });
  it('refuses a body that is too long', () => {
    const secret = body(MAX_KEY_BODY_LENGTH + 1);
    const message = validateKeyInput(testKey(secret));
    assert.match(message ?? '', /longer than any/);
    assertRevealsNothing(message, secret);
  });
  it('refuses obvious placeholders', () => {
    for (const placeholder of [
      'x'.repeat(24),
      'X'.repeat(32),
      '0'.repeat(24),
      'abc'.repeat(8),
      'abc1'.repeat(6),
      'YourSecretKeyHere1234',
      'YourApiKeyGoesHere2024',
      'ExampleKey1234567890',
    ]) {
      assert.match(validateKeyInput(liveKey(placeholder)) ?? '', /placeholder/, placeholder);
    }
  });
  it('never repeats any part of a rejected key beyond what is masked', () => {
    const random2 = seededRandom(7);
    const decorations: Array<(key: string) => string> = [
      (key) => key.toUpperCase(),
      (key) => key + '!',
      (key) => `"${key}`,
      (key) => key.replace('_', ' _'),
      (key) => key + '...',
      (key) => key + ' trailing words',
      (key) => 'pk' + key.slice(2),
      (key) => key + key,
    ];
    for (let i = 0; i < 200; i++) {
      const secret = randomBody(16 + Math.floor(random2() * 80), random2);
      const key = random2() < 0.5 ? liveKey(secret) : testKey(secret);
      const decorate = decorations[i % decorations.length];
      const message = validateKeyInput(decorate(key));
      assertRevealsNothing(message, secret);
      assertRevealsNothing(message, secret.toUpperCase());
    }
  });
});

describe('keyModeOf', () => {
  it('reads the mode from the prefix', () => {
    assert.strictEqual(keyModeOf(liveKey(body())), 'live');
    assert.strictEqual(keyModeOf(testKey(body())), 'test');
  });
  it('returns undefined for anything else', () => {
    assert.strictEqual(keyModeOf(''), undefined);
    assert.strictEqual(keyModeOf(body()), undefined);
    assert.strictEqual(keyModeOf('SK_LIVE_' + body()), undefined);
    assert.strictEqual(keyModeOf('rk_' + 'live_' + body()), undefined);
    assert.strictEqual(keyModeOf(' ' + liveKey(body())), undefined);
  });
});

describe('suggestedEnvironment and environmentMismatch', () => {
  it('suggests Production for live keys and Development for test keys', () => {
    assert.strictEqual(suggestedEnvironment('live'), 'Production');
    assert.strictEqual(suggestedEnvironment('test'), 'Development');
  });
  it('warns about a test key in Production', () => {
    assert.match(environmentMismatch('test', 'Production') ?? '', /test key/);
  });
  it('warns about a live key in Development, mentioning billing', () => {
    assert.match(environmentMismatch('live', 'Development') ?? '', /live key.*billed/);
  });
  it('accepts matching pairs and either mode in Staging', () => {
    assert.strictEqual(environmentMismatch('live', 'Production'), undefined);
    assert.strictEqual(environmentMismatch('test', 'Development'), undefined);
    assert.strictEqual(environmentMismatch('live', 'Staging'), undefined);
    assert.strictEqual(environmentMismatch('test', 'Staging'), undefined);
  });
});

describe('validateKeyName', () => {
  it('accepts a fresh name', () => {
    assert.strictEqual(validateKeyName('Production server', []), undefined);
    assert.strictEqual(validateKeyName('  Staging  ', ['Production server']), undefined);
    assert.strictEqual(validateKeyName('Clé de test ✓', []), undefined);
  });
  it('requires a name', () => {
    assert.match(validateKeyName('', []) ?? '', /Enter a name/);
    assert.match(validateKeyName('  \t ', []) ?? '', /Enter a name/);
  });
  it('limits the length to 64 characters after trimming', () => {
    assert.strictEqual(validateKeyName('a'.repeat(64), []), undefined);
    assert.strictEqual(validateKeyName(`  ${'a'.repeat(64)}  `, []), undefined);
    assert.match(validateKeyName('a'.repeat(65), []) ?? '', /64/);
  });
  it('refuses control characters', () => {
    for (const name of ['Prod\nserver', 'Prod\tserver', 'Prod\u0007', 'Prod\u007f', 'Prod\u0085x']) {
      assert.match(validateKeyName(name, []) ?? '', /control characters/, JSON.stringify(name));
    }
  });
  it('refuses duplicates regardless of case and spaces', () => {
    assert.match(validateKeyName('production SERVER', ['Production server']) ?? '', /already exists/);
    assert.match(validateKeyName(' Dev ', ['dev  ']) ?? '', /already exists/);
  });
  it('refuses a pasted key without repeating it', () => {
    for (const secret of [body(), body(80)]) {
      for (const name of [liveKey(secret), testKey(secret), `my ${liveKey(secret)}`, 'SK_TEST_' + secret]) {
        const message = validateKeyName(name, [name]);
        assert.match(message ?? '', /looks like an API key/);
        assertRevealsNothing(message, secret);
        assertRevealsNothing(message, secret.toUpperCase());
      }
    }
  });
});

describe('the key format module', () => {
  it('has one prefix length for both modes', () => {
    assert.strictEqual(keyPrefix('live').length, KEY_PREFIX_LENGTH);
    assert.strictEqual(keyPrefix('test').length, KEY_PREFIX_LENGTH);
  });

  // Names, variable names and history notes refused a pasted key with three spellings, one case-sensitive.
  it('sees a key prefix in any casing, and nothing else', () => {
    for (const text of [liveKey(body()), 'my ' + testKey(body()), 'SK_LIVE_' + body(), 'Sk_Test_']) assert.strictEqual(mentionsKeyPrefix(text), true, text);
    for (const text of ['Production server', 'sk_live', 'rk_' + 'live_' + body(), 'INFINIPOST_API_KEY']) assert.strictEqual(mentionsKeyPrefix(text), false, text);
  });

  it('recognizes what maskKey writes as a masked key, and a key as not masked', () => {
    const key = liveKey(body());
    assert.strictEqual(isMaskedKey(maskKey(key)), true);
    assert.strictEqual(isMaskedKey(maskKey(testKey('ab'))), true);
    assert.strictEqual(isMaskedKey(key), false);
    assert.strictEqual(isMaskedKey('sk_live_…' + body(5)), false);
  });
});
