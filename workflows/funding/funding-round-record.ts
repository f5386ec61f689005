/**
 * The record of one funding round and the checks on every change to it. Pure: the caller passes
 * the (workflow) time, so the same code runs in the workflow and in unit tests. Each write has a
 * `check…` (used by the Update validator, throws {@link RuleError}) and an apply method that
 * assumes the check passed and returns what the workflow must tell the requests.
 */
import type { DecisionInput } from '../decision/decision.types';
import { allocationDecisionIdFor, requestIdFor } from '../ids';
import { copy, hashAndCreated, iso, KeyedRecordBase } from '../kit/record-base';
import type { DecisionOutcome } from '../rules/decision-rules';
import { addDuration, isPositiveDuration } from '../rules/durations';
import {
  allocationViolations,
  describeViolations,
  submissionViolations,
  eligibilityProblems,
  isPositiveCents,
  summarizeRound,
} from '../rules/funding-rules';
import { packageElectorateViolation, recusalsForAwards } from '../rules/recusal-rules';
import { RuleError } from '../rules/rule-error';
import {
  closedRequestStatuses,
  type AllocationAttempt,
  type AmendRequestCommand,
  type AwardTerms,
  type ExtendSubmissionCommand,
  type FundingRoundInput,
  type FundingRoundState,
  type FundingWriteContext,
  type ProposeAllocationCommand,
  type RequestChange,
  type RequestProgress,
  type RequestSummary,
  type SubmitRequestCommand,
  type WithdrawRequestCommand,
} from './funding.types';

/** A change addressed to one request's workflow. */
export interface Dispatch {
  requestId: string;
  change: RequestChange;
}

export class FundingRoundRecord extends KeyedRecordBase<
  FundingRoundState,
  FundingRoundState['idempotency'][string]
