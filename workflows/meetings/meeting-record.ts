/**
 * The record of one board meeting and the checks on every change to it, from convening to
 * approved minutes. Pure: the caller passes the (workflow) time, so the same code runs in the
 * workflow and in unit tests. Each write has a `check…` (the Update validator, throws
 * {@link RuleError}) and an apply method that assumes the check passed.
 */
import { hashOnly, iso, KeyedRecordBase } from '../kit/record-base';
import { deferredItemDecisionIdFor, isIdOf, minutesDecisionIdFor, actionObligationIdFor } from '../ids';
import { allowedChoices, decisionRules, type BallotsBySeat } from '../rules/decision-rules';
import {
  agendaFreezeAt,
  attendanceQuorum,
  checkAgendaChange,
  checkPresence,
  checkSessionBallot,
  sessionOutcome,
  sessionVoteParameters,
  votersPresent,
} from '../rules/meeting-rules';
import { RuleError } from '../rules/rule-error';
import { draftMinutes } from './meeting-minutes';
import {
  agendaItemKinds,
  attendanceAnswers,
  presenceCapacities,
  presenceModes,
  votedItemKinds,
  type AgendaItem,
  type AgendaItemInput,
  type AgreeActionCommand,
  type AnswerInvitationCommand,
  type ApproveByWrittenProcedureCommand,
  type CancelMeetingCommand,
  type ChangeAgendaCommand,
  type CloseMeetingCommand,
  type CloseVoteCommand,
  type CompleteActionCommand,
  type DeferItemCommand,
  type EditMinutesCommand,
  type MeetingInput,
  type MeetingState,
  type MinutesApprovedSignal,
  type MoveMeetingCommand,
  type OpenMeetingCommand,
  type OpenVoteCommand,
  type RecordAttendanceCommand,
  type SessionBallotCommand,
  type SessionOpinionCommand,
  type TakeItemCommand,
} from './meeting.types';

/** The secretariat may open a meeting up to this long before its announced start. */
export const openEarlyMs = 60 * 60_000;
const urlPattern = /^https?:\/\/\S+$/;

function time(value: unknown, field: string): number {
  const t = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new RuleError('invalid', `${field} must be an ISO 8601 date-time`);
  return t;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new RuleError('invalid', `${field} must not be empty`);
  return value;
}

/** Checks what convenes a meeting (also run by the API before it starts the workflow). */
export function checkMeetingInput(input: MeetingInput, now: number): void {
  text(input.title, 'title');
  checkTimes(input.startsAt, input.endsAt, now);
  if (!input.place && !input.onlineLink)
    throw new RuleError('refused', 'a meeting needs a place or an online link');
  if (input.onlineLink !== undefined && !urlPattern.test(input.onlineLink))
    throw new RuleError('refused', 'onlineLink must be an http(s) address');
  checkAgendaItems(input.agenda, input);
}

function checkTimes(startsAt: string, endsAt: string, now: number): void {
  const start = time(startsAt, 'startsAt');
  const end = time(endsAt, 'endsAt');
  if (start <= now) throw new RuleError('refused', 'startsAt must be in the future');
  if (end <= start) throw new RuleError('refused', 'endsAt must be after startsAt');
}

function checkAgendaItems(
  items: readonly AgendaItemInput[],
  input: Pick<MeetingInput, 'board' | 'id'>,
): void {
  if (!Array.isArray(items) || items.length === 0)
    throw new RuleError('invalid', 'the agenda needs at least one item');
  const seats = input.board.seats;
  items.forEach((item, i) => {
    const where = `agenda[${i}]`;
    text(item.title, `${where}.title`);
    if (!agendaItemKinds.includes(item.kind))
      throw new RuleError('invalid', `${where}.kind must be one of ${agendaItemKinds.join(', ')}`);
    for (const [j, d] of (item.documents ?? []).entries()) {
      text(d.title, `${where}.documents[${j}].title`);
      if (!urlPattern.test(d.url))
        throw new RuleError('refused', `${where}.documents[${j}].url must be an http(s) address`);
    }
    for (const code of item.observers ?? []) {
      if (seats.find((s) => s.code === code)?.kind !== 'observer')
        throw new RuleError('refused', `${where}.observers: ${code} is not an observer seat of the board`);
    }
    if (item.rule !== undefined && !decisionRules.includes(item.rule))
      throw new RuleError('invalid', `${where}.rule must be one of ${decisionRules.join(', ')}`);
    for (const code of item.recused ?? []) {
      if (!seats.some((s) => s.code === code && s.voting))
        throw new RuleError('refused', `${where}.recused: ${code} is not a voting seat`);
    }
    const voted = votedItemKinds.includes(item.kind);
    if (!voted && (item.rule !== undefined || (item.recused ?? []).length > 0))
      throw new RuleError('refused', `${where}: a rule or recusals apply to voted items only`);
    if (item.kind === 'minutes-approval') {
      if (!item.minutesOf || !isIdOf('meeting', item.minutesOf) || item.minutesOf === input.id)
        throw new RuleError('refused', `${where}.minutesOf must name an earlier meeting`);
    } else if (item.minutesOf !== undefined) {
      throw new RuleError('refused', `${where}.minutesOf belongs to a minutes-approval item`);
    }
  });
}

