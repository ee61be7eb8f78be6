import * as assert from 'assert';
import { KeyIndex, KeyMetadata, emptyIndex, listEntries, mergeIndexes, parseIndex, removeEntry, serializeIndex, upsertEntry } from '../../src/core/keyIndex';
import { PENDING_ADD_GRACE_MS, journalWith, journalWithout, planRecovery } from '../../src/core/keyJournal';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

function meta(id: string, overrides: Partial<KeyMetadata> = {}): KeyMetadata {
  return { id, name: `Key ${id}`, environment: 'Development', mode: 'test', last4: 'Ab12', createdAt: iso(0), updatedAt: iso(0), ...overrides };
}

function indexOf(...entries: KeyMetadata[]): KeyIndex {
  return entries.reduce(upsertEntry, emptyIndex());
}

describe('key journal', () => {
  it('round-trips through the index document format, adding and dropping intents', () => {
    let journal = journalWith(journalWith(emptyIndex(), meta('aaa')), meta('bbb'));
    journal = parseIndex(serializeIndex(journal));
    assert.deepStrictEqual(listEntries(journal).map((e) => e.id), ['aaa', 'bbb']);
    assert.deepStrictEqual(listEntries(journalWithout(journal, ['aaa'])).map((e) => e.id), ['bbb']);
  });

  it('adopts a journaled key whose secret is stored but whose index entry another window overwrote', () => {
    // Window B added "bbb" (journal, secret, index); window A then wrote the index it had read before.
    const journal = journalWith(emptyIndex(), meta('bbb', { name: 'From B' }));
    const overwritten = indexOf(meta('aaa', { name: 'From A' }));
    const plan = planRecovery(overwritten, journal, new Set(['bbb']), new Date(T0 + 1000));
    assert.deepStrictEqual(plan.adopt.map((e) => [e.id, e.name]), [['bbb', 'From B']]);
    assert.deepStrictEqual(plan.settled, ['bbb']);
    assert.deepStrictEqual(plan.sweep, []);
    // Adopting is an ordinary upsert, so it converges with every other window's replica.
    const healed = plan.adopt.reduce(upsertEntry, overwritten);
    assert.deepStrictEqual(listEntries(mergeIndexes(healed, overwritten)).map((e) => e.id).sort(), ['aaa', 'bbb']);
  });

  it('settles an intent whose entry made it into the index, without touching anything', () => {
    const plan = planRecovery(indexOf(meta('aaa')), journalWith(emptyIndex(), meta('aaa')), new Set(['aaa']), new Date(T0));
    assert.deepStrictEqual(plan, { adopt: [], sweep: [], settled: ['aaa'] });
  });

  it('sweeps the secret of a journaled key that was removed meanwhile, and never resurrects it', () => {
    const index = removeEntry(indexOf(meta('aaa')), 'aaa', iso(5000));
    const plan = planRecovery(index, journalWith(emptyIndex(), meta('aaa')), new Set(['aaa']), new Date(T0 + 6000));
    assert.deepStrictEqual(plan, { adopt: [], sweep: ['aaa'], settled: ['aaa'] });
  });

  it('waits for an add that may still be running elsewhere, and forgets one that failed long ago', () => {
    const journal = journalWith(emptyIndex(), meta('ccc'));
    assert.deepStrictEqual(planRecovery(emptyIndex(), journal, new Set(), new Date(T0 + 1000)).settled, [], 'a fresh intent without a secret is kept');
    assert.deepStrictEqual(planRecovery(emptyIndex(), journal, new Set(), new Date(T0 + PENDING_ADD_GRACE_MS + 1)).settled, ['ccc']);
    const broken = journalWith(emptyIndex(), meta('ddd', { createdAt: 'not a date' }));
    assert.deepStrictEqual(planRecovery(emptyIndex(), broken, new Set(), new Date(T0)).settled, broken.entries.ddd ? ['ddd'] : []);
  });

  it('gives an adopted key a name no listed key has', () => {
    const index = indexOf(meta('aaa', { name: 'Production' }), meta('bbb', { name: 'Production (recovered)' }));
    const journal = journalWith(journalWith(emptyIndex(), meta('ccc', { name: 'production' })), meta('ddd', { name: 'Production' }));
    const plan = planRecovery(index, journal, new Set(['ccc', 'ddd']), new Date(T0));
    const names = plan.adopt.map((e) => e.name);
    assert.strictEqual(new Set([...names, 'Production', 'Production (recovered)'].map((n) => n.toLowerCase())).size, 4, JSON.stringify(names));
  });
});
