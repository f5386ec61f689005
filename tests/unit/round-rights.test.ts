/**
 * A round's rules for the seats: refused at submission what the call fixes (priority, cap); no
 * seat votes on its own money, in package mode too, and a package that would leave too few seats
 * to vote is refused; the round's decisions carry the opinion seats and the chair.
 */
import { FundingRoundRecord } from '../../workflows/funding/funding-round-record';
import type { FundingRoundInput, SubmitRequestCommand } from '../../workflows/funding/funding.types';
import { RuleError } from '../../workflows/rules/rule-error';

const T0 = Date.parse('2027-03-01T00:00:00.000Z');
const DAY = 24 * 3600 * 1000;
const seats = ['AT', 'BE', 'DE', 'FR', 'IT'];

const input: FundingRoundInput = {
  id: 'fr-r1',
  title: 'ILO activities 2027',
  envelopeCents: 1_000_000,
  closesAt: new Date(T0 + 30 * DAY).toISOString(),
  maxRequestCents: 600_000,
  priorities: ['migrant-smuggling', 'return-and-readmission'],
  decision: { rule: 'absolute', quorum: null, votingIn: 'P14D', mode: 'package' },
  reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M', remindBefore: ['P14D'] },
  firstTranchePercent: 60,
  electorate: seats,
  memberStateSeats: seats,
  recuseRequestingSeat: true,
  opinionSeats: ['NO'],
  chair: 'AT',
  openedBy: 'sofia',
};

const request = (
  seat: string,
  amountCents: number,
  priority = 'migrant-smuggling',
): SubmitRequestCommand => ({
  seat,
  title: `${seat} network`,
  amountCents,
  priority,
  description: 'Joint ILO activities',
  by: `${seat.toLowerCase()}-member`,
});

function refusal(fn: () => void): RuleError {
  try {
    fn();
  } catch (err) {
    return err as RuleError;
  }
  throw new Error('not refused');
}

test('refused at submission: a priority outside the round, an amount over the cap, both named', () => {
  const record = new FundingRoundRecord(input, T0);
  const both = refusal(() => record.checkSubmission(request('DE', 700_000, 'tourism'), T0 + DAY));
  expect(both.kind).toBe('refused');
  expect(both.message).toBe(
    `round-priority: priority "tourism" is not one of the round's priorities (migrant-smuggling, return-and-readmission); ` +
      'request-cap: amount 700000 cents exceeds the cap of 600000 cents per request',
  );
  expect(() => record.checkSubmission(request('DE', 600_000), T0 + DAY)).not.toThrow();
});

test('refused at amendment likewise', () => {
  const record = new FundingRoundRecord(input, T0);
  const { summary } = record.submit(request('DE', 100_000), T0 + DAY);
  const over = refusal(() =>
    record.checkAmendment(
      { requestId: summary.id, seat: 'DE', amountCents: 600_001, by: 'de' },
      T0 + 2 * DAY,
    ),
  );
  expect(over.message).toMatch(/^request-cap: /);
});

function assessing(seatsAsking: string[]) {
  const record = new FundingRoundRecord(input, T0);
  const ids = seatsAsking.map((seat) => record.submit(request(seat, 100_000), T0 + DAY).summary.id);
  record.closeSubmissions(T0 + 30 * DAY);
  return { record, ids };
}

test('package mode: every seat the package pays is recused, with the reason; the majority is of the rest', () => {
  const { record, ids } = assessing(['DE', 'FR']);
  const cmd = { awards: ids.map((requestId) => ({ requestId, amountCents: 100_000 })), by: 'sofia' };
  record.checkAllocation(cmd, T0 + 31 * DAY);
  const [decision] = record.proposeAllocation(cmd, T0 + 31 * DAY).decisions;
  expect(decision.recused).toEqual(['DE', 'FR']);
  expect(decision.electorate).toEqual(['AT', 'BE', 'IT']);
  expect(decision.recusals).toEqual([
    { seat: 'DE', reason: `its own funding request ${ids[0]} is part of what this decision awards` },
    { seat: 'FR', reason: `its own funding request ${ids[1]} is part of what this decision awards` },
  ]);
  expect(decision).toMatchObject({ opinionSeats: ['NO'], chair: 'AT' });
});

test('a package that would leave fewer than half of the voting seats to vote is refused by name', () => {
  const { record, ids } = assessing(['DE', 'FR', 'IT']);
  const cmd = { awards: ids.map((requestId) => ({ requestId, amountCents: 100_000 })), by: 'sofia' };
  const refused = refusal(() => record.checkAllocation(cmd, T0 + 31 * DAY));
  expect(refused.kind).toBe('refused');
  expect(refused.message).toBe(
    'package-electorate: this package pays 3 voting seats, which are recused from it, leaving 2 of 5 to vote; ' +
      'at least 3 (more than half) must remain: propose a package that pays fewer seats',
  );
  // Two of the three fit in a package.
  expect(() =>
    record.checkAllocation({ awards: cmd.awards.slice(0, 2), by: 'sofia' }, T0 + 31 * DAY),
  ).not.toThrow();
});

test('per-request mode: each decision recuses its requesting seat, with the reason', () => {
  const record = new FundingRoundRecord(
    { ...input, decision: { ...input.decision, mode: 'per-request' } },
    T0,
  );
  const ids = ['DE', 'FR', 'IT'].map((seat) => record.submit(request(seat, 100_000), T0 + DAY).summary.id);
  record.closeSubmissions(T0 + 30 * DAY);
  const cmd = { awards: ids.map((requestId) => ({ requestId, amountCents: 100_000 })), by: 'sofia' };
  record.checkAllocation(cmd, T0 + 31 * DAY);
  const { decisions } = record.proposeAllocation(cmd, T0 + 31 * DAY);
  expect(decisions.map((d) => d.recused)).toEqual([['DE'], ['FR'], ['IT']]);
  expect(decisions[0].electorate).toEqual(['AT', 'BE', 'FR', 'IT']);
});

test('a round launched before opinion rights gives its decisions none (their early close unchanged)', () => {
  const { opinionSeats: _o, chair: _c, ...old } = input;
  const record = new FundingRoundRecord(old, T0);
  const id = record.submit(request('DE', 100_000), T0 + DAY).summary.id;
  record.closeSubmissions(T0 + 30 * DAY);
  const [decision] = record.proposeAllocation(
    { awards: [{ requestId: id, amountCents: 100_000 }], by: 'sofia' },
    T0 + 31 * DAY,
  ).decisions;
  expect(decision.opinionSeats).toBeUndefined();
  expect(decision.chair).toBeNull();
});
