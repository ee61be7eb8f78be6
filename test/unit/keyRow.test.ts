import * as assert from 'assert';
import { keyRowDescription, nameSaysEnvironment } from '../../src/core/keyRow';

describe('keyRowDescription (the API Keys view row)', () => {
  const masked = 'sk_live_…abOT';

  it('does not repeat the environment a key is named after', () => {
    assert.strictEqual(keyRowDescription({ name: 'Production', environment: 'Production', mode: 'live' }, masked), 'sk_live_…abOT · LIVE');
    assert.strictEqual(keyRowDescription({ name: 'Production #2', environment: 'Production', mode: 'live' }, masked), 'sk_live_…abOT · LIVE');
    assert.strictEqual(keyRowDescription({ name: 'staging api', environment: 'Staging', mode: 'test' }, 'sk_test_…1234'), 'sk_test_…1234 · TEST');
  });

  it('names the environment when the name does not say it', () => {
    assert.strictEqual(keyRowDescription({ name: 'Billing', environment: 'Staging', mode: 'live' }, masked), 'sk_live_…abOT · Staging · LIVE');
    assert.strictEqual(keyRowDescription({ name: 'Prod', environment: 'Production', mode: 'live' }, masked), 'sk_live_…abOT · Production · LIVE');
  });

  it('leads with the leak warning, and leaves age and activity to the tooltip', () => {
    const text = keyRowDescription({ name: 'Production', environment: 'Production', mode: 'live' }, masked, true);
    assert.strictEqual(text, 'leaked — rotate · sk_live_…abOT · LIVE');
    assert.ok(!/active|today|ago/.test(text));
  });

  it('compares the name and the environment without regard to case', () => {
    assert.ok(nameSaysEnvironment({ name: 'DEVELOPMENT laptop', environment: 'Development' }));
    assert.ok(!nameSaysEnvironment({ name: 'Dev', environment: 'Development' }));
  });
});
