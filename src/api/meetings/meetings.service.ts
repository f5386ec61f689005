/**
 * Board meetings over Temporal: convening starts a {@link meetingWorkflow}, every write is an
 * Update (validated by the workflow before it is written), reads are a Query (or the board's
 * record once Temporal no longer has the meeting). Who holds each seat comes from the roster.
 */
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
} from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { checkMeetingInput, MeetingRecord } from '../../../workflows/meetings/meeting-record';
import { meetingTracked } from '../../../workflows/meetings/meeting-tracking';
import {
  addSessionOpinionUpdate,
  agreeActionUpdate,
  answerInvitationUpdate,
  approveMinutesByWrittenProcedureUpdate,
  cancelMeetingUpdate,
  castSessionBallotUpdate,
  changeAgendaUpdate,
  closeMeetingUpdate,
  closeVoteUpdate,
  completeActionUpdate,
  deferItemUpdate,
  editMinutesUpdate,
  getMeetingQuery,
  moveMeetingUpdate,
  openMeetingUpdate,
  openVoteUpdate,
  recordAttendanceUpdate,
  takeItemUpdate,
} from '../../../workflows/meetings/meeting.messages';
import type {
  MeetingBoard,
  MeetingInput,
  MeetingState,
  SeatHolders,
} from '../../../workflows/meetings/meeting.types';
import { meetingWorkflow } from '../../../workflows/meetings/meeting.workflow';
import { defaultAgendaFreezeDays } from '../../../workflows/rules/meeting-rules';
import { RuleError, type RuleErrorKind } from '../../../workflows/rules/rule-error';
import { activeAt } from '../../../workflows/roster/roster-record';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardStatusKey,
  boardTitleKey,
} from '../../../workflows/search-attributes';
import type { Caller } from '../../auth/caller';
import { BoardDirectory } from '../../board/board-directory';
import { RecordRepository } from '../../record/record-repository';
import { audienceOf, mayReadItem } from '../../record/seat-visibility';
import type { AppConfig } from '../../config/env';
import { RosterDirectory } from '../../roster/roster-directory';
import { mapBounded } from '../../tracking/bounded';
import { requireSeat } from '../common/caller-seat';
import type { IdempotencyToken } from '../common/idempotency';
import { WorkflowGateway, workflowKind, type UnkeyedCommand } from '../common/workflow-gateway';
import { APP_CONFIG } from '../common/tokens';
import { startKeyedWorkflow, workflowIdFor } from '../common/workflow-writes';
import type {
  AgendaDto,
  AgreeActionDto,
  AnswerInvitationDto,
  AttendanceDto,
  ConveneMeetingDto,
  DeferItemDto,
  MeetingListView,
  MeetingSummaryView,
  MinutesDto,
  MoveMeetingDto,
  ReasonDto,
  RollCallDto,
  SessionBallotDto,
  SessionOpinionDto,
  TakeItemDto,
  WrittenProcedureDto,
} from './meeting.dto';

const statusForKind: Record<RuleErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  refused: 422,
};

/** Runs a pure check in the API; a RuleError becomes the HTTP answer of its kind. */
function checked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RuleError) throw new HttpException(err.message, statusForKind[err.kind]);
    throw err;
  }
}

/** The meetings the lists read at most: the latest opened. */
const LISTED_MEETINGS = 500;

/** Meetings as the gateway reaches them. A meeting whose workflow has completed: 409. */
const meetings = workflowKind<typeof meetingWorkflow, MeetingState>({
  what: 'meeting',
  id: 'meeting',
  query: getMeetingQuery,
  record: 'meeting',
  closed: (id, result) =>
    `meeting ${id} is ${result.status}${result.status === 'approved' ? ' (minutes approved)' : ''}; nothing more can change`,
});

@Injectable()
export class MeetingsService {
  constructor(
    private readonly client: Client,
    private readonly board: BoardDirectory,
    private readonly roster: RosterDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gateway: WorkflowGateway,
    private readonly record: RecordRepository,
  ) {}

