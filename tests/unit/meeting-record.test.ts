/**
 * Unit tests for the pure record of one board meeting (workflows/meetings/meeting-record.ts) and
 * its draft minutes (meeting-minutes.ts). Time is always passed explicitly, in ms.
 */
import { MeetingRecord, checkMeetingInput } from '../../workflows/meetings/meeting-record';
import type {
  MeetingBoard,
  MeetingInput,
  RecordAttendanceCommand,
} from '../../workflows/meetings/meeting.types';
import { RuleError, type RuleErrorKind } from '../../workflows/rules/rule-error';

const day = 86_400_000;
const STARTS = '2027-03-10T09:00:00.000Z';
const start = Date.parse(STARTS);
const convened = start - 90 * day;

const board: MeetingBoard = {
  seats: [
    { code: 'AT', name: 'Austria', kind: 'member-state', voting: true },
    { code: 'BE', name: 'Belgium', kind: 'member-state', voting: true },
    { code: 'DE', name: 'Germany', kind: 'member-state', voting: true },
    { code: 'COM1', name: 'Commission', kind: 'commission', voting: true },
    { code: 'IS', name: 'Iceland', kind: 'schengen-associated', voting: false },
    { code: 'UNHCR', name: 'UNHCR', kind: 'observer', voting: false },
    { code: 'IOM', name: 'IOM', kind: 'observer', voting: false },
  ],
  chair: 'COM1',
  defaults: { rule: 'absolute', quorum: null },
  agendaFreezeDays: 10,
  attendanceQuorum: 0.5,
};

const holders = [
  { seat: 'AT', member: 'anna', alternate: 'karl' },
  { seat: 'BE', member: 'bart', alternate: 'berta' },
  { seat: 'DE', member: 'dirk', alternate: null },
  { seat: 'COM1', member: 'chair', alternate: null },
  { seat: 'IS', member: 'inga', alternate: null },
];

function input(overrides: Partial<MeetingInput> = {}): MeetingInput {
  return {
    id: 'mtg-spring',
    title: 'Spring meeting of the Board',
    startsAt: STARTS,
    endsAt: '2027-03-10T16:00:00.000Z',
    place: 'Brussels, room 2',
    agenda: [
      { title: 'Adoption of the agenda', kind: 'information' },
      {
        title: 'Ad hoc action: Western Balkans',
        kind: 'decision',
        text: 'The Board agrees the action.',
        documents: [{ title: 'Proposal', url: 'https://docs.example/p.pdf' }],
        observers: ['UNHCR'],
      },
      { title: 'Budget line', kind: 'decision', recused: ['DE'] },
    ],
    board,
    holders,
    convenedBy: 'sec',
    ...overrides,
  };
}

function refusal(fn: () => unknown): RuleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RuleError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
const kindOf = (fn: () => unknown): RuleErrorKind => refusal(fn).kind;

const attendance = (present: RecordAttendanceCommand['present']): RecordAttendanceCommand => ({
  by: 'sec',
  present,
  holders,
});

/** A meeting opened at its start with AT (member), BE (alternate), COM1 and IS present. */
function inSession(): MeetingRecord {
  const r = new MeetingRecord(input(), convened);
  r.open({ by: 'sec' }, start);
  r.recordAttendance(
    attendance([
      { seat: 'AT', personId: 'anna', capacity: 'member', mode: 'in-person' },
      { seat: 'BE', personId: 'berta', capacity: 'alternate', mode: 'online' },
      { seat: 'COM1', personId: 'chair', capacity: 'member', mode: 'in-person' },
      { seat: 'IS', personId: 'inga', capacity: 'member', mode: 'in-person' },
    ]),
    start + 60_000,
  );
  return r;
}

