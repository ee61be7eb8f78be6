import * as assert from 'assert';
import { maskedKeyOf } from '../../src/core/mask';
import { redactKeys } from '../../src/core/redact';
import { liveKey, testKey } from '../support/testKeys';

describe('redactKeys', () => {
  it('masks every key in a text and keeps the rest', () => {
    const live = liveKey();
    const test = testKey();
    assert.strictEqual(redactKeys(`a ${live}, b "${test}".`), `a sk_live_…${live.slice(-4)}, b "sk_test_…${test.slice(-4)}".`);
  });

  // The logger masked bodies of 4+ characters, the key index any length, server text any length with a
  // left boundary: one rule now, the strictest. A fragment of a key is still part of a key.
  it('masks short fragments and keys glued to escapes', () => {
    assert.strictEqual(redactKeys('sk_' + 'live_' + 'ab'), 'sk_live_…');
    const key = testKey();
    assert.strictEqual(redactKeys(`"\\n${key}"`), `"\\nsk_test_…${key.slice(-4)}"`);
    assert.strictEqual(redactKeys(`key%3D${key}`), `key%3Dsk_test_…${key.slice(-4)}`);
  });

  it('leaves masked keys, bare prefixes and other text alone', () => {
    for (const text of ['sk_live_…1234', 'keys start with sk_' + 'live_ or sk_' + 'test_', 'rk_' + 'live_abc', 'no key here']) {
      assert.strictEqual(redactKeys(text), text);
    }
  });
});

describe('maskedKeyOf', () => {
  it('shows the prefix of the mode and the last four characters', () => {
    assert.strictEqual(maskedKeyOf({ mode: 'live', last4: 'AbC1' }), 'sk_live_…AbC1');
    assert.strictEqual(maskedKeyOf({ mode: 'test', last4: 'xY90' }), 'sk_test_…xY90');
  });
});
