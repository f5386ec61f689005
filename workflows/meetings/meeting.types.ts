/**
 * Payloads of the board-meeting workflow, shared by the workflow and the API (which imports them
 * with the messages in meeting.messages.ts). Times are ISO 8601 strings in UTC.
 */
import type { BallotChoice, DecisionOutcome, DecisionRule, Tally } from '../rules/decision-rules';
import type { SeatRole } from '../rules/opinion-rules';

/** What an agenda item is for; `minutes-approval` approves an earlier meeting's minutes. */
export const agendaItemKinds = [
  'information',
  'discussion',
  'decision',
  'funding-allocation',
  'work-programme',
  'minutes-approval',
] as const;
export type AgendaItemKind = (typeof agendaItemKinds)[number];

/** Kinds of item the Board votes on in session. */
export const votedItemKinds: readonly AgendaItemKind[] = [
  'decision',
  'funding-allocation',
  'work-programme',
  'minutes-approval',
];

/** A document of an agenda item: a link with a title. */
export interface MeetingDocument {
  title: string;
  url: string;
}

/** An agenda item as the secretariat gives it. */
export interface AgendaItemInput {
  title: string;
  kind: AgendaItemKind;
  /** Who presents it (a seat code, `secretariat`, or a name). */
  presenter?: string;
  documents?: MeetingDocument[];
  /** Observer seats invited for this item. */
  observers?: string[];
  /** For a voted item: the text put to the Board. */
  text?: string;
  /** For a voted item: the rule (default: the board's). */
  rule?: DecisionRule;
  /** For a voted item: seats that may not vote on it (a conflict of interest). */
  recused?: string[];
  /** For `minutes-approval`: the meeting whose minutes it approves. */
  minutesOf?: string;
}

/** How a seat answers its invitation. */
export const attendanceAnswers = ['in-person', 'online', 'alternate', 'absent'] as const;
export type AttendanceAnswer = (typeof attendanceAnswers)[number];

export interface InvitationAnswer {
  seat: string;
  answer: AttendanceAnswer;
  by: string;
  at: string;
}

/** Who held a seat when the meeting was convened or attendance was recorded (person ids). */
export interface SeatHolders {
  seat: string;
  member: string | null;
  alternate: string | null;
}

/** In which capacity someone is present: for a seat (member, alternate) or as an invited observer. */
export const presenceCapacities = ['member', 'alternate', 'observer'] as const;
export type PresenceCapacity = (typeof presenceCapacities)[number];

export const presenceModes = ['in-person', 'online'] as const;
export type PresenceMode = (typeof presenceModes)[number];

/** One person present, as the secretariat recorded them. */
export interface Presence {
  seat: string;
  personId: string;
  capacity: PresenceCapacity;
  mode: PresenceMode;
  recordedBy: string;
  at: string;
}

/** A ballot cast in session: from the member's own device, or entered by the secretariat at a roll call. */
export interface SessionBallot {
  seat: string;
  choice: BallotChoice;
  /** The person who voted for the seat (present for it). */
  castBy: string;
  /** Who entered it: the voter themselves, or the secretariat at a roll call. */
  recordedBy: string;
  via: 'device' | 'roll-call';
  at: string;
}

/** An opinion given on an item in session (non-voting seats, the chair, invited observers). */
export interface SessionOpinion {
  seat: string;
  text: string;
  by: string;
  at: string;
}

/** The vote on an item in session. */
export interface SessionVote {
  rule: DecisionRule;
  quorum: number | null;
  /** Voting seats of the board minus the recused: the same electorate as a remote decision. */
  electorate: string[];
  recused: string[];
  openedAt: string;
  openedBy: string;
  /** Latest ballot per seat, in the order seats first voted. */
  ballots: SessionBallot[];
  /** Every ballot entered, replaced ones included. */
  ballotHistory: SessionBallot[];
  tally: Tally;
  closedAt: string | null;
  outcome: Exclude<DecisionOutcome, 'withdrawn'> | null;
}

export type ItemStatus = 'pending' | 'voting' | 'taken' | 'deferred';

/** An agenda item on the record. */
export interface AgendaItem {
  /** Stable number of the item, from 1, kept when the agenda is reordered. */
  n: number;
  title: string;
  kind: AgendaItemKind;
  presenter: string | null;
  documents: MeetingDocument[];
  observers: string[];
  text: string | null;
  rule: DecisionRule | null;
  recused: string[];
  minutesOf: string | null;
  status: ItemStatus;
  vote: SessionVote | null;
  opinions: SessionOpinion[];
  /** The remote decision this item was deferred to (a written procedure). */
  deferredTo: string | null;
  /** What the minutes say of a non-voted item (a summary of the discussion). */
  note: string | null;
}

/** An action agreed in session: an owner seat and a due date. */
export interface AgreedAction {
  n: number;
  text: string;
  ownerSeat: string;
  dueAt: string;
  /** The item it was agreed under, if any. */
  item: number | null;
  /** Followed as a reporting obligation (a report is due) or as a pending action of the owner. */
  followUp: 'reporting-obligation' | 'pending-action';
  /** The obligation opened for it, when followed as one. */
  obligationId: string | null;
  status: 'open' | 'done';
  doneAt: string | null;
  recordedBy: string;
  at: string;
}

/** One change to the agenda, kept for ever; after the freeze it carries its reason. */
export interface AgendaChange {
  at: string;
  by: string;
  summary: string;
  reason: string | null;
  afterFreeze: boolean;
}