describe('convening', () => {
  it('invites every seat and the observers invited for an item, and awaits their answers', () => {
    const s = new MeetingRecord(input(), convened).current;
    expect(s.status).toBe('convened');
    expect(s.invitedSeats).toEqual(['AT', 'BE', 'DE', 'COM1', 'IS', 'UNHCR']);
    expect(s.awaitingAnswers).toEqual(s.invitedSeats);
    expect(s.agendaFrozenAt).toBe('2027-02-28T09:00:00.000Z');
    expect(s.agenda.map((i) => [i.n, i.status])).toEqual([
      [1, 'pending'],
      [2, 'pending'],
      [3, 'pending'],
    ]);
  });

  it('refuses a meeting in the past, without a place or link, or with a bad agenda, naming the field', () => {
    expect(refusal(() => checkMeetingInput(input(), start + 1)).message).toBe(
      'startsAt must be in the future',
    );
    expect(refusal(() => checkMeetingInput(input({ place: undefined }), convened)).message).toBe(
      'a meeting needs a place or an online link',
    );
    expect(
      refusal(() =>
        checkMeetingInput(input({ agenda: [{ title: 'x', kind: 'decision', observers: ['IS'] }] }), convened),
      ).message,
    ).toBe('agenda[0].observers: IS is not an observer seat of the board');
    expect(
      refusal(() =>
        checkMeetingInput(input({ agenda: [{ title: 'x', kind: 'information', rule: 'simple' }] }), convened),
      ).message,
    ).toBe('agenda[0]: a rule or recusals apply to voted items only');
    expect(
      refusal(() =>
        checkMeetingInput(input({ agenda: [{ title: 'x', kind: 'minutes-approval' }] }), convened),
      ).message,
    ).toBe('agenda[0].minutesOf must name an earlier meeting');
  });
});

describe('before the meeting', () => {
  it('records answers and stops awaiting a seat once it answered', () => {
    const r = new MeetingRecord(input(), convened);
    r.answer({ by: 'karl', seat: 'AT', answer: 'alternate' }, convened + day);
    expect(r.current.awaitingAnswers).not.toContain('AT');
    expect(kindOf(() => r.answer({ by: 'dirk', seat: 'DE', answer: 'alternate' }, convened))).toBe('refused');
    expect(kindOf(() => r.answer({ by: 'x', seat: 'IOM', answer: 'online' }, convened))).toBe('not-found');
  });

  it('changes the agenda freely before the freeze, with a reason after it, and keeps the changes', () => {
    const r = new MeetingRecord(input(), convened);
    const agenda = r.current.agenda.map((i) => ({
      ...i,
      presenter: i.presenter ?? undefined,
      text: i.text ?? undefined,
      rule: i.rule ?? undefined,
      minutesOf: undefined,
    }));
    r.changeAgenda({ by: 'sec', items: [agenda[1], agenda[0]] }, convened + day);
    expect(r.current.agenda.map((i) => i.n)).toEqual([2, 1]);
    expect(r.current.agendaChanges[0]).toMatchObject({
      summary: 'removed Budget line',
      reason: null,
      afterFreeze: false,
    });
    const late = start - 5 * day;
    expect(kindOf(() => r.changeAgenda({ by: 'sec', items: [agenda[0]] }, late))).toBe('refused');
    r.changeAgenda(
      { by: 'sec', items: [agenda[0], { title: 'Urgent', kind: 'discussion' }], reason: 'urgent' },
      late,
    );
    expect(r.current.agenda.map((i) => [i.n, i.title])).toEqual([
      [1, 'Adoption of the agenda'],
      [4, 'Urgent'],
    ]);
    expect(r.current.agendaChanges[1]).toMatchObject({ reason: 'urgent', afterFreeze: true });
    // UNHCR was invited only for the item removed.
    expect(r.current.invitedSeats).not.toContain('UNHCR');
  });

  it('moves the meeting: SEQUENCE rises, the freeze follows, and every seat answers again', () => {
    const r = new MeetingRecord(input(), convened);
    r.answer({ by: 'anna', seat: 'AT', answer: 'in-person' }, convened + day);
    r.move(
      { by: 'sec', startsAt: '2027-04-07T09:00:00.000Z', endsAt: '2027-04-07T16:00:00.000Z', reason: 'room' },
      convened + 2 * day,
    );
    const s = r.current;
    expect(s.sequence).toBe(1);
    expect(s.agendaFrozenAt).toBe('2027-03-28T09:00:00.000Z');
    expect(s.answers).toEqual([]);
    expect(s.awaitingAnswers).toContain('AT');
    expect(s.moves[0]).toMatchObject({ from: { startsAt: STARTS }, reason: 'room' });
  });

  it('cancels with a reason, raising SEQUENCE once more; nothing else is accepted after', () => {
    const r = new MeetingRecord(input(), convened);
    expect(kindOf(() => r.cancel({ by: 'sec', reason: ' ' }, convened))).toBe('invalid');
    r.cancel({ by: 'sec', reason: 'no quorum expected' }, convened);
    expect(r.current).toMatchObject({ status: 'cancelled', sequence: 1, awaitingAnswers: [] });
    expect(r.isFinished).toBe(true);
    expect(kindOf(() => r.open({ by: 'sec' }, start))).toBe('conflict');
  });
});

