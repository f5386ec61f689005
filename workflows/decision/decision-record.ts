/**
 * The record of one board decision and the checks on every change to it. Pure: the caller
 * passes the (workflow) time, so the same code runs in the workflow and in unit tests.
 * Each write has a `check…` (used by the Update validator, throws {@link RuleError}) and an
 * apply method that assumes the check passed.
 */
import { hashOnly, iso, KeyedRecordBase } from '../kit/record-base';
import {
  allowedChoices,
  outcomeAtClose,
  outstandingSeats,
  quorumRequired,
  settledOutcome,
  tallyBallots,
  yesRequired,
  type BallotsBySeat,
  type DecisionParameters,
} from '../rules/decision-rules';
import { opinionsAllowEarlyClose, opinionsAwaited } from '../rules/opinion-rules';
import { RuleError } from '../rules/rule-error';
import type {
  AddOpinionCommand,
  CastBallotCommand,
  DeclineOpinionCommand,
  RespondToOpinionCommand,
  DecisionInput,
  DecisionState,
  ExtendDecisionCommand,
  WithdrawDecisionCommand,
} from './decision.types';

/** A state carried over from a run opened before opinion rights were tracked, with their fields added. */
function withOpinionFields(state: DecisionState): DecisionState {
  return {
    ...state,
    opinions: state.opinions.map((o, i) => ({ ...o, n: o.n ?? i + 1, response: o.response ?? null })),
    opinionSeats: state.opinionSeats ?? null,
    observers: state.observers ?? [],
    declined: state.declined ?? [],
    opinionsAwaited: state.opinionsAwaited ?? [],
    chair: state.chair ?? null,
    recusals: state.recusals ?? recusalsOf(state.recused, undefined),
  };
}

/** The reason of each recused seat: the one given, else that it was recused when the decision opened. */
function recusalsOf(recused: readonly string[], given: DecisionInput['recusals']): DecisionState['recusals'] {
  return recused.map(
    (seat) => given?.find((r) => r.seat === seat) ?? { seat, reason: 'recused when the decision was opened' },
  );
}

export class DecisionRecord extends KeyedRecordBase<DecisionState, string> {
  constructor(input: DecisionInput, now: number) {
    super(input.carriedState ? withOpinionFields(input.carriedState) : openingState(input, now), hashOnly);
  }

  get isOpen(): boolean {
    return this.state.status === 'open';
  }

  get closesAtMs(): number {
    return Date.parse(this.state.closesAt);
  }

  private get params(): DecisionParameters {
    const s = this.state;
    return {
      rule: s.rule,
      quorum: s.quorum,
      electorate: s.electorate,
      objectionThreshold: s.objectionThreshold,
    };
  }

  private ballotsBySeat(): BallotsBySeat {
    return Object.fromEntries(this.state.ballots.map((b) => [b.seat, b.choice]));
  }

  /** The outcome if it can no longer change and early close is on; otherwise null. */
  earlyOutcome(): DecisionState['outcome'] {
    if (!this.state.closeEarly) return null;
    if (!this.opinionsHeard()) return null;
    return settledOutcome(this.params, this.ballotsBySeat());
  }

  /** True when closing early would take no opinion seat's right away (see opinionsAllowEarlyClose). */
  private opinionsHeard(): boolean {
    const s = this.state;
    // Decisions opened before opinion rights were tracked keep the early close they started with.
    if (s.opinionSeats === null) return true;
    return opinionsAllowEarlyClose(this.opinionRecord());
  }

  private opinionRecord() {
    const s = this.state;
    return {
      opinionSeats: s.opinionSeats ?? [],
      opinions: s.opinions,
      declined: s.declined.map((d) => d.seat),
    };
  }

  checkBallot(cmd: CastBallotCommand, now: number): void {
    this.checkOpen(now, 'cast a ballot');
    this.checkIdempotency(cmd);
    const s = this.state;
    if (s.recused.includes(cmd.seat))
      throw new RuleError('forbidden', `seat ${cmd.seat} is recused from this decision`);
    if (!s.electorate.includes(cmd.seat))
      throw new RuleError('forbidden', `seat ${cmd.seat} has no vote on this decision`);
    const allowed = allowedChoices(s.rule);
    if (!allowed.includes(cmd.choice)) {
      throw new RuleError('invalid', `choice must be one of ${allowed.join(', ')} under the ${s.rule} rule`);
    }
  }

