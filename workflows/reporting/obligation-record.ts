/**
 * The record of one reporting obligation and the checks on every change to it. Pure: the caller
 * passes the (workflow) time, so the same code runs in the workflow and in unit tests. Each write
 * has a `check…` (used by the Update validator, throws {@link RuleError}) and an apply method that
 * assumes the check passed.
 *
 * States: pending → submitted → accepted, or (rejected) → pending with a new due date;
 * pending → overdue when the due date passes with no report in; any open state → waived.
 */
import { hashOnly, iso, KeyedRecordBase, type KeyedWrite } from '../kit/record-base';
import {
  checkNoticeSpans,
  isPastDue,
  nextNotice,
  type NoticePlan,
  type PlannedNotice,
} from '../rules/reporting-rules';
import { RuleError } from '../rules/rule-error';
import type {
  ExtendObligationCommand,
  NoticeDelivery,
  ObligationInput,
  ObligationState,
  ReviewReportCommand,
  SubmitReportCommand,
  WaiveObligationCommand,
} from './obligation.types';

/** Epoch ms of an ISO 8601 timestamp, or NaN when it is not one. */
function parseTimestamp(text: unknown): number {
  return typeof text === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
}

/** Checks what opens an obligation; throws a RuleError naming the bad field. */
export function checkObligationInput(input: ObligationInput): void {
  if (!input.id) throw new RuleError('invalid', 'id is required');
  if (!input.title?.trim()) throw new RuleError('invalid', 'title must not be empty');
  if (!input.seat) throw new RuleError('invalid', 'seat is required');
  if (Number.isNaN(parseTimestamp(input.dueAt)))
    throw new RuleError('invalid', 'dueAt must be an ISO 8601 timestamp');
  if (!Array.isArray(input.remindBefore)) throw new RuleError('invalid', 'remindBefore must be a list');
  checkNoticeSpans(input);
}

export class ObligationRecord extends KeyedRecordBase<ObligationState, string> {
  constructor(input: ObligationInput, now: number) {
    super(input.carriedState ?? openingState(input, now), hashOnly);
  }

  /** Accepted or waived: nothing more can happen. */
  get isFinished(): boolean {
    return this.state.status === 'accepted' || this.state.status === 'waived';
  }

  /** The owing seat is still to report (pending or overdue). */
  get awaitingReport(): boolean {
    return this.state.status === 'pending' || this.state.status === 'overdue';
  }

  get dueAtMs(): number {
    return Date.parse(this.state.dueAt);
  }

  /** The notice plan of the current due date. */
  plan(): NoticePlan {
    const s = this.state;
    return {
      obligationId: s.id,
      dueAt: this.dueAtMs,
      since: Date.parse(s.dueSince),
      remindBefore: s.remindBefore,
      escalateAfter: s.escalateAfter,
      escalateEvery: s.escalateEvery,
    };
  }

  private sentKeys(): Set<string> {
    return new Set([...this.state.reminders, ...this.state.escalations].map((n) => n.key));
  }

  /** The next reminder or escalation to send (its time may be still to come); null when none. */
  nextNotice(now: number): PlannedNotice | null {
    if (!this.awaitingReport) return null;
    return nextNotice(this.plan(), this.sentKeys(), now);
  }

  /** When the workflow must next wake by itself (a notice, or the due date); null: only on a write. */
  wakeAt(now: number): number | null {
    const times: number[] = [];
    const notice = this.nextNotice(now);
    if (notice) times.push(notice.at);
    if (this.state.status === 'pending') times.push(this.dueAtMs);
    return times.length ? Math.min(...times) : null;
  }

  /** Marks the obligation overdue once its due date has passed with no report in. */
  tick(now: number): void {
    const s = this.state;
    if (s.status === 'pending' && isPastDue(this.dueAtMs, now)) {
      s.status = 'overdue';
      s.overdueSince = s.dueAt;
    }
  }

  /** Who receives a notice: the owing seat, for escalations the secretariat, and everyone in `notify`. */
  recipients(notice: PlannedNotice): string[] {
    const to = [
      this.state.seat,
      ...(notice.kind === 'escalation' ? ['secretariat'] : []),
      ...this.state.notify,
    ];
    return [...new Set(to)];
  }

  /** Puts a sent notice on the record, with the workflow time it went out. */
  recordNotice(notice: PlannedNotice, to: string[], now: number, delivery: NoticeDelivery = 'sent'): void {
    const s = this.state;
    const common = {
      key: notice.key,
      dueAt: s.dueAt,
      scheduledFor: iso(notice.at),
      at: iso(now),
      to,
      delivery,
    };
    if (notice.kind === 'reminder') s.reminders.push({ ...common, offset: notice.offset as string });
    else s.escalations.push({ ...common, sequence: notice.sequence as number });
  }

  checkSubmission(cmd: SubmitReportCommand, _now: number): void {
    const s = this.state;
    if (cmd.seat !== s.seat)
      throw new RuleError(
        'forbidden',
        `only seat ${s.seat} owes this report; seat ${cmd.seat} cannot submit it`,
      );
    this.checkOpen('submit a report');
    if (s.status === 'submitted')
      throw new RuleError('conflict', `obligation ${s.id} already has a report awaiting review`);
    this.checkIdempotency(cmd);
    if (typeof cmd.summary !== 'string' || cmd.summary.trim() === '')
      throw new RuleError('invalid', 'summary must not be empty');
    if (cmd.documentUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(cmd.documentUrl))
      throw new RuleError('invalid', 'documentUrl must be an http(s) URL');
  }