/** One move of the meeting. */
export interface MeetingMove {
  from: { startsAt: string; endsAt: string };
  to: { startsAt: string; endsAt: string };
  reason: string;
  by: string;
  at: string;
}

/** How the minutes were approved. */
export type MinutesApproval =
  | { via: 'meeting'; meetingId: string; item: number; at: string }
  | { via: 'written-procedure'; decisionId: string; at: string };

export interface Minutes {
  status: 'draft' | 'approved';
  text: string;
  generatedAt: string;
  editedBy: string | null;
  editedAt: string | null;
  /** The written procedure opened to approve them, if any. */
  approvalDecision: string | null;
  /** Written procedures opened on them so far (a rejected one may be followed by another). */
  writtenProcedures: number;
  approval: MinutesApproval | null;
}

export type MeetingStatus = 'convened' | 'in-session' | 'closed' | 'approved' | 'cancelled';

/** The meeting's whole record, as `GET /meetings/:id` shows it. */
export interface MeetingState {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineLink: string | null;
  status: MeetingStatus;
  /** Raised at each move and at cancellation: the invitation's iCalendar SEQUENCE. */
  sequence: number;
  convenedBy: string;
  convenedAt: string;
  agenda: AgendaItem[];
  /** Items numbered so far: a removed item's number is never given again. */
  itemsNumbered: number;
  /** The instant the agenda freezes; a change after it needs a reason. */
  agendaFrozenAt: string;
  agendaChanges: AgendaChange[];
  moves: MeetingMove[];
  cancellation: { reason: string; by: string; at: string } | null;
  /** Seats invited (every seat of the board, and observers invited for an item), board order. */
  invitedSeats: string[];
  holders: SeatHolders[];
  answers: InvitationAnswer[];
  /** Invited seats that have not answered yet (while the meeting is ahead). */
  awaitingAnswers: string[];
  openedAt: string | null;
  openedBy: string | null;
  presence: Presence[];
  /** Voting seats present, and how many must be for the attendance quorum. */
  quorum: { required: number; present: number; met: boolean };
  actions: AgreedAction[];
  closedAt: string | null;
  closedBy: string | null;
  minutes: Minutes | null;
  /** Idempotency-Key hash → request hash (see the API's idempotency). */
  idempotency: Record<string, string>;
}

/** What the meeting workflow needs to know of the board, copied at convening. */
export interface MeetingBoard {
  seats: (SeatRole & { name: string })[];
  chair: string | null;
  defaults: { rule: DecisionRule; quorum: number | null };
  /** Days before the start at which the agenda freezes. */
  agendaFreezeDays: number;
  /** Share of voting seats that must be present for the Board to decide in session. */
  attendanceQuorum: number | null;
}

/** What convenes a meeting. */
export interface MeetingInput {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place?: string;
  onlineLink?: string;
  agenda: AgendaItemInput[];
  board: MeetingBoard;
  /** Who held each seat at convening (from the roster). */
  holders: SeatHolders[];
  convenedBy: string;
  requestHash?: string;
  carriedState?: MeetingState;
}

/** Common part of every write. */
export interface WriteContext {
  by: string;
  idempotencyKey?: string;
  requestHash?: string;
}

export interface ChangeAgendaCommand extends WriteContext {
  /** The whole new agenda: kept items by number (in the new order), new ones without. */
  items: (AgendaItemInput & { n?: number })[];
  /** Required once the agenda is frozen. */
  reason?: string;
}

export interface MoveMeetingCommand extends WriteContext {
  startsAt: string;
  endsAt: string;
  reason: string;
  place?: string;
  onlineLink?: string;
}

export interface CancelMeetingCommand extends WriteContext {
  reason: string;
}

export interface AnswerInvitationCommand extends WriteContext {
  seat: string;
  answer: AttendanceAnswer;
}

export type OpenMeetingCommand = WriteContext;

export interface RecordAttendanceCommand extends WriteContext {
  /** The people present as of now (replaces the earlier list: arrivals and departures). */
  present: { seat: string; personId: string; capacity: PresenceCapacity; mode: PresenceMode }[];
  /** Who holds each seat now (the API reads the roster). */
  holders: SeatHolders[];
}

export interface OpenVoteCommand extends WriteContext {
  item: number;
}

/** A ballot in session: `seat` and `castBy` from the voter's device, or from the secretariat's roll call. */
export interface SessionBallotCommand extends WriteContext {
  item: number;
  seat: string;
  choice: BallotChoice;
  /** The person voting for the seat; for a ballot from a device it is `by`. */
  castBy: string;
  via: 'device' | 'roll-call';
}

export interface CloseVoteCommand extends WriteContext {
  item: number;
}

export interface SessionOpinionCommand extends WriteContext {
  item: number;
  seat: string;
  text: string;
}

export interface TakeItemCommand extends WriteContext {
  item: number;
  note?: string;
}

export interface DeferItemCommand extends WriteContext {
  item: number;
  /** When the written procedure closes. */
  closesAt: string;
  reason: string;
}

export interface AgreeActionCommand extends WriteContext {
  text: string;
  ownerSeat: string;
  dueAt: string;
  item?: number;
  followUp: 'reporting-obligation' | 'pending-action';
}

export interface CompleteActionCommand extends WriteContext {
  n: number;
}

export type CloseMeetingCommand = WriteContext;

export interface EditMinutesCommand extends WriteContext {
  text: string;
}

/** Minutes approved at a later meeting (sent by that meeting's workflow). */
export interface MinutesApprovedSignal {
  meetingId: string;
  item: number;
  at: string;
}

export interface ApproveByWrittenProcedureCommand extends WriteContext {
  closesAt: string;
}
