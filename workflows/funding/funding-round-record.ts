/**
 * The record of one funding round and the checks on every change to it. Pure: the caller passes
 * the (workflow) time, so the same code runs in the workflow and in unit tests. Each write has a
 * `check…` (used by the Update validator, throws {@link RuleError}) and an apply method that
 * assumes the check passed and returns what the workflow must tell the requests. The phases' rules
 * live beside it: round-requests.ts (submissions and eligibility), round-allocation.ts (proposals
 * put to the Board), round-outcomes.ts (awards and the end), round-input.ts (what opens a round).
 */
import type { DecisionInput } from '../decision/decision.types';
import { requestIdFor } from '../ids';
import { copy, hashAndCreated, iso, KeyedRecordBase } from '../kit/record-base';
import type { DecisionOutcome } from '../rules/decision-rules';
import { RuleError } from '../rules/rule-error';
import type {
  AllocationAttempt,
  AmendRequestCommand,
  ExtendSubmissionCommand,
  FundingRoundInput,
  FundingRoundState,
  FundingWriteContext,
  ProposeAllocationCommand,
  RequestProgress,
  RequestSummary,
  SubmitRequestCommand,
  WithdrawRequestCommand,
} from './funding.types';
import { checkAllocation, proposeAllocation } from './round-allocation';
import type { Dispatch } from './round-dispatch';
import { applyOutcomes, finishRound, isSettled } from './round-outcomes';
import {
  assessEligibility,
  checkAgainstCall,
  checkRequestFields,
  definedFields,
  submittedRequest,
} from './round-requests';

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
    checkAgainstCall(this.state, cmd);
  }

  /** Records a new request (or finds the one a replayed key created); `created` false on a replay. */
  submit(cmd: SubmitRequestCommand, now: number): { summary: RequestSummary; created: boolean } {
    const replayed = this.replayedSubmission(cmd);
    if (replayed) return { summary: this.requestView(replayed), created: false };
    const s = this.state;
    const id = requestIdFor(s.id, s.nextRequest++);
    s.requests.push(submittedRequest(id, cmd, now));
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
    checkAgainstCall(this.state, amended);
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
    const dispatches = assessEligibility(s, this.input.memberStateSeats, at);
    this.changed();
    return dispatches;
  }

  // ---- allocation and decisions --------------------------------------------------------------

  checkAllocation(cmd: ProposeAllocationCommand, _now: number): void {
    this.checkIdempotency(cmd);
    checkAllocation(this.state, this.input, cmd);
  }

  /**
   * Records the proposal as a new attempt and puts the round to the vote. Returns the decisions
   * to open (one, or one per award) and the changes for the named requests.
   */
  proposeAllocation(
    cmd: ProposeAllocationCommand,
    now: number,
  ): { attempt: AllocationAttempt; decisions: DecisionInput[]; dispatches: Dispatch[] } {
    const { attempt, decisions, dispatches } = proposeAllocation(this.state, this.input, cmd, now);
    this.remember(cmd);
    return { attempt: copy(attempt), decisions, dispatches };
  }

  /** Applies the Board's outcomes of the current attempt; returns the changes for the requests. */
  applyOutcomes(outcomes: Record<string, DecisionOutcome>, now: number): Dispatch[] {
    const dispatches = applyOutcomes(this.state, outcomes, now);
    this.changed();
    return dispatches;
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
    return isSettled(this.state);
  }

  /** Ends the round with its summary. */
  finish(now: number): void {
    finishRound(this.state, now);
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
