/**
 * The tracking the record keeps per item is what the item's workflow publishes as search
 * attributes (status, awaited seats, due time) and whether its workflow still runs: one case per
 * kind and per turn of its life that changes them.
 */
import { trackRecord, memberStateSeatsOf } from '../../src/record/record-tracking';
import { trackedNow } from '../../workflows/decision/decision-tracking';
import { meetingTracked } from '../../workflows/meetings/meeting-tracking';
import type { RecordKind } from '../../src/record/record.schema';

const context = { memberStateSeats: ['DE', 'FR', 'IT'] };
const track = (kind: RecordKind, state: object) => trackRecord(kind, state, context);

describe('decision', () => {
  const open = {
    status: 'open',
    rule: 'simple-majority',
    awaiting: ['DE', 'FR'],
    opinionsAwaited: ['FRONTEX', 'DE'],
    opinions: [],
    closesAt: '2027-01-10T00:00:00.000Z',
  };

  it('while open, awaits the voters, then the opinion seats not already awaited', () => {
    expect(track('decision', open)).toEqual({
      status: 'open',
      awaiting: ['DE', 'FR', 'FRONTEX'],
      dueAt: '2027-01-10T00:00:00.000Z',
      running: true,
    });
  });

  it('under the silence rule, shows the written procedure', () => {
    expect(track('decision', { ...open, rule: 'silence' }).status).toBe('written-procedure');
  });

  it('closed with opinions unanswered, runs on awaiting the responses until they are due', () => {
    const closed = {
      ...open,
      status: 'adopted',
      responsesDueAt: '2027-02-10T00:00:00.000Z',
      opinions: [{ seat: 'FRONTEX', response: null }],
    };
    expect(track('decision', closed)).toEqual({
      status: 'responses-due',
      awaiting: [],
      dueAt: '2027-02-10T00:00:00.000Z',
      running: true,
    });
  });

  it('closed with nothing left to answer, has ended', () => {
    const closed = { ...open, status: 'rejected', opinions: [{ seat: 'FRONTEX', response: 'noted' }] };
    expect(track('decision', closed)).toEqual({
      status: 'rejected',
      awaiting: [],
      dueAt: open.closesAt,
      running: false,
    });
  });

  it('from before opinions (a run recorded before them), awaits its voters as it published then', () => {
    const { opinionsAwaited: _none, opinions: _neither, ...old } = open;
    expect(track('decision', old)).toEqual({
      status: 'open',
      awaiting: ['DE', 'FR'],
      dueAt: open.closesAt,
      running: true,
    });
    expect(track('decision', { ...old, rule: 'silence' }).awaiting).toEqual([]);
  });

  it('matches what the workflow publishes', () => {
    const { running: _running, ...shown } = track('decision', open);
    expect(shown).toEqual(trackedNow(open as never));
  });
});

describe('funding round', () => {
  const round = {
    status: 'open',
    closesAt: '2027-03-01T00:00:00.000Z',
    attempts: [],
    requests: [
      { seat: 'DE', status: 'submitted' },
      { seat: 'FR', status: 'withdrawn' },
    ],
  };

  it('while open, awaits the member-state seats without a live request, due at the close', () => {
    expect(track('funding-round', round)).toEqual({
      status: 'open',
      awaiting: ['FR', 'IT'],
      dueAt: '2027-03-01T00:00:00.000Z',
      running: true,
    });
  });

  it('while voting, is due when the vote closes and awaits no seat', () => {
    const voting = { ...round, status: 'voting', attempts: [{ votingClosesAt: '2027-04-01T00:00:00.000Z' }] };
    expect(track('funding-round', voting)).toEqual({
      status: 'voting',
      awaiting: [],
      dueAt: '2027-04-01T00:00:00.000Z',
      running: true,
    });
  });

  it('awarded, runs on with nothing due; closed, has ended', () => {
    expect(track('funding-round', { ...round, status: 'awarded' })).toMatchObject({
      dueAt: null,
      running: true,
    });
    expect(track('funding-round', { ...round, status: 'closed' }).running).toBe(false);
  });
});

