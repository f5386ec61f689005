/**
 * What the API takes as a span: a positive ISO 8601 duration (P14D, P1Y2M, PT0.5S), as one
 * regular expression that both checks it and is its `pattern` in the OpenAPI document. Every span
 * it matches is one the workflows' `isPositiveDuration` accepts (tests/unit/duration-pattern.test.ts):
 * at least one part above zero, no bare `T`, a fraction (up to milliseconds) only on the last part
 * and only in hours, minutes or seconds, and few enough digits to stay a date. It has no
 * look-arounds, so any client's generator can use it, and ASCII digits only (`[0-9]`).
 */

/** Each part's letter and its most digits (the sum of all stays within a JavaScript date). */
const parts: [string, number][] = [
  ['Y', 4],
  ['M', 5],
  ['W', 5],
  ['D', 6],
  ['H', 6],
  ['M', 6],
  ['S', 6],
];
/** Index of the first time part: `T` goes before it. */
const FIRST_TIME = 4;

const whole = (max: number) => `0*[0-9]{1,${max}}`;
const nonZero = (max: number) => `0*[1-9][0-9]{0,${max - 1}}`;
const milli = '[.,][0-9]{1,3}';
const fraction = (max: number) => `${whole(max)}(?:${milli})?`;
const nonZeroFraction = (max: number) =>
  `(?:${nonZero(max)}(?:${milli})?|0+[.,](?:[1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9]))`;

/**
 * The spans whose first part above zero is `first` and whose last part is `last`: zeros may come
 * before `first`, any whole values between the two, and only `last` may have a fraction.
 */
function alternative(first: number, last: number): string {
  let out = '';
  for (let i = 0; i <= last; i++) {
    const [unit, max] = parts[i];
    if (i === FIRST_TIME && last >= FIRST_TIME) out += 'T';
    const fractional = i === last && i >= FIRST_TIME;
    if (i < first) out += `(?:0+${unit})?`;
    else if (i === first) out += `${fractional ? nonZeroFraction(max) : nonZero(max)}${unit}`;
    else if (i === last) out += `${fractional ? fraction(max) : whole(max)}${unit}`;
    else out += `(?:${whole(max)}${unit})?`;
  }
  return out;
}

const alternatives: string[] = [];
for (let first = 0; first < parts.length; first++)
  for (let last = first; last < parts.length; last++) alternatives.push(alternative(first, last));

/** The pattern's source, `^P(?:…)$`. */
export const POSITIVE_DURATION_SOURCE = `^P(?:${alternatives.join('|')})$`;

/** True when `text` is a span the API takes. */
export const POSITIVE_DURATION = new RegExp(POSITIVE_DURATION_SOURCE);
