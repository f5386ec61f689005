/**
 * The ranking phase of a priority cycle: who may rank and when, a seat's latest ranking, and the
 * Schulze result whose top N become the draft. Pure functions over the cycle's state, behind
 * {@link PriorityCycleRecord}.
 */
import { iso } from '../kit/record-base';
import { rankingProblems, schulzeRanking } from '../rules/ranking';
import { RuleError } from '../rules/rule-error';
import { openProposals, proposalIn } from './cycle-proposals';
import type { PriorityCycleState, Proposal, SubmitRankingCommand } from './priority-cycle.types';

/** Refuses a ranking from a seat without a vote, outside the window, or not over the open proposals. */
export function checkRanking(
  s: PriorityCycleState,
  electorate: string[],
  cmd: SubmitRankingCommand,
  now: number,
): void {
  if (!electorate.includes(cmd.seat)) {
    throw new RuleError('forbidden', `seat ${cmd.seat} has no vote; only voting seats rank the proposals`);
  }
  if (s.status === 'proposals') {
    throw new RuleError(
      'conflict',
      `cycle ${s.id} takes rankings once the proposal window closes at ${s.proposalsCloseAt}`,
    );
  }
  if (s.status !== 'ranking' || now >= Date.parse(s.rankingCloseAt)) {
    throw new RuleError('conflict', `cycle ${s.id} closed its ranking at ${s.rankingCloseAt}; cannot rank`);
  }
  const problems = rankingProblems(
    cmd.ranking,
    openProposals(s).map((p) => p.id),
  );
  if (problems.length > 0) throw new RuleError('invalid', problems.join('; '));
}

/** Records a seat's ranking; its latest replaces its earlier one. */
export function recordRanking(s: PriorityCycleState, cmd: SubmitRankingCommand, now: number): void {
  const earlier = s.rankings.find((r) => r.seat === cmd.seat);
  const entry = { seat: cmd.seat, ranking: [...cmd.ranking], by: cmd.by, at: iso(now) };
  if (earlier) Object.assign(earlier, entry, { revision: earlier.revision + 1 });
  else s.rankings.push({ ...entry, revision: 1 });
  s.awaitingRankings = s.awaitingRankings.filter((seat) => seat !== cmd.seat);
}

/** Closes the ranking window: aggregates the rankings; the top N become the draft. */
export function closeRanking(s: PriorityCycleState): void {
  const open = openProposals(s);
  const ranked = schulzeRanking(
    open.map((p) => ({ id: p.id, submitted: p.n })),
    s.rankings.map((r) => r.ranking),
  );
  s.result = ranked.map((r) => {
    const p = proposalIn(s, r.id) as Proposal;
    return {
      rank: r.rank,
      proposalId: p.id,
      title: p.title,
      theme: p.theme,
      region: p.region,
      seat: p.seat,
      wins: r.wins,
      tieBroken: r.tieBroken,
    };
  });
  s.draft = s.result
    .slice(0, s.topN)
    .map((r) => ({ proposalId: r.proposalId, title: r.title, theme: r.theme, region: r.region }));
  s.awaitingRankings = [];
  s.status = 'drafting';
}
