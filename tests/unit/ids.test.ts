/**
 * The id table: every form an id takes, pinned to the letter, because recorded histories carry
 * these ids and replay compares them; and recognition, which the API's 404 checks rely on.
 */
import {
  adHocActionIdFor,
  appointmentIdFor,
  adHocDecisionIdFor,
  allocationDecisionIdFor,
  cycleIdFor,
  draftDecisionIdFor,
  isIdOf,
  makeId,
  obligationIdFor,
  periodObligationId,
  programmeItemIdFor,
  proposalIdFor,
  requestIdFor,
  rosterWorkflowId,
  roundIdOfRequest,
  scheduledRunIdFor,
  seriesWorkflowIdFor,
} from '../../workflows/ids';

test('each kind of workflow id has its prefix', () => {
  expect(makeId('decision', 'abc')).toBe('dec-abc');
  expect(makeId('fundingRound', 'abc')).toBe('fr-abc');
  expect(makeId('fundingRequest', 'abc')).toBe('frq-abc');
  expect(makeId('priorityCycle', 'abc')).toBe('pc-abc');
  expect(makeId('prioritySeries', 'abc')).toBe('pcs-abc');
  expect(makeId('reportingObligation', 'abc')).toBe('rob-abc');
  expect(makeId('reportingSchedule', 'abc')).toBe('rsc-abc');
});

test('a kind recognises its own ids and not those of a kind whose prefix extends it', () => {
  expect(isIdOf('decision', 'dec-abc')).toBe(true);
  expect(isIdOf('decision', 'dec-pc-abc-d1')).toBe(true);
  expect(isIdOf('decision', 'rob-abc')).toBe(false);
  expect(isIdOf('priorityCycle', 'pc-abc')).toBe(true);
  expect(isIdOf('priorityCycle', 'pc-abc-2')).toBe(true);
  expect(isIdOf('priorityCycle', 'pcs-abc')).toBe(false);
  expect(isIdOf('prioritySeries', 'pcs-abc')).toBe(true);
  expect(isIdOf('fundingRound', 'fr-abc')).toBe(true);
  expect(isIdOf('fundingRound', 'frq-abc-1')).toBe(false);
  expect(isIdOf('fundingRequest', 'frq-abc-1')).toBe(true);
  expect(isIdOf('reportingObligation', 'rob-frq-abc-1-final')).toBe(true);
  expect(isIdOf('reportingSchedule', 'rsc-abc')).toBe(true);
  expect(isIdOf('reportingSchedule', 'rob-rsc-abc')).toBe(false);
});

test('ids a priority cycle derives from its own', () => {
  expect(proposalIdFor('pc-abc', 3)).toBe('pc-abc-p3');
  expect(programmeItemIdFor('pc-abc', 2)).toBe('pc-abc-2');
  expect(draftDecisionIdFor('pc-abc', 1)).toBe('dec-pc-abc-d1');
  expect(adHocActionIdFor('pc-abc', 4)).toBe('pc-abc-x4');
  expect(adHocDecisionIdFor('pc-abc', 4)).toBe('dec-pc-abc-x4');
  expect(cycleIdFor('pc-abc', 1)).toBe('pc-abc');
  expect(cycleIdFor('pc-abc', 3)).toBe('pc-abc-3');
  expect(seriesWorkflowIdFor('pc-abc')).toBe('pcs-abc');
});

test('ids a funding round derives from its own', () => {
  expect(requestIdFor('fr-abc', 7)).toBe('frq-abc-7');
  expect(roundIdOfRequest('frq-abc-7')).toBe('fr-abc');
  expect(roundIdOfRequest('frq-abc')).toBeNull();
  expect(roundIdOfRequest('fr-abc')).toBeNull();
  expect(allocationDecisionIdFor('fr-abc', 2)).toBe('dec-fr-abc-a2');
  expect(allocationDecisionIdFor('fr-abc', 2, 'frq-abc-7')).toBe('dec-fr-abc-a2-7');
  expect(obligationIdFor('frq-abc-7', 'interim')).toBe('rob-frq-abc-7-interim');
});

test('ids a reporting schedule derives from its own', () => {
  const at = Date.parse('2027-03-31T00:00:00Z');
  expect(periodObligationId('rsc-abc', at, 'DE')).toBe('rob-rsc-abc-20270331T000000Z-DE');
  expect(scheduledRunIdFor('rsc-abc')).toBe('rsc-abc-period');
});

test('ids of the roster', () => {
  expect(rosterWorkflowId).toBe('board-roster');
  expect(appointmentIdFor(12)).toBe('a-12');
});