> {
  constructor(
    private readonly input: FundingRoundInput,
    now: number,
  ) {
    super(input.carriedState ?? openingState(input, now), hashAndCreated('requestId'));
  }

  get closesAtMs(): number {
    return Date.parse(this.state.closesAt);
  }

  request(id: string): RequestSummary | undefined {
    return this.state.requests.find((r) => r.id === id);
  }

  /** A copy of one request's summary. */
  requestView(id: string): RequestSummary {
    return copy(this.request(id) as RequestSummary);
  }

  // ---- submissions -------------------------------------------------------------------------

  /** The request an earlier call with the same Idempotency-Key created, if any. */
  replayedSubmission(cmd: FundingWriteContext): string | undefined {
    return this.replayed(cmd)?.requestId;
  }

  checkSubmission(cmd: SubmitRequestCommand, now: number): void {
    this.checkIdempotency(cmd);
    if (this.replayedSubmission(cmd)) return;
    this.checkWindowOpen(now, 'submit a request');
    if (!this.input.memberStateSeats.includes(cmd.seat)) {
      throw new RuleError(
        'forbidden',
        `seat ${cmd.seat} is not a member-state seat; only member states submit requests`,
      );
    }
    checkRequestFields(cmd);
    this.checkAgainstCall(cmd);
  }

  /** Refuses now what the call fixes (its priorities, its cap), so the seat can fix it in time. */
  private checkAgainstCall(request: { priority: string; amountCents: number }): void {
    const violations = submissionViolations(request, {
      priorities: this.state.priorities,
      maxRequestCents: this.state.maxRequestCents,
    });
    if (violations.length > 0) throw new RuleError('refused', describeViolations(violations));
  }

  /** Records a new request (or finds the one a replayed key created); `created` false on a replay. */
  submit(cmd: SubmitRequestCommand, now: number): { summary: RequestSummary; created: boolean } {
    const replayed = this.replayedSubmission(cmd);
    if (replayed) return { summary: this.requestView(replayed), created: false };
    const s = this.state;
    const id = requestIdFor(s.id, s.nextRequest++);
    s.requests.push({
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
    });
    this.remember(cmd, id);
    return { summary: this.requestView(id), created: true };
  }

  checkAmendment(cmd: AmendRequestCommand, now: number): void {
    this.checkIdempotency(cmd);
    const request = this.ownRequest(cmd.requestId, cmd.seat);
    this.checkWindowOpen(now, 'amend a request');
    if (request.status !== 'submitted') {
      throw new RuleError(
        'conflict',
        `request ${request.id} is ${request.status}; it can no longer be amended`,
      );
    }
    const fields = (['title', 'amountCents', 'priority', 'description'] as const).filter(
      (f) => cmd[f] !== undefined,
    );
    if (fields.length === 0) {
      throw new RuleError(
        'invalid',
        'give at least one of title, amountCents, priority, description to amend',
      );
    }
    const amended = { ...request, description: '', ...definedFields(cmd) };
    checkRequestFields(amended);
    this.checkAgainstCall(amended);
  }

  /** Applies an amendment; returns the request's summary and the change for its workflow. */
  amend(cmd: AmendRequestCommand, now: number): { summary: RequestSummary; dispatch: Dispatch } {
    const request = this.request(cmd.requestId) as RequestSummary;
    const fields = definedFields(cmd);
    if (fields.title !== undefined) request.title = fields.title;
    if (fields.amountCents !== undefined) request.amountCents = fields.amountCents;
    if (fields.priority !== undefined) request.priority = fields.priority;
    this.remember(cmd);
    return {
      summary: this.requestView(request.id),
      dispatch: { requestId: request.id, change: { kind: 'amended', at: iso(now), by: cmd.by, ...fields } },
    };
  }

  checkWithdrawal(cmd: WithdrawRequestCommand, _now: number): void {
    this.checkIdempotency(cmd);
    const request = this.ownRequest(cmd.requestId, cmd.seat);
    const s = this.state;
    if (s.status === 'voting') {
      throw new RuleError(
        'conflict',
        `the Board is voting on round ${s.id}'s allocation; request ${request.id} cannot be withdrawn now`,
      );
    }
    if (request.status !== 'submitted' && request.status !== 'eligible') {
      throw new RuleError(
        'conflict',
        `request ${request.id} is ${request.status}; it can no longer be withdrawn`,
      );
    }
    if (s.status !== 'open' && s.status !== 'assessing') {
      throw new RuleError(
        'conflict',
        `round ${s.id} has decided (${s.status}); request ${request.id} cannot be withdrawn`,
      );
    }
  }

  withdraw(cmd: WithdrawRequestCommand, now: number): { summary: RequestSummary; dispatch: Dispatch } {
    const request = this.request(cmd.requestId) as RequestSummary;
    request.status = 'withdrawn';
    request.allocation = null;
    this.remember(cmd);
    return {
      summary: this.requestView(request.id),
      dispatch: {
        requestId: request.id,
        change: { kind: 'withdrawn', at: iso(now), by: cmd.by, reason: cmd.reason },
      },
    };
  }

  // ---- the window --------------------------------------------------------------------------

  checkExtension(cmd: ExtendSubmissionCommand, now: number): void {
    this.checkIdempotency(cmd);
    this.checkWindowOpen(now, 'extend the submission window');
    if (cmd.reason.trim() === '') throw new RuleError('invalid', 'reason must not be empty');
    const to = Date.parse(cmd.closesAt);
    if (Number.isNaN(to)) throw new RuleError('invalid', 'closesAt must be an ISO 8601 timestamp');
    if (to <= this.closesAtMs) {
      throw new RuleError(
        'refused',
        `later-deadline: an extension must move the submission deadline later than ${this.state.closesAt}`,
      );
    }
  }

  extend(cmd: ExtendSubmissionCommand, now: number): void {
    const s = this.state;
    const to = iso(Date.parse(cmd.closesAt));
    s.extensions.push({ from: s.closesAt, to, reason: cmd.reason, by: cmd.by, at: iso(now) });
    s.closesAt = to;
    this.remember(cmd);
  }

  /**
   * Closes the window at its deadline and checks each request's eligibility; ineligible requests
   * are closed with the reason. Returns the verdict for each request's workflow.
   */
  closeSubmissions(at: number): Dispatch[] {
    const s = this.state;
    s.status = 'assessing';
    s.submissionsClosedAt = iso(at);
    const dispatches: Dispatch[] = [];
    for (const request of s.requests) {
      if (request.status !== 'submitted') continue;
      const problems = eligibilityProblems(request, {
        priorities: s.priorities,
        maxRequestCents: s.maxRequestCents,
        memberStateSeats: this.input.memberStateSeats,
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
    this.changed();
    return dispatches;
  }

  // ---- allocation and decisions --------------------------------------------------------------

  checkAllocation(cmd: ProposeAllocationCommand, _now: number): void {
    this.checkIdempotency(cmd);
    const s = this.state;
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
      const recused = this.recusalsFor(cmd.awards).length;
      const electorate = this.input.electorate.length;
      const tooFew = packageElectorateViolation(electorate - recused, electorate, recused);
      if (tooFew) throw new RuleError('refused', describeViolations([tooFew]));
    }
  }

  /** The seats recused from a decision awarding these requests: no seat votes on its own money. */
  private recusalsFor(awards: readonly { requestId: string }[]) {
    const awarded = awards.map((a) => ({
      requestId: a.requestId,
      seat: (this.request(a.requestId) as RequestSummary).seat,
    }));
    return recusalsForAwards(awarded, this.input.electorate, this.input.recuseRequestingSeat);
  }

  /**
   * Records the proposal as a new attempt and puts the round to the vote. Returns the decisions
   * to open (one, or one per award) and the changes for the named requests.
   */
  proposeAllocation(
    cmd: ProposeAllocationCommand,
    now: number,
  ): { attempt: AllocationAttempt; decisions: DecisionInput[]; dispatches: Dispatch[] } {
    const s = this.state;
    const n = s.attempts.length + 1;
    const awards = cmd.awards.map((a) => ({ requestId: a.requestId, amountCents: a.amountCents }));
    const totalCents = awards.reduce((sum, a) => sum + a.amountCents, 0);
    const closesAt = iso(addDuration(now, s.decision.votingIn));
    const decisions: DecisionInput[] = [];
    const common = {
      rule: s.decision.rule,
      quorum: s.decision.rule === 'silence' ? null : s.decision.quorum,
      objectionThreshold: 1,
      closesAt,
      closeEarly: true,
      openedBy: cmd.by,
      parentId: s.id,
      // Absent on rounds launched before opinion rights: their decisions keep their early close.
      ...(this.input.opinionSeats ? { opinionSeats: [...this.input.opinionSeats] } : {}),
      chair: this.input.chair ?? null,
    };
    if (s.decision.mode === 'package') {
      const recusals = this.recusalsFor(awards);
      const recused = recusals.map((r) => r.seat);
      const lines = awards.map((a) => {
        const r = this.request(a.requestId) as RequestSummary;
        return `- ${r.id} (${r.seat}, ${r.priority}): ${r.title}: ${a.amountCents} of ${r.amountCents} cents requested`;
      });
      decisions.push({
        ...common,
        id: allocationDecisionIdFor(s.id, n),
        title: `${s.title}: allocation, attempt ${n}`,
        text: `The Board agrees the allocation of round ${s.id} (${totalCents} of ${s.envelopeCents} cents):\n${lines.join('\n')}`,
        electorate: this.input.electorate.filter((seat) => !recused.includes(seat)),
        recused,
        recusals,
      });
    } else {
      for (const a of awards) {
        const r = this.request(a.requestId) as RequestSummary;
        const recusals = this.recusalsFor([a]);
        const recused = recusals.map((x) => x.seat);
        decisions.push({
          ...common,
          id: allocationDecisionIdFor(s.id, n, r.id),
          title: `${s.title}: ${r.title} (${r.seat}), attempt ${n}`,
          text: `The Board agrees to award ${a.amountCents} cents to request ${r.id} of ${r.seat} (${r.priority}), which asked for ${r.amountCents} cents.`,
          electorate: this.input.electorate.filter((seat) => !recused.includes(seat)),
          recused,
          recusals,
        });
      }
    }
    const attempt: AllocationAttempt = {
      attempt: n,
      awards,
      totalCents,
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
    const dispatches: Dispatch[] = [];
    for (const request of s.requests) request.allocation = null;
    for (const a of awards) {
      const request = this.request(a.requestId) as RequestSummary;
      const decisionId = attempt.decisions.find((d) => d.requestIds.includes(a.requestId))
        ?.decisionId as string;
      request.allocation = a.amountCents;
      request.decisionId = decisionId;
      request.attempts.push(n);
      dispatches.push({
        requestId: request.id,
        change: {
          kind: 'allocation-proposed',
          at: iso(now),
          by: cmd.by,
          attempt: n,
          amountCents: a.amountCents,
          decisionId,
        },
      });
    }
    this.remember(cmd);
    return { attempt: JSON.parse(JSON.stringify(attempt)) as AllocationAttempt, decisions, dispatches };
  }

  /**
   * Applies the Board's outcomes of the current attempt. Adopted awards become `awarded` (with
   * their terms); under `package`, or once every per-request decision adopted, the other eligible
   * requests become `not-funded` and the round `awarded`; otherwise the round returns to
   * `assessing` for another proposal. Returns the changes for the requests.
   */
  applyOutcomes(outcomes: Record<string, DecisionOutcome>, now: number): Dispatch[] {
    const s = this.state;
    const attempt = s.attempts[s.attempts.length - 1];
    const at = iso(now);
    const dispatches: Dispatch[] = [];
    let adopted = 0;
    for (const decision of attempt.decisions) {
      decision.outcome = outcomes[decision.decisionId] ?? 'withdrawn';
      for (const requestId of decision.requestIds) {
        dispatches.push({
          requestId,
          change: {
            kind: 'decision-closed',
            at,
            by: 'board',
            attempt: attempt.attempt,
            decisionId: decision.decisionId,
            outcome: decision.outcome,
          },
        });
      }
      if (decision.outcome !== 'adopted') continue;
      adopted++;
      for (const requestId of decision.requestIds) {
        const request = this.request(requestId) as RequestSummary;
        const amountCents = attempt.awards.find((a) => a.requestId === requestId)?.amountCents as number;
        request.status = 'awarded';
        request.awardedCents = amountCents;
        request.decisionId = decision.decisionId;
        request.payments = { paidCents: 0, heldBackCents: amountCents };
        s.awardedCents += amountCents;
        dispatches.push({
          requestId,
          change: {
            kind: 'awarded',
            at,
            by: 'board',
            terms: this.termsFor(amountCents, decision.decisionId, now),
          },
        });
      }
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
    } else {
      s.status = 'assessing';
    }
    for (const request of s.requests) if (request.status !== 'awarded') request.allocation = null;
    this.changed();
    return dispatches;
  }

  private termsFor(amountCents: number, decisionId: string, now: number): AwardTerms {
    const r = this.state.reporting;
    return {
      amountCents,
      decisionId,
      firstTranchePercent: this.state.firstTranchePercent,
      interimDueAt: iso(addDuration(now, r.interimDueIn)),
      finalDueAt: iso(addDuration(now, r.finalDueIn)),
      remindBefore: [...r.remindBefore],
      ...(r.escalateAfter ? { escalateAfter: r.escalateAfter } : {}),
    };
  }

  /** A request reports its award under way. */
  recordProgress(progress: RequestProgress): void {
    const request = this.request(progress.requestId);
    if (!request) return;
    request.payments = { ...progress.payments };
    request.reportingOpen = request.reportingOpen || progress.reportingOpen;
    if (progress.status === 'completed') request.status = 'completed';
    this.changed();
  }

  /**
   * While assessing, a round with nothing left to decide (every request closed or awarded) goes
   * straight to `awarded`: there is no allocation to propose.
   */
  nothingLeftToDecide(): boolean {
    return this.state.status === 'assessing' && !this.state.requests.some((r) => r.status === 'eligible');
  }

  /** Moves an assessing round with nothing left to decide to `awarded`. */
  settleAssessment(): void {
    this.state.status = 'awarded';
    this.changed();
  }

  /** Every request is closed and every award's reporting is open: the round can end. */
  isSettled(): boolean {
    return (
      this.state.status === 'awarded' &&
      this.state.requests.every(
        (r) =>
          closedRequestStatuses.includes(r.status) ||
          ((r.status === 'awarded' || r.status === 'completed') && r.reportingOpen),
      )
    );
  }

  /** Ends the round with its summary. */
  finish(now: number): void {
    const s = this.state;
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
    this.changed();
  }

  // ---- shared checks -----------------------------------------------------------------------

  private ownRequest(requestId: string, seat: string): RequestSummary {
    const request = this.request(requestId);
    if (!request)
      throw new RuleError('not-found', `funding request ${requestId} not found in round ${this.state.id}`);
    if (request.seat !== seat) {
      throw new RuleError('forbidden', `request ${requestId} belongs to seat ${request.seat}, not ${seat}`);
    }
    return request;
  }

  private checkWindowOpen(now: number, action: string): void {
    const s = this.state;
    if (s.status !== 'open' || now >= this.closesAtMs) {
      throw new RuleError(
        'conflict',
        `round ${s.id} closed for submissions at ${s.closesAt}; cannot ${action}`,
      );
    }
  }
}

/** The amendable fields a command sets. */
function definedFields(cmd: AmendRequestCommand) {
  const fields: { title?: string; amountCents?: number; priority?: string; description?: string } = {};
  if (cmd.title !== undefined) fields.title = cmd.title;
  if (cmd.amountCents !== undefined) fields.amountCents = cmd.amountCents;
  if (cmd.priority !== undefined) fields.priority = cmd.priority;
  if (cmd.description !== undefined) fields.description = cmd.description;
  return fields;
}

/** Field checks shared by submission and amendment (the API checks the same first, with 400). */
function checkRequestFields(fields: { title: string; amountCents: number; priority: string }): void {
  if (fields.title.trim() === '') throw new RuleError('invalid', 'title must not be empty');
  if (fields.priority.trim() === '') throw new RuleError('invalid', 'priority must not be empty');
  if (!isPositiveCents(fields.amountCents)) {
    throw new RuleError('invalid', 'amountCents must be a positive whole number of cents');
  }
}

/** Checks a round's opening parameters; the API answers 400 with the same sentences. */
export function roundInputProblems(input: Omit<FundingRoundInput, 'id' | 'openedBy'>): string[] {
  const problems: string[] = [];
  if (!isPositiveCents(input.envelopeCents))
    problems.push('envelopeCents must be a positive whole number of cents');
  if (input.maxRequestCents !== null) {
    if (!isPositiveCents(input.maxRequestCents))
      problems.push('maxRequestCents must be a positive whole number of cents');
    else if (input.maxRequestCents > input.envelopeCents)
      problems.push('maxRequestCents must not exceed envelopeCents');
  }
  if (input.priorities.length === 0) problems.push('priorities must name at least one priority');
  for (const [field, value] of [
    ['decision.votingIn', input.decision.votingIn],
    ['reporting.interimDueIn', input.reporting.interimDueIn],
    ['reporting.finalDueIn', input.reporting.finalDueIn],
    ...input.reporting.remindBefore.map((r, i) => [`reporting.remindBefore[${i}]`, r]),
    ...(input.reporting.escalateAfter ? [['reporting.escalateAfter', input.reporting.escalateAfter]] : []),
  ] as [string, string][]) {
    if (!isPositiveDuration(value))
      problems.push(`${field} must be a positive ISO 8601 duration such as P14D or PT30S`);
  }
  if (
    isPositiveDuration(input.reporting.interimDueIn) &&
    isPositiveDuration(input.reporting.finalDueIn) &&
    addDuration(0, input.reporting.finalDueIn) < addDuration(0, input.reporting.interimDueIn)
  ) {
    problems.push('reporting.finalDueIn must not come before reporting.interimDueIn');
  }
  if (
    !Number.isInteger(input.firstTranchePercent) ||
    input.firstTranchePercent < 1 ||
    input.firstTranchePercent > 100
  ) {
    problems.push('firstTranchePercent must be a whole number from 1 to 100');
  }
  return problems;
}

/** The record of a round just opened. */
function openingState(input: FundingRoundInput, now: number): FundingRoundState {
  return {
    id: input.id,
    title: input.title,
    status: 'open',
    envelopeCents: input.envelopeCents,
    awardedCents: 0,
    closesAt: input.closesAt,
    maxRequestCents: input.maxRequestCents,
    priorities: [...input.priorities],
    decision: { ...input.decision },
    reporting: { ...input.reporting, remindBefore: [...input.reporting.remindBefore] },
    firstTranchePercent: input.firstTranchePercent,
    openedAt: iso(now),
    openedBy: input.openedBy,
    submissionsClosedAt: null,
    extensions: [],
    requests: [],
    allocation: null,
    decisionId: null,
    attempts: [],
    summary: null,
    closedAt: null,
    nextRequest: 1,
    idempotency: {},
  };
}