describe('in session', () => {
  it('opens at most an hour before the start', () => {
    const r = new MeetingRecord(input(), convened);
    expect(kindOf(() => r.open({ by: 'sec' }, start - 2 * 3_600_000))).toBe('conflict');
    r.open({ by: 'sec' }, start - 30 * 60_000);
    expect(r.current.status).toBe('in-session');
  });

  it('computes the attendance quorum from the voting seats present', () => {
    const r = inSession();
    expect(r.current.quorum).toEqual({ required: 2, present: 3, met: true });
    expect(r.current.presence.find((p) => p.seat === 'BE')).toMatchObject({
      capacity: 'alternate',
      recordedBy: 'sec',
    });
  });

  it('refuses a vote without the attendance quorum', () => {
    const r = new MeetingRecord(input(), convened);
    r.open({ by: 'sec' }, start);
    r.recordAttendance(
      attendance([{ seat: 'AT', personId: 'anna', capacity: 'member', mode: 'online' }]),
      start,
    );
    expect(refusal(() => r.openVote({ by: 'sec', item: 2 }, start)).message).toBe(
      'the attendance quorum is not met (1 voting seats present, 2 required)',
    );
  });

  it('takes ballots from devices and a roll call, each with who recorded it, and tallies by the decision rules', () => {
    const r = inSession();
    r.openVote({ by: 'sec', item: 2 }, start + day / 24);
    expect(kindOf(() => r.openVote({ by: 'sec', item: 3 }, start))).toBe('conflict');
    r.castBallot({ by: 'anna', item: 2, seat: 'AT', castBy: 'anna', choice: 'no', via: 'device' }, start);
    r.castBallot({ by: 'anna', item: 2, seat: 'AT', castBy: 'anna', choice: 'yes', via: 'device' }, start);
    r.castBallot({ by: 'sec', item: 2, seat: 'BE', castBy: 'berta', choice: 'yes', via: 'roll-call' }, start);
    expect(
      kindOf(() =>
        r.castBallot(
          { by: 'dirk', item: 2, seat: 'DE', castBy: 'dirk', choice: 'yes', via: 'device' },
          start,
        ),
      ),
    ).toBe('refused');
    expect(
      kindOf(() =>
        r.castBallot(
          { by: 'anna', item: 2, seat: 'AT', castBy: 'anna', choice: 'object', via: 'device' },
          start,
        ),
      ),
    ).toBe('invalid');
    r.castBallot(
      { by: 'chair', item: 2, seat: 'COM1', castBy: 'chair', choice: 'abstain', via: 'device' },
      start,
    );
    const item = r.closeVote({ by: 'sec', item: 2 }, start + 2 * 3_600_000);
    // Absolute: 2 yes of 4 voting seats is not more than half.
    expect(item.vote).toMatchObject({ outcome: 'rejected', tally: { yes: 2, no: 0, abstain: 1 } });
    expect(item.vote?.ballotHistory).toHaveLength(4);
    expect(item.vote?.ballots.find((b) => b.seat === 'BE')).toMatchObject({
      recordedBy: 'sec',
      via: 'roll-call',
    });
    expect(item.status).toBe('taken');
  });

  it('leaves a recused seat out of the electorate', () => {
    const r = inSession();
    r.recordAttendance(
      attendance([
        { seat: 'AT', personId: 'anna', capacity: 'member', mode: 'in-person' },
        { seat: 'DE', personId: 'dirk', capacity: 'member', mode: 'in-person' },
      ]),
      start,
    );
    r.openVote({ by: 'sec', item: 3 }, start);
    expect(r.current.agenda[2].vote?.electorate).toEqual(['AT', 'BE', 'COM1']);
    expect(
      kindOf(() =>
        r.castBallot(
          { by: 'dirk', item: 3, seat: 'DE', castBy: 'dirk', choice: 'yes', via: 'device' },
          start,
        ),
      ),
    ).toBe('refused');
  });

  it('hears opinions from seats without a vote and the chair, not from voting seats', () => {
    const r = inSession();
    r.addOpinion({ by: 'inga', item: 2, seat: 'IS', text: 'Iceland supports it.' }, start);
    r.addOpinion({ by: 'chair', item: 2, seat: 'COM1', text: 'The chair notes support.' }, start);
    expect(kindOf(() => r.addOpinion({ by: 'anna', item: 2, seat: 'AT', text: 'x' }, start))).toBe('refused');
    expect(r.current.agenda[1].opinions.map((o) => o.seat)).toEqual(['IS', 'COM1']);
  });

  it('defers an item to written procedure under a linked decision id', () => {
    const r = inSession();
    expect(
      r.defer({ by: 'sec', item: 3, reason: 'papers late', closesAt: '2027-03-24T17:00:00.000Z' }, start),
    ).toBe('dec-mtg-spring-i3');
    expect(r.current.agenda[2]).toMatchObject({ status: 'deferred', deferredTo: 'dec-mtg-spring-i3' });
    expect(kindOf(() => r.openVote({ by: 'sec', item: 3 }, start))).toBe('conflict');
  });
});

