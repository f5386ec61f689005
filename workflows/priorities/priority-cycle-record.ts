/**
 * The record of one priority-setting cycle and the checks on every change to it. Pure: the caller
 * passes the (workflow) time, so the same code runs in the workflow and in unit tests. Each write
 * has a `check…` (used by the Update validator, throws {@link RuleError}) and an apply method that
 * assumes the check passed. The phases' rules live beside it, one module each: cycle-proposals.ts,
 * cycle-ranking.ts, cycle-drafting.ts (the draft and the Board's vote on it), cycle-ad-hoc.ts,
 * cycle-calendar.ts (cancellation, dates, what is due), cycle-next.ts (the next cycle), and
 * cycle-input.ts (what opens a cycle).
 */
import type { DecisionInput } from '../decision/decision.types';
import { copy, hashAndCreated, iso, KeyedRecordBase } from '../kit/record-base';
import type { DecisionOutcome } from '../rules/decision-rules';
import { nextCycleOpensAt, periodBounds } from '../rules/priority-rules';
import { tieRule } from '../rules/ranking';
import { RuleError } from '../rules/rule-error';
import { applyAdHocOutcome, checkAdHocAction, proposeAdHocAction } from './cycle-ad-hoc';
import {
  cancel,
  changeDates,
  checkCancellation,
  checkDateChange,
  dueAt,
  nextWakeAt,
  periodOver,
} from './cycle-calendar';
import {
  applyDraftOutcome,
  checkDraftItems,
  checkDrafting,
  checkDraftSubmission,
  editDraft,
  submitDraft,
} from './cycle-drafting';
import { nextCycleDue, nextCycleInput } from './cycle-next';
import {
  addProposal,
  amendProposal,
  checkProposalFields,
  checkProposalsOpen,
  ownProposal,
  proposalIn,
} from './cycle-proposals';
import { checkRanking, closeRanking, recordRanking } from './cycle-ranking';
import type {
  AdHocAction,
  AmendProposalCommand,
  CancelCycleCommand,
  ChangeCycleDatesCommand,
  CycleWriteContext,
  EditDraftCommand,
  PriorityCycleInput,
  PriorityCycleState,
  Proposal,
  ProposeAdHocActionCommand,
  SubmitDraftCommand,
  SubmitProposalCommand,
  SubmitRankingCommand,
  WithdrawProposalCommand,
} from './priority-cycle.types';

export class PriorityCycleRecord extends KeyedRecordBase<
  PriorityCycleState,
  PriorityCycleState['idempotency'][string]
