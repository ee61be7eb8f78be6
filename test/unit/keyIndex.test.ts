import * as assert from 'assert';
import {
  KeyIndex,
  KeyMetadata,
  emptyIndex,
  findByName,
  indexEquals,
  isKeyId,
  listEntries,
  mergeIndexes,
  metadataFor,
  newKeyId,
  parseIndex,
  removeEntry,
  secretStorageKeyFor,
  serializeIndex,
  upsertEntry,
} from '../../src/core/keyIndex';
import { ENVIRONMENTS, Environment } from '../../src/core/keyTypes';
import { liveKey, randomBody, seededRandom, testKey } from '../support/testKeys';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

function meta(overrides: Partial<KeyMetadata> & { id: string }): KeyMetadata {
  return {
    name: 'Key ' + overrides.id,
    environment: 'Development',
    mode: 'test',
    last4: 'Ab12',
    createdAt: iso(0),
    updatedAt: iso(0),
    ...overrides,
  };
}

function indexOf(...entries: KeyMetadata[]): KeyIndex {
  return entries.reduce((index, entry) => upsertEntry(index, entry), emptyIndex());
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

/** A random, deliberately collision-prone replica state: few ids, few distinct clocks. */
function randomIndex(random: () => number): KeyIndex {
  const ids = ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'];
  const names = ['Prod', 'prod', 'Staging', 'Dev', 'Laptop'];
  const raw = emptyIndex();
  for (const id of ids) {
    if (random() < 0.6) {
      const entry = meta({
        id,
        name: pick(names, random),
        environment: pick(ENVIRONMENTS, random),
        mode: random() < 0.5 ? 'live' : 'test',
        last4: randomBody(4, random),
        updatedAt: iso(Math.floor(random() * 4) * 1000),
      });
      if (random() < 0.3) {
        entry.lastCheck = { status: pick(['ok', 'invalid'], random), message: 'checked', at: iso(500) };
      }
      if (random() < 0.2) {
        entry.rotatedFrom = pick(ids, random);
      }
      raw.entries[id] = entry;
    }
    if (random() < 0.25) {
      raw.removed[id] = iso(Math.floor(random() * 4) * 1000);
    }
  }
  return mergeIndexes(raw, emptyIndex());
}

function assertSameIndex(actual: KeyIndex, expected: KeyIndex, context = ''): void {
  assert.strictEqual(serializeIndex(actual), serializeIndex(expected), context);
  assert.deepStrictEqual(actual, expected, context);
  assert.ok(indexEquals(actual, expected), context);
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) {
    return [items.slice()];
  }
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('keyIndex', () => {
  describe('ids', () => {
    it('makes short random ids that are valid and reproducible with a seeded source', () => {
      const a = newKeyId(seededRandom(1));
      assert.strictEqual(a, newKeyId(seededRandom(1)));
      assert.match(a, /^[a-z0-9]{12}$/);
      assert.ok(isKeyId(a));
      const seen = new Set(Array.from({ length: 1000 }, () => newKeyId()));
      assert.strictEqual(seen.size, 1000);
    });
    it('copes with a random source that returns 1', () => {
      assert.match(newKeyId(() => 1), /^[a-z0-9]{12}$/);
    });
    it('refuses ids that could escape a record or a storage key', () => {
      for (const id of ['', '__proto__', 'a.b', 'a b', 'a/b', 'x'.repeat(65)]) {
        assert.strictEqual(isKeyId(id), false, id);
      }
      assert.strictEqual(secretStorageKeyFor('abc123'), 'infinipost.key.abc123');
    });
  });

  describe('metadataFor', () => {
    it('records mode, last four characters and times, not the key', () => {
      const key = liveKey(randomBody(40, seededRandom(3)));
      const now = new Date(T0);
      const result = metadataFor(key, { name: '  Production server ', environment: 'Production', now, id: 'k1' });
      assert.deepStrictEqual(result, {
        id: 'k1',
        name: 'Production server',
        environment: 'Production',
        mode: 'live',
        last4: key.slice(-4),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      });
      assert.strictEqual(metadataFor(testKey(), { name: 'x', environment: 'Development', now }).mode, 'test');
      assert.strictEqual(metadataFor(testKey(), { name: 'x', environment: 'Staging', now, rotatedFrom: 'k1' }).rotatedFrom, 'k1');
    });
    it('generates an id when none is given', () => {
      assert.ok(isKeyId(metadataFor(testKey(), { name: 'x', environment: 'Development', now: new Date(T0) }).id));
    });
    it('never serializes the key or any 8-character piece of its body', () => {
      const random = seededRandom(99);
      for (let i = 0; i < 200; i++) {
        const secretBody = randomBody(16 + Math.floor(random() * 100), random);
        const key = random() < 0.5 ? liveKey(secretBody) : testKey(secretBody);
        const result = metadataFor(key, { name: 'Server', environment: pick(ENVIRONMENTS, random), now: new Date(T0) });
        const stored = JSON.stringify(result) + serializeIndex(upsertEntry(emptyIndex(), result));
        assert.ok(!stored.includes(key));
        for (let j = 0; j + 8 <= secretBody.length; j++) {
          assert.ok(!stored.includes(secretBody.slice(j, j + 8)), `leaks piece at ${j}`);
        }
      }
    });
    it('refuses a non-key without echoing it', () => {
      const secretBody = randomBody(32, seededRandom(5));
      assert.throws(
        () => metadataFor('rk_' + 'live_' + secretBody, { name: 'x', environment: 'Production', now: new Date(T0) }),
        (error: Error) => !error.message.includes(secretBody.slice(0, 8)) && error.message.includes('sk_test_ or sk_live_'),
      );
    });
  });

  describe('storage hygiene', () => {
    it('drops fields that are not metadata, such as a key passed in by mistake', () => {
      const key = liveKey(randomBody(32, seededRandom(8)));
      const leaky = { ...meta({ id: 'k1' }), key, secret: key } as KeyMetadata;
      const serialized = serializeIndex(upsertEntry(emptyIndex(), leaky));
      assert.ok(!serialized.includes(key));
      assert.ok(!serialized.includes('secret'));
    });
    it('masks a key that ended up in a name or check message', () => {
      const secretBody = randomBody(32, seededRandom(9));
      const entry = meta({
        id: 'k1',
        name: `Prod ${liveKey(secretBody)}`,
        lastCheck: { status: 'invalid', message: `Rejected ${testKey(secretBody)}`, at: iso(0) },
      });
      const serialized = serializeIndex(upsertEntry(emptyIndex(), entry));
      assert.ok(!serialized.includes(secretBody.slice(0, 8)));
      assert.ok(serialized.includes('sk_live_…' + secretBody.slice(-4)));
    });
    it('keeps only the last four characters in last4', () => {
      const entry = meta({ id: 'k1', last4: randomBody(30, seededRandom(10)) });
      assert.strictEqual(upsertEntry(emptyIndex(), entry).entries.k1.last4, entry.last4.slice(-4));
    });
  });

  describe('parseIndex and serializeIndex', () => {
    it('round-trips', () => {
      const random = seededRandom(11);
      for (let i = 0; i < 100; i++) {
        const index = randomIndex(random);
        assertSameIndex(parseIndex(serializeIndex(index)), index);
      }
    });
    it('serializes canonically regardless of insertion order', () => {
      const a = indexOf(meta({ id: 'b' }), meta({ id: 'a' }));
      const b = indexOf(meta({ id: 'a' }), meta({ id: 'b' }));
      assert.strictEqual(serializeIndex(a), serializeIndex(b));
      assert.ok(serializeIndex(a).indexOf('"a"') < serializeIndex(a).indexOf('"b"'));
    });
    it('returns an empty index for missing or corrupt documents, without throwing', () => {
      for (const json of [undefined, '', '  ', 'garbage', '{', 'null', '42', '"text"', 'true', '{}', '[]', '{"entries":7}', '{"entries":null,"removed":[]}']) {
        assert.deepStrictEqual(parseIndex(json), emptyIndex(), String(json));
      }
    });
    it('keeps valid entries and skips invalid ones', () => {
      const good = meta({ id: 'good' });
      const json = JSON.stringify({
        version: 1,
        entries: {
          good,
          badEnv: { ...meta({ id: 'badEnv' }), environment: 'Prod' },
          badMode: { ...meta({ id: 'badMode' }), mode: 'prod' },
          badId: { ...meta({ id: 'bad id' }) },
          noName: { ...meta({ id: 'noName' }), name: 5 },
          badDate: { ...meta({ id: 'badDate' }), createdAt: 'yesterday' },
          notAnObject: 'x',
          nothing: null,
        },
        removed: { gone: iso(5), weird: 5, 'bad id': iso(5) },
      });
      const parsed = parseIndex(json);
      assert.deepStrictEqual(Object.keys(parsed.entries), ['good']);
      assert.deepStrictEqual(parsed.entries.good, good);
      assert.deepStrictEqual(parsed.removed, { gone: iso(5) });
    });
    it('reads older shapes: a bare array, entries as an array, no updatedAt, no removed', () => {
      const { updatedAt: _ignored, ...old } = meta({ id: 'k1', createdAt: iso(7) });
      const expected = indexOf(meta({ id: 'k1', createdAt: iso(7), updatedAt: iso(7) }));
      assertSameIndex(parseIndex(JSON.stringify([old])), expected);
      assertSameIndex(parseIndex(JSON.stringify({ entries: [old] })), expected);
      assertSameIndex(parseIndex(JSON.stringify({ version: 0, entries: { k1: old } })), expected);
    });
    it('resolves duplicate ids in an old array by the newer clock', () => {
      const older = meta({ id: 'k1', name: 'old', updatedAt: iso(1) });
      const newer = meta({ id: 'k1', name: 'new', updatedAt: iso(2) });
      assert.strictEqual(parseIndex(JSON.stringify([newer, older])).entries.k1.name, 'new');
      assert.strictEqual(parseIndex(JSON.stringify([older, newer])).entries.k1.name, 'new');
    });
    it('drops malformed optional fields but keeps the entry', () => {
      const json = JSON.stringify({ entries: { k1: { ...meta({ id: 'k1' }), lastCheck: { status: 1 }, rotatedFrom: 'a b', last4: 'a-b' } } });
      assert.deepStrictEqual(parseIndex(json).entries.k1, meta({ id: 'k1', last4: '' }));
    });
    it('does not let __proto__ pollute anything', () => {
      const json = '{"entries":{"__proto__":{"id":"__proto__","name":"x","environment":"Production","mode":"live","last4":"abcd","createdAt":"2025-01-01T00:00:00.000Z"}},"removed":{"__proto__":"2025-01-01T00:00:00.000Z"}}';
      const parsed = parseIndex(json);
      assert.deepStrictEqual(parsed, emptyIndex());
      assert.strictEqual(Object.getPrototypeOf(parsed.entries), Object.prototype);
      assert.strictEqual(({} as Record<string, unknown>).id, undefined);
    });
    it('treats an entry that is also tombstoned as removed', () => {
      const json = JSON.stringify({ entries: { k1: meta({ id: 'k1', updatedAt: iso(9) }) }, removed: { k1: iso(1) } });
      assert.deepStrictEqual(parseIndex(json), { version: 1, entries: {}, removed: { k1: iso(1) } });
    });
  });

  describe('upsertEntry and removeEntry', () => {
    it('adds and updates without mutating the input', () => {
      const before = emptyIndex();
      const added = upsertEntry(before, meta({ id: 'k1', name: 'A', updatedAt: iso(1) }));
      assert.deepStrictEqual(before, emptyIndex());
      const renamed = upsertEntry(added, meta({ id: 'k1', name: 'B', updatedAt: iso(2) }));
      assert.strictEqual(added.entries.k1.name, 'A');
      assert.strictEqual(renamed.entries.k1.name, 'B');
      assert.strictEqual(renamed.entries.k1.updatedAt, iso(2));
    });
    it('lets a local edit win even when this window clock is behind', () => {
      const index = indexOf(meta({ id: 'k1', name: 'A', updatedAt: iso(5000) }));
      const edited = upsertEntry(index, meta({ id: 'k1', name: 'B', updatedAt: iso(1000) }));
      assert.strictEqual(edited.entries.k1.name, 'B');
      assert.strictEqual(edited.entries.k1.updatedAt, iso(5001));
      // ...and other windows that still hold the old version adopt the edit.
      assert.strictEqual(mergeIndexes(index, edited).entries.k1.name, 'B');
    });
    it('does not move the clock when the same version is written again', () => {
      const entry = meta({ id: 'k1', updatedAt: iso(3) });
      const once = indexOf(entry);
      assertSameIndex(upsertEntry(once, entry), once);
    });
    it('removes an entry even if the removal time is older than the last edit', () => {
      const index = indexOf(meta({ id: 'k1', updatedAt: iso(5000) }));
      const removed = removeEntry(index, 'k1', iso(1000));
      assert.deepStrictEqual(removed.entries, {});
      assert.deepStrictEqual(removed.removed, { k1: iso(1000) });
    });
    it('keeps a removal final: a later upsert of the same id is ignored', () => {
      const removed = removeEntry(indexOf(meta({ id: 'k1' })), 'k1', iso(1));
      assertSameIndex(upsertEntry(removed, meta({ id: 'k1', updatedAt: iso(99999) })), removed);
    });
    it('records the earliest removal time', () => {
      const index = removeEntry(removeEntry(emptyIndex(), 'k1', iso(5)), 'k1', iso(2));
      assert.strictEqual(index.removed.k1, iso(2));
      assert.strictEqual(removeEntry(index, 'k1', iso(9)).removed.k1, iso(2));
    });
    it('ignores invalid ids', () => {
      assertSameIndex(removeEntry(emptyIndex(), '__proto__', iso(1)), emptyIndex());
      assertSameIndex(upsertEntry(emptyIndex(), meta({ id: 'a b' })), emptyIndex());
    });
  });

  describe('listEntries and findByName', () => {
    const index = indexOf(
      meta({ id: 'd2', name: 'beta', environment: 'Development' }),
      meta({ id: 's1', name: 'Zed', environment: 'Staging' }),
      meta({ id: 'p2', name: 'web', environment: 'Production' }),
      meta({ id: 'd1', name: 'Alpha', environment: 'Development' }),
      meta({ id: 'p1', name: 'API', environment: 'Production' }),
      meta({ id: 'gone', name: 'Old', environment: 'Production' }),
    );
    const live = removeEntry(index, 'gone', iso(1));

    it('sorts by environment, then name ignoring case', () => {
      assert.deepStrictEqual(listEntries(live).map((e) => e.id), ['p1', 'p2', 's1', 'd1', 'd2']);
    });
    it('finds by name ignoring case and surrounding spaces, never a removed key', () => {
      assert.strictEqual(findByName(live, '  ZED ')?.id, 's1');
      assert.strictEqual(findByName(live, 'alpha')?.id, 'd1');
      assert.strictEqual(findByName(live, 'Old'), undefined);
      assert.strictEqual(findByName(live, 'nope'), undefined);
    });
    it('is empty for an empty index', () => {
      assert.deepStrictEqual(listEntries(emptyIndex()), []);
    });
  });

  describe('mergeIndexes', () => {
    it('keeps the entry with the later clock, in either order', () => {
      const a = indexOf(meta({ id: 'k1', name: 'A', updatedAt: iso(1) }));
      const b = indexOf(meta({ id: 'k1', name: 'B', updatedAt: iso(2) }));
      assert.strictEqual(mergeIndexes(a, b).entries.k1.name, 'B');
      assert.strictEqual(mergeIndexes(b, a).entries.k1.name, 'B');
    });
    it('breaks clock ties the same way in either order', () => {
      const a = indexOf(meta({ id: 'k1', name: 'A', updatedAt: iso(1) }));
      const b = indexOf(meta({ id: 'k1', name: 'B', updatedAt: iso(1) }));
      assertSameIndex(mergeIndexes(a, b), mergeIndexes(b, a));
    });
    it('compares clocks as instants, not text', () => {
      const a = indexOf(meta({ id: 'k1', name: 'A', updatedAt: '2025-03-01T13:00:00+02:00' }));
      const b = indexOf(meta({ id: 'k1', name: 'B', updatedAt: '2025-03-01T12:00:00.000Z' }));
      assert.strictEqual(mergeIndexes(a, b).entries.k1.name, 'B');
      assert.strictEqual(mergeIndexes(b, a).entries.k1.name, 'B');
    });
    it('does not let a stale window resurrect a key another window removed', () => {
      const shared = indexOf(meta({ id: 'k1', name: 'A', updatedAt: iso(0) }));
      const remover = removeEntry(shared, 'k1', iso(10));
      const staleRenamer = upsertEntry(shared, meta({ id: 'k1', name: 'Renamed', updatedAt: iso(20) }));
      for (const merged of [mergeIndexes(remover, staleRenamer), mergeIndexes(staleRenamer, remover)]) {
        assert.deepStrictEqual(merged.entries, {});
        assert.deepStrictEqual(merged.removed, { k1: iso(10) });
      }
    });
    it('keeps keys added in different windows', () => {
      const a = indexOf(meta({ id: 'k1' }));
      const b = indexOf(meta({ id: 'k2' }));
      assert.deepStrictEqual(Object.keys(mergeIndexes(a, b).entries), ['k1', 'k2']);
    });
    it('drops corrupt records from hand-built indexes instead of polluting objects', () => {
      const corrupt = JSON.parse('{"version":1,"entries":{"__proto__":{"id":"__proto__"},"k2":{"id":"other"}},"removed":{"__proto__":"x"}}') as KeyIndex;
      corrupt.entries.k1 = meta({ id: 'k1' });
      const merged = mergeIndexes(corrupt, emptyIndex());
      assert.deepStrictEqual(Object.keys(merged.entries), ['k1']);
      assert.deepStrictEqual(merged.removed, {});
      assert.strictEqual(Object.getPrototypeOf(merged.entries), Object.prototype);
    });
    it('does not share objects with its inputs', () => {
      const a = indexOf(meta({ id: 'k1', lastCheck: { status: 'ok', message: 'fine', at: iso(0) } }));
      const merged = mergeIndexes(a, emptyIndex());
      merged.entries.k1.name = 'changed';
      merged.entries.k1.lastCheck!.status = 'changed';
      assert.strictEqual(a.entries.k1.name, 'Key k1');
      assert.strictEqual(a.entries.k1.lastCheck?.status, 'ok');
    });
    it('is commutative, associative and idempotent (random cases)', () => {
      const random = seededRandom(424242);
      for (let i = 0; i < 500; i++) {
        const a = randomIndex(random);
        const b = randomIndex(random);
        const c = randomIndex(random);
        assertSameIndex(mergeIndexes(a, b), mergeIndexes(b, a), `commutative #${i}`);
        assertSameIndex(mergeIndexes(mergeIndexes(a, b), c), mergeIndexes(a, mergeIndexes(b, c)), `associative #${i}`);
        assertSameIndex(mergeIndexes(a, a), a, `idempotent #${i}`);
        assertSameIndex(mergeIndexes(a, mergeIndexes(a, b)), mergeIndexes(a, b), `absorbs #${i}`);
        assertSameIndex(mergeIndexes(a, emptyIndex()), a, `identity #${i}`);
      }
    });
  });

  describe('indexEquals', () => {
    it('ignores property order and compares content', () => {
      const a = indexOf(meta({ id: 'a' }), meta({ id: 'b' }));
      const b = indexOf(meta({ id: 'b' }), meta({ id: 'a' }));
      assert.ok(indexEquals(a, b));
      assert.ok(!indexEquals(a, indexOf(meta({ id: 'a' }))));
      assert.ok(!indexEquals(a, upsertEntry(a, meta({ id: 'a', name: 'other', updatedAt: iso(1) }))));
      assert.ok(!indexEquals(emptyIndex(), removeEntry(emptyIndex(), 'a', iso(0))));
      assert.ok(indexEquals(emptyIndex(), parseIndex('garbage')));
    });
  });

  describe('convergence of three windows sharing one stored document', () => {
    const names = ['Production server', 'Staging', 'Laptop', 'CI', 'Backup', 'prod'];

    it('converges after random adds, renames and removes, whatever the merge order', () => {
      // Guards against a simulation that silently stops exercising the interesting cases.
      let removals = 0;
      let survivorsWithSeveralVersions = 0;
      for (let seed = 1; seed <= 80; seed++) {
        const random = seededRandom(seed);
        // Each window has its own, possibly skewed clock; small steps make equal clocks common.
        const windows = [0, -7, 5].map((skew) => ({ index: emptyIndex(), skew }));
        let storage = emptyIndex();
        let time = 0;
        const versions = new Map<string, KeyMetadata[]>();
        const removedIds = new Set<string>();
        const record = (index: KeyIndex, id: string) => {
          const stored = index.entries[id];
          if (stored) {
            versions.set(id, [...(versions.get(id) ?? []), stored]);
          }
        };

        for (let step = 0; step < 80; step++) {
          time += Math.floor(random() * 3);
          const w = pick(windows, random);
          const now = iso(time + w.skew);
          const visible = listEntries(w.index);
          const roll = random();
          if (roll < 0.2 || visible.length === 0) {
            const key = random() < 0.5 ? liveKey(randomBody(24, random)) : testKey(randomBody(24, random));
            const environment: Environment = pick(ENVIRONMENTS, random);
            const added = metadataFor(key, { name: pick(names, random), environment, now: new Date(now), id: newKeyId(random) });
            w.index = upsertEntry(w.index, added);
            record(w.index, added.id);
          } else if (roll < 0.45) {
            const target = pick(visible, random);
            w.index = upsertEntry(w.index, { ...target, name: pick(names, random), updatedAt: now });
            record(w.index, target.id);
          } else if (roll < 0.55) {
            const target = pick(visible, random);
            const lastCheck = { status: pick(['valid', 'invalid', 'expired'], random), message: 'Checked', at: now };
            w.index = upsertEntry(w.index, { ...target, lastCheck, updatedAt: now });
            record(w.index, target.id);
          } else if (roll < 0.65) {
            const target = pick(visible, random);
            w.index = removeEntry(w.index, target.id, now);
            removedIds.add(target.id);
          } else if (roll < 0.85) {
            // Read the stored document and fold it in (onDidChange fired).
            w.index = mergeIndexes(w.index, storage);
          } else {
            // Write without reading first: SecretStorage keeps the last write, losing others'.
            storage = w.index;
          }
        }

        const replicas = [...windows.map((w) => w.index), storage];
        const reference = replicas.reduce(mergeIndexes);
        for (const order of permutations(replicas)) {
          assertSameIndex(order.reduce(mergeIndexes), reference, `seed ${seed}`);
        }
        const [a, b, c, d] = replicas;
        assertSameIndex(mergeIndexes(mergeIndexes(a, c), mergeIndexes(d, b)), reference, `seed ${seed} (tree)`);
        assertSameIndex(mergeIndexes(d, mergeIndexes(c, mergeIndexes(b, a))), reference, `seed ${seed} (right fold)`);

        // Every window ends with the same state after one round of reading the others.
        for (const w of windows) {
          const synced = replicas.reduce((acc, other) => mergeIndexes(acc, other), w.index);
          assertSameIndex(synced, reference, `seed ${seed} (window sync)`);
        }

        // The outcome is the one the semantics promise: removed ids stay removed, every other id
        // ever added survives with its latest version.
        for (const id of removedIds) {
          assert.strictEqual(reference.entries[id], undefined, `seed ${seed}: ${id} came back`);
          assert.ok(reference.removed[id], `seed ${seed}: ${id} lost its tombstone`);
        }
        removals += removedIds.size;
        for (const [id, history] of versions) {
          if (removedIds.has(id)) {
            continue;
          }
          if (history.length > 1) {
            survivorsWithSeveralVersions++;
          }
          const latest = history.map((v) => Date.parse(v.updatedAt)).reduce((x, y) => Math.max(x, y));
          const kept = reference.entries[id];
          assert.ok(kept, `seed ${seed}: ${id} was lost`);
          assert.strictEqual(Date.parse(kept.updatedAt), latest, `seed ${seed}: ${id} lost its latest edit`);
          assert.ok(history.some((v) => JSON.stringify(v) === JSON.stringify(kept)), `seed ${seed}: ${id} invented a version`);
        }
      }
      assert.ok(removals > 100, `only ${removals} removals`);
      assert.ok(survivorsWithSeveralVersions > 100, `only ${survivorsWithSeveralVersions} edited survivors`);
    });
  });
});
