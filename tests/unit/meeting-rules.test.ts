/**
 * Unit tests for the rules of board meetings (workflows/rules/meeting-rules.ts): the agenda freeze,
 * who may be present for a seat, the attendance quorum, and votes in session under the decision rules.
 */
import {
  agendaFreezeAt,
  attendanceQuorum,
  checkAgendaChange,
  checkPresence,
  checkSessionBallot,
  defaultAgendaFreezeDays,
  reorderAgenda,
  sessionOutcome,
  sessionVoteParameters,
  votersPresent,
} from '../../workflows/rules/meeting-rules';
import { RuleError } from '../../workflows/rules/rule-error';

const day = 86_400_000;
const start = Date.parse('2027-03-10T09:00:00Z');

const seats = [
  { code: 'AT', kind: 'member-state' },
  { code: 'BE', kind: 'member-state' },
  { code: 'IS', kind: 'schengen-associated' },
  { code: 'UNHCR', kind: 'observer' },
];
const holders = [
  { seat: 'AT', member: 'anna', alternate: 'karl' },
  { seat: 'BE', member: 'bart', alternate: null },
];

function refusal(fn: () => unknown): RuleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RuleError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('the agenda freeze', () => {
  it('falls ten days before the start by default', () => {
    expect(defaultAgendaFreezeDays).toBe(10);
    expect(new Date(agendaFreezeAt(start, 10)).toISOString()).toBe('2027-02-28T09:00:00.000Z');
  });

  it('lets the agenda change without a reason before the freeze, and says so', () => {
    expect(checkAgendaChange(start - 11 * day, start, 10)).toBe(false);
  });

  it('asks for a reason once frozen, and takes the change with one', () => {
    const e = refusal(() => checkAgendaChange(start - 9 * day, start, 10, '  '));
    expect(e.kind).toBe('refused');
    expect(e.message).toMatch(
      /froze on 2027-02-28T09:00:00.000Z \(10 days before the meeting\): a change now needs a reason/,
    );
    expect(checkAgendaChange(start - 9 * day, start, 10, 'urgent item from the Commission')).toBe(true);
  });

  it('follows the configured period', () => {
    expect(checkAgendaChange(start - 4 * day, start, 3)).toBe(false);
    expect(() => checkAgendaChange(start - 2 * day, start, 3)).toThrow(RuleError);
  });
});

describe('reorderAgenda', () => {
  const items = [{ n: 1 }, { n: 2 }, { n: 3 }];
  it('orders the kept items as listed and drops the rest', () => {
    expect(reorderAgenda(items, [3, 1]).map((i) => i.n)).toEqual([3, 1]);
  });
  it('refuses an unknown or repeated item', () => {
    expect(refusal(() => reorderAgenda(items, [4])).message).toBe('agenda item 4 is not on the agenda');
    expect(refusal(() => reorderAgenda(items, [1, 1])).message).toBe('agenda item 1 appears twice');
  });
});

describe('checkPresence', () => {
  it('takes the member and the alternate of a seat as the roster says, and an invited observer', () => {
    expect(() =>
      checkPresence(
        [
          { seat: 'AT', personId: 'anna', capacity: 'member' },
          { seat: 'AT', personId: 'karl', capacity: 'alternate' },
          { seat: 'UNHCR', personId: 'olga', capacity: 'observer' },
        ],
        holders,
        seats,
        ['UNHCR'],
      ),
    ).not.toThrow();
  });

  it('refuses someone the roster does not name for the seat in that capacity, naming who is', () => {
    const e = refusal(() =>
      checkPresence([{ seat: 'AT', personId: 'karl', capacity: 'member' }], holders, seats, []),
    );
    expect(e.kind).toBe('refused');
    expect(e.message).toBe('karl is not the member for AT on the roster now (anna is)');
    expect(
      refusal(() => checkPresence([{ seat: 'BE', personId: 'x', capacity: 'alternate' }], holders, seats, []))
        .message,
    ).toBe('x is not the alternate for BE on the roster now');
  });

  it('refuses an observer not invited to any item, a person twice, and an unknown seat', () => {
    expect(
      refusal(() =>
        checkPresence([{ seat: 'UNHCR', personId: 'olga', capacity: 'observer' }], holders, seats, []),
      ).message,
    ).toMatch(/not an observer invited/);
    expect(
      refusal(() =>
        checkPresence(
          [
            { seat: 'AT', personId: 'anna', capacity: 'member' },
            { seat: 'BE', personId: 'anna', capacity: 'member' },
          ],
          holders,
          seats,
          [],
        ),
      ).message,
    ).toBe('anna is listed twice');
    expect(
      refusal(() => checkPresence([{ seat: 'XX', personId: 'a', capacity: 'member' }], holders, seats, []))
        .kind,
    ).toBe('invalid');
  });
});

