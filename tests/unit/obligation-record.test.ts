/** The reporting obligation's pure state machine: transitions, checks and their kinds, notices. */
import { checkObligationInput, ObligationRecord } from '../../workflows/reporting/obligation-record';
import type { ObligationInput } from '../../workflows/reporting/obligation.types';
import { RuleError, type RuleErrorKind } from '../../workflows/rules/rule-error';

const DAY = 86_400_000;
const t0 = Date.parse('2027-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const input = (over: Partial<ObligationInput> = {}): ObligationInput => ({
  id: 'rob-1',
  title: 'Annual report',
  seat: 'DE',
  dueAt: iso(t0 + 30 * DAY),
  remindBefore: ['P14D', 'P3D'],
  escalateAfter: 'P1D',
  escalateEvery: 'P7D',
  notify: ['FR'],
  openedBy: 'sofia',
  ...over,
});

function refusedAs(kind: RuleErrorKind, check: () => void, message?: RegExp): void {
  let error: unknown;
  try {
    check();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RuleError);
  expect((error as RuleError).kind).toBe(kind);
  if (message) expect((error as RuleError).message).toMatch(message);
}

test('opens pending, awaiting the owing seat, with nothing sent', () => {
  const r = new ObligationRecord(input(), t0);
  expect(r.view()).toMatchObject({
    status: 'pending',
    awaiting: ['DE'],
    dueAt: iso(t0 + 30 * DAY),
    originalDueAt: iso(t0 + 30 * DAY),
    dueSince: iso(t0),
    reminders: [],
    escalations: [],
  });
  expect(r.wakeAt(t0)).toBe(t0 + 16 * DAY);
});

test('input checks name the field', () => {
  refusedAs('invalid', () => checkObligationInput(input({ dueAt: 'tomorrow' })), /^dueAt must be/);
  refusedAs('invalid', () => checkObligationInput(input({ title: ' ' })), /^title/);
  refusedAs('invalid', () => checkObligationInput(input({ escalateAfter: 'P0D' })), /^escalateAfter/);
  expect(() => checkObligationInput(input())).not.toThrow();
});

test('overdue at the due date; the notice plan and recipients follow the state', () => {
  const r = new ObligationRecord(input(), t0);
  const reminder = r.nextNotice(t0)!;
  expect(reminder).toMatchObject({ kind: 'reminder', offset: 'P14D' });
  expect(r.recipients(reminder)).toEqual(['DE', 'FR']);
  r.recordNotice(reminder, ['DE', 'FR'], reminder.at + 5);
  expect(r.view().reminders[0]).toMatchObject({ at: iso(reminder.at + 5), scheduledFor: iso(reminder.at) });
  r.tick(t0 + 30 * DAY - 1);
  expect(r.current.status).toBe('pending');
  r.tick(t0 + 30 * DAY);
  expect(r.view()).toMatchObject({ status: 'overdue', overdueSince: iso(t0 + 30 * DAY), awaiting: ['DE'] });
  const escalation = r.nextNotice(t0 + 30 * DAY)!;
  expect(escalation).toMatchObject({ kind: 'escalation', sequence: 1, at: t0 + 31 * DAY });
  expect(r.recipients(escalation)).toEqual(['DE', 'secretariat', 'FR']);
});

