/** What every decision a priority cycle puts to the Board shares, and how it names an item. */
import type { DecisionInput } from '../decision/decision.types';
import { iso } from '../kit/record-base';
import type { DecisionOutcome } from '../rules/decision-rules';
import type { PriorityCycleInput, PriorityCycleState } from './priority-cycle.types';

/** Who votes on a cycle's decisions, who gives an opinion on them, and who chairs. */
export type CycleVoters = Pick<PriorityCycleInput, 'electorate' | 'opinionSeats' | 'chair'>;

/** The part of a cycle's decision that is the same for a draft and an ad hoc action. */
export function decisionCommon(
  s: PriorityCycleState,
  voters: CycleVoters,
  by: string,
  closesAt: string,
): Omit<DecisionInput, 'id' | 'title' | 'text'> {
  return {
    rule: s.decision.rule,
    quorum: s.decision.rule === 'silence' ? null : s.decision.quorum,
    objectionThreshold: 1,
    closesAt,
    electorate: [...voters.electorate],
    recused: [],
    closeEarly: true,
    openedBy: by,
    parentId: s.id,
    // Absent on cycles opened before opinion rights: their decisions keep their early close.
    ...(voters.opinionSeats ? { opinionSeats: [...voters.opinionSeats] } : {}),
    chair: voters.chair ?? null,
  };
}

/** `title (theme, region)`: an item as a decision's text names it. */
export function describe(item: { title: string; theme: string; region: string | null }): string {
  return `${item.title} (${item.theme}${item.region ? `, ${item.region}` : ''})`;
}

/** Puts the Board's outcome on what it decided (a draft attempt, an ad hoc action); returns when. */
export function markDecided(
  decided: { outcome: DecisionOutcome | null; decidedAt: string | null },
  outcome: DecisionOutcome,
  now: number,
): string {
  const at = iso(now);
  decided.outcome = outcome;
  decided.decidedAt = at;
  return at;
}
