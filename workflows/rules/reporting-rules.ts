/**
 * When a reporting obligation tells whom what (docs/domain.md, "What the Board does"): reminders before the due
 * date, escalations after it, all recomputed from the current due date, so an extension or a
 * new due date after a rejected report moves every later notice. Pure: the caller passes the
 * time (workflow time in the workflow), so unit tests and the workflow share it.
 */
import { addDuration, isPositiveDuration, subtractDuration } from './durations';
import { RuleError } from './rule-error';

/** Escalations are generated lazily; this bounds the search for the next one. */
const MAX_ESCALATIONS = 100_000;

/** What decides the notices of one due date. Times are epoch milliseconds. */
export interface NoticePlan {
  obligationId: string;
  /** The current due date. */
  dueAt: number;
  /** When this due date took effect (opening, extension, new due date after a rejection). */
  since: number;
  /** Reminders this long before the due date, e.g. ['P14D', 'P3D']. */
  remindBefore: readonly string[];
  /** First escalation this long after the due date; no escalation when absent. */
  escalateAfter?: string | null;
  /** Then one more every this long, until the report comes; a single escalation when absent. */
  escalateEvery?: string | null;
}

/** One notice the obligation will send, with its stable idempotency key. */
export interface PlannedNotice {
  kind: 'reminder' | 'escalation';
  /** When it is due, epoch ms. */
  at: number;
  /** Reminders: the offset before the due date (`P3D`). */
  offset?: string;
  /** Escalations: 1 for the first, 2 for the next ... */
  sequence?: number;
  /** Stable per obligation, due date and notice: never sent twice. */
  key: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The key of a reminder: one per obligation, due date and offset. */
export function reminderKey(obligationId: string, dueAt: number, offset: string): string {
  return `${obligationId}:reminder:${iso(dueAt)}:${offset}`;
}

/** The key of an escalation: one per obligation, due date and sequence number. */
export function escalationKey(obligationId: string, dueAt: number, sequence: number): string {
  return `${obligationId}:escalation:${iso(dueAt)}:${sequence}`;
}

/** Checks the spans of an obligation; throws a RuleError naming the bad field. */
export function checkNoticeSpans(spans: {
  remindBefore: readonly string[];
  escalateAfter?: string | null;
  escalateEvery?: string | null;
}): void {
  spans.remindBefore.forEach((offset, i) => {
    if (typeof offset !== 'string' || !isPositiveDuration(offset))
      throw new RuleError('invalid', `remindBefore[${i}] must be a positive ISO 8601 duration such as P14D`);
  });
  if (new Set(spans.remindBefore).size !== spans.remindBefore.length)
    throw new RuleError('invalid', 'remindBefore must not repeat a duration');
  if (spans.escalateAfter != null && !isPositiveDuration(spans.escalateAfter))
    throw new RuleError('invalid', 'escalateAfter must be a positive ISO 8601 duration such as P1D');
  if (spans.escalateEvery != null) {
    if (!isPositiveDuration(spans.escalateEvery))
      throw new RuleError('invalid', 'escalateEvery must be a positive ISO 8601 duration such as P7D');
    if (spans.escalateAfter == null)
      throw new RuleError('invalid', 'escalateEvery needs escalateAfter (when the first escalation goes)');
  }
}

/** Reminders of a due date, earliest first (their time may already be past). */
export function reminderSchedule(plan: NoticePlan): PlannedNotice[] {
  return plan.remindBefore
    .map((offset) => ({
      kind: 'reminder' as const,
      at: subtractDuration(plan.dueAt, offset),
      offset,
      key: reminderKey(plan.obligationId, plan.dueAt, offset),
    }))
    .sort((a, b) => a.at - b.at);
}

/**
 * The time of the `sequence`-th escalation (1-based): the first `escalateAfter` after the due
 * date, each next `escalateEvery` after the one before. Null when there is no such escalation.
 */
export function escalationTime(plan: NoticePlan, sequence: number): number | null {
  if (!plan.escalateAfter || sequence < 1) return null;
  if (sequence > 1 && !plan.escalateEvery) return null;
  let at = addDuration(plan.dueAt, plan.escalateAfter);
  for (let n = 2; n <= sequence; n++) at = addDuration(at, plan.escalateEvery as string);
  return at;
}

/** The escalation numbered `sequence`, or null when the plan has none. */
export function escalationNotice(plan: NoticePlan, sequence: number): PlannedNotice | null {
  const at = escalationTime(plan, sequence);
  if (at === null) return null;
  return { kind: 'escalation', at, sequence, key: escalationKey(plan.obligationId, plan.dueAt, sequence) };
}

/** Overdue: the due date has come and no report is in (the caller knows whether one is). */
export function isPastDue(dueAt: number, now: number): boolean {
  return now >= dueAt;
}

/**
 * The next notice to send while the owing seat is still to report, whether its time has come
 * or not; null when nothing more will be sent for this due date. Rules:
 * - notices timed before `since` are never sent (that past belongs to the previous due date, or
 *   to before the obligation was opened);
 * - reminders are sent only before the due date (one that comes due after it is dropped);
 * - escalations follow in sequence; each key is sent at most once (`sent`).
 */
export function nextNotice(plan: NoticePlan, sent: ReadonlySet<string>, now: number): PlannedNotice | null {
  if (!isPastDue(plan.dueAt, now)) {
    const reminder = reminderSchedule(plan).find(
      (r) => r.at >= plan.since && r.at < plan.dueAt && !sent.has(r.key),
    );
    if (reminder) return reminder;
  }
  for (let sequence = 1; sequence <= MAX_ESCALATIONS; sequence++) {
    const escalation = escalationNotice(plan, sequence);
    if (!escalation) return null;
    if (escalation.at >= plan.since && !sent.has(escalation.key)) return escalation;
  }
  return null;
}

/** The notices whose time has come and that are not yet sent, in order (for catching up). */
export function dueNotices(plan: NoticePlan, sent: ReadonlySet<string>, now: number): PlannedNotice[] {
  const out: PlannedNotice[] = [];
  const seen = new Set(sent);
  for (;;) {
    const notice = nextNotice(plan, seen, now);
    if (!notice || notice.at > now) return out;
    out.push(notice);
    seen.add(notice.key);
  }
}