> {
  constructor(
    private readonly input: PriorityCycleInput,
    now: number,
  ) {
    super(input.carriedState ?? openingState(input, now), hashAndCreated('proposalId'));
  }

  proposal(id: string): Proposal | undefined {
    return proposalIn(this.state, id);
  }

  // ---- proposals ---------------------------------------------------------------------------

  /** The proposal an earlier call with the same Idempotency-Key created, if any. */
  replayedProposal(cmd: CycleWriteContext): string | undefined {
    return this.replayed(cmd)?.proposalId;
  }

  checkProposal(cmd: SubmitProposalCommand, now: number): void {
    this.checkIdempotency(cmd);
    if (this.replayedProposal(cmd)) return;
    checkProposalsOpen(this.state, now, 'propose a priority');
    if (!this.input.seats.includes(cmd.seat)) {
      throw new RuleError('forbidden', `seat ${cmd.seat} is not on this board; only its seats propose`);
    }
    checkProposalFields(this.state, cmd);
  }

  /** Records a new proposal (or finds the one a replayed key created). */
  propose(cmd: SubmitProposalCommand, now: number): Proposal {
    const replayed = this.replayedProposal(cmd);
    if (replayed) return copy(this.proposal(replayed) as Proposal);
    const proposal = addProposal(this.state, cmd, now);
    this.remember(cmd, proposal.id);
    return copy(proposal);
  }

  checkAmendment(cmd: AmendProposalCommand, now: number): void {
    this.checkIdempotency(cmd);
    const proposal = ownProposal(this.state, cmd.proposalId, cmd.seat);
    checkProposalsOpen(this.state, now, 'amend a proposal');
    if (proposal.status !== 'open') {
      throw new RuleError('conflict', `proposal ${proposal.id} is withdrawn; it can no longer be amended`);
    }
    if (cmd.title === undefined && cmd.theme === undefined && cmd.region === undefined) {
      throw new RuleError('invalid', 'give at least one of title, theme, region to amend');
    }
    checkProposalFields(this.state, {
      title: cmd.title ?? proposal.title,
      theme: cmd.theme ?? proposal.theme,
    });
  }

  amend(cmd: AmendProposalCommand, now: number): Proposal {
    const proposal = this.proposal(cmd.proposalId) as Proposal;
    amendProposal(proposal, cmd, now);
    this.remember(cmd);
    return copy(proposal);
  }

  checkWithdrawal(cmd: WithdrawProposalCommand, now: number): void {
    this.checkIdempotency(cmd);
    const proposal = ownProposal(this.state, cmd.proposalId, cmd.seat);
    checkProposalsOpen(this.state, now, 'withdraw a proposal');
    if (proposal.status !== 'open')
      throw new RuleError('conflict', `proposal ${proposal.id} is already withdrawn`);
  }

  withdraw(cmd: WithdrawProposalCommand, now: number): Proposal {
    const proposal = this.proposal(cmd.proposalId) as Proposal;
    proposal.status = 'withdrawn';
    proposal.withdrawal = { reason: cmd.reason, by: cmd.by, at: iso(now) };
    this.remember(cmd);
    return copy(proposal);
  }

  /** Closes the proposal window (at its deadline): ranking opens. */
  closeProposals(): void {
    this.state.status = 'ranking';
    this.changed();
  }

  // ---- rankings ----------------------------------------------------------------------------

  checkRanking(cmd: SubmitRankingCommand, now: number): void {
    this.checkIdempotency(cmd);
    checkRanking(this.state, this.input.electorate, cmd, now);
  }

  /** Records a seat's ranking; its latest replaces its earlier one. */
  rank(cmd: SubmitRankingCommand, now: number): void {
    recordRanking(this.state, cmd, now);
    this.remember(cmd);
  }

  /** Closes the ranking window: aggregates the rankings; the top N become the draft. */
  closeRanking(): void {
    closeRanking(this.state);
    this.changed();
  }

  // ---- the draft and the Board -----------------------------------------------------------------

  checkDraftEdit(cmd: EditDraftCommand, _now: number): void {
    this.checkIdempotency(cmd);
    checkDrafting(this.state, 'edit the draft');
    checkDraftItems(this.state, cmd);
  }

  editDraft(cmd: EditDraftCommand, now: number): void {
    editDraft(this.state, cmd, now);
    this.remember(cmd);
  }

  checkDraftSubmission(cmd: SubmitDraftCommand, _now: number): void {
    this.checkIdempotency(cmd);
    checkDraftSubmission(this.state);
  }

  /** Records a new attempt and returns the decision to open on the draft. */
  submitDraft(cmd: SubmitDraftCommand, now: number): DecisionInput {
    const decision = submitDraft(this.state, this.input, cmd, now);
    this.remember(cmd);
    return decision;
  }

  /**
   * Applies the Board's outcome on a draft attempt or an ad hoc action. An adopted draft becomes
   * the programme (`adopted`, or `in-force` once its period has begun); any other outcome returns
   * the cycle to `drafting` for the secretariat to revise and resubmit.
   */
  applyOutcome(decisionId: string, outcome: DecisionOutcome, now: number): void {
    const s = this.state;
    const attempt = s.attempts.find((a) => a.decisionId === decisionId);
    if (attempt) {
      applyDraftOutcome(s, attempt, outcome, now);
      this.changed();
      return;
    }
    const action = s.adHocActions.find((a) => a.decisionId === decisionId);
    if (!action) return;
    applyAdHocOutcome(s, action, outcome, now);
    this.changed();
  }

  /** The adopted programme's period has begun. */
  startProgramme(): void {
    this.state.status = 'in-force';
    this.changed();
  }

  // ---- ad hoc actions ------------------------------------------------------------------------

  checkAdHocAction(cmd: ProposeAdHocActionCommand, now: number): void {
    this.checkIdempotency(cmd);
    checkAdHocAction(this.state, cmd, now);
  }

  /** Records the ad hoc action and returns the decision to open on it. */
  proposeAdHocAction(
    cmd: ProposeAdHocActionCommand,
    now: number,
  ): { action: AdHocAction; decision: DecisionInput } {
    const { action, decision } = proposeAdHocAction(this.state, this.input, cmd, now);
    this.remember(cmd);
    return { action: copy(action), decision };
  }

  // ---- the calendar --------------------------------------------------------------------------

  checkCancellation(cmd: CancelCycleCommand, _now: number): void {
    this.checkIdempotency(cmd);
    checkCancellation(this.state, cmd);
  }

  cancel(cmd: CancelCycleCommand, now: number): void {
    cancel(this.state, cmd, now);
    this.remember(cmd);
  }

  checkDateChange(cmd: ChangeCycleDatesCommand, now: number): void {
    this.checkIdempotency(cmd);
    checkDateChange(this.state, cmd, now);
  }

  changeDates(cmd: ChangeCycleDatesCommand, now: number): void {
    changeDates(this.state, cmd, now);
    this.remember(cmd);
  }

  // ---- the next cycle and the end ----------------------------------------------------------------

  /** True when the next cycle should open now and has not. */
  nextCycleDue(now: number): boolean {
    return nextCycleDue(this.state, now);
  }

  /** The next cycle's input (see cycle-next.ts). */
  nextCycleInput(now: number): PriorityCycleInput {
    return nextCycleInput(this.state, this.input, now);
  }

  nextCycleOpened(id: string): void {
    this.state.nextCycleId = id;
    this.changed();
  }

  /** The next cycle cannot be opened (no series to start it): none will open by itself. */
  nextCycleUnavailable(): void {
    this.state.nextCycleOpensBefore = null;
    this.state.nextCycleOpensAt = null;
    this.changed();
  }

  /** True once the period is over and nothing is left to wait for (windows closed). */
  periodOver(now: number): boolean {
    return periodOver(this.state, now);
  }

  end(now: number): void {
    const s = this.state;
    s.status = 'ended';
    s.endedAt = iso(now);
    this.changed();
  }

  /** The next instant the workflow must wake at by itself. */
  nextWakeAt(): number {
    return nextWakeAt(this.state);
  }

  /** Seats the cycle is waiting for, for tracking: voting seats that have not ranked, while ranking. */
  awaiting(): string[] {
    return this.state.status === 'ranking' ? [...this.state.awaitingRankings] : [];
  }

  /** What is due next, for tracking: the open window's close, or the Board's vote. */
  dueAt(): string | null {
    return dueAt(this.state);
  }
}

