/**
 * The right of seats without a vote to give an opinion (Regulation (EU) 2019/1240, Article 7:
 * the Schengen-associated states give opinions on every decision, and the Board takes due
 * account of them). Who holds the right, whose opinion is still awaited, and when a decision may
 * close early without taking the right away. Plain functions, no Temporal import.
 */

/** What the rules need to know about a seat of the board. */
export interface SeatRole {
  code: string;
  kind: string;
  voting: boolean;
}

/**
 * Seats with the right to an opinion on a decision: every seat without a vote except observers,
 * plus the observers invited to this item. Board order; an invited seat that is not an observer
 * adds nothing (it has the right already, or it votes).
 */
export function opinionSeatsFor(
  seats: readonly SeatRole[],
  invitedObservers: readonly string[] = [],
): string[] {
  return seats
    .filter((s) => !s.voting && (s.kind !== 'observer' || invitedObservers.includes(s.code)))
    .map((s) => s.code);
}

/** Invited seats that cannot be invited as observers: unknown codes, or seats that are not observers. */
export function invalidObservers(seats: readonly SeatRole[], invited: readonly string[]): string[] {
  return invited.filter((code) => seats.find((s) => s.code === code)?.kind !== 'observer');
}

/** What the early-close rule looks at. */
export interface OpinionRecord {
  /** Seats with the right to an opinion on this decision. */
  opinionSeats: readonly string[];
  /** Opinions on the record (any seat may give one), with the secretariat's response if recorded. */
  opinions: readonly { seat: string; response: unknown }[];
  /** Seats that said they have no opinion to give. */
  declined: readonly string[];
}

/** Opinion seats that have neither given an opinion nor declined: their opinion is still awaited. */
export function opinionsAwaited(r: OpinionRecord): string[] {
  return r.opinionSeats.filter(
    (seat) => !r.declined.includes(seat) && !r.opinions.some((o) => o.seat === seat),
  );
}

/**
 * The early-close rule: a decision whose outcome is settled closes before its deadline only once
 * every opinion seat has given its opinion or declined, and every opinion on the record has the
 * secretariat's response on how the Board took account of it. Until then it runs to the deadline
 * (which the secretariat may extend), so closing early never takes the right away. The same rule
 * holds for every kind of decision: opened directly, or by a funding round or a priority cycle.
 */
export function opinionsAllowEarlyClose(r: OpinionRecord): boolean {
  return (
    opinionsAwaited(r).length === 0 &&
    r.opinions.every((o) => o.response !== null && o.response !== undefined)
  );
}

/**
 * How long after the close the secretariat may still record how the Board took account of an
 * opinion: 90 days, long enough to answer at the next Board meeting (the Board meets about
 * quarterly), short enough that a decision's record is complete within a season.
 */
export const OPINION_RESPONSE_PERIOD_MS = 90 * 24 * 60 * 60 * 1000;