  castBallot(cmd: CastBallotCommand, now: number): void {
    const ballot = {
      seat: cmd.seat,
      choice: cmd.choice,
      castBy: cmd.by,
      ...(cmd.actingAs ? { actingAs: cmd.actingAs } : {}),
      at: iso(now),
    };
    const s = this.state;
    const index = s.ballots.findIndex((b) => b.seat === cmd.seat);
    // A seat's new ballot replaces its earlier one; the history keeps both.
    if (index >= 0) s.ballots[index] = ballot;
    else s.ballots.push(ballot);
    s.ballotHistory.push(ballot);
    this.remember(cmd);
    this.refresh();
  }

  checkOpinion(cmd: AddOpinionCommand, now: number): void {
    this.checkOpen(now, 'give an opinion');
    this.checkIdempotency(cmd);
    if (cmd.text.trim() === '') throw new RuleError('invalid', 'text must not be empty');
  }

  addOpinion(cmd: AddOpinionCommand, now: number): void {
    const s = this.state;
    s.opinions.push({
      n: s.opinions.length + 1,
      seat: cmd.seat,
      text: cmd.text,
      by: cmd.by,
      ...(cmd.actingAs ? { actingAs: cmd.actingAs } : {}),
      at: iso(now),
      response: null,
    });
    // An opinion given after declining takes the decline back: the opinion is what counts.
    s.declined = s.declined.filter((d) => d.seat !== cmd.seat);
    this.remember(cmd);
    this.refresh();
  }

  checkDecline(cmd: DeclineOpinionCommand, now: number): void {
    this.checkOpen(now, 'decline to give an opinion');
    this.checkIdempotency(cmd);
    const s = this.state;
    if (!(s.opinionSeats ?? []).includes(cmd.seat))
      throw new RuleError('forbidden', `no opinion is awaited from seat ${cmd.seat} on this decision`);
    if (s.opinions.some((o) => o.seat === cmd.seat))
      throw new RuleError('conflict', `seat ${cmd.seat} has given an opinion on this decision`);
    if (s.declined.some((d) => d.seat === cmd.seat))
      throw new RuleError('conflict', `seat ${cmd.seat} has already declined to give an opinion`);
  }

  declineOpinion(cmd: DeclineOpinionCommand, now: number): void {
    this.state.declined.push({ seat: cmd.seat, by: cmd.by, at: iso(now) });
    this.remember(cmd);
    this.refresh();
  }

  checkResponse(cmd: RespondToOpinionCommand, now: number): void {
    if (!this.takesLateResponses(now)) this.checkOpen(now, 'record a response to an opinion');
    this.checkIdempotency(cmd);
    const opinion = this.state.opinions.find((o) => o.n === cmd.n);
    if (!opinion) throw new RuleError('not-found', `decision ${this.state.id} has no opinion ${cmd.n}`);
    if (cmd.text.trim() === '') throw new RuleError('invalid', 'text must not be empty');
    if (opinion.response)
      throw new RuleError(
        'conflict',
        `opinion ${cmd.n} already has a response, recorded at ${opinion.response.at}`,
      );
  }

  respondToOpinion(cmd: RespondToOpinionCommand, now: number): void {
    const opinion = this.state.opinions.find((o) => o.n === cmd.n) as DecisionState['opinions'][number];
    opinion.response = { text: cmd.text, by: cmd.by, at: iso(now) };
    this.remember(cmd);
  }

  /** True while opinions still lack a response (the Board's account of each is due). */
  get awaitsResponses(): boolean {
    return this.state.opinions.some((o) => o.response === null);
  }

  /** Lets responses be recorded after the close, until `dueAt`. */
  openResponses(dueAt: number): void {
    this.state.responsesDueAt = iso(dueAt);
  }