test('submit → reject with a new due date → pending again; resubmit → accept', () => {
  const r = new ObligationRecord(input(), t0);
  const now = t0 + 31 * DAY;
  r.tick(now);
  r.checkSubmission({ seat: 'DE', by: 'anna', summary: 'Report' }, now);
  r.submit({ seat: 'DE', by: 'anna', summary: 'Report' }, now);
  expect(r.view()).toMatchObject({ status: 'submitted', awaiting: [], overdueSince: null });
  expect(r.view().submissions[0].late).toBe(true);
  expect(r.nextNotice(now)).toBeNull(); // nothing is sent while the report awaits review
  expect(r.wakeAt(now)).toBeNull();
  refusedAs(
    'invalid',
    () => r.checkReview({ accepted: false, comment: 'no', by: 's' }, now),
    /newDueAt is required/,
  );
  refusedAs(
    'refused',
    () => r.checkReview({ accepted: false, comment: 'no', by: 's', newDueAt: iso(now - 1) }, now),
    /future/,
  );
  r.review({ accepted: false, comment: 'Annex missing', by: 's', newDueAt: iso(now + 10 * DAY) }, now);
  expect(r.view()).toMatchObject({
    status: 'pending',
    dueAt: iso(now + 10 * DAY),
    dueSince: iso(now),
    awaiting: ['DE'],
  });
  // The new due date's reminders: P14D is already past when it was set, P3D is next.
  expect(r.nextNotice(now)).toMatchObject({ offset: 'P3D', at: now + 7 * DAY });
  r.submit({ seat: 'DE', by: 'bernd', summary: 'Complete' }, now + DAY);
  r.checkReview({ accepted: true, comment: '', by: 's' }, now + DAY);
  r.review({ accepted: true, comment: '', by: 's' }, now + DAY);
  expect(r.isFinished).toBe(true);
  expect(r.view()).toMatchObject({ status: 'accepted', closedAt: iso(now + DAY), awaiting: [] });
  refusedAs('conflict', () => r.checkSubmission({ seat: 'DE', by: 'a', summary: 'x' }, now), /is accepted/);
  refusedAs('conflict', () => r.checkWaiver({ reason: 'x', by: 's' }, now));
});

test('checks: wrong seat 403 first, a second report 409, reviews only of a submitted report', () => {
  const r = new ObligationRecord(input(), t0);
  refusedAs('forbidden', () => r.checkSubmission({ seat: 'FR', by: 'c', summary: 'x' }, t0), /only seat DE/);
  refusedAs(
    'conflict',
    () => r.checkReview({ accepted: true, comment: '', by: 's' }, t0),
    /no report awaiting review/,
  );
  r.submit({ seat: 'DE', by: 'a', summary: 'x' }, t0);
  refusedAs(
    'conflict',
    () => r.checkSubmission({ seat: 'DE', by: 'a', summary: 'y' }, t0),
    /already has a report/,
  );
  refusedAs(
    'invalid',
    () => r.checkReview({ accepted: true, comment: '', by: 's', newDueAt: iso(t0 + DAY) }, t0),
    /only when rejecting/,
  );
});

test('extension: later only, into the future; an overdue obligation becomes pending', () => {
  const r = new ObligationRecord(input(), t0);
  const now = t0 + 32 * DAY;
  r.tick(now);
  refusedAs(
    'refused',
    () => r.checkExtension({ dueAt: iso(t0 + 20 * DAY), reason: 'x', by: 's' }, now),
    /later than/,
  );
  refusedAs(
    'refused',
    () => r.checkExtension({ dueAt: iso(t0 + 31 * DAY), reason: 'x', by: 's' }, now),
    /future/,
  );
  refusedAs('invalid', () => r.checkExtension({ dueAt: 'soon', reason: 'x', by: 's' }, now), /dueAt must be/);
  refusedAs(
    'invalid',
    () => r.checkExtension({ dueAt: iso(t0 + 60 * DAY), reason: '', by: 's' }, now),
    /reason/,
  );
  r.extend({ dueAt: iso(t0 + 60 * DAY), reason: 'Elections', by: 's' }, now);
  expect(r.view()).toMatchObject({ status: 'pending', overdueSince: null, dueAt: iso(t0 + 60 * DAY) });
  expect(r.view().extensions).toEqual([
    { from: iso(t0 + 30 * DAY), to: iso(t0 + 60 * DAY), reason: 'Elections', by: 's', at: iso(now) },
  ]);
  expect(r.nextNotice(now)).toMatchObject({ offset: 'P14D', at: t0 + 46 * DAY });
});

test('waiver ends it; a reused Idempotency-Key with another request is refused', () => {
  const r = new ObligationRecord(input(), t0);
  r.extend({ dueAt: iso(t0 + 40 * DAY), reason: 'a', by: 's', idempotencyKey: 'k', requestHash: 'h1' }, t0);
  refusedAs(
    'refused',
    () => r.checkWaiver({ reason: 'b', by: 's', idempotencyKey: 'k', requestHash: 'h2' }, t0),
    /Idempotency-Key/,
  );
  r.waive({ reason: 'Dissolved', by: 's' }, t0 + DAY);
  expect(r.view()).toMatchObject({ status: 'waived', waiver: { reason: 'Dissolved' }, awaiting: [] });
  expect(r.nextNotice(t0 + 50 * DAY)).toBeNull();
  expect(r.view().idempotency).toEqual({ k: 'h1' });
});
