/** Reminder and escalation times, keys, and catching up, recomputed from the current due date. */
import {
  checkNoticeSpans,
  dueNotices,
  escalationKey,
  escalationTime,
  isPastDue,
  nextNotice,
  reminderKey,
  reminderSchedule,
  type NoticePlan,
} from '../../workflows/rules/reporting-rules';
import { RuleError } from '../../workflows/rules/rule-error';
import { compactTime, periodObligationId } from '../../workflows/ids';

const DAY = 86_400_000;
const due = Date.parse('2027-03-31T12:00:00Z');
const plan = (over: Partial<NoticePlan> = {}): NoticePlan => ({
  obligationId: 'rob-1',
  dueAt: due,
  since: due - 60 * DAY,
  remindBefore: ['P3D', 'P14D'],
  escalateAfter: 'P1D',
  escalateEvery: 'P7D',
  ...over,
});

test('reminders are due minus each offset, earliest first, with stable keys', () => {
  expect(reminderSchedule(plan())).toEqual([
    {
      kind: 'reminder',
      at: due - 14 * DAY,
      offset: 'P14D',
      key: 'rob-1:reminder:2027-03-31T12:00:00.000Z:P14D',
    },
    {
      kind: 'reminder',
      at: due - 3 * DAY,
      offset: 'P3D',
      key: 'rob-1:reminder:2027-03-31T12:00:00.000Z:P3D',
    },
  ]);
  expect(reminderKey('x', due, 'PT2S')).toBe('x:reminder:2027-03-31T12:00:00.000Z:PT2S');
});

test('escalations: first escalateAfter past due, then every escalateEvery; once without escalateEvery', () => {
  expect(escalationTime(plan(), 1)).toBe(due + DAY);
  expect(escalationTime(plan(), 2)).toBe(due + 8 * DAY);
  expect(escalationTime(plan(), 4)).toBe(due + 22 * DAY);
  expect(escalationTime(plan({ escalateEvery: null }), 1)).toBe(due + DAY);
  expect(escalationTime(plan({ escalateEvery: null }), 2)).toBeNull();
  expect(escalationTime(plan({ escalateAfter: null, escalateEvery: null }), 1)).toBeNull();
  expect(escalationKey('rob-1', due, 3)).toBe('rob-1:escalation:2027-03-31T12:00:00.000Z:3');
});

test('calendar units count from the due date (P1M after 31 March)', () => {
  expect(new Date(escalationTime(plan({ escalateAfter: 'P1M' }), 1) as number).toISOString()).toBe(
    '2027-05-01T12:00:00.000Z',
  );
});

test('the next notice walks reminders, then escalations, skipping what was sent', () => {
  const sent = new Set<string>();
  const p = plan();
  const order: string[] = [];
  let now = p.since;
  for (let i = 0; i < 5; i++) {
    const n = nextNotice(p, sent, now);
    expect(n).not.toBeNull();
    order.push(`${n!.kind}@${(n!.at - due) / DAY}`);
    sent.add(n!.key);
    now = n!.at;
  }
  expect(order).toEqual(['reminder@-14', 'reminder@-3', 'escalation@1', 'escalation@8', 'escalation@15']);
});

test('notices timed before the due date took effect are never sent (extension, late opening)', () => {
  // Opened 10 days before due: the P14D reminder's time had passed.
  const p = plan({ since: due - 10 * DAY });
  expect(nextNotice(p, new Set(), p.since)?.offset).toBe('P3D');
  // Extended on day -2 to a date 20 days later: both reminders of the new date are still to come.
  const q = plan({ dueAt: due + 20 * DAY, since: due - 2 * DAY });
  expect(nextNotice(q, new Set(), q.since)).toMatchObject({ offset: 'P14D', at: due + 6 * DAY });
});

test('reminders are dropped once the due date has passed (a worker that was down)', () => {
  const p = plan();
  expect(nextNotice(p, new Set(), due + 2 * DAY)).toMatchObject({ kind: 'escalation', sequence: 1 });
  expect(dueNotices(p, new Set(), due + 9 * DAY).map((n) => n.sequence)).toEqual([1, 2]);
  expect(dueNotices(p, new Set(), due - 4 * DAY).map((n) => n.offset)).toEqual(['P14D']);
});

test('nothing more once every notice went out and there is no repetition', () => {
  const p = plan({ escalateEvery: null, remindBefore: [] });
  const first = nextNotice(p, new Set(), due)!;
  expect(first.sequence).toBe(1);
  expect(nextNotice(p, new Set([first.key]), due + 5 * DAY)).toBeNull();
});

test('overdue from the due date on', () => {
  expect(isPastDue(due, due - 1)).toBe(false);
  expect(isPastDue(due, due)).toBe(true);
});

test('span checks name the field', () => {
  const err = (spans: Parameters<typeof checkNoticeSpans>[0]) => {
    try {
      checkNoticeSpans(spans);
    } catch (e) {
      expect(e).toBeInstanceOf(RuleError);
      return (e as Error).message;
    }
    return null;
  };
  expect(err({ remindBefore: ['P14D', 'P3D'], escalateAfter: 'P1D', escalateEvery: 'P7D' })).toBeNull();
  expect(err({ remindBefore: ['P14D', 'nope'] })).toMatch(/^remindBefore\[1\]/);
  expect(err({ remindBefore: ['P3D', 'P3D'] })).toMatch(/must not repeat/);
  expect(err({ remindBefore: [], escalateAfter: 'P0D' })).toMatch(/^escalateAfter/);
  expect(err({ remindBefore: [], escalateEvery: 'P7D' })).toMatch(/escalateEvery needs escalateAfter/);
});

test('period obligation ids derive from the schedule, the scheduled time and the seat', () => {
  const at = Date.parse('2027-03-31T00:00:00Z');
  expect(compactTime(at)).toBe('20270331T000000Z');
  expect(periodObligationId('rsc-abc', at, 'DE')).toBe('rob-rsc-abc-20270331T000000Z-DE');
});
