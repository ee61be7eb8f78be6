// The suite fails when our code leaves a promise rejection unhandled (test/integration/index.ts).
// This proves the check sees one in this very host: a rejection made here, with a key in its
// message, is recorded as coming from the tests' own code with the key masked, then taken back so
// the run passes. (The host prints it too; the runner masks the key there and, seeing the marker,
// does not count it.)
import * as assert from 'assert';
import { liveKey } from '../support/testKeys';
import { waitFor } from './support/host';
import { assertNoKeyPiece } from './support/security';
import { SELF_TEST_MARKER, currentUnhandledWatch } from './support/unhandledRejections';

describe("the suite's check for unhandled rejections", () => {
  it('records a rejection nobody handles, says it came from our code, and masks the key in it', async () => {
    const watch = currentUnhandledWatch();
    assert.ok(watch, 'test/integration/index.ts installs the check before the tests run');
    const marker = `${SELF_TEST_MARKER} ${Date.now()}`;
    const key = liveKey();
    const reject = (): Promise<never> => Promise.reject(new Error(`${marker}: the key ${key} leaked into an error`));
    // Deliberately left unhandled: exactly what the check exists for.
    void reject();
    const [record] = await waitFor(() => {
      const found = watch.records().filter((r) => r.message.includes(marker));
      return found.length > 0 ? found : undefined;
    }, 'the check to record the rejection');
    await watch.settled();
    assert.strictEqual(watch.take((r) => r.message.includes(marker)).length, 1, 'recorded once (mocha re-emits the event)');
    assert.strictEqual(record.kind, 'rejection');
    assert.strictEqual(record.origin, 'tests', `attributed by its stack: ${record.frames.join(' | ')}`);
    assert.match(record.during ?? '', /records a rejection nobody handles/);
    assert.ok(record.message.includes(`sk_live_…${key.slice(-4)}`), record.message);
    assertNoKeyPiece(record, key, 'the record');
  });

  it('does not count a rejection that is handled late but within the host\'s second', async () => {
    const watch = currentUnhandledWatch()!;
    const marker = `${SELF_TEST_MARKER} late ${Date.now()}`;
    const late = Promise.reject(new Error(marker));
    // Node reports it unhandled at the end of this turn, then handled.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await late.catch(() => undefined);
    await watch.settled();
    assert.deepStrictEqual(watch.take((r) => r.message.includes(marker)), []);
  });
});