/** The record of a cycle just opened. */
function openingState(input: PriorityCycleInput, now: number): PriorityCycleState {
  const { startsAt, endsAt } = periodBounds(input.periodStart, input.periodEnd);
  return {
    id: input.id,
    seriesId: input.seriesId,
    sequence: input.sequence,
    previousCycleId: input.previousCycleId,
    title: input.title,
    status: 'proposals',
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    startsAt: iso(startsAt),
    endsAt: iso(endsAt),
    proposalsCloseAt: input.proposalsCloseAt,
    rankingCloseAt: input.rankingCloseAt,
    decision: { ...input.decision },
    topN: input.topN,
    themes: [...input.themes],
    nextCycleOpensBefore: input.nextCycleOpensBefore,
    nextCycleOpensAt:
      input.nextCycleOpensBefore === null
        ? null
        : iso(nextCycleOpensAt(input.periodEnd, input.periodStart, input.nextCycleOpensBefore)),
    nextCycleId: null,
    proposals: [],
    rankings: [],
    awaitingRankings: [...input.electorate],
    result: null,
    method: { name: 'schulze', tieRule },
    draft: null,
    draftEdits: [],
    attempts: [],
    decisionId: null,
    programme: null,
    adoptedAt: null,
    adHocActions: [],
    dateChanges: [],
    cancellation: null,
    openedAt: input.openedAt ?? iso(now),
    openedBy: input.openedBy,
    endedAt: null,
    nextProposal: 1,
    idempotency: {},
  };
}
