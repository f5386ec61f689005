/**
 * The next cycle of a series: when a cycle opens it, and what it opens it with (the period after
 * this one, the same settings, the same window lengths). Pure functions over the cycle's state,
 * behind {@link PriorityCycleRecord}.
 */
import { cycleIdFor } from '../ids';
import { iso } from '../kit/record-base';
import { nextPeriod, nextTitle } from '../rules/priority-rules';
import type { PriorityCycleInput, PriorityCycleState } from './priority-cycle.types';

/** True when the next cycle should open now and has not. */
export function nextCycleDue(s: PriorityCycleState, now: number): boolean {
  return (
    s.nextCycleOpensAt !== null &&
    s.nextCycleId === null &&
    s.status !== 'cancelled' &&
    now >= Date.parse(s.nextCycleOpensAt)
  );
}

/**
 * The next cycle's input: the period after this one, the same settings, and the same window
 * lengths counted from its opening (`now`).
 */
export function nextCycleInput(
  s: PriorityCycleState,
  voters: Pick<PriorityCycleInput, 'electorate' | 'seats' | 'opinionSeats' | 'chair'>,
  now: number,
): PriorityCycleInput {
  const period = nextPeriod(s.periodStart, s.periodEnd);
  const proposalsWindow = Date.parse(s.proposalsCloseAt) - Date.parse(s.openedAt);
  const rankingWindow = Date.parse(s.rankingCloseAt) - Date.parse(s.proposalsCloseAt);
  const sequence = s.sequence + 1;
  return {
    id: cycleIdFor(s.seriesId, sequence),
    seriesId: s.seriesId,
    sequence,
    previousCycleId: s.id,
    title: nextTitle(s.title, period.months),
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
    proposalsCloseAt: iso(now + proposalsWindow),
    rankingCloseAt: iso(now + proposalsWindow + rankingWindow),
    decision: { ...s.decision },
    topN: s.topN,
    themes: [...s.themes],
    nextCycleOpensBefore: s.nextCycleOpensBefore,
    electorate: [...voters.electorate],
    seats: [...voters.seats],
    ...(voters.opinionSeats ? { opinionSeats: [...voters.opinionSeats] } : {}),
    ...(voters.chair !== undefined ? { chair: voters.chair } : {}),
    openedBy: `cycle ${s.id}`,
    openedAt: iso(now),
  };
}
