/**
 * Field rules the pages share: what a span (an ISO 8601 duration) looks like, a list of them
 * separated by commas, and the month names. A form checks with these before it sends, so the
 * person sees the problem at once; the API checks again and has the last word.
 */

/** A whole ISO 8601 duration with at least one part: P7D, P1Y2M, PT30S, PT0.5S. */
const span =
  /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$/;

/**
 * True when `text` is a span such as P7D.
 * @param {string} text
 */
export function isDuration(text) {
  return span.test(text) && /[1-9]/.test(text);
}

/**
 * The spans of a list separated by commas ("P7D, P1D"), or null when one of them is not a span.
 * @param {string} text
 * @returns {string[] | null}
 */
export function durationList(text) {
  const items = text.split(',').map((s) => s.trim());
  return items.every(isDuration) ? items : null;
}

/** January to December, for month 1 to 12. */
export const MONTHS = [
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