  /** Closed, but within the period for responses set at the close. */
  private takesLateResponses(now: number): boolean {
    const due = this.state.responsesDueAt;
    return this.state.status === 'closed' && due !== undefined && now < Date.parse(due);
  }

  checkExtension(cmd: ExtendDecisionCommand, now: number): void {
    this.checkOpen(now, 'extend it');
    this.checkIdempotency(cmd);
    const to = Date.parse(cmd.closesAt);
    if (Number.isNaN(to)) throw new RuleError('invalid', 'closesAt must be an ISO 8601 timestamp');
    if (to <= this.closesAtMs) {
      throw new RuleError('refused', `an extension must move the deadline later than ${this.state.closesAt}`);
    }
  }

  extend(cmd: ExtendDecisionCommand, now: number): void {
    const s = this.state;
    const to = iso(Date.parse(cmd.closesAt));
    s.extensions.push({ from: s.closesAt, to, reason: cmd.reason, by: cmd.by, at: iso(now) });
    s.closesAt = to;
    this.remember(cmd);
  }

  checkWithdrawal(cmd: WithdrawDecisionCommand, now: number): void {
    this.checkOpen(now, 'withdraw it');
    this.checkIdempotency(cmd);
  }

  withdraw(cmd: WithdrawDecisionCommand, now: number): void {
    this.state.withdrawal = { reason: cmd.reason, by: cmd.by, at: iso(now) };
    this.remember(cmd);
    this.finish('withdrawn', now);
  }

  /** Closes with the outcome that stands now: settled early, or the deadline's. */
  close(now: number): void {
    this.finish(this.earlyOutcome() ?? outcomeAtClose(this.params, this.ballotsBySeat()), now);
  }

  private finish(outcome: NonNullable<DecisionState['outcome']>, now: number): void {
    this.state.status = 'closed';
    this.state.outcome = outcome;
    this.state.closedAt = iso(now);
    this.refresh();
  }

  private refresh(): void {
    const s = this.state;
    const bySeat = this.ballotsBySeat();
    s.tally = tallyBallots(bySeat, s.electorate);
    s.awaiting = s.status === 'open' ? outstandingSeats(this.params, bySeat) : [];
    s.opinionsAwaited = s.status === 'open' ? opinionsAwaited(this.opinionRecord()) : [];
  }

  private checkOpen(now: number, action: string): void {
    if (!this.isOpen)
      throw new RuleError(
        'conflict',
        `decision ${this.state.id} is closed (${this.state.outcome}); cannot ${action}`,
      );
    if (now >= this.closesAtMs)
      throw new RuleError(
        'conflict',
        `decision ${this.state.id} closed at ${this.state.closesAt}; cannot ${action}`,
      );
  }
}

/** The record of a decision just opened. */
function openingState(input: DecisionInput, now: number): DecisionState {
  return {
    id: input.id,
    title: input.title,
    text: input.text,
    rule: input.rule,
    quorum: input.rule === 'silence' ? null : input.quorum,
    quorumRequired: input.rule === 'silence' ? 0 : quorumRequired(input.quorum, input.electorate.length),
    yesRequired: yesRequired(input.rule, input.electorate.length),
    objectionThreshold: input.objectionThreshold,
    status: 'open',
    outcome: null,
    tally: { yes: 0, no: 0, abstain: 0, objections: 0 },
    ballots: [],
    ballotHistory: [],
    opinions: [],
    opinionSeats: input.opinionSeats ? [...input.opinionSeats] : null,
    observers: [...(input.observers ?? [])],
    declined: [],
    opinionsAwaited: [...(input.opinionSeats ?? [])],
    chair: input.chair ?? null,
    recusals: recusalsOf(input.recused, input.recusals),
    electorate: [...input.electorate],
    recused: [...input.recused],
    awaiting: [...input.electorate],
    closeEarly: input.closeEarly,
    openedAt: iso(now),
    openedBy: input.openedBy,
    closesAt: input.closesAt,
    closedAt: null,
    extensions: [],
    withdrawal: null,
    parentId: input.parentId ?? null,
    idempotency: {},
  };
}
