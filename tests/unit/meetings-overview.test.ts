/** The managers' meetings section (src/meetings/meetings-overview.ts), over records built by MeetingRecord. */
import { meetingsOverview } from '../../src/meetings/meetings-overview';
import { MeetingRecord } from '../../workflows/meetings/meeting-record';
import type { MeetingInput } from '../../workflows/meetings/meeting.types';

const day = 86_400_000;
const now = Date.parse('2027-03-01T12:00:00.000Z');

function meeting(id: string, startsAt: number): MeetingRecord {
  const input: MeetingInput = {
    id,
    title: `Meeting ${id}`,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 3_600_000).toISOString(),
    place: 'Brussels',
    agenda: [{ title: 'Budget', kind: 'discussion' }],
    board: {
      seats: [
        { code: 'AT', name: 'Austria', kind: 'member-state', voting: true },
        { code: 'BE', name: 'Belgium', kind: 'member-state', voting: true },
      ],
      chair: null,
      defaults: { rule: 'simple', quorum: null },
      agendaFreezeDays: 10,
      attendanceQuorum: 0.5,
    },
    holders: [
      { seat: 'AT', member: 'anna', alternate: null },
      { seat: 'BE', member: 'bart', alternate: null },
    ],
    convenedBy: 'sec',
  };
  return new MeetingRecord(input, startsAt - 30 * day);
}

/** A meeting held at `start` with one pending action due `due`, closed an hour later. */
function held(id: string, start: number, due: number): MeetingRecord {
  const r = meeting(id, start);
  r.open({ by: 'sec' }, start);
  r.agreeAction(
    {
      by: 'sec',
      text: 'Circulate the paper',
      ownerSeat: 'BE',
      dueAt: new Date(due).toISOString(),
      followUp: 'pending-action',
    },
    start + 60_000,
  );
  r.close({ by: 'sec' }, start + 3_600_000);
  return r;
}

test('lists meetings ahead soonest first with their unanswered invitations, and counts them', () => {
  const later = meeting('mtg-later', now + 20 * day);
  const sooner = meeting('mtg-sooner', now + 5 * day);
  sooner.answer({ by: 'anna', seat: 'AT', answer: 'online' }, now - day);
  const cancelled = meeting('mtg-off', now + 3 * day);
  cancelled.cancel({ by: 'sec', reason: 'no quorum' }, now - day);
  const o = meetingsOverview([later.view(), cancelled.view(), sooner.view()], now);
  expect(o.upcoming.map((m) => [m.id, m.awaitingAnswers])).toEqual([
    ['mtg-sooner', ['BE']],
    ['mtg-later', ['AT', 'BE']],
  ]);
  expect(o.unansweredInvitations).toBe(3);
  expect(o.minutesAwaitingApproval).toEqual([]);
});

test('minutes not yet approved are listed with their stage; open actions soonest due first, overdue marked', () => {
  const a = held('mtg-a', now - 20 * day, now - day);
  const b = held('mtg-b', now - 10 * day, now + 10 * day);
  b.approveByWrittenProcedure({ by: 'sec', closesAt: new Date(now + 5 * day).toISOString() }, now - 9 * day);
  b.completeAction({ by: 'sec', n: 1 }, now - 9 * day);
  const o = meetingsOverview([b.view(), a.view()], now);
  expect(o.minutesAwaitingApproval).toEqual([
    expect.objectContaining({ id: 'mtg-a', stage: 'draft', approvalDecision: null }),
    expect.objectContaining({ id: 'mtg-b', stage: 'written-procedure', approvalDecision: 'dec-mtg-b-m1' }),
  ]);
  expect(o.openActions).toEqual([
    expect.objectContaining({ meetingId: 'mtg-a', n: 1, ownerSeat: 'BE', overdue: true }),
  ]);
  expect(o.upcoming).toEqual([]);
});
