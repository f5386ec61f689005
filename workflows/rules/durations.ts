/**
 * Deadline arithmetic on ISO 8601 durations (`P14D`, `PT30S`, `P1M`). Pure, so workflows
 * (reminders, escalations) and the API (`closesIn`) share it; calendar units count from the start time.
 */
import { end, parse, pattern } from 'iso8601-duration';

/** True when `text` is a whole ISO 8601 duration of more than zero. */
export function isPositiveDuration(text: string): boolean {
  if (!new RegExp(`^${pattern.source}$`).test(text) || text === 'P' || text.endsWith('T')) return false;
  return addDuration(0, text) > 0;
}

/** `start` (epoch ms) plus the duration, in epoch ms. Throws on a malformed duration. */
export function addDuration(start: number, duration: string): number {
  return end(parse(duration), new Date(start)).getTime();
}

/**
 * The longest span the board takes, for a deadline from now or any span added to one. Nothing a
 * board schedules runs longer, and it keeps every date it leads to far inside what Temporal's
 * visibility (years up to 9999) and the record can hold.
 */
export const LONGEST_SPAN = 'P100Y';

/** {@link LONGEST_SPAN} in ms, its calendar units counted from 1970. */
const LONGEST_SPAN_MS = addDuration(0, LONGEST_SPAN);

/** True when the duration `text` is no longer than {@link LONGEST_SPAN} (calendar units counted from 1970). */
export function isWithinLongestSpan(text: string): boolean {
  return addDuration(0, text) <= LONGEST_SPAN_MS;
}

/** `start` (epoch ms) minus the duration, in epoch ms (for "remind P3D before"). */
export function subtractDuration(start: number, duration: string): number {
  return start - (addDuration(start, duration) - start);
}
