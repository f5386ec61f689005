/** Who may give an opinion, whose opinion is awaited, and when a decision may close early. */
import { trackedNow } from '../../workflows/decision/decision-tracking';
import type { DecisionState } from '../../workflows/decision/decision.types';
import {
  invalidObservers,
  opinionSeatsFor,
  opinionsAllowEarlyClose,
  opinionsAwaited,
} from '../../workflows/rules/opinion-rules';

const seats = [
  { code: 'DE', kind: 'member-state', voting: true },
  { code: 'COM1', kind: 'commission', voting: true },
  { code: 'EUAA', kind: 'agency', voting: false },
  { code: 'NO', kind: 'schengen-associated', voting: false },
  { code: 'IS', kind: 'schengen-associated', voting: false },
  { code: 'UNHCR', kind: 'observer', voting: false },
  { code: 'IOM', kind: 'observer', voting: false },
];

test('every seat without a vote has the right, observers only when invited to the item', () => {
  expect(opinionSeatsFor(seats)).toEqual(['EUAA', 'NO', 'IS']);
  expect(opinionSeatsFor(seats, ['IOM'])).toEqual(['EUAA', 'NO', 'IS', 'IOM']);
  // Inviting a voting seat gives it nothing: it votes.
  expect(opinionSeatsFor(seats, ['DE'])).toEqual(['EUAA', 'NO', 'IS']);
});

test('only observer seats can be invited as observers', () => {
  expect(invalidObservers(seats, ['IOM', 'NO', 'XX'])).toEqual(['NO', 'XX']);
  expect(invalidObservers(seats, [])).toEqual([]);
});

test('awaited: opinion seats with neither an opinion nor a decline', () => {
  const r = {
    opinionSeats: ['NO', 'IS', 'IOM'],
    opinions: [{ seat: 'NO', response: null }],
    declined: ['IS'],
  };
  expect(opinionsAwaited(r)).toEqual(['IOM']);
});

test.each([
  ['no opinion seats', [], [], [], true],
  ['an opinion awaited', ['NO'], [], [], false],
  ['declined', ['NO'], [], ['NO'], true],
  ['an opinion without a response', ['NO'], [{ seat: 'NO', response: null }], [], false],
  ['an opinion with its response', ['NO'], [{ seat: 'NO', response: { text: 'ok' } }], [], true],
  ["a voting seat's opinion without a response", [], [{ seat: 'DE', response: null }], [], false],
])('early close with %s: %s', (_label, opinionSeats, opinions, declined, allowed) => {
  expect(opinionsAllowEarlyClose({ opinionSeats, opinions, declined })).toBe(allowed);
});

test('tracking: opinion seats awaited beside the voters; silence published as a written procedure', () => {
  const open = {
    status: 'open',
    rule: 'absolute',
    awaiting: ['DE', 'FR'],
    opinionsAwaited: ['NO'],
    closesAt: '2027-01-02T00:00:00.000Z',
    opinions: [],
  } as unknown as DecisionState;
  const dueAt = open.closesAt;
  expect(trackedNow(open)).toEqual({ status: 'open', awaiting: ['DE', 'FR', 'NO'], dueAt });
  expect(trackedNow({ ...open, rule: 'silence' })).toEqual({
    status: 'written-procedure',
    awaiting: ['DE', 'FR', 'NO'],
    dueAt,
  });
  expect(trackedNow({ ...open, status: 'closed' })).toEqual({ status: 'closed', awaiting: [], dueAt });
});

test('tracking: a closed decision with an opinion unanswered is due for responses until they are in', () => {
  const responsesDueAt = '2027-04-01T00:00:00.000Z';
  const opinion = { n: 1, seat: 'NO', text: 'x', by: 'n', at: '2027-01-01T00:00:00.000Z' };
  const closed = {
    status: 'closed',
    rule: 'absolute',
    awaiting: [],
    opinionsAwaited: [],
    closesAt: '2027-01-02T00:00:00.000Z',
    responsesDueAt,
    opinions: [{ ...opinion, response: null }],
  } as unknown as DecisionState;
  expect(trackedNow(closed)).toEqual({ status: 'responses-due', awaiting: [], dueAt: responsesDueAt });
  const answered = {
    ...closed,
    opinions: [{ ...opinion, response: { text: 'y', by: 's', at: responsesDueAt } }],
  };
  expect(trackedNow(answered)).toEqual({ status: 'closed', awaiting: [], dueAt: closed.closesAt });
});
