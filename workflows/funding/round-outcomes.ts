/**
 * The outcome phase of a funding round: the Board's outcomes applied to the attempt voted on
 * (awards with their terms, the requests left out, or back to assessing), the requests' progress,
 * and the summary the round ends with. Pure functions over the round's state, behind
 * {@link FundingRoundRecord}.
 */
import { iso } from '../kit/record-base';
import type { DecisionOutcome } from '../rules/decision-rules';
import { addDuration } from '../rules/durations';
import { summarizeRound } from '../rules/funding-rules';
import {
  closedRequestStatuses,
  type AllocationAttempt,
  type AwardTerms,
  type FundingRoundState,
  type RequestSummary,
} from './funding.types';
import type { Dispatch } from './round-dispatch';

/** One decision of an attempt. */
type AttemptDecision = AllocationAttempt['decisions'][number];

const requestIn = (s: FundingRoundState, id: string) => s.requests.find((r) => r.id === id) as RequestSummary;

/**
 * Applies the Board's outcomes of the current attempt. Adopted awards become `awarded` (with
 * their terms); under `package`, or once every per-request decision adopted, the other eligible
 * requests become `not-funded` and the round `awarded`; otherwise the round returns to
 * `assessing` for another proposal. Returns the changes for the requests.
 */
export function applyOutcomes(
  s: FundingRoundState,
  outcomes: Record<string, DecisionOutcome>,
  now: number,
): Dispatch[] {
  const attempt = s.attempts[s.attempts.length - 1];
  const at = iso(now);
  const dispatches: Dispatch[] = [];
  let adopted = 0;
  for (const decision of attempt.decisions) {
    decision.outcome = outcomes[decision.decisionId] ?? 'withdrawn';
    dispatches.push(...decisionClosed(attempt, decision, at));
    if (decision.outcome !== 'adopted') continue;
    adopted++;
    dispatches.push(...award(s, attempt, decision, now));
  }
  const all = attempt.decisions.length;
  attempt.outcome =
    adopted === all
      ? 'adopted'
      : adopted > 0
        ? 'partly-adopted'
        : (attempt.decisions[0].outcome as DecisionOutcome);
  attempt.decidedAt = at;
  if (adopted === all) {
    s.status = 'awarded';
    dispatches.push(...leftOut(s, at));
  } else {
    s.status = 'assessing';
  }
  for (const request of s.requests) if (request.status !== 'awarded') request.allocation = null;
  return dispatches;
}

/** Tells each request of a decision how it closed. */
function decisionClosed(attempt: AllocationAttempt, decision: AttemptDecision, at: string): Dispatch[] {
  return decision.requestIds.map((requestId) => ({
    requestId,
    change: {
      kind: 'decision-closed',
      at,
      by: 'board',
      attempt: attempt.attempt,
      decisionId: decision.decisionId,
      outcome: decision.outcome as DecisionOutcome,
    },
  }));
}

/** Awards the requests of an adopted decision their amounts; returns their awards with terms. */
function award(
  s: FundingRoundState,
  attempt: AllocationAttempt,
  decision: AttemptDecision,
  now: number,
): Dispatch[] {
  const at = iso(now);
  return decision.requestIds.map((requestId) => {
    const request = requestIn(s, requestId);
    const amountCents = attempt.awards.find((a) => a.requestId === requestId)?.amountCents as number;
    request.status = 'awarded';
    request.awardedCents = amountCents;
    request.decisionId = decision.decisionId;
    request.payments = { paidCents: 0, heldBackCents: amountCents };
    s.awardedCents += amountCents;
    return {
      requestId,
      change: { kind: 'awarded', at, by: 'board', terms: termsFor(s, amountCents, decision.decisionId, now) },
    };
  });
}

/** Closes the eligible requests the adopted allocation leaves out. */
function leftOut(s: FundingRoundState, at: string): Dispatch[] {
  const dispatches: Dispatch[] = [];
  for (const request of s.requests) {
    if (request.status !== 'eligible') continue;
    request.status = 'not-funded';
    dispatches.push({
      requestId: request.id,
      change: {
        kind: 'not-funded',
        at,
        by: 'board',
        reason: `not in the allocation adopted by ${s.decisionId}`,
      },
    });
  }
  return dispatches;
}

/** The terms of an award: its amount, its tranches' split and its reporting dates from now. */
function termsFor(s: FundingRoundState, amountCents: number, decisionId: string, now: number): AwardTerms {
  const r = s.reporting;
  return {
    amountCents,
    decisionId,
    firstTranchePercent: s.firstTranchePercent,
    interimDueAt: iso(addDuration(now, r.interimDueIn)),
    finalDueAt: iso(addDuration(now, r.finalDueIn)),
    remindBefore: [...r.remindBefore],
    ...(r.escalateAfter ? { escalateAfter: r.escalateAfter } : {}),
  };
}

/** Every request is closed and every award's reporting is open: the round can end. */
export function isSettled(s: FundingRoundState): boolean {
  return (
    s.status === 'awarded' &&
    s.requests.every(
      (r) =>
        closedRequestStatuses.includes(r.status) ||
        ((r.status === 'awarded' || r.status === 'completed') && r.reportingOpen),
    )
  );
}

/** Ends the round with its summary. */
export function finishRound(s: FundingRoundState, now: number): void {
  s.status = 'closed';
  s.closedAt = iso(now);
  s.summary = summarizeRound(
    s.requests.map((r) => ({
      seat: r.seat,
      priority: r.priority,
      status: r.status,
      amountCents: r.amountCents,
      awardedCents: r.awardedCents,
      paidCents: r.payments.paidCents,
    })),
    s.envelopeCents,
  );
}
