import * as assert from 'assert';
import { KeyMetadata } from '../../src/core/keyIndex';
import { dueRotationReminders, formatAge } from '../../src/core/rotation';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const NOW = new Date('2025-06-15T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function entry(id: string, createdAt: string): KeyMetadata {
  return { id, name: id, environment: 'Production', mode: 'live', last4: 'Zz99', createdAt, updatedAt: createdAt };
}

describe('formatAge', () => {
  const cases: Array<[number, string]> = [
    [0, 'today'],
    [23 * HOUR, 'today'],
    [DAY, '1 day'],
    [3 * DAY, '3 days'],
    [29 * DAY, '29 days'],
    [30 * DAY, '1 month'],
    [61 * DAY, '2 months'],
    [5 * 31 * DAY, '5 months'],
    [364 * DAY, '11 months'],
    [365 * DAY, '1 year'],
    [800 * DAY, '2 years'],
  ];
  for (const [elapsed, expected] of cases) {
    it(`says "${expected}" after ${elapsed / DAY} days`, () => {
      assert.strictEqual(formatAge(ago(elapsed), NOW), expected);
    });
  }
  it('says "today" for a future time and "unknown age" for garbage', () => {
    assert.strictEqual(formatAge(ago(-3 * DAY), NOW), 'today');
    assert.strictEqual(formatAge('', NOW), 'unknown age');
  });
});

describe('dueRotationReminders', () => {
  const old = entry('old', ago(100 * DAY));
  const older = entry('older', ago(200 * DAY));
  const young = entry('young', ago(10 * DAY));
  const exactlyDue = entry('exact', ago(90 * DAY));
  const entries = [young, old, exactlyDue, older];

  it('lists keys at least reminderDays old, oldest first', () => {
    assert.deepStrictEqual(dueRotationReminders(entries, NOW, 90, {}).map((e) => e.id), ['older', 'old', 'exact']);
  });
  it('does nothing when reminders are off (0) or the setting is nonsense', () => {
    for (const days of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.deepStrictEqual(dueRotationReminders(entries, NOW, days, {}), [], String(days));
    }
  });
  it('skips keys reminded about within the last 24 hours', () => {
    const lastReminded = { old: ago(2 * HOUR), older: ago(23 * HOUR + 59 * 60 * 1000) };
    assert.deepStrictEqual(dueRotationReminders(entries, NOW, 90, lastReminded).map((e) => e.id), ['exact']);
  });
  it('reminds again once 24 hours have passed', () => {
    const lastReminded = { old: ago(24 * HOUR), older: ago(3 * DAY) };
    assert.deepStrictEqual(dueRotationReminders(entries, NOW, 90, lastReminded).map((e) => e.id), ['older', 'old', 'exact']);
  });
  it('ignores unreadable or far-future reminder times instead of staying silent forever', () => {
    const lastReminded = { old: 'garbage', older: ago(-30 * DAY), exact: ago(-HOUR) };
    assert.deepStrictEqual(dueRotationReminders(entries, NOW, 90, lastReminded).map((e) => e.id), ['older', 'old']);
  });
  it('treats a key found in pushed git history as overdue, first, whatever its age', () => {
    assert.deepStrictEqual(dueRotationReminders(entries, NOW, 90, {}, new Set(['young'])).map((e) => e.id), ['young', 'older', 'old', 'exact']);
    assert.deepStrictEqual(dueRotationReminders([young], NOW, 90, { young: NOW.toISOString() }, new Set(['young'])), [], 'still at most daily');
    assert.deepStrictEqual(dueRotationReminders([young], NOW, 0, {}, new Set(['young'])), [], 'reminders off means off');
  });
  it('does not remind about keys whose age is unknown', () => {
    assert.deepStrictEqual(dueRotationReminders([entry('bad', 'never')], NOW, 1, {}), []);
  });
  it('is not fooled by inherited property names', () => {
    const constructorKey = entry('constructor', ago(100 * DAY));
    assert.deepStrictEqual(dueRotationReminders([constructorKey], NOW, 90, {}).map((e) => e.id), ['constructor']);
  });
  it('does not modify its inputs', () => {
    const list = [young, old];
    dueRotationReminders(list, NOW, 1, {});
    assert.deepStrictEqual(list.map((e) => e.id), ['young', 'old']);
  });
});
