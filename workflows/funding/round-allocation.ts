/**
 * The allocation phase of a funding round: when the secretariat may propose one, the Board
 * decisions a proposal opens (one for the package, or one per award with the requesting seat
 * recused), and the attempt it records. Pure functions over the round's state, behind
 * {@link FundingRoundRecord}.
 */
import type { DecisionInput } from '../decision/decision.types';
import { allocationDecisionIdFor } from '../ids';
import { iso } from '../kit/record-base';
import { addDuration } from '../rules/durations';
import { allocationViolations, describeViolations } from '../rules/funding-rules';
import { packageElectorateViolation, recusalsForAwards } from '../rules/recusal-rules';
import { RuleError } from '../rules/rule-error';
import type {
  AllocationAttempt,
  FundingRoundInput,
  FundingRoundState,
  ProposeAllocationCommand,
  RequestSummary,
} from './funding.types';
import type { Dispatch } from './round-dispatch';

/** Who votes on a round's allocations, who gives an opinion, and who chairs. */
type Electorate = Pick<FundingRoundInput, 'electorate' | 'recuseRequestingSeat' | 'opinionSeats' | 'chair'>;

/** An award as the attempt records it. */
type Award = AllocationAttempt['awards'][number];

const requestIn = (s: FundingRoundState, id: string) => s.requests.find((r) => r.id === id) as RequestSummary;

/** Refuses an allocation the round cannot take now, or one the rules refuse. */
export function checkAllocation(
  s: FundingRoundState,
  electorate: Electorate,
  cmd: ProposeAllocationCommand,
): void {
  if (s.status !== 'assessing') {
    const why =
      s.status === 'open'
        ? `its submission window is open until ${s.closesAt}`
        : s.status === 'voting'
          ? 'the Board is voting on an allocation'
          : `it has decided (${s.status})`;
    throw new RuleError('conflict', `round ${s.id} cannot take an allocation now: ${why}`);
  }
  if (cmd.awards.length === 0) throw new RuleError('invalid', 'awards must name at least one request');
  const violations = allocationViolations(cmd.awards, s.requests, s.envelopeCents, s.awardedCents);
  if (violations.length > 0) throw new RuleError('refused', describeViolations(violations));
  if (s.decision.mode === 'package') {
    const recused = recusalsFor(s, electorate, cmd.awards).length;
    const voters = electorate.electorate.length;
    const tooFew = packageElectorateViolation(voters - recused, voters, recused);
    if (tooFew) throw new RuleError('refused', describeViolations([tooFew]));
  }
}

/** The seats recused from a decision awarding these requests: no seat votes on its own money. */
function recusalsFor(s: FundingRoundState, electorate: Electorate, awards: readonly { requestId: string }[]) {
  const awarded = awards.map((a) => ({ requestId: a.requestId, seat: requestIn(s, a.requestId).seat }));
  return recusalsForAwards(awarded, electorate.electorate, electorate.recuseRequestingSeat);
}

/**
 * Records the proposal as attempt `n` and puts the round to the vote. Returns the attempt, the
 * decisions to open and the changes for the named requests.
 */
export function proposeAllocation(
  s: FundingRoundState,
  electorate: Electorate,
  cmd: ProposeAllocationCommand,
  now: number,
): { attempt: AllocationAttempt; decisions: DecisionInput[]; dispatches: Dispatch[] } {
  const n = s.attempts.length + 1;
  const awards = cmd.awards.map((a) => ({ requestId: a.requestId, amountCents: a.amountCents }));
  const closesAt = iso(addDuration(now, s.decision.votingIn));
  const decisions = allocationDecisions(s, electorate, awards, n, cmd.by, closesAt);
  const attempt: AllocationAttempt = {
    attempt: n,
    awards,
    totalCents: totalOf(awards),
    proposedBy: cmd.by,
    proposedAt: iso(now),
    votingClosesAt: closesAt,
    decisions: decisions.map((d, i) => ({
      decisionId: d.id,
      requestIds: s.decision.mode === 'package' ? awards.map((a) => a.requestId) : [awards[i].requestId],
      outcome: null,
    })),
    outcome: null,
    decidedAt: null,
  };
  s.attempts.push(attempt);
  s.allocation = awards;
  s.decisionId = decisions[0].id;
  s.status = 'voting';
  return { attempt, decisions, dispatches: markProposed(s, attempt, cmd.by, now) };
}

const totalOf = (awards: Award[]) => awards.reduce((sum, a) => sum + a.amountCents, 0);

/** The decisions attempt `n` puts to the Board: the package as one, or one per award. */
function allocationDecisions(
  s: FundingRoundState,
  electorate: Electorate,
  awards: Award[],
  n: number,
  by: string,
  closesAt: string,
): DecisionInput[] {
  const common = {
    rule: s.decision.rule,
    quorum: s.decision.rule === 'silence' ? null : s.decision.quorum,
    objectionThreshold: 1,
    closesAt,
    closeEarly: true,
    openedBy: by,
    parentId: s.id,
    // Absent on rounds launched before opinion rights: their decisions keep their early close.
    ...(electorate.opinionSeats ? { opinionSeats: [...electorate.opinionSeats] } : {}),
    chair: electorate.chair ?? null,
  };
  if (s.decision.mode === 'package') {
    const recusals = recusalsFor(s, electorate, awards);
    const recused = recusals.map((r) => r.seat);
    const lines = awards.map((a) => {
      const r = requestIn(s, a.requestId);
      return `- ${r.id} (${r.seat}, ${r.priority}): ${r.title}: ${a.amountCents} of ${r.amountCents} cents requested`;
    });
    return [
      {
        ...common,
        id: allocationDecisionIdFor(s.id, n),
        title: `${s.title}: allocation, attempt ${n}`,
        text: `The Board agrees the allocation of round ${s.id} (${totalOf(awards)} of ${s.envelopeCents} cents):\n${lines.join('\n')}`,
        electorate: electorate.electorate.filter((seat) => !recused.includes(seat)),
        recused,
        recusals,
      },
    ];
  }
  return awards.map((a) => {
    const r = requestIn(s, a.requestId);
    const recusals = recusalsFor(s, electorate, [a]);
    const recused = recusals.map((x) => x.seat);
    return {
      ...common,
      id: allocationDecisionIdFor(s.id, n, r.id),
      title: `${s.title}: ${r.title} (${r.seat}), attempt ${n}`,
      text: `The Board agrees to award ${a.amountCents} cents to request ${r.id} of ${r.seat} (${r.priority}), which asked for ${r.amountCents} cents.`,
      electorate: electorate.electorate.filter((seat) => !recused.includes(seat)),
      recused,
      recusals,
    };
  });
}

/** Puts the attempt's amounts on the named requests (and clears the rest); returns their changes. */
function markProposed(s: FundingRoundState, attempt: AllocationAttempt, by: string, now: number): Dispatch[] {
  const dispatches: Dispatch[] = [];
  for (const request of s.requests) request.allocation = null;
  for (const a of attempt.awards) {
    const request = requestIn(s, a.requestId);
    const decisionId = attempt.decisions.find((d) => d.requestIds.includes(a.requestId))
      ?.decisionId as string;
    request.allocation = a.amountCents;
    request.decisionId = decisionId;
    request.attempts.push(attempt.attempt);
    dispatches.push({
      requestId: request.id,
      change: {
        kind: 'allocation-proposed',
        at: iso(now),
        by,
        attempt: attempt.attempt,
        amountCents: a.amountCents,
        decisionId,
      },
    });
  }
  return dispatches;
}
