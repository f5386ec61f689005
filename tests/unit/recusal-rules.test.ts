/** No seat votes on its own money: who is recused, why, and when a package leaves too few voters. */
import { submissionViolations } from '../../workflows/rules/funding-rules';
import {
  minimumElectorate,
  packageElectorateViolation,
  recusalsForAwards,
} from '../../workflows/rules/recusal-rules';

const electorate = ['AT', 'DE', 'FR', 'COM1'];

test('every voting seat paid by the package is recused, once, with its requests named', () => {
  expect(
    recusalsForAwards(
      [
        { requestId: 'req-1', seat: 'DE' },
        { requestId: 'req-2', seat: 'FR' },
        { requestId: 'req-3', seat: 'DE' },
        { requestId: 'req-4', seat: 'NO' }, // not in the electorate: nothing to recuse
      ],
      electorate,
      true,
    ),
  ).toEqual([
    { seat: 'DE', reason: 'its own funding requests req-1, req-3 are part of what this decision awards' },
    { seat: 'FR', reason: 'its own funding request req-2 is part of what this decision awards' },
  ]);
});

test('with recuseRequestingSeat off, nobody is recused', () => {
  expect(recusalsForAwards([{ requestId: 'req-1', seat: 'DE' }], electorate, false)).toEqual([]);
});

test('a package must leave more than half of the voting seats to vote', () => {
  expect(minimumElectorate(32)).toBe(17);
  expect(minimumElectorate(5)).toBe(3);
  expect(packageElectorateViolation(17, 32, 15)).toBeNull();
  expect(packageElectorateViolation(16, 32, 16)).toEqual({
    rule: 'package-electorate',
    message:
      'this package pays 16 voting seats, which are recused from it, leaving 16 of 32 to vote; ' +
      'at least 17 (more than half) must remain: propose a package that pays fewer seats',
  });
});

test('at submission: a priority outside the round and an amount over the cap are refused by name', () => {
  const criteria = { priorities: ['migrant-smuggling'], maxRequestCents: 100 };
  expect(submissionViolations({ priority: 'migrant-smuggling', amountCents: 100 }, criteria)).toEqual([]);
  expect(
    submissionViolations({ priority: 'tourism', amountCents: 101 }, criteria).map((v) => v.rule),
  ).toEqual(['round-priority', 'request-cap']);
  expect(
    submissionViolations({ priority: 'x', amountCents: 5 }, { priorities: ['a'], maxRequestCents: null })[0]
      .message,
  ).toBe(`priority "x" is not one of the round's priorities (a)`);
});