function itemFrom(input: AgendaItemInput, n: number): AgendaItem {
  return {
    n,
    title: input.title,
    kind: input.kind,
    presenter: input.presenter ?? null,
    documents: input.documents ?? [],
    observers: input.observers ?? [],
    text: input.text ?? null,
    rule: input.rule ?? null,
    recused: input.recused ?? [],
    minutesOf: input.minutesOf ?? null,
    status: 'pending',
    vote: null,
    opinions: [],
    deferredTo: null,
    note: null,
  };
}

/** A meeting's state as convened (before `refresh` fills its answers and quorum). */
function openingState(input: MeetingInput, now: number): MeetingState {
  const seats = input.board.seats;
  const observers = new Set(input.agenda.flatMap((i) => i.observers ?? []));
  return {
    id: input.id,
    title: input.title,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    place: input.place ?? null,
    onlineLink: input.onlineLink ?? null,
    status: 'convened',
    sequence: 0,
    convenedBy: input.convenedBy,
    convenedAt: iso(now),
    agenda: input.agenda.map((item, i) => itemFrom(item, i + 1)),
    agendaFrozenAt: iso(agendaFreezeAt(Date.parse(input.startsAt), input.board.agendaFreezeDays)),
    itemsNumbered: input.agenda.length,
    agendaChanges: [],
    moves: [],
    cancellation: null,
    invitedSeats: seats.filter((s) => s.kind !== 'observer' || observers.has(s.code)).map((s) => s.code),
    holders: input.holders,
    answers: [],
    awaitingAnswers: [],
    openedAt: null,
    openedBy: null,
    presence: [],
    quorum: { required: 0, present: 0, met: false },
    actions: [],
    closedAt: null,
    closedBy: null,
    minutes: null,
    idempotency: {},
  };
}

export class MeetingRecord extends KeyedRecordBase<MeetingState, string> {
  constructor(
    private readonly input: MeetingInput,
    now: number,
  ) {
    super(input.carriedState ?? openingState(input, now), hashOnly);
    if (input.carriedState) return;
    if (input.requestHash) this.state.idempotency['convene'] = input.requestHash;
    this.refresh();
  }

  private get board() {
    return this.input.board;
  }

  private get votingSeats(): string[] {
    return this.board.seats.filter((s) => s.voting).map((s) => s.code);
  }

  private item(n: number): AgendaItem {
    const item = this.state.agenda.find((i) => i.n === n);
    if (!item) throw new RuleError('not-found', `agenda item ${n} is not on the agenda of ${this.state.id}`);
    return item;
  }

  // Before the meeting: the agenda, moves, cancellation, answers to the invitation.

  checkAgendaChange(cmd: ChangeAgendaCommand, now: number): boolean {
    this.checkIdempotency(cmd);
    this.checkStatus(['convened', 'in-session'], 'change the agenda');
    const afterFreeze = checkAgendaChange(
      now,
      Date.parse(this.state.startsAt),
      this.board.agendaFreezeDays,
      cmd.reason,
    );
    checkAgendaItems(cmd.items, this.input);
    const kept = new Set<number>();
    for (const item of cmd.items) {
      if (item.n === undefined) continue;
      if (kept.has(item.n)) throw new RuleError('invalid', `agenda item ${item.n} appears twice`);
      kept.add(item.n);
      const current = this.item(item.n);
      if (
        current.status !== 'pending' &&
        (current.kind !== item.kind || current.rule !== (item.rule ?? null))
      )
        throw new RuleError(
          'conflict',
          `agenda item ${item.n} has been taken; its kind and rule can no longer change`,
        );
    }
    for (const item of this.state.agenda) {
      if (!kept.has(item.n) && item.status !== 'pending')
        throw new RuleError('conflict', `agenda item ${item.n} has been taken and cannot be removed`);
    }
    return afterFreeze;
  }