describe('votersPresent', () => {
  it('gives the vote to the member when present, else to the alternate, never to an observer', () => {
    const voters = votersPresent(
      [
        { seat: 'AT', personId: 'karl', capacity: 'alternate' },
        { seat: 'AT', personId: 'anna', capacity: 'member' },
        { seat: 'BE', personId: 'berta', capacity: 'alternate' },
        { seat: 'UNHCR', personId: 'olga', capacity: 'observer' },
      ],
      ['AT', 'BE', 'DE'],
    );
    expect([...voters.entries()]).toEqual([
      ['AT', { personId: 'anna', capacity: 'member' }],
      ['BE', { personId: 'berta', capacity: 'alternate' }],
    ]);
  });
});

describe('attendanceQuorum', () => {
  it('needs the configured share of all voting seats present', () => {
    expect(attendanceQuorum(0.5, 32, 15)).toEqual({ required: 16, present: 15, met: false });
    expect(attendanceQuorum(0.5, 32, 16)).toEqual({ required: 16, present: 16, met: true });
    expect(attendanceQuorum(2 / 3, 27, 18).met).toBe(true);
  });
  it('is always met when the board configures none', () => {
    expect(attendanceQuorum(null, 32, 0)).toEqual({ required: 0, present: 0, met: true });
  });
});

describe('votes in session', () => {
  const voting = ['AT', 'BE', 'DE', 'FR'];

  it('count over every voting seat minus the recused, as a remote decision does', () => {
    const params = sessionVoteParameters('absolute', null, voting, ['DE']);
    expect(params.electorate).toEqual(['AT', 'BE', 'FR']);
    // Absolute: more than half of the three seats, present or not.
    expect(sessionOutcome(params, { AT: 'yes' }).outcome).toBe('rejected');
    expect(sessionOutcome(params, { AT: 'yes', BE: 'yes' })).toEqual({
      tally: { yes: 2, no: 0, abstain: 0, objections: 0 },
      outcome: 'adopted',
    });
  });

  it('apply the quorum of ballots, and ignore it under silence', () => {
    expect(
      sessionOutcome(sessionVoteParameters('simple', 0.75, voting, []), { AT: 'yes', BE: 'no' }).outcome,
    ).toBe('failed-quorum');
    expect(sessionVoteParameters('silence', 0.75, voting, []).quorum).toBeNull();
  });

  it('take a ballot only from the person present for a seat of the electorate', () => {
    const params = sessionVoteParameters('simple', null, voting, ['DE']);
    const voters = new Map([
      ['AT', { personId: 'anna' }],
      ['DE', { personId: 'dirk' }],
    ]);
    expect(() =>
      checkSessionBallot(params, voters, { seat: 'AT', castBy: 'anna', via: 'device', by: 'anna' }),
    ).not.toThrow();
    expect(() =>
      checkSessionBallot(params, voters, { seat: 'AT', castBy: 'anna', via: 'roll-call', by: 'sec' }),
    ).not.toThrow();
    expect(
      refusal(() =>
        checkSessionBallot(params, voters, { seat: 'DE', castBy: 'dirk', via: 'device', by: 'dirk' }),
      ).message,
    ).toMatch(/DE has no vote on this item/);
    expect(
      refusal(() =>
        checkSessionBallot(params, voters, { seat: 'BE', castBy: 'bart', via: 'device', by: 'bart' }),
      ).message,
    ).toBe('nobody is recorded present for BE');
    expect(
      refusal(() =>
        checkSessionBallot(params, voters, { seat: 'AT', castBy: 'karl', via: 'device', by: 'karl' }),
      ).message,
    ).toMatch(/karl does not vote for AT in this meeting \(anna is present for it\)/);
    expect(
      refusal(() =>
        checkSessionBallot(params, voters, { seat: 'AT', castBy: 'anna', via: 'device', by: 'sec' }),
      ).kind,
    ).toBe('forbidden');
  });
});
