/**
 * The contract of a reporting obligation (docs/domain.md, "What the Board does"): what opens one, shared by the
 * API, funding awards and recurring schedules that start it; and its record and commands, shared
 * by the workflow and the API (which imports them with the messages in obligation.messages.ts).
 */
import type { ActingAs } from '../roster/roster.types';

/** What opens a reporting obligation. Times are ISO 8601 UTC; spans are ISO 8601 durations. */
export interface ObligationInput {
  id: string;
  title: string;
  /** The seat that owes the report. */
  seat: string;
  dueAt: string;
  /** Reminders sent this long before the due date, e.g. ['P14D', 'P3D']. */
  remindBefore: string[];
  /** First escalation this long after the due date, e.g. 'P1D'; none when absent. */
  escalateAfter?: string;
  /** Escalation repeats this often until resolved, e.g. 'P7D'. */
  escalateEvery?: string;
  /** Who else is told of reminders and escalations: seat codes or 'secretariat'. */
  notify?: string[];
  openedBy: string;
  /** The round, request or schedule it belongs to. */
  parentId?: string;
  /** What kind of report: 'interim', 'final', 'annual', free text otherwise. */
  reportKind?: string;
  /** A workflow to tell, with {@link reportAcceptedSignal}, when the report is accepted. */
  notifyWorkflowId?: string;
  /** Hash of the opening request, to tell a replayed Idempotency-Key from a reused one. */
  requestHash?: string;
  /** Carried over by continue-as-new; absent on a fresh start. */
  carriedState?: ObligationState;
}

/** Where an obligation stands, as `GET /reporting-obligations/:id` shows it. */
export const obligationStatuses = ['pending', 'submitted', 'accepted', 'overdue', 'waived'] as const;
export type ObligationStatus = (typeof obligationStatuses)[number];

/** A reminder that went out. */
export interface SentReminder {
  key: string;
  /** How long before the due date it was meant to go (`P3D`). */
  offset: string;
  /** The due date it reminded of. */
  dueAt: string;
  /** When it was due to go. */
  scheduledFor: string;
  /** Workflow time at which it was sent. */
  at: string;
  /** Seat codes (or `secretariat`) it went to. */
  to: string[];
  /** What the notification activity reported (see {@link NoticeDelivery}). */
  delivery: NoticeDelivery;
}

/**
 * `sent`; `duplicate`: its key had gone out before (a replayed activity); `no-recipient`: no
 * contact in the board configuration; `failed: ...`: the transport refused it for good.
 */
export type NoticeDelivery = 'sent' | 'duplicate' | 'no-recipient' | `failed: ${string}`;

/** An escalation that went out. */
export interface SentEscalation {
  key: string;
  /** 1 for the first escalation of this due date, 2 for the next ... */
  sequence: number;
  dueAt: string;
  scheduledFor: string;
  at: string;
  to: string[];
  delivery: NoticeDelivery;
}

export interface Submission {
  seat: string;
  by: string;
  /** Their name and capacity when submitted (absent on reports recorded before the roster). */
  actingAs?: ActingAs;
  summary: string;
  documentUrl: string | null;
  at: string;
  /** The due date it answered, and whether it came after it. */
  dueAt: string;
  late: boolean;
}

export interface Review {
  accepted: boolean;
  comment: string;
  by: string;
  at: string;
  /** When rejected: the due date for the resubmission. */
  newDueAt: string | null;
}

export interface ObligationExtension {
  from: string;
  to: string;
  reason: string;
  by: string;
  at: string;
}

export interface Waiver {
  reason: string;
  by: string;
  at: string;
}

/** The whole record of an obligation. */
export interface ObligationState {
  id: string;
  title: string;
  seat: string;
  status: ObligationStatus;
  /** The current due date. */
  dueAt: string;
  /** The due date it was opened with. */
  originalDueAt: string;
  /** When the current due date took effect (notices timed before it are not sent). */
  dueSince: string;
  remindBefore: string[];
  escalateAfter: string | null;
  escalateEvery: string | null;
  notify: string[];
  /** Seats whose action it awaits: the owing seat while a report is due. */
  awaiting: string[];
  reminders: SentReminder[];
  escalations: SentEscalation[];
  submissions: Submission[];
  reviews: Review[];
  extensions: ObligationExtension[];
  waiver: Waiver | null;
  /** When it last became overdue; null while not overdue. */
  overdueSince: string | null;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  parentId: string | null;
  reportKind: string | null;
  notifyWorkflowId: string | null;
  /** Idempotency-Key hash → request hash, for writes (see the API's idempotency). */
  idempotency: Record<string, string>;
}

/** Common part of every write: who does it, and the idempotency pair when the caller sent a key. */
export interface ObligationWriteContext {
  by: string;
  idempotencyKey?: string;
  requestHash?: string;
}

export interface SubmitReportCommand extends ObligationWriteContext {
  /** The caller's seat; only the owing seat may submit. */
  seat: string;
  summary: string;
  documentUrl?: string;
  actingAs?: ActingAs;
}

export interface ReviewReportCommand extends ObligationWriteContext {
  accepted: boolean;
  comment: string;
  /** Required when rejecting: the due date for the resubmission. */
  newDueAt?: string;
}

export interface ExtendObligationCommand extends ObligationWriteContext {
  dueAt: string;
  reason: string;
}

export interface WaiveObligationCommand extends ObligationWriteContext {
  reason: string;
}
