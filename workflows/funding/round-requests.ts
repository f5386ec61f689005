/**
 * The submission phase of a funding round: what a request's summary starts as, the field checks
 * a submission and an amendment share, and the eligibility verdicts when the window closes. Pure
 * functions over the round's state, behind {@link FundingRoundRecord}.
 */
import { iso } from '../kit/record-base';
import {
  describeViolations,
  eligibilityProblems,
  isPositiveCents,
  submissionViolations,
} from '../rules/funding-rules';
import { RuleError } from '../rules/rule-error';
import type { Dispatch } from './round-dispatch';
import type {
  AmendRequestCommand,
  FundingRoundState,
  RequestSummary,
  SubmitRequestCommand,
} from './funding.types';

/** The round's entry for a request just submitted. */
export function submittedRequest(id: string, cmd: SubmitRequestCommand, now: number): RequestSummary {
  return {
    id,
    seat: cmd.seat,
    title: cmd.title,
    priority: cmd.priority,
    amountCents: cmd.amountCents,
    status: 'submitted',
    ineligibleReason: null,
    allocation: null,
    awardedCents: null,
    decisionId: null,
    attempts: [],
    payments: { paidCents: 0, heldBackCents: 0 },
    reportingOpen: false,
    submittedBy: cmd.by,
    ...(cmd.actingAs ? { submittedAs: cmd.actingAs } : {}),
    submittedAt: iso(now),
  };
}

/** The amendable fields a command sets. */
export function definedFields(cmd: AmendRequestCommand) {
  const fields: { title?: string; amountCents?: number; priority?: string; description?: string } = {};
  if (cmd.title !== undefined) fields.title = cmd.title;
  if (cmd.amountCents !== undefined) fields.amountCents = cmd.amountCents;
  if (cmd.priority !== undefined) fields.priority = cmd.priority;
  if (cmd.description !== undefined) fields.description = cmd.description;
  return fields;
}

/** Field checks shared by submission and amendment (the API checks the same first, with 400). */
export function checkRequestFields(fields: { title: string; amountCents: number; priority: string }): void {
  if (fields.title.trim() === '') throw new RuleError('invalid', 'title must not be empty');
  if (fields.priority.trim() === '') throw new RuleError('invalid', 'priority must not be empty');
  if (!isPositiveCents(fields.amountCents)) {
    throw new RuleError('invalid', 'amountCents must be a positive whole number of cents');
  }
}

/** Refuses now what the call fixes (its priorities, its cap), so the seat can fix it in time. */
export function checkAgainstCall(
  s: FundingRoundState,
  request: { priority: string; amountCents: number },
): void {
  const violations = submissionViolations(request, {
    priorities: s.priorities,
    maxRequestCents: s.maxRequestCents,
  });
  if (violations.length > 0) throw new RuleError('refused', describeViolations(violations));
}

/**
 * Checks each submitted request's eligibility at the window's close: an ineligible one is closed
 * with the reason. Returns the verdict for each request's workflow.
 */
export function assessEligibility(s: FundingRoundState, memberStateSeats: string[], at: number): Dispatch[] {
  const dispatches: Dispatch[] = [];
  for (const request of s.requests) {
    if (request.status !== 'submitted') continue;
    const problems = eligibilityProblems(request, {
      priorities: s.priorities,
      maxRequestCents: s.maxRequestCents,
      memberStateSeats,
    });
    if (problems.length > 0) {
      request.status = 'ineligible';
      request.ineligibleReason = problems.join('; ');
      dispatches.push({
        requestId: request.id,
        change: { kind: 'ineligible', at: iso(at), by: 'round', reason: request.ineligibleReason },
      });
    } else {
      request.status = 'eligible';
      dispatches.push({ requestId: request.id, change: { kind: 'eligible', at: iso(at), by: 'round' } });
    }
  }
  return dispatches;
}