describe('closing and the minutes', () => {
  function held(): MeetingRecord {
    const r = inSession();
    r.take({ by: 'sec', item: 1, note: 'The agenda was adopted.' });
    r.openVote({ by: 'sec', item: 2 }, start);
    for (const [seat, castBy] of [
      ['AT', 'anna'],
      ['BE', 'berta'],
      ['COM1', 'chair'],
    ])
      r.castBallot({ by: castBy, item: 2, seat, castBy, choice: 'yes', via: 'device' }, start);
    r.addOpinion({ by: 'inga', item: 2, seat: 'IS', text: 'Iceland supports it.' }, start);
    r.closeVote({ by: 'sec', item: 2 }, start);
    r.defer({ by: 'sec', item: 3, reason: 'papers late', closesAt: '2027-03-24T17:00:00.000Z' }, start);
    r.agreeAction(
      {
        by: 'sec',
        text: 'Report on the action',
        ownerSeat: 'AT',
        dueAt: '2027-06-30T00:00:00.000Z',
        item: 2,
        followUp: 'reporting-obligation',
      },
      start,
    );
    r.agreeAction(
      {
        by: 'sec',
        text: 'Circulate the slides',
        ownerSeat: 'COM1',
        dueAt: '2027-03-17T00:00:00.000Z',
        followUp: 'pending-action',
      },
      start,
    );
    return r;
  }

  it('refuses to close while a vote is open', () => {
    const r = inSession();
    r.openVote({ by: 'sec', item: 2 }, start);
    expect(kindOf(() => r.close({ by: 'sec' }, start))).toBe('conflict');
  });

  it('writes draft minutes from the record: attendance, items with outcomes and ballots, opinions, actions', () => {
    const r = held();
    r.close({ by: 'sec' }, start + 6 * 3_600_000);
    const m = r.current.minutes;
    expect(m?.status).toBe('draft');
    expect(m?.text).toBe(
      [
        'Minutes of Spring meeting of the Board',
        '2027-03-10, 09:00-15:00 UTC, Brussels, room 2',
        '',
        'Attendance',
        '- Austria (AT): anna as member, in-person',
        '- Belgium (BE): berta as alternate, online',
        '- Germany (DE): absent',
        '- Commission (COM1): chair as member, in-person',
        '- Iceland (IS): inga as member, in-person',
        '- UNHCR (UNHCR): absent',
        'Quorum: 3 voting seats present, 2 required: met.',
        '',
        'Items',
        '1. Adoption of the agenda (information)',
        '  The agenda was adopted.',
        '2. Ad hoc action: Western Balkans (decision)',
        '  Put to the Board: The Board agrees the action.',
        '  Vote (absolute): Adopted. Yes 3, no 0, abstain 0.',
        '  Ballots:',
        '  - AT: yes, anna',
        '  - BE: yes, berta',
        '  - COM1: yes, chair',
        '  Opinion of IS (inga): Iceland supports it.',
        '  Action 1: Report on the action (owner AT, due 2027-06-30)',
        '3. Budget line (decision)',
        '  Deferred to written procedure dec-mtg-spring-i3.',
        '  Deferred by sec: papers late',
        '',
        'Actions agreed',
        '- Action 2: Circulate the slides (owner COM1, due 2027-03-17)',
        '',
      ].join('\n'),
    );
    expect(r.current.actions[0].obligationId).toBe('rob-mtg-spring-act1');
  });

  it('lets the secretariat edit the draft, then fixes it once approved at a later meeting', () => {
    const r = held();
    r.close({ by: 'sec' }, start);
    r.editMinutes({ by: 'sec', text: 'Edited minutes.' }, start + day);
    expect(r.current.minutes).toMatchObject({ text: 'Edited minutes.', editedBy: 'sec' });
    r.approvedAtMeeting({ meetingId: 'mtg-summer', item: 1, at: '2027-06-01T10:00:00.000Z' });
    expect(r.current.status).toBe('approved');
    expect(r.current.minutes?.approval).toEqual({
      via: 'meeting',
      meetingId: 'mtg-summer',
      item: 1,
      at: '2027-06-01T10:00:00.000Z',
    });
    expect(kindOf(() => r.editMinutes({ by: 'sec', text: 'again' }, start + 2 * day))).toBe('conflict');
    // The pending action is still open, so the meeting goes on until it is done.
    expect(r.isFinished).toBe(false);
    r.completeAction({ by: 'sec', n: 2 }, start + 3 * day);
    expect(r.isFinished).toBe(true);
  });

  it('puts the minutes to written procedure; a rejection returns them to draft, an adoption approves them', () => {
    const r = held();
    r.close({ by: 'sec' }, start);
    expect(r.approveByWrittenProcedure({ by: 'sec', closesAt: '2027-03-20T17:00:00.000Z' }, start)).toBe(
      'dec-mtg-spring-m1',
    );
    expect(kindOf(() => r.editMinutes({ by: 'sec', text: 'x' }, start))).toBe('conflict');
    r.writtenProcedureEnded('dec-mtg-spring-m1', false, start + 10 * day);
    expect(r.current.minutes).toMatchObject({ status: 'draft', approvalDecision: null });
    expect(
      r.approveByWrittenProcedure({ by: 'sec', closesAt: '2027-04-20T17:00:00.000Z' }, start + 11 * day),
    ).toBe('dec-mtg-spring-m2');
    r.writtenProcedureEnded('dec-mtg-spring-m2', true, start + 30 * day);
    expect(r.current.minutes?.approval).toMatchObject({
      via: 'written-procedure',
      decisionId: 'dec-mtg-spring-m2',
    });
  });

  it('refuses an Idempotency-Key reused with another request', () => {
    const r = new MeetingRecord(input(), convened);
    r.answer({ by: 'anna', seat: 'AT', answer: 'online', idempotencyKey: 'k', requestHash: 'h1' }, convened);
    expect(
      kindOf(() =>
        r.answer(
          { by: 'anna', seat: 'AT', answer: 'absent', idempotencyKey: 'k', requestHash: 'h2' },
          convened,
        ),
      ),
    ).toBe('refused');
  });
});