  changeAgenda(cmd: ChangeAgendaCommand, now: number): void {
    const afterFreeze = this.checkAgendaChange(cmd, now);
    let next = this.state.itemsNumbered + 1;
    const before = this.state.agenda;
    const agenda = cmd.items.map((input) => {
      if (input.n === undefined) return itemFrom(input, next++);
      const current = before.find((i) => i.n === input.n) as AgendaItem;
      return {
        ...itemFrom(input, input.n),
        status: current.status,
        vote: current.vote,
        opinions: current.opinions,
        deferredTo: current.deferredTo,
        note: current.note,
      };
    });
    this.state.itemsNumbered = next - 1;
    const added = agenda.filter((i) => !before.some((b) => b.n === i.n)).map((i) => i.title);
    const removed = before.filter((b) => !agenda.some((i) => i.n === b.n)).map((i) => i.title);
    const parts = [
      added.length ? `added ${added.join('; ')}` : '',
      removed.length ? `removed ${removed.join('; ')}` : '',
    ].filter(Boolean);
    this.state.agenda = agenda;
    this.state.agendaChanges.push({
      at: iso(now),
      by: cmd.by,
      summary: parts.length ? parts.join(', ') : 'items edited or reordered',
      reason: cmd.reason?.trim() || null,
      afterFreeze,
    });
    const observers = new Set(agenda.flatMap((i) => i.observers));
    this.state.invitedSeats = this.board.seats
      .filter((s) => s.kind !== 'observer' || observers.has(s.code))
      .map((s) => s.code);
    this.refresh();
    this.remember(cmd);
  }

