import * as assert from 'assert';
import { maskKey } from '../../src/core/mask';

const liveKey = (body: string) => 'sk_' + 'live_' + body;

describe('maskKey', () => {
  it('keeps prefix and last four characters only', () => {
    assert.strictEqual(maskKey(liveKey('A1b2C3d4E5f6G7h8J9k0L1m2')), 'sk_live_…L1m2');
  });
  it('hides everything of a short key', () => {
    assert.strictEqual(maskKey(liveKey('abc')), 'sk_live_…');
  });
});
