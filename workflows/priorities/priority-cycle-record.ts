/**
 * The record of one priority-setting cycle and the checks on every change to it. Pure: the caller
 * passes the (workflow) time, so the same code runs in the workflow and in unit tests. Each write
 * has a `check…` (used by the Update validator, throws {@link RuleError}) and an apply method that
 * assumes the check passed.
 */
import type { DecisionInput } from '../decision/decision.types';
import {
  adHocActionIdFor,
  adHocDecisionIdFor,
  cycleIdFor,
  draftDecisionIdFor,
  programmeItemIdFor,
  proposalIdFor,
} from '../ids';
import { copy, hashAndCreated, iso, KeyedRecordBase } from '../kit/record-base';
import type { DecisionOutcome } from '../rules/decision-rules';
import { addDuration } from '../rules/durations';
import {
  calendarProblems,
  nextCycleOpensAt,
  nextPeriod,
  nextTitle,
  periodBounds,
} from '../rules/priority-rules';
import { rankingProblems, schulzeRanking, tieRule } from '../rules/ranking';
import { RuleError } from '../rules/rule-error';
import {
  preparingStatuses,
  type AdHocAction,
  type AmendProposalCommand,
  type CancelCycleCommand,
  type ChangeCycleDatesCommand,
  type CycleWriteContext,
  type DateChange,
  type DraftItem,
  type EditDraftCommand,
  type PriorityCycleInput,
  type PriorityCycleState,
  type Proposal,
  type ProposeAdHocActionCommand,
  type SubmitDraftCommand,
  type SubmitProposalCommand,
  type SubmitRankingCommand,
  type WithdrawProposalCommand,
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

  private ms(field: 'proposalsCloseAt' | 'rankingCloseAt' | 'startsAt' | 'endsAt'): number {
    return Date.parse(this.state[field]);
  }

  proposal(id: string): Proposal | undefined {
    return this.state.proposals.find((p) => p.id === id);
  }

  // ---- proposals ---------------------------------------------------------------------------

  /** The proposal an earlier call with the same Idempotency-Key created, if any. */
  replayedProposal(cmd: CycleWriteContext): string | undefined {
    return this.replayed(cmd)?.proposalId;
  }

  checkProposal(cmd: SubmitProposalCommand, now: number): void {
    this.checkIdempotency(cmd);
    if (this.replayedProposal(cmd)) return;
    this.checkProposalsOpen(now, 'propose a priority');
    if (!this.input.seats.includes(cmd.seat)) {
      throw new RuleError('forbidden', `seat ${cmd.seat} is not on this board; only its seats propose`);
    }
    this.checkProposalFields(cmd);
  }

  /** Records a new proposal (or finds the one a replayed key created). */
  propose(cmd: SubmitProposalCommand, now: number): Proposal {
    const replayed = this.replayedProposal(cmd);
    if (replayed) return copy(this.proposal(replayed) as Proposal);
    const s = this.state;
    const n = s.nextProposal++;
    const proposal: Proposal = {
      id: proposalIdFor(s.id, n),
      n,
      seat: cmd.seat,
      title: cmd.title.trim(),
      theme: cmd.theme,
      region: cmd.region?.trim() || null,
      status: 'open',
      submittedBy: cmd.by,
      submittedAt: iso(now),
      amendments: [],
      withdrawal: null,
    };
    s.proposals.push(proposal);
    this.remember(cmd, proposal.id);
    return copy(proposal);
  }

  checkAmendment(cmd: AmendProposalCommand, now: number): void {
    this.checkIdempotency(cmd);
    const proposal = this.ownProposal(cmd.proposalId, cmd.seat);
    this.checkProposalsOpen(now, 'amend a proposal');
    if (proposal.status !== 'open') {
      throw new RuleError('conflict', `proposal ${proposal.id} is withdrawn; it can no longer be amended`);
    }
    if (cmd.title === undefined && cmd.theme === undefined && cmd.region === undefined) {
      throw new RuleError('invalid', 'give at least one of title, theme, region to amend');
    }
    this.checkProposalFields({
      title: cmd.title ?? proposal.title,
      theme: cmd.theme ?? proposal.theme,
    });
  }

  amend(cmd: AmendProposalCommand, now: number): Proposal {
    const proposal = this.proposal(cmd.proposalId) as Proposal;
    const changes: Record<string, [unknown, unknown]> = {};
    if (cmd.title !== undefined && cmd.title.trim() !== proposal.title) {
      changes.title = [proposal.title, cmd.title.trim()];
      proposal.title = cmd.title.trim();
    }
    if (cmd.theme !== undefined && cmd.theme !== proposal.theme) {
      changes.theme = [proposal.theme, cmd.theme];
      proposal.theme = cmd.theme;
    }
    if (cmd.region !== undefined) {
      const region = cmd.region?.trim() || null;
      if (region !== proposal.region) {
        changes.region = [proposal.region, region];
        proposal.region = region;
      }
    }
    proposal.amendments.push({ by: cmd.by, at: iso(now), changes });
    this.remember(cmd);
    return copy(proposal);
  }

  checkWithdrawal(cmd: WithdrawProposalCommand, now: number): void {
    this.checkIdempotency(cmd);
    const proposal = this.ownProposal(cmd.proposalId, cmd.seat);
    this.checkProposalsOpen(now, 'withdraw a proposal');
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
    const s = this.state;
    if (!this.input.electorate.includes(cmd.seat)) {
      throw new RuleError('forbidden', `seat ${cmd.seat} has no vote; only voting seats rank the proposals`);
    }
    if (s.status === 'proposals') {
      throw new RuleError(
        'conflict',
        `cycle ${s.id} takes rankings once the proposal window closes at ${s.proposalsCloseAt}`,
      );
    }
    if (s.status !== 'ranking' || now >= this.ms('rankingCloseAt')) {
      throw new RuleError('conflict', `cycle ${s.id} closed its ranking at ${s.rankingCloseAt}; cannot rank`);
    }
    const problems = rankingProblems(
      cmd.ranking,
      this.openProposals().map((p) => p.id),
    );
    if (problems.length > 0) throw new RuleError('invalid', problems.join('; '));
  }

  /** Records a seat's ranking; its latest replaces its earlier one. */
  rank(cmd: SubmitRankingCommand, now: number): void {
    const s = this.state;
    const earlier = s.rankings.find((r) => r.seat === cmd.seat);
    const entry = { seat: cmd.seat, ranking: [...cmd.ranking], by: cmd.by, at: iso(now) };
    if (earlier) Object.assign(earlier, entry, { revision: earlier.revision + 1 });
    else s.rankings.push({ ...entry, revision: 1 });
    s.awaitingRankings = s.awaitingRankings.filter((seat) => seat !== cmd.seat);
    this.remember(cmd);
  }

  /** Closes the ranking window: aggregates the rankings; the top N become the draft. */
  closeRanking(): void {
    const s = this.state;
    const open = this.openProposals();
    const ranked = schulzeRanking(
      open.map((p) => ({ id: p.id, submitted: p.n })),
      s.rankings.map((r) => r.ranking),
    );
    s.result = ranked.map((r) => {
      const p = this.proposal(r.id) as Proposal;
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
    this.changed();
  }

  // ---- the draft and the Board -----------------------------------------------------------------

  checkDraftEdit(cmd: EditDraftCommand, _now: number): void {
    this.checkIdempotency(cmd);
    this.checkDrafting('edit the draft');
    if (cmd.items.length === 0) throw new RuleError('invalid', 'items must name at least one priority');
    const seen = new Set<string>();
    cmd.items.forEach((item, i) => {
      if (item.proposalId !== undefined) {
        const p = this.proposal(item.proposalId);
        if (!p || p.status !== 'open') {
          throw new RuleError(
            'invalid',
            `items[${i}].proposalId ${item.proposalId} is not an open proposal of cycle ${this.state.id}`,
          );
        }
        if (seen.has(p.id)) throw new RuleError('invalid', `items[${i}] names proposal ${p.id} twice`);
        seen.add(p.id);
      } else if (item.title === undefined || item.theme === undefined) {
        throw new RuleError('invalid', `items[${i}] needs a proposalId, or a title and a theme`);
      }
      if (item.title !== undefined && item.title.trim() === '')
        throw new RuleError('invalid', `items[${i}].title must not be empty`);
      if (item.theme !== undefined) this.checkTheme(item.theme, `items[${i}].theme`);
    });
  }

  editDraft(cmd: EditDraftCommand, now: number): void {
    const s = this.state;
    s.draft = cmd.items.map((item): DraftItem => {
      const p = item.proposalId !== undefined ? (this.proposal(item.proposalId) as Proposal) : undefined;
      return {
        proposalId: p?.id ?? null,
        title: item.title?.trim() ?? (p as Proposal).title,
        theme: item.theme ?? (p as Proposal).theme,
        region: item.region !== undefined ? item.region?.trim() || null : (p?.region ?? null),
      };
    });
    s.draftEdits.push({ by: cmd.by, at: iso(now), items: s.draft.length });
    this.remember(cmd);
  }

  checkDraftSubmission(cmd: SubmitDraftCommand, _now: number): void {
    this.checkIdempotency(cmd);
    this.checkDrafting('put the draft to the Board');
    if (!this.state.draft || this.state.draft.length === 0) {
      throw new RuleError(
        'refused',
        'non-empty-draft: the draft programme is empty; edit it (items) before putting it to the Board',
      );
    }
  }

  /** Records a new attempt and returns the decision to open on the draft. */
  submitDraft(cmd: SubmitDraftCommand, now: number): DecisionInput {
    const s = this.state;
    const attempt = s.attempts.length + 1;
    const items = copy(s.draft as DraftItem[]);
    const closesAt = iso(addDuration(now, s.decision.votingIn));
    const decision: DecisionInput = {
      id: draftDecisionIdFor(s.id, attempt),
      title: `${s.title}: work programme, attempt ${attempt}`,
      text:
        `The Board adopts the work programme ${s.periodStart} to ${s.periodEnd}:\n` +
        items.map((item, i) => `${i + 1}. ${describe(item)}`).join('\n'),
      ...this.decisionCommon(cmd.by, closesAt),
    };
    s.attempts.push({
      attempt,
      decisionId: decision.id,
      items,
      submittedBy: cmd.by,
      submittedAt: iso(now),
      votingClosesAt: closesAt,
      outcome: null,
      decidedAt: null,
    });
    s.decisionId = decision.id;
    s.status = 'voting';
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
    const at = iso(now);
    const attempt = s.attempts.find((a) => a.decisionId === decisionId);
    if (attempt) {
      attempt.outcome = outcome;
      attempt.decidedAt = at;
      if (outcome === 'adopted') {
        s.programme = attempt.items.map((item, i) => ({
          id: programmeItemIdFor(s.id, i + 1),
          ...item,
          rank: i + 1,
          adHoc: false,
          decisionId,
          adoptedAt: at,
        }));
        s.adoptedAt = at;
        s.status = now >= this.ms('startsAt') ? 'in-force' : 'adopted';
      } else {
        s.status = 'drafting';
      }
      this.changed();
      return;
    }
    const action = s.adHocActions.find((a) => a.decisionId === decisionId);
    if (!action) return;
    action.outcome = outcome;
    action.decidedAt = at;
    if (outcome === 'adopted') {
      (s.programme as NonNullable<PriorityCycleState['programme']>).push({
        id: action.id,
        title: action.title,
        theme: action.theme,
        region: action.region,
        rank: null,
        proposalId: null,
        adHoc: true,
        decisionId,
        adoptedAt: at,
      });
    }
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
    const s = this.state;
    if (s.status !== 'adopted' && s.status !== 'in-force') {
      throw new RuleError(
        'conflict',
        `cycle ${s.id} is ${s.status}; ad hoc actions join a programme that is adopted and not yet ended`,
      );
    }
    if (now >= this.ms('endsAt')) {
      throw new RuleError(
        'conflict',
        `cycle ${s.id}'s period ended at ${s.endsAt}; no ad hoc action can join it`,
      );
    }
    this.checkProposalFields(cmd);
    if (cmd.reason.trim() === '') throw new RuleError('invalid', 'reason must not be empty');
  }

  /** Records the ad hoc action and returns the decision to open on it. */
  proposeAdHocAction(
    cmd: ProposeAdHocActionCommand,
    now: number,
  ): { action: AdHocAction; decision: DecisionInput } {
    const s = this.state;
    const n = s.adHocActions.length + 1;
    const closesAt = iso(addDuration(now, s.decision.votingIn));
    const action: AdHocAction = {
      id: adHocActionIdFor(s.id, n),
      title: cmd.title.trim(),
      theme: cmd.theme,
      region: cmd.region?.trim() || null,
      reason: cmd.reason,
      decisionId: adHocDecisionIdFor(s.id, n),
      proposedBy: cmd.by,
      proposedAt: iso(now),
      votingClosesAt: closesAt,
      outcome: null,
      decidedAt: null,
    };
    s.adHocActions.push(action);
    this.remember(cmd);
    const decision: DecisionInput = {
      id: action.decisionId,
      title: `${s.title}: ad hoc action ${action.title}`,
      text: `The Board adds an ad hoc action to the work programme ${s.periodStart} to ${s.periodEnd}: ${describe(action)}. Why: ${cmd.reason}`,
      ...this.decisionCommon(cmd.by, closesAt),
    };
    return { action: copy(action), decision };
  }

  // ---- the calendar --------------------------------------------------------------------------

  checkCancellation(cmd: CancelCycleCommand, _now: number): void {
    this.checkIdempotency(cmd);
    const s = this.state;
    if (cmd.reason.trim() === '') throw new RuleError('invalid', 'reason must not be empty');
    if (s.status === 'voting') {
      throw new RuleError(
        'conflict',
        `the Board is voting on cycle ${s.id}'s draft (${s.decisionId}); withdraw that decision before cancelling`,
      );
    }
    if (!preparingStatuses.includes(s.status)) {
      throw new RuleError(
        'conflict',
        `cycle ${s.id} is ${s.status}; only a cycle whose programme is not yet adopted can be cancelled`,
      );
    }
  }

  cancel(cmd: CancelCycleCommand, now: number): void {
    const s = this.state;
    s.status = 'cancelled';
    s.cancellation = { reason: cmd.reason, by: cmd.by, at: iso(now) };
    s.endedAt = iso(now);
    s.awaitingRankings = [];
    this.remember(cmd);
  }

  checkDateChange(cmd: ChangeCycleDatesCommand, now: number): void {
    this.checkIdempotency(cmd);
    const s = this.state;
    if (cmd.reason.trim() === '') throw new RuleError('invalid', 'reason must not be empty');
    const fields = dateFields.filter((f) => cmd[f] !== undefined);
    if (fields.length === 0) {
      throw new RuleError('invalid', `give at least one of ${dateFields.join(', ')} to change`);
    }
    if (s.status === 'ended' || s.status === 'cancelled') {
      throw new RuleError('conflict', `cycle ${s.id} is ${s.status}; its dates can no longer change`);
    }
    for (const field of ['proposalsCloseAt', 'rankingCloseAt'] as const) {
      const value = cmd[field];
      if (value === undefined) continue;
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) throw new RuleError('invalid', `${field} must be an ISO 8601 timestamp`);
      const open =
        field === 'proposalsCloseAt'
          ? s.status === 'proposals'
          : preparingStatuses.slice(0, 2).includes(s.status);
      if (!open || now >= this.ms(field)) {
        throw new RuleError(
          'conflict',
          `cycle ${s.id}'s ${field} has passed (${s[field]}); it can no longer change`,
        );
      }
      if (ms <= now) throw new RuleError('invalid', `${field} must be in the future`);
    }
    if (cmd.periodStart !== undefined && now >= this.ms('startsAt')) {
      throw new RuleError(
        'conflict',
        `cycle ${s.id}'s period began at ${s.startsAt}; periodStart can no longer change`,
      );
    }
    const next = { ...this.calendar(), ...definedDates(cmd) };
    const { invalid, refused } = calendarProblems(next, Date.parse(s.openedAt));
    if (invalid.length > 0) throw new RuleError('invalid', invalid.join('; '));
    if (cmd.periodEnd !== undefined && periodBounds(next.periodStart, next.periodEnd).endsAt <= now) {
      throw new RuleError('invalid', 'periodEnd must be in the future');
    }
    if (s.nextCycleId !== null && cmd.periodEnd !== undefined) {
      throw new RuleError(
        'conflict',
        `cycle ${s.id} has already opened the next cycle ${s.nextCycleId}; its periodEnd can no longer change`,
      );
    }
    if (refused.length > 0) throw new RuleError('refused', refused.join('; '));
  }

  changeDates(cmd: ChangeCycleDatesCommand, now: number): void {
    const s = this.state;
    for (const field of dateFields) {
      const value = cmd[field];
      if (value === undefined) continue;
      const to = field === 'proposalsCloseAt' || field === 'rankingCloseAt' ? iso(Date.parse(value)) : value;
      if (to === s[field]) continue;
      const change: DateChange = { field, from: s[field], to, reason: cmd.reason, by: cmd.by, at: iso(now) };
      s.dateChanges.push(change);
      s[field] = to;
    }
    const { startsAt, endsAt } = periodBounds(s.periodStart, s.periodEnd);
    s.startsAt = iso(startsAt);
    s.endsAt = iso(endsAt);
    if (s.nextCycleOpensBefore !== null && s.nextCycleId === null) {
      s.nextCycleOpensAt = iso(nextCycleOpensAt(s.periodEnd, s.periodStart, s.nextCycleOpensBefore));
    }
    // A programme adopted for a period that now starts later waits again; one that now started is in force.
    if (s.status === 'in-force' && now < startsAt) s.status = 'adopted';
    this.remember(cmd);
  }

  // ---- the next cycle and the end ----------------------------------------------------------------

  /** True when the next cycle should open now and has not. */
  nextCycleDue(now: number): boolean {
    const s = this.state;
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
  nextCycleInput(now: number): PriorityCycleInput {
    const s = this.state;
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
      electorate: [...this.input.electorate],
      seats: [...this.input.seats],
      ...(this.input.opinionSeats ? { opinionSeats: [...this.input.opinionSeats] } : {}),
      ...(this.input.chair !== undefined ? { chair: this.input.chair } : {}),
      openedBy: `cycle ${s.id}`,
      openedAt: iso(now),
    };
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
    const s = this.state;
    return (
      now >= this.ms('endsAt') && s.status !== 'proposals' && s.status !== 'ranking' && s.status !== 'voting'
    );
  }

  end(now: number): void {
    const s = this.state;
    s.status = 'ended';
    s.endedAt = iso(now);
    this.changed();
  }

  /** The next instant the workflow must wake at by itself (a window closes, the period begins or ends, the next cycle opens). */
  nextWakeAt(): number {
    const s = this.state;
    const times: number[] = [this.ms('endsAt')];
    if (s.status === 'proposals') times.push(this.ms('proposalsCloseAt'));
    if (s.status === 'ranking') times.push(this.ms('rankingCloseAt'));
    if (s.status === 'adopted') times.push(this.ms('startsAt'));
    if (s.nextCycleOpensAt !== null && s.nextCycleId === null) times.push(Date.parse(s.nextCycleOpensAt));
    return Math.min(...times);
  }

  /** Seats the cycle is waiting for, for tracking: voting seats that have not ranked, while ranking. */
  awaiting(): string[] {
    return this.state.status === 'ranking' ? [...this.state.awaitingRankings] : [];
  }

  /** What is due next, for tracking: the open window's close, or the Board's vote. */
  dueAt(): string | null {
    const s = this.state;
    if (s.status === 'proposals') return s.proposalsCloseAt;
    if (s.status === 'ranking') return s.rankingCloseAt;
    if (s.status === 'voting') return s.attempts[s.attempts.length - 1]?.votingClosesAt ?? null;
    return null;
  }

  // ---- shared checks -----------------------------------------------------------------------

  private calendar() {
    const s = this.state;
    return {
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
      proposalsCloseAt: s.proposalsCloseAt,
      rankingCloseAt: s.rankingCloseAt,
      nextCycleOpensBefore: s.nextCycleId === null ? s.nextCycleOpensBefore : null,
    };
  }

  private decisionCommon(by: string, closesAt: string) {
    const s = this.state;
    return {
      rule: s.decision.rule,
      quorum: s.decision.rule === 'silence' ? null : s.decision.quorum,
      objectionThreshold: 1,
      closesAt,
      electorate: [...this.input.electorate],
      recused: [],
      closeEarly: true,
      openedBy: by,
      parentId: s.id,
      // Absent on cycles opened before opinion rights: their decisions keep their early close.
      ...(this.input.opinionSeats ? { opinionSeats: [...this.input.opinionSeats] } : {}),
      chair: this.input.chair ?? null,
    };
  }

  private openProposals(): Proposal[] {
    return this.state.proposals.filter((p) => p.status === 'open');
  }

  private ownProposal(id: string, seat: string): Proposal {
    const proposal = this.proposal(id);
    if (!proposal) throw new RuleError('not-found', `proposal ${id} not found in cycle ${this.state.id}`);
    if (proposal.seat !== seat) {
      throw new RuleError('forbidden', `proposal ${id} belongs to seat ${proposal.seat}, not ${seat}`);
    }
    return proposal;
  }

  private checkProposalsOpen(now: number, action: string): void {
    const s = this.state;
    if (s.status !== 'proposals' || now >= this.ms('proposalsCloseAt')) {
      throw new RuleError(
        'conflict',
        `cycle ${s.id} closed for proposals at ${s.proposalsCloseAt}; cannot ${action}`,
      );
    }
  }

  private checkDrafting(action: string): void {
    const s = this.state;
    if (s.status !== 'drafting') {
      const why =
        s.status === 'proposals' || s.status === 'ranking'
          ? `its ${s.status} window is open; the draft comes from the ranking`
          : s.status === 'voting'
            ? `the Board is voting on the draft (${s.decisionId})`
            : `it is ${s.status}`;
      throw new RuleError('conflict', `cycle ${s.id} cannot ${action} now: ${why}`);
    }
  }

  private checkProposalFields(fields: { title: string; theme: string }): void {
    if (fields.title.trim() === '') throw new RuleError('invalid', 'title must not be empty');
    this.checkTheme(fields.theme, 'theme');
  }

  private checkTheme(theme: string, field: string): void {
    if (!this.state.themes.includes(theme)) {
      throw new RuleError(
        'invalid',
        `${field} must be one of ${this.state.themes.join(', ')} (got "${theme}")`,
      );
    }
  }
}

const dateFields = ['proposalsCloseAt', 'rankingCloseAt', 'periodStart', 'periodEnd'] as const;

function definedDates(cmd: ChangeCycleDatesCommand) {
  const out: Partial<Record<(typeof dateFields)[number], string>> = {};
  for (const f of dateFields) if (cmd[f] !== undefined) out[f] = cmd[f];
  return out;
}

function describe(item: { title: string; theme: string; region: string | null }): string {
  return `${item.title} (${item.theme}${item.region ? `, ${item.region}` : ''})`;
}

/**
 * Checks a cycle's opening parameters; `invalid` answers 400 and `refused` 422 with the same
 * sentences the workflow would use.
 */
export function cycleInputProblems(
  input: Omit<PriorityCycleInput, 'id' | 'openedBy' | 'seriesId' | 'sequence' | 'previousCycleId'>,
  now: number,
): { invalid: string[]; refused: string[] } {
  const invalid: string[] = [];
  if (input.title.trim() === '') invalid.push('title must not be empty');
  if (!Number.isInteger(input.topN) || input.topN < 1)
    invalid.push('topN must be a whole number of at least 1');
  if (input.themes.length === 0) invalid.push('the board configuration lists no themes to propose under');
  const calendar = calendarProblems(input, now);
  return { invalid: [...invalid, ...calendar.invalid], refused: calendar.refused };
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