describe('funding request', () => {
  const obligation = (dueAt: string, done: Partial<{ acceptedAt: string; waivedAt: string }> = {}) => ({
    dueAt,
    acceptedAt: done.acceptedAt ?? null,
    waivedAt: done.waivedAt ?? null,
  });

  it('awarded, awaits its seat for the first report not discharged', () => {
    const s = {
      status: 'awarded',
      seat: 'DE',
      obligations: [
        obligation('2027-06-01T00:00:00.000Z', { waivedAt: '2027-05-01T00:00:00.000Z' }),
        obligation('2027-12-01T00:00:00.000Z'),
      ],
    };
    expect(track('funding-request', s)).toEqual({
      status: 'awarded',
      awaiting: ['DE'],
      dueAt: '2027-12-01T00:00:00.000Z',
      running: true,
    });
  });

  it('awarded without reports on its record yet, awaits nobody', () => {
    expect(track('funding-request', { status: 'awarded', seat: 'DE' })).toMatchObject({
      awaiting: [],
      dueAt: null,
    });
  });

  it('submitted, awaits nobody; finished statuses have ended', () => {
    expect(track('funding-request', { status: 'submitted', seat: 'DE', obligations: [] })).toEqual({
      status: 'submitted',
      awaiting: [],
      dueAt: null,
      running: true,
    });
    for (const status of ['withdrawn', 'ineligible', 'not-funded', 'completed'])
      expect(track('funding-request', { status, seat: 'DE', obligations: [] }).running).toBe(false);
  });
});

describe('priority cycle', () => {
  const cycle = {
    status: 'proposals',
    proposalsCloseAt: '2027-01-01T00:00:00.000Z',
    rankingCloseAt: '2027-02-01T00:00:00.000Z',
    awaitingRankings: ['DE', 'FR'],
    attempts: [],
  };

  it('awaits rankings only in the ranking window, due at the open window’s close', () => {
    expect(track('priority-cycle', cycle)).toEqual({
      status: 'proposals',
      awaiting: [],
      dueAt: '2027-01-01T00:00:00.000Z',
      running: true,
    });
    expect(track('priority-cycle', { ...cycle, status: 'ranking' })).toEqual({
      status: 'ranking',
      awaiting: ['DE', 'FR'],
      dueAt: '2027-02-01T00:00:00.000Z',
      running: true,
    });
  });

  it('in force, runs on with nothing due; ended or cancelled, has ended', () => {
    expect(track('priority-cycle', { ...cycle, status: 'in-force' })).toMatchObject({
      dueAt: null,
      running: true,
    });
    expect(track('priority-cycle', { ...cycle, status: 'ended' }).running).toBe(false);
    expect(track('priority-cycle', { ...cycle, status: 'cancelled' }).running).toBe(false);
  });
});

describe('reporting obligation', () => {
  it('publishes its own status, awaited seats and due date; accepted or waived, has ended', () => {
    const s = { status: 'overdue', awaiting: ['DE'], dueAt: '2027-06-01T00:00:00.000Z' };
    expect(track('reporting-obligation', s)).toEqual({ ...s, running: true });
    expect(track('reporting-obligation', { ...s, status: 'accepted', awaiting: [] }).running).toBe(false);
    expect(track('reporting-obligation', { ...s, status: 'waived', awaiting: [] }).running).toBe(false);
  });
});

describe('meeting', () => {
  const meeting = {
    status: 'convened',
    awaitingAnswers: ['DE', 'FR'],
    startsAt: '2027-05-01T09:00:00.000Z',
    endsAt: '2027-05-01T17:00:00.000Z',
    closedAt: null,
    actions: [],
  };

  it('convened, awaits the invitations not answered, due at the start', () => {
    expect(track('meeting', meeting)).toEqual({ ...meetingTracked(meeting as never), running: true });
    expect(track('meeting', meeting).awaiting).toEqual(['DE', 'FR']);
  });

  it('approved, runs while an action agreed is open and ends once they are done', () => {
    const action = {
      status: 'open',
      followUp: 'pending-action',
      ownerSeat: 'IT',
      dueAt: '2027-06-01T00:00:00.000Z',
    };
    const approved = { ...meeting, status: 'approved', actions: [action] };
    expect(track('meeting', approved)).toEqual({
      status: 'approved',
      awaiting: ['IT'],
      dueAt: '2027-06-01T00:00:00.000Z',
      running: true,
    });
    expect(track('meeting', { ...approved, actions: [{ ...action, status: 'done' }] }).running).toBe(false);
    expect(track('meeting', { ...meeting, status: 'cancelled' }).running).toBe(false);
  });
});

it('a round awaits the member-state seats of the board', () => {
  const seats = [
    { code: 'DE', kind: 'member-state' },
    { code: 'COM1', kind: 'commission' },
    { code: 'FR', kind: 'member-state' },
  ];
  expect(memberStateSeatsOf(seats)).toEqual(['DE', 'FR']);
});