  /** What a meeting copies of the board when it is convened. */
  meetingBoard(): MeetingBoard {
    const b = this.board.board;
    return {
      seats: b.seats.map((s) => ({ code: s.code, name: s.name, kind: s.kind, voting: s.voting })),
      chair: b.chair ?? null,
      defaults: { rule: b.defaults.rule, quorum: b.defaults.quorum },
      agendaFreezeDays: b.meetings?.agendaFreezeDays ?? defaultAgendaFreezeDays,
      attendanceQuorum: b.meetings === undefined ? 0.5 : b.meetings.attendanceQuorum,
    };
  }

  /** Who holds each seat (member, alternate) at `t`, from the roster. */
  async holdersAt(t: number): Promise<SeatHolders[]> {
    const view = await this.roster.current();
    return this.board.board.seats.map((seat) => {
      const held = (capacity: 'member' | 'alternate') =>
        view.state.appointments.find(
          (a) =>
            a.role === 'member' &&
            a.seat === seat.code &&
            (a.capacity ?? 'member') === capacity &&
            activeAt(a, t),
        )?.personId ?? null;
      return { seat: seat.code, member: held('member'), alternate: held('alternate') };
    });
  }

  async convene(caller: Caller, dto: ConveneMeetingDto, token?: IdempotencyToken): Promise<MeetingState> {
    const id = workflowIdFor('meeting', token);
    const now = Date.now();
    const input: MeetingInput = {
      id,
      title: dto.title,
      startsAt: new Date(dto.startsAt).toISOString(),
      endsAt: new Date(dto.endsAt).toISOString(),
      ...(dto.place !== undefined ? { place: dto.place } : {}),
      ...(dto.onlineLink !== undefined ? { onlineLink: dto.onlineLink } : {}),
      agenda: dto.agenda.map(({ n: _n, ...item }) => item),
      board: this.meetingBoard(),
      holders: await this.holdersAt(now),
      convenedBy: caller.sub,
      requestHash: token?.requestHash,
    };
    checked(() => checkMeetingInput(input, now));
    const opening = new MeetingRecord(input, now);
    const tracked = meetingTracked(opening.current);
    const started = await startKeyedWorkflow(
      this.client,
      meetingWorkflow,
      {
        workflowId: id,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: boardKindKey, value: 'meeting' },
          { key: boardStatusKey, value: tracked.status },
          { key: boardAwaitingKey, value: tracked.awaiting },
          { key: boardDueAtKey, value: new Date(tracked.dueAt) },
          { key: boardTitleKey, value: dto.title },
        ],
      },
      token,
    );
    if (started) return opening.view();
    return this.gateway.state(meetings, id);
  }

  get(id: string): Promise<MeetingState> {
    return this.gateway.state(meetings, id);
  }

  /**
   * Every meeting (the latest 500 opened): those still running read from Temporal, so a change just
   * made shows at once; the others from the board's record, which keeps them after Temporal's
   * retention has let their histories go (visibility forgets them then, and a closed workflow's
   * query would replay its whole history).
   */
  async states(): Promise<MeetingState[]> {
    const [running, recorded] = await Promise.all([
      this.runningIds(),
      this.record.list('meeting', {}, { limit: LISTED_MEETINGS }),
    ]);
    const live = await mapBounded(running, 8, (id) => this.get(id).catch(() => null as MeetingState | null));
    const byId = new Map<string, MeetingState>();
    for (const s of live) if (s) byId.set(s.id, s);
    for (const r of recorded.items) if (!byId.has(r.id)) byId.set(r.id, r.state as MeetingState);
    return [...byId.values()];
  }

  /** The ids of the meetings whose workflows run (a few: a board meets a few times a year). */
  private async runningIds(): Promise<string[]> {
    const ids = new Set<string>();
    const query = `BoardKind = 'meeting' AND ExecutionStatus = 'Running'`;
    for await (const info of this.client.workflow.list({ query })) {
      ids.add(info.workflowId);
      if (ids.size >= LISTED_MEETINGS) break;
    }
    return [...ids];
  }

  /**
   * Upcoming meetings (convened or in session, soonest first) and past ones (latest first): for a
   * member, those its seat is invited to (as {@link getFor}).
   */
  async list(caller: Caller): Promise<MeetingListView> {
    const states = (await this.states()).filter((s) => mayRead(caller, this.board, s));
    const summary = (s: MeetingState): MeetingSummaryView => ({
      id: s.id,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      status: s.status,
      awaitingAnswers: s.awaitingAnswers,
      openActions: s.actions.filter((a) => a.status === 'open').length,
      minutesStatus: s.minutes?.status ?? null,
    });
    const upcoming = states.filter((s) => s.status === 'convened' || s.status === 'in-session');
    const past = states.filter((s) => !upcoming.includes(s));
    return {
      upcoming: upcoming.sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map(summary),
      past: past.sort((a, b) => b.startsAt.localeCompare(a.startsAt)).map(summary),
    };
  }

  changeAgenda(caller: Caller, id: string, dto: AgendaDto, token?: IdempotencyToken) {
    return this.write(id, changeAgendaUpdate, 'agenda', token, {
      by: caller.sub,
      items: dto.items,
      ...(dto.reason !== undefined ? { reason: dto.reason } : {}),
    });
  }

  move(caller: Caller, id: string, dto: MoveMeetingDto, token?: IdempotencyToken) {
    return this.write(id, moveMeetingUpdate, 'move', token, {
      by: caller.sub,
      startsAt: new Date(dto.startsAt).toISOString(),
      endsAt: new Date(dto.endsAt).toISOString(),
      reason: dto.reason,
      ...(dto.place !== undefined ? { place: dto.place } : {}),
      ...(dto.onlineLink !== undefined ? { onlineLink: dto.onlineLink } : {}),
    });
  }

  cancel(caller: Caller, id: string, dto: ReasonDto, token?: IdempotencyToken) {
    return this.write(id, cancelMeetingUpdate, 'cancel', token, { by: caller.sub, reason: dto.reason });
  }

  answer(caller: Caller, id: string, dto: AnswerInvitationDto, token?: IdempotencyToken) {
    const seat = requireSeat(caller);
    return this.write(id, answerInvitationUpdate, 'answer', token, {
      by: caller.sub,
      seat,
      answer: dto.answer,
    });
  }

  open(caller: Caller, id: string, token?: IdempotencyToken) {
    return this.write(id, openMeetingUpdate, 'open', token, { by: caller.sub });
  }

  async recordAttendance(caller: Caller, id: string, dto: AttendanceDto, token?: IdempotencyToken) {
    const holders = await this.holdersAt(Date.now());
    return this.write(id, recordAttendanceUpdate, 'attendance', token, {
      by: caller.sub,
      holders,
      present: dto.present.map((p) => ({
        seat: p.seat,
        personId: p.personId,
        capacity: p.capacity,
        mode: p.mode,
      })),
    });
  }

  openVote(caller: Caller, id: string, item: number, token?: IdempotencyToken) {
    return this.write(id, openVoteUpdate, `vote-${item}`, token, { by: caller.sub, item });
  }

  /** A ballot from the member's own device: the caller votes for their seat, as the person present for it. */
  castBallot(caller: Caller, id: string, item: number, dto: SessionBallotDto, token?: IdempotencyToken) {
    const seat = requireSeat(caller);
    return this.write(id, castSessionBallotUpdate, `ballot-${item}`, token, {
      by: caller.sub,
      item,
      seat,
      castBy: caller.sub,
      choice: dto.choice,
      via: 'device' as const,
    });
  }

  /** A roll call entry: the secretariat records the seat's answer, given by the person present for it. */
  async rollCall(caller: Caller, id: string, item: number, dto: RollCallDto, token?: IdempotencyToken) {
    const state = await this.get(id);
    const present = state.presence.filter((p) => p.seat === dto.seat && p.capacity !== 'observer');
    const voter = present.find((p) => p.capacity === 'member') ?? present[0];
    if (!voter) throw new HttpException(`nobody is recorded present for ${dto.seat}`, 422);
    return this.write(id, castSessionBallotUpdate, `roll-call-${item}`, token, {
      by: caller.sub,
      item,
      seat: dto.seat,
      castBy: voter.personId,
      choice: dto.choice,
      via: 'roll-call' as const,
    });
  }

  closeVote(caller: Caller, id: string, item: number, token?: IdempotencyToken) {
    return this.write(id, closeVoteUpdate, `close-vote-${item}`, token, { by: caller.sub, item });
  }

  addOpinion(caller: Caller, id: string, item: number, dto: SessionOpinionDto, token?: IdempotencyToken) {
    const seat = requireSeat(caller);
    return this.write(id, addSessionOpinionUpdate, `opinion-${item}`, token, {
      by: caller.sub,
      item,
      seat,
      text: dto.text,
    });
  }

  take(caller: Caller, id: string, item: number, dto: TakeItemDto, token?: IdempotencyToken) {
    return this.write(id, takeItemUpdate, `take-${item}`, token, {
      by: caller.sub,
      item,
      ...(dto.note !== undefined ? { note: dto.note } : {}),
    });
  }

  defer(caller: Caller, id: string, item: number, dto: DeferItemDto, token?: IdempotencyToken) {
    return this.write(id, deferItemUpdate, `defer-${item}`, token, {
      by: caller.sub,
      item,
      closesAt: new Date(dto.closesAt).toISOString(),
      reason: dto.reason,
    });
  }

  agreeAction(caller: Caller, id: string, dto: AgreeActionDto, token?: IdempotencyToken) {
    if (!this.board.seat(dto.ownerSeat))
      throw new BadRequestException(`ownerSeat ${dto.ownerSeat} is not a seat of the board`);
    return this.write(id, agreeActionUpdate, 'action', token, {
      by: caller.sub,
      text: dto.text,
      ownerSeat: dto.ownerSeat,
      dueAt: new Date(dto.dueAt).toISOString(),
      followUp: dto.followUp,
      ...(dto.item !== undefined ? { item: dto.item } : {}),
    });
  }

  completeAction(caller: Caller, id: string, n: number, token?: IdempotencyToken) {
    return this.write(id, completeActionUpdate, `action-done-${n}`, token, { by: caller.sub, n });
  }

  close(caller: Caller, id: string, token?: IdempotencyToken) {
    return this.write(id, closeMeetingUpdate, 'close', token, { by: caller.sub });
  }

  editMinutes(caller: Caller, id: string, dto: MinutesDto, token?: IdempotencyToken) {
    return this.write(id, editMinutesUpdate, 'minutes', token, { by: caller.sub, text: dto.text });
  }

  approveByWrittenProcedure(caller: Caller, id: string, dto: WrittenProcedureDto, token?: IdempotencyToken) {
    return this.write(id, approveMinutesByWrittenProcedureUpdate, 'minutes-written-procedure', token, {
      by: caller.sub,
      closesAt: new Date(dto.closesAt).toISOString(),
    });
  }

  /** The meeting, for a member only when their seat is invited (any meeting for the secretariat and managers). */
  async getFor(caller: Caller, id: string): Promise<MeetingState> {
    const state = await this.get(id);
    if (!mayRead(caller, this.board, state))
      throw new ForbiddenException(`${caller.seat} is not invited to ${id}`);
    return state;
  }

  /** The minutes, which must exist (the meeting has closed). */
  async minutesOf(id: string): Promise<MeetingState> {
    const state = await this.get(id);
    if (!state.minutes) throw new ConflictException(`${id} is ${state.status}: it has no minutes yet`);
    return state;
  }

  private write<C>(
    id: string,
    def: UpdateDefinition<MeetingState, [C]>,
    name: string,
    token: IdempotencyToken | undefined,
    cmd: UnkeyedCommand<C>,
  ): Promise<MeetingState> {
    return this.gateway.update(meetings, id, def, cmd, { name, token });
  }
}

/** A member reads the meetings its seat is invited to; the secretariat and managers read every one. */
function mayRead(caller: Caller, board: BoardDirectory, state: MeetingState): boolean {
  return mayReadItem(audienceOf(caller, board), 'meeting', { seat: null, invited: state.invitedSeats });
}
