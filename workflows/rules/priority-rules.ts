/**
 * The calendar of priority-setting cycles (docs/domain.md, "What the Board does"): what a period means, the
 * next period after one, when the next cycle opens, and the checks on a cycle's dates. Plain
 * functions, no Temporal import; the workflow and the API call them.
 *
 * A period bound is either a date (`2027-01-01`) or an ISO 8601 timestamp in UTC. A start date
 * means the start of that day (UTC); an end date is inclusive, so the period ends at the start of
 * the next day: `2027-01-01` to `2028-12-31` is exactly two calendar years. Timestamps are taken
 * as they are (the end exclusive), which lets tests run periods of seconds.
 */
import { parse } from 'iso8601-duration';
import { isPositiveDuration } from './durations';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
const DAY = 86_400_000;

/** True for a date (`YYYY-MM-DD`) or a UTC timestamp that names a real instant. */
export function isPeriodBound(text: string): boolean {
  if (DATE.test(text)) return !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && isRealDate(text);
  return TIMESTAMP.test(text) && !Number.isNaN(Date.parse(text));
}

function isRealDate(text: string): boolean {
  return new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** The instants a period runs between: `[startsAt, endsAt)` in epoch ms. */
export function periodBounds(periodStart: string, periodEnd: string): { startsAt: number; endsAt: number } {
  const startsAt = DATE.test(periodStart) ? Date.parse(`${periodStart}T00:00:00Z`) : Date.parse(periodStart);
  const endsAt = DATE.test(periodEnd) ? Date.parse(`${periodEnd}T00:00:00Z`) + DAY : Date.parse(periodEnd);
  return { startsAt, endsAt };
}

/** Whole calendar months from `from` to `to` when `to` is exactly that many months later, else null. */
export function wholeMonthsBetween(from: number, to: number): number | null {
  const a = new Date(from);
  const b = new Date(to);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  return months > 0 && addMonths(from, months) === to ? months : null;
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

/**
 * The period after this one: it starts when this one ends and lasts as long, in calendar months
 * when this one is a whole number of months (two years after `2027-01-01`..`2028-12-31` is
 * `2029-01-01`..`2030-12-31`, leap days or not), else in milliseconds. Same format as given.
 */
export function nextPeriod(
  periodStart: string,
  periodEnd: string,
): { periodStart: string; periodEnd: string; months: number | null } {
  const { startsAt, endsAt } = periodBounds(periodStart, periodEnd);
  const months = wholeMonthsBetween(startsAt, endsAt);
  const nextEnd = months !== null ? addMonths(endsAt, months) : endsAt + (endsAt - startsAt);
  return {
    periodStart: DATE.test(periodStart) ? isoDate(endsAt) : new Date(endsAt).toISOString(),
    periodEnd: DATE.test(periodEnd) ? isoDate(nextEnd - DAY) : new Date(nextEnd).toISOString(),
    months,
  };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The next cycle's title: every year (19xx/20xx) in it moved on by the period's whole years, if it has them. */
export function nextTitle(title: string, months: number | null): string {
  if (months === null || months % 12 !== 0) return title;
  return title.replace(/\b(19|20)\d{2}\b/g, (year) => String(Number(year) + months / 12));
}

/** When the next cycle opens: `opensBefore` before this period ends. */
export function nextCycleOpensAt(periodEnd: string, periodStart: string, opensBefore: string): number {
  return calendarBefore(periodBounds(periodStart, periodEnd).endsAt, opensBefore);
}

/**
 * `ms` minus a duration on the calendar (UTC): six months before 1 January is 1 July, whatever
 * the months' lengths (durations.ts's subtraction mirrors the forward span instead).
 */
export function calendarBefore(ms: number, duration: string): number {
  const d = parse(duration);
  const t = new Date(ms);
  t.setUTCFullYear(t.getUTCFullYear() - (d.years ?? 0), t.getUTCMonth() - (d.months ?? 0));
  t.setUTCDate(t.getUTCDate() - (d.weeks ?? 0) * 7 - (d.days ?? 0));
  return t.getTime() - ((d.hours ?? 0) * 3600 + (d.minutes ?? 0) * 60 + (d.seconds ?? 0)) * 1000;
}

/** The dates of a cycle that its checks look at. */
export interface CycleCalendar {
  periodStart: string;
  periodEnd: string;
  proposalsCloseAt: string;
  rankingCloseAt: string;
  /** Null: no next cycle opens by itself. */
  nextCycleOpensBefore: string | null;
}

/**
 * Problems with a cycle's calendar, each naming its field (or, for 422s, its rule): the caller
 * answers 400 for `invalid` and 422 for `refused`. `openedAt` is when the cycle opened (or opens).
 */
export function calendarProblems(
  c: CycleCalendar,
  openedAt: number,
): { invalid: string[]; refused: string[] } {
  const invalid: string[] = [];
  const refused: string[] = [];
  if (!isPeriodBound(c.periodStart))
    invalid.push('periodStart must be a date (YYYY-MM-DD) or an ISO 8601 timestamp in UTC');
  if (!isPeriodBound(c.periodEnd))
    invalid.push('periodEnd must be a date (YYYY-MM-DD) or an ISO 8601 timestamp in UTC');
  if (c.nextCycleOpensBefore !== null && !isPositiveDuration(c.nextCycleOpensBefore))
    invalid.push('nextCycleOpensBefore must be a positive ISO 8601 duration such as P6M');
  if (invalid.length > 0) return { invalid, refused };
  const { startsAt, endsAt } = periodBounds(c.periodStart, c.periodEnd);
  const proposalsClose = Date.parse(c.proposalsCloseAt);
  const rankingClose = Date.parse(c.rankingCloseAt);
  if (endsAt <= startsAt) invalid.push('periodEnd must come after periodStart');
  if (rankingClose <= proposalsClose) invalid.push('rankingCloseAt must come after proposalsCloseAt');
  if (invalid.length > 0) return { invalid, refused };
  if (rankingClose >= endsAt) {
    refused.push(
      `ranking-before-period-end: the ranking must close before the period ends (${new Date(endsAt).toISOString()})`,
    );
  }
  if (c.nextCycleOpensBefore !== null) {
    const opensAt = calendarBefore(endsAt, c.nextCycleOpensBefore);
    if (opensAt <= rankingClose) {
      refused.push(
        `next-cycle-after-ranking: the next cycle would open at ${new Date(opensAt).toISOString()}, ` +
          `before this cycle's ranking closes; shorten nextCycleOpensBefore or the windows`,
      );
    }
    // The next cycle repeats these windows from its own opening; they must end before it opens its own next.
    if (rankingClose - openedAt >= endsAt - startsAt) {
      refused.push(
        'windows-fit-period: the proposal and ranking windows must fit in one period before the next cycle opens',
      );
    }
  }
  return { invalid, refused };
}