  submit(cmd: SubmitReportCommand, now: number): void {
    const s = this.state;
    s.submissions.push({
      seat: cmd.seat,
      by: cmd.by,
      ...(cmd.actingAs ? { actingAs: cmd.actingAs } : {}),
      summary: cmd.summary,
      documentUrl: cmd.documentUrl ?? null,
      at: iso(now),
      dueAt: s.dueAt,
      late: isPastDue(this.dueAtMs, now),
    });
    s.status = 'submitted';
    s.overdueSince = null;
    this.remember(cmd);
  }

  checkReview(cmd: ReviewReportCommand, now: number): void {
    const s = this.state;
    this.checkOpen('review a report');
    if (s.status !== 'submitted')
      throw new RuleError('conflict', `obligation ${s.id} has no report awaiting review (it is ${s.status})`);
    this.checkIdempotency(cmd);
    if (typeof cmd.accepted !== 'boolean') throw new RuleError('invalid', 'accepted must be true or false');
    if (cmd.accepted) {
      if (cmd.newDueAt !== undefined) throw new RuleError('invalid', 'newDueAt applies only when rejecting');
      return;
    }
    if (typeof cmd.comment !== 'string' || cmd.comment.trim() === '')
      throw new RuleError('invalid', 'comment must say why the report is rejected');
    if (cmd.newDueAt === undefined)
      throw new RuleError(
        'invalid',
        'newDueAt is required when rejecting (the due date for the resubmission)',
      );
    const to = parseTimestamp(cmd.newDueAt);
    if (Number.isNaN(to)) throw new RuleError('invalid', 'newDueAt must be an ISO 8601 timestamp');
    if (to <= now) throw new RuleError('refused', 'newDueAt must be in the future');
  }

  review(cmd: ReviewReportCommand, now: number): void {
    const s = this.state;
    const newDueAt = cmd.accepted || cmd.newDueAt === undefined ? null : iso(parseTimestamp(cmd.newDueAt));
    s.reviews.push({
      accepted: cmd.accepted,
      comment: cmd.comment ?? '',
      by: cmd.by,
      at: iso(now),
      newDueAt,
    });
    if (newDueAt === null) {
      s.status = 'accepted';
      s.closedAt = iso(now);
    } else {
      s.status = 'pending';
      s.dueAt = newDueAt;
      s.dueSince = iso(now);
    }
    this.remember(cmd);
  }

  checkExtension(cmd: ExtendObligationCommand, now: number): void {
    const s = this.state;
    this.checkOpen('extend it');
    this.checkIdempotency(cmd);
    if (typeof cmd.reason !== 'string' || cmd.reason.trim() === '')
      throw new RuleError('invalid', 'reason must not be empty');
    const to = parseTimestamp(cmd.dueAt);
    if (Number.isNaN(to)) throw new RuleError('invalid', 'dueAt must be an ISO 8601 timestamp');
    if (to <= this.dueAtMs)
      throw new RuleError('refused', `an extension must move the due date later than ${s.dueAt}`);
    if (to <= now) throw new RuleError('refused', 'an extension must move the due date into the future');
  }

  extend(cmd: ExtendObligationCommand, now: number): void {
    const s = this.state;
    const to = iso(parseTimestamp(cmd.dueAt));
    s.extensions.push({ from: s.dueAt, to, reason: cmd.reason, by: cmd.by, at: iso(now) });
    s.dueAt = to;
    s.dueSince = iso(now);
    if (s.status === 'overdue') {
      s.status = 'pending';
      s.overdueSince = null;
    }
    this.remember(cmd);
  }

  checkWaiver(cmd: WaiveObligationCommand, _now: number): void {
    this.checkOpen('waive it');
    this.checkIdempotency(cmd);
    if (typeof cmd.reason !== 'string' || cmd.reason.trim() === '')
      throw new RuleError('invalid', 'reason must not be empty');
  }

  waive(cmd: WaiveObligationCommand, now: number): void {
    const s = this.state;
    s.waiver = { reason: cmd.reason, by: cmd.by, at: iso(now) };
    s.status = 'waived';
    s.closedAt = iso(now);
    s.overdueSince = null;
    this.remember(cmd);
  }

  private checkOpen(action: string): void {
    if (this.isFinished)
      throw new RuleError(
        'conflict',
        `obligation ${this.state.id} is ${this.state.status}; cannot ${action}`,
      );
  }

  /** Every accepted write may change whether the seat is awaited. */
  protected override remember(cmd: KeyedWrite): void {
    super.remember(cmd);
    this.state.awaiting = this.awaitingReport ? [this.state.seat] : [];
  }
}

/** The record of an obligation just opened. */
function openingState(input: ObligationInput, now: number): ObligationState {
  const dueAt = iso(parseTimestamp(input.dueAt));
  return {
    id: input.id,
    title: input.title,
    seat: input.seat,
    status: 'pending',
    dueAt,
    originalDueAt: dueAt,
    dueSince: iso(now),
    remindBefore: [...input.remindBefore],
    escalateAfter: input.escalateAfter ?? null,
    escalateEvery: input.escalateEvery ?? null,
    notify: [...(input.notify ?? [])],
    awaiting: [input.seat],
    reminders: [],
    escalations: [],
    submissions: [],
    reviews: [],
    extensions: [],
    waiver: null,
    overdueSince: null,
    openedAt: iso(now),
    openedBy: input.openedBy,
    closedAt: null,
    parentId: input.parentId ?? null,
    reportKind: input.reportKind ?? null,
    notifyWorkflowId: input.notifyWorkflowId ?? null,
    idempotency: {},
  };
}
