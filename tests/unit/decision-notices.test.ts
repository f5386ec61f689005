/** When and to whom a decision's notices go. */
import { closingSoonAt, closingSoonNotice, outcomeNotice } from '../../workflows/decision/decision-notices';
import type { DecisionState } from '../../workflows/decision/decision.types';

const DAY = 86_400_000;

test('closing soon: a day before the close, or halfway through a vote shorter than two days', () => {
  const opened = '2027-01-01T00:00:00.000Z';
  expect(closingSoonAt(opened, '2027-01-15T00:00:00.000Z')).toBe(Date.parse('2027-01-14T00:00:00.000Z'));
  expect(closingSoonAt(opened, '2027-01-01T00:00:10.000Z')).toBe(Date.parse(opened) + 5000);
  expect(closingSoonAt(opened, '2027-01-02T12:00:00.000Z')).toBe(Date.parse(opened) + 0.75 * DAY);
});

const state = {
  id: 'dec-1',
  title: 'T',
  rule: 'simple',
  awaiting: ['DE'],
  electorate: ['DE', 'FR'],
  recused: ['AT'],
  closesAt: '2027-01-15T00:00:00.000Z',
  outcome: 'adopted',
  tally: { yes: 1, no: 0, abstain: 0, objections: 0 },
} as unknown as DecisionState;

test('closing soon goes to the seats still missing, keyed by deadline; none under silence', () => {
  expect(closingSoonNotice(state)).toMatchObject({
    to: ['DE'],
    key: 'dec-1:closing-soon:2027-01-15T00:00:00.000Z',
  });
  expect(closingSoonNotice({ ...state, rule: 'silence' })).toBeNull();
  expect(closingSoonNotice({ ...state, awaiting: [] })).toBeNull();
});

test('the outcome goes to the electorate, the recused and the secretariat', () => {
  expect(outcomeNotice(state)).toMatchObject({ to: ['DE', 'FR', 'AT', 'secretariat'], key: 'dec-1:outcome' });
});
