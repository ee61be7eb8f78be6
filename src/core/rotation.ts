import { KeyMetadata } from './keyIndex';

const DAY_MS = 24 * 60 * 60 * 1000;
// Reminders repeat at most daily so several open windows, or restarts, do not nag.
const REMINDER_INTERVAL_MS = DAY_MS;
const AVERAGE_MONTH_DAYS = 365.25 / 12;

/** A short human age for a key: "today", "1 day", "3 days", "5 months", "2 years". */
export function formatAge(createdAt: string, now: Date): string {
  const elapsed = elapsedMs(createdAt, now);
  if (elapsed === undefined) {
    return 'unknown age';
  }
  const days = Math.floor(Math.max(0, elapsed) / DAY_MS);
  if (days === 0) {
    return 'today';
  }
  if (days < 30) {
    return plural(days, 'day');
  }
  if (days < 365) {
    return plural(Math.max(1, Math.floor(days / AVERAGE_MONTH_DAYS)), 'month');
  }
  return plural(Math.max(1, Math.floor(days / 365.25)), 'year');
}

/**
 * Keys at least `reminderDays` old (0 turns reminders off) not reminded about in the last 24 hours,
 * oldest first. Keys in `overdue` (found in pushed git history) count as old enough whatever their age.
 */
export function dueRotationReminders(
  entries: readonly KeyMetadata[],
  now: Date,
  reminderDays: number,
  // Key id → ISO time of its last reminder; the caller persists it.
  lastReminded: Readonly<Record<string, string>>,
  overdue: ReadonlySet<string> = new Set(),
): KeyMetadata[] {
  if (!Number.isFinite(reminderDays) || reminderDays <= 0) {
    return [];
  }
  const threshold = reminderDays * DAY_MS;
  return entries
    .filter((entry) => {
      const age = elapsedMs(entry.createdAt, now);
      // An unreadable creation time says nothing about age: better silent than a false alarm.
      const oldEnough = overdue.has(entry.id) || (age !== undefined && age >= threshold);
      return oldEnough && reminderIsDue(lastReminded, entry.id, now);
    })
    .sort((a, b) => Number(overdue.has(b.id)) - Number(overdue.has(a.id)) || Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function reminderIsDue(lastReminded: Readonly<Record<string, string>>, id: string, now: Date): boolean {
  const last = Object.prototype.hasOwnProperty.call(lastReminded, id) ? lastReminded[id] : undefined;
  const since = last === undefined ? undefined : elapsedMs(last, now);
  if (since === undefined) {
    return true;
  }
  // A reminder time more than a day in the future came from a badly skewed clock; ignoring it
  // keeps one wrong timestamp from silencing reminders indefinitely.
  return since >= REMINDER_INTERVAL_MS || since < -REMINDER_INTERVAL_MS;
}

function elapsedMs(iso: string, now: Date): number | undefined {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : now.getTime() - time;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
