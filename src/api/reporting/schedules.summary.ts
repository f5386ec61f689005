/**
 * Pure helpers for the schedule list: a schedule's rule as one sentence, and the list's order.
 * No Temporal import, so they are unit-tested on their own (tests/unit/schedule-summary.test.ts).
 */

/** The rule as it was given: exactly one of calendar, cron or every (see `CreateScheduleDto`). */
export interface ScheduleRule {
  calendar?: { month?: number; dayOfMonth?: number; hour?: number; minute?: number };
  cron?: string;
  every?: string;
  timezone: string;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const twoDigits = (n: number) => String(n).padStart(2, '0');

/**
 * When each period opens, as a sentence: `on 31 March at 00:00 (UTC)`, `every P7D`,
 * `cron 0 9 31 3 * (Europe/Brussels)`. A fixed span does not depend on the time zone, so it
 * names none.
 */
export function ruleSummary(rule: ScheduleRule): string {
  if (rule.every) return `every ${rule.every}`;
  if (rule.cron) return `cron ${rule.cron} (${rule.timezone})`;
  const c = rule.calendar ?? {};
  const at = `at ${twoDigits(c.hour ?? 0)}:${twoDigits(c.minute ?? 0)} (${rule.timezone})`;
  const month = c.month === undefined ? undefined : MONTH_NAMES[c.month - 1];
  if (c.dayOfMonth !== undefined && month) return `on ${c.dayOfMonth} ${month} ${at}`;
  if (c.dayOfMonth !== undefined) return `on day ${c.dayOfMonth} of every month ${at}`;
  if (month) return `every day of ${month} ${at}`;
  return `every day ${at}`;
}

/** The list's order: by title, then by id (ids are unique, so the order is total). */
export function byTitleThenId(a: { title: string; id: string }, b: { title: string; id: string }): number {
  const byTitle = a.title.localeCompare(b.title, 'en');
  if (byTitle !== 0) return byTitle;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