  checkMove(cmd: MoveMeetingCommand, now: number): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['convened'], 'move it');
    text(cmd.reason, 'reason');
    checkTimes(cmd.startsAt, cmd.endsAt, now);
    if (cmd.onlineLink !== undefined && !urlPattern.test(cmd.onlineLink))
      throw new RuleError('invalid', 'onlineLink must be an http(s) address');
  }

  /** Moves the meeting: the invitation is sent again (a higher SEQUENCE) and every seat answers again. */
  move(cmd: MoveMeetingCommand, now: number): void {
    this.checkMove(cmd, now);
    const s = this.state;
    s.moves.push({
      from: { startsAt: s.startsAt, endsAt: s.endsAt },
      to: { startsAt: cmd.startsAt, endsAt: cmd.endsAt },
      reason: cmd.reason,
      by: cmd.by,
      at: iso(now),
    });
    s.startsAt = cmd.startsAt;
    s.endsAt = cmd.endsAt;
    if (cmd.place !== undefined) s.place = cmd.place;
    if (cmd.onlineLink !== undefined) s.onlineLink = cmd.onlineLink;
    s.sequence++;
    s.agendaFrozenAt = iso(agendaFreezeAt(Date.parse(cmd.startsAt), this.board.agendaFreezeDays));
    s.answers = [];
    this.refresh();
    this.remember(cmd);
  }

  checkCancel(cmd: CancelMeetingCommand): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['convened'], 'cancel it');
    text(cmd.reason, 'reason');
  }

  cancel(cmd: CancelMeetingCommand, now: number): void {
    this.checkCancel(cmd);
    this.state.status = 'cancelled';
    this.state.sequence++;
    this.state.cancellation = { reason: cmd.reason, by: cmd.by, at: iso(now) };
    this.refresh();
    this.remember(cmd);
  }

  checkAnswer(cmd: AnswerInvitationCommand): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['convened'], 'answer its invitation');
    if (!this.state.invitedSeats.includes(cmd.seat))
      throw new RuleError('not-found', `${cmd.seat} is not invited to ${this.state.id}`);
    if (!attendanceAnswers.includes(cmd.answer))
      throw new RuleError('invalid', `answer must be one of ${attendanceAnswers.join(', ')}`);
    if (cmd.answer === 'alternate' && !this.state.holders.find((h) => h.seat === cmd.seat)?.alternate)
      throw new RuleError('refused', `${cmd.seat} has no alternate on the roster to attend`);
  }

  answer(cmd: AnswerInvitationCommand, now: number): void {
    this.checkAnswer(cmd);
    this.state.answers = this.state.answers.filter((a) => a.seat !== cmd.seat);
    this.state.answers.push({ seat: cmd.seat, answer: cmd.answer, by: cmd.by, at: iso(now) });
    this.refresh();
    this.remember(cmd);
  }

  // In session.

  checkOpen(cmd: OpenMeetingCommand, now: number): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['convened'], 'open it');
    if (now < Date.parse(this.state.startsAt) - openEarlyMs)
      throw new RuleError(
        'conflict',
        `${this.state.id} starts at ${this.state.startsAt}; it opens at most an hour before`,
      );
  }

  open(cmd: OpenMeetingCommand, now: number): void {
    this.checkOpen(cmd, now);
    this.state.status = 'in-session';
    this.state.openedAt = iso(now);
    this.state.openedBy = cmd.by;
    this.refresh();
    this.remember(cmd);
  }

  checkAttendance(cmd: RecordAttendanceCommand): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['in-session'], 'record attendance');
    for (const p of cmd.present) {
      if (!presenceCapacities.includes(p.capacity))
        throw new RuleError('invalid', `capacity must be one of ${presenceCapacities.join(', ')}`);
      if (!presenceModes.includes(p.mode))
        throw new RuleError('invalid', `mode must be one of ${presenceModes.join(', ')}`);
    }
    const observers = [...new Set(this.state.agenda.flatMap((i) => i.observers))];
    checkPresence(cmd.present, cmd.holders, this.board.seats, observers);
  }

  recordAttendance(cmd: RecordAttendanceCommand, now: number): void {
    this.checkAttendance(cmd);
    this.state.presence = cmd.present.map((p) => {
      const earlier = this.state.presence.find((x) => x.personId === p.personId && x.seat === p.seat);
      return earlier && earlier.capacity === p.capacity && earlier.mode === p.mode
        ? earlier
        : { ...p, recordedBy: cmd.by, at: iso(now) };
    });
    this.state.holders = cmd.holders;
    this.refresh();
    this.remember(cmd);
  }

  checkOpenVote(cmd: OpenVoteCommand): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['in-session'], 'vote');
    const item = this.item(cmd.item);
    if (!votedItemKinds.includes(item.kind))
      throw new RuleError('conflict', `agenda item ${item.n} is not put to a vote`);
    if (item.status !== 'pending') throw new RuleError('conflict', `agenda item ${item.n} is ${item.status}`);
    const open = this.state.agenda.find((i) => i.status === 'voting');
    if (open) throw new RuleError('conflict', `the vote on item ${open.n} is still open`);
    const q = this.state.quorum;
    if (!q.met)
      throw new RuleError(
        'refused',
        `the attendance quorum is not met (${q.present} voting seats present, ${q.required} required)`,
      );
  }

  openVote(cmd: OpenVoteCommand, now: number): void {
    this.checkOpenVote(cmd);
    const item = this.item(cmd.item);
    const rule = item.rule ?? this.board.defaults.rule;
    const params = sessionVoteParameters(rule, this.board.defaults.quorum, this.votingSeats, item.recused);
    item.status = 'voting';
    item.vote = {
      rule,
      quorum: params.quorum,
      electorate: [...params.electorate],
      recused: item.recused,
      openedAt: iso(now),
      openedBy: cmd.by,
      ballots: [],
      ballotHistory: [],
      tally: { yes: 0, no: 0, abstain: 0, objections: 0 },
      closedAt: null,
      outcome: null,
    };
    this.refresh();
    this.remember(cmd);
  }

  private voting(n: number) {
    const item = this.item(n);
    if (item.status !== 'voting' || !item.vote)
      throw new RuleError('conflict', `no vote is open on agenda item ${n}`);
    return { item, vote: item.vote };
  }

  checkBallot(cmd: SessionBallotCommand): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['in-session'], 'vote');
    const { vote } = this.voting(cmd.item);
    if (!allowedChoices(vote.rule).includes(cmd.choice))
      throw new RuleError(
        'invalid',
        `choice must be one of ${allowedChoices(vote.rule).join(', ')} under ${vote.rule}`,
      );
    const params = sessionVoteParameters(vote.rule, vote.quorum, this.votingSeats, vote.recused);
    checkSessionBallot(params, votersPresent(this.state.presence, this.votingSeats), cmd);
  }

  castBallot(cmd: SessionBallotCommand, now: number): void {
    this.checkBallot(cmd);
    const { vote } = this.voting(cmd.item);
    const ballot = {
      seat: cmd.seat,
      choice: cmd.choice,
      castBy: cmd.castBy,
      recordedBy: cmd.by,
      via: cmd.via,
      at: iso(now),
    };
    const i = vote.ballots.findIndex((b) => b.seat === cmd.seat);
    if (i >= 0) vote.ballots[i] = ballot;
    else vote.ballots.push(ballot);
    vote.ballotHistory.push(ballot);
    vote.tally = sessionOutcome(this.paramsOf(vote), this.ballotsBySeat(vote)).tally;
    this.remember(cmd);
  }

  private paramsOf(vote: NonNullable<AgendaItem['vote']>) {
    return sessionVoteParameters(vote.rule, vote.quorum, this.votingSeats, vote.recused);
  }

  private ballotsBySeat(vote: NonNullable<AgendaItem['vote']>): BallotsBySeat {
    return Object.fromEntries(vote.ballots.map((b) => [b.seat, b.choice]));
  }

  checkCloseVote(cmd: CloseVoteCommand): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['in-session'], 'close a vote');
    this.voting(cmd.item);
  }

  /** Closes the vote on an item; returns the item, so the workflow can act on an approval of minutes. */
  closeVote(cmd: CloseVoteCommand, now: number): AgendaItem {
    this.checkCloseVote(cmd);
    const { item, vote } = this.voting(cmd.item);
    const result = sessionOutcome(this.paramsOf(vote), this.ballotsBySeat(vote));
    vote.tally = result.tally;
    vote.outcome = result.outcome;
    vote.closedAt = iso(now);
    item.status = 'taken';
    this.refresh();
    this.remember(cmd);
    return item;
  }

  checkOpinion(cmd: SessionOpinionCommand): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['in-session'], 'give an opinion');
    const item = this.item(cmd.item);
    text(cmd.text, 'text');
    const seat = this.board.seats.find((s) => s.code === cmd.seat);
    const mayGive = seat && (!seat.voting || seat.code === this.board.chair);
    if (!mayGive)
      throw new RuleError(
        'refused',
        `${cmd.seat} votes on the item: an opinion is for seats without a vote and the chair`,
      );
    if (seat.kind === 'observer' && !item.observers.includes(seat.code))
      throw new RuleError('refused', `${cmd.seat} is not invited to item ${item.n}`);
    if (!this.state.presence.some((p) => p.seat === cmd.seat))
      throw new RuleError('refused', `nobody is recorded present for ${cmd.seat}`);
  }

  addOpinion(cmd: SessionOpinionCommand, now: number): void {
    this.checkOpinion(cmd);
    this.item(cmd.item).opinions.push({ seat: cmd.seat, text: cmd.text, by: cmd.by, at: iso(now) });
    this.remember(cmd);
  }

  checkTake(cmd: TakeItemCommand): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['in-session'], 'take an item');
    const item = this.item(cmd.item);
    if (votedItemKinds.includes(item.kind))
      throw new RuleError('conflict', `agenda item ${item.n} is taken by a vote`);
    if (item.status !== 'pending') throw new RuleError('conflict', `agenda item ${item.n} is ${item.status}`);
  }

  /** Records an information or discussion item as taken, with what the minutes should say of it. */
  take(cmd: TakeItemCommand): void {
    this.checkTake(cmd);
    const item = this.item(cmd.item);
    item.status = 'taken';
    item.note = cmd.note?.trim() || null;
    this.remember(cmd);
  }

  checkDefer(cmd: DeferItemCommand, now: number): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['convened', 'in-session'], 'defer an item');
    const item = this.item(cmd.item);
    if (!votedItemKinds.includes(item.kind))
      throw new RuleError('conflict', `agenda item ${item.n} is not put to a vote`);
    if (item.kind === 'minutes-approval')
      throw new RuleError(
        'conflict',
        'minutes go to written procedure from their own meeting (approve by written procedure)',
      );
    if (item.status !== 'pending') throw new RuleError('conflict', `agenda item ${item.n} is ${item.status}`);
    text(cmd.reason, 'reason');
    if (time(cmd.closesAt, 'closesAt') <= now)
      throw new RuleError('invalid', 'closesAt must be in the future');
  }

  /** Defers an item to written procedure; returns the id of the decision to open. */
  defer(cmd: DeferItemCommand, now: number): string {
    this.checkDefer(cmd, now);
    const item = this.item(cmd.item);
    item.status = 'deferred';
    item.deferredTo = deferredItemDecisionIdFor(this.state.id, item.n);
    item.note = `Deferred by ${cmd.by}: ${cmd.reason}`;
    this.remember(cmd);
    return item.deferredTo;
  }

  checkAction(cmd: AgreeActionCommand, now: number): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['in-session'], 'agree an action');
    text(cmd.text, 'text');
    if (!this.board.seats.some((s) => s.code === cmd.ownerSeat))
      throw new RuleError('invalid', `ownerSeat ${cmd.ownerSeat} is not a seat of the board`);
    if (time(cmd.dueAt, 'dueAt') <= now) throw new RuleError('invalid', 'dueAt must be in the future');
    if (cmd.item !== undefined) this.item(cmd.item);
    if (cmd.followUp !== 'reporting-obligation' && cmd.followUp !== 'pending-action')
      throw new RuleError('invalid', 'followUp must be reporting-obligation or pending-action');
  }

  /** Records an action agreed; returns it, so the workflow opens its obligation when it has one. */
  agreeAction(cmd: AgreeActionCommand, now: number) {
    this.checkAction(cmd, now);
    const n = this.state.actions.length + 1;
    const action = {
      n,
      text: cmd.text,
      ownerSeat: cmd.ownerSeat,
      dueAt: iso(time(cmd.dueAt, 'dueAt')),
      item: cmd.item ?? null,
      followUp: cmd.followUp,
      obligationId: cmd.followUp === 'reporting-obligation' ? actionObligationIdFor(this.state.id, n) : null,
      status: 'open' as const,
      doneAt: null,
      recordedBy: cmd.by,
      at: iso(now),
    };
    this.state.actions.push(action);
    this.refresh();
    this.remember(cmd);
    return action;
  }

  checkCompleteAction(cmd: CompleteActionCommand): void {
    this.checkIdempotency(cmd);
    const action = this.state.actions.find((a) => a.n === cmd.n);
    if (!action) throw new RuleError('not-found', `action ${cmd.n} is not on the record of ${this.state.id}`);
    if (action.followUp !== 'pending-action')
      throw new RuleError(
        'conflict',
        `action ${cmd.n} is followed as reporting obligation ${action.obligationId}`,
      );
    if (action.status === 'done') throw new RuleError('conflict', `action ${cmd.n} is done already`);
  }

  completeAction(cmd: CompleteActionCommand, now: number): void {
    this.checkCompleteAction(cmd);
    const action = this.state.actions.find((a) => a.n === cmd.n);
    if (action) {
      action.status = 'done';
      action.doneAt = iso(now);
    }
    this.refresh();
    this.remember(cmd);
  }

  checkClose(cmd: CloseMeetingCommand): void {
    this.checkIdempotency(cmd);
    this.checkStatus(['in-session'], 'close it');
    const open = this.state.agenda.find((i) => i.status === 'voting');
    if (open) throw new RuleError('conflict', `the vote on item ${open.n} is still open`);
  }

  /** Closes the meeting and writes the draft minutes from the record. */
  close(cmd: CloseMeetingCommand, now: number): void {
    this.checkClose(cmd);
    const s = this.state;
    s.status = 'closed';
    s.closedAt = iso(now);
    s.closedBy = cmd.by;
    const names = new Map(this.board.seats.map((seat) => [seat.code, seat.name]));
    s.minutes = {
      status: 'draft',
      text: draftMinutes(s, (code) => names.get(code) ?? code),
      generatedAt: iso(now),
      editedBy: null,
      editedAt: null,
      approvalDecision: null,
      writtenProcedures: 0,
      approval: null,
    };
    this.refresh();
    this.remember(cmd);
  }

  // After the meeting: the minutes.

  checkEditMinutes(cmd: EditMinutesCommand): void {
    this.checkIdempotency(cmd);
    this.checkDraftMinutes('edit the minutes');
    text(cmd.text, 'text');
    if (cmd.text.length > 200_000) throw new RuleError('invalid', 'text must be at most 200000 characters');
  }

  editMinutes(cmd: EditMinutesCommand, now: number): void {
    this.checkEditMinutes(cmd);
    const m = this.state.minutes;
    if (m) {
      m.text = cmd.text;
      m.editedBy = cmd.by;
      m.editedAt = iso(now);
    }
    this.remember(cmd);
  }

  private checkDraftMinutes(action: string): void {
    if (this.state.status !== 'closed' || !this.state.minutes)
      throw new RuleError('conflict', `${this.state.id} is ${this.state.status}; cannot ${action}`);
    if (this.state.minutes.approvalDecision)
      throw new RuleError(
        'conflict',
        `the minutes are before the Board in ${this.state.minutes.approvalDecision}; cannot ${action}`,
      );
  }

  checkWrittenApproval(cmd: ApproveByWrittenProcedureCommand, now: number): void {
    this.checkIdempotency(cmd);
    this.checkDraftMinutes('put the minutes to written procedure');
    if (time(cmd.closesAt, 'closesAt') <= now)
      throw new RuleError('invalid', 'closesAt must be in the future');
  }

  /** Puts the minutes to written procedure; returns the decision's id. */
  approveByWrittenProcedure(cmd: ApproveByWrittenProcedureCommand, now: number): string {
    this.checkWrittenApproval(cmd, now);
    const m = this.state.minutes as NonNullable<MeetingState['minutes']>;
    m.writtenProcedures++;
    const id = minutesDecisionIdFor(this.state.id, m.writtenProcedures);
    m.approvalDecision = id;
    this.remember(cmd);
    return id;
  }

  /** The written procedure on the minutes ended: approved when adopted, else back to draft. */
  writtenProcedureEnded(decisionId: string, adopted: boolean, now: number): void {
    const m = this.state.minutes;
    if (!m || m.approvalDecision !== decisionId) return;
    m.approvalDecision = null;
    if (adopted) this.approve({ via: 'written-procedure', decisionId, at: iso(now) });
    this.changed();
  }

  /** Minutes approved at a later meeting (its workflow signals this one). */
  approvedAtMeeting(signal: MinutesApprovedSignal): void {
    if (this.state.status !== 'closed' || !this.state.minutes) return;
    this.approve({ via: 'meeting', meetingId: signal.meetingId, item: signal.item, at: signal.at });
    this.changed();
  }

  private approve(approval: NonNullable<NonNullable<MeetingState['minutes']>['approval']>): void {
    const m = this.state.minutes as NonNullable<MeetingState['minutes']>;
    m.status = 'approved';
    m.approval = approval;
    this.state.status = 'approved';
    this.refresh();
  }

  /** True once nothing more can happen to the meeting: cancelled, or minutes approved and every action done. */
  get isFinished(): boolean {
    const s = this.state;
    return (
      s.status === 'cancelled' ||
      (s.status === 'approved' &&
        s.actions.every((a) => a.status === 'done' || a.followUp === 'reporting-obligation'))
    );
  }

  // Internals.

  private refresh(): void {
    const s = this.state;
    s.awaitingAnswers =
      s.status === 'convened' ? s.invitedSeats.filter((seat) => !s.answers.some((a) => a.seat === seat)) : [];
    const voters = votersPresent(s.presence, this.votingSeats);
    s.quorum = attendanceQuorum(this.board.attendanceQuorum, this.votingSeats.length, voters.size);
  }

  private checkStatus(allowed: MeetingState['status'][], action: string): void {
    if (!allowed.includes(this.state.status))
      throw new RuleError('conflict', `${this.state.id} is ${this.state.status}; cannot ${action}`);
  }
}
