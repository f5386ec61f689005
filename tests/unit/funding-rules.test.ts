/**
 * Unit and property tests for the funding arithmetic (workflows/rules/funding-rules.ts):
 * eligibility at the close, allocation checks against the envelope, tranches, the summary.
 */
import fc from 'fast-check';
import {
  allocationViolations,
  describeViolations,
  eligibilityProblems,
  splitTranches,
  summarizeRound,
  type AllocationCandidate,
} from '../../workflows/rules/funding-rules';

const criteria = {
  priorities: ['migrant-smuggling', 'return'],
  maxRequestCents: 500_000,
  memberStateSeats: ['DE', 'FR'],
};

describe('eligibilityProblems', () => {
  it('passes a member-state request within the cap naming a listed priority', () => {
    expect(eligibilityProblems({ seat: 'DE', priority: 'return', amountCents: 500_000 }, criteria)).toEqual(
      [],
    );
  });

  it('names every failed check: priority, cap, seat', () => {
    expect(eligibilityProblems({ seat: 'NO', priority: 'tourism', amountCents: 500_001 }, criteria)).toEqual([
      'priority "tourism" is not one of the round\'s priorities (migrant-smuggling, return)',
      'amount 500001 cents exceeds the cap of 500000 cents per request',
      'seat NO is not a member-state seat',
    ]);
  });

  it('has no cap when maxRequestCents is null', () => {
    const noCap = { ...criteria, maxRequestCents: null };
    expect(eligibilityProblems({ seat: 'FR', priority: 'return', amountCents: 9e12 }, noCap)).toEqual([]);
  });

  it('refuses amounts that are not positive whole cents', () => {
    expect(eligibilityProblems({ seat: 'FR', priority: 'return', amountCents: 10.5 }, criteria)).toEqual([
      'amount 10.5 is not a positive whole number of cents',
    ]);
  });
});

describe('allocationViolations', () => {
  const requests: AllocationCandidate[] = [
    { id: 'r1', status: 'eligible', amountCents: 400_000 },
    { id: 'r2', status: 'eligible', amountCents: 300_000 },
    { id: 'r3', status: 'withdrawn', amountCents: 100_000 },
    {
      id: 'r4',
      status: 'ineligible',
      amountCents: 100_000,
      ineligibleReason: 'seat NO is not a member-state seat',
    },
    { id: 'r5', status: 'awarded', amountCents: 100_000 },
  ];

  it('accepts partial awards within the envelope', () => {
    expect(
      allocationViolations(
        [
          { requestId: 'r1', amountCents: 350_000 },
          { requestId: 'r2', amountCents: 300_000 },
        ],
        requests,
        650_000,
      ),
    ).toEqual([]);
  });

  it('refuses awards over the envelope, one cent is enough', () => {
    const v = allocationViolations(
      [
        { requestId: 'r1', amountCents: 350_001 },
        { requestId: 'r2', amountCents: 300_000 },
      ],
      requests,
      650_000,
    );
    expect(v).toEqual([
      {
        rule: 'within-envelope',
        message: 'the awards total 650001 cents, over the 650000 cents left in the envelope of 650000 cents',
      },
    ]);
  });

  it('counts what earlier attempts already awarded against the envelope', () => {
    const v = allocationViolations([{ requestId: 'r2', amountCents: 300_000 }], requests, 650_000, 400_000);
    expect(v.map((x) => x.rule)).toEqual(['within-envelope']);
    expect(v[0].message).toContain('(400000 cents already awarded)');
  });

  it('refuses withdrawn, ineligible, decided and unknown requests, and amounts above the request', () => {
    const v = allocationViolations(
      [
        { requestId: 'r3', amountCents: 1 },
        { requestId: 'r4', amountCents: 1 },
        { requestId: 'r5', amountCents: 1 },
        { requestId: 'zz', amountCents: 1 },
        { requestId: 'r1', amountCents: 400_001 },
      ],
      requests,
      10_000_000,
    );
    expect(v.map((x) => x.rule)).toEqual([
      'eligible-request',
      'eligible-request',
      'eligible-request',
      'request-in-round',
      'within-request',
    ]);
    expect(v[0].message).toBe('request r3 is withdrawn; only eligible requests can be awarded');
    expect(v[1].message).toBe(
      'request r4 is ineligible (seat NO is not a member-state seat); only eligible requests can be awarded',
    );
  });

  it('refuses zero, negative and fractional amounts, and a request named twice', () => {
    const v = allocationViolations(
      [
        { requestId: 'r1', amountCents: 0 },
        { requestId: 'r2', amountCents: -5 },
        { requestId: 'r2', amountCents: 5 },
      ],
      requests,
      1_000_000,
    );
    expect(v.map((x) => x.rule)).toEqual(['positive-amount', 'positive-amount', 'single-award']);
    expect(describeViolations(v)).toMatch(
      /^positive-amount: the award to r1 must be a positive whole number of cents \(got 0\); /,
    );
  });

  it('property: any allocation it accepts stays within the envelope and the requests', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: -10, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        (asked, given, envelope) => {
          const reqs = asked.map((amountCents, i) => ({ id: `r${i}`, status: 'eligible', amountCents }));
          const awards = given
            .slice(0, reqs.length)
            .map((amountCents, i) => ({ requestId: `r${i}`, amountCents }));
          if (allocationViolations(awards, reqs, envelope).length > 0) return;
          const total = awards.reduce((sum, a) => sum + a.amountCents, 0);
          expect(total).toBeLessThanOrEqual(envelope);
          awards.forEach((a, i) => {
            expect(a.amountCents).toBeGreaterThan(0);
            expect(a.amountCents).toBeLessThanOrEqual(asked[i]);
          });
        },
      ),
    );
  });
});

describe('splitTranches', () => {
  it('pays 60 % first by default and the remainder last', () => {
    expect(splitTranches(100_000, 60)).toEqual([60_000, 40_000]);
  });

  it('rounds the first tranche down to the cent; the last takes the remainder', () => {
    expect(splitTranches(333, 60)).toEqual([199, 134]);
    expect(splitTranches(1, 60)).toEqual([0, 1]);
  });

  it('gives one tranche at 100 %', () => {
    expect(splitTranches(12_345, 100)).toEqual([12_345]);
  });

  it('refuses bad amounts and percentages', () => {
    expect(() => splitTranches(0, 60)).toThrow(RangeError);
    expect(() => splitTranches(10.5, 60)).toThrow(RangeError);
    expect(() => splitTranches(100, 0)).toThrow(/firstTranchePercent/);
    expect(() => splitTranches(100, 101)).toThrow(/firstTranchePercent/);
  });

  it('property: tranches are whole cents and add up exactly to the award, even near the safe limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 100 }),
        (amount, pct) => {
          const tranches = splitTranches(amount, pct);
          expect(tranches.every((t) => Number.isSafeInteger(t) && t >= 0)).toBe(true);
          expect(tranches.reduce((a, b) => a + b, 0)).toBe(amount);
          if (amount <= 1e13) expect(tranches[0]).toBe(Math.floor((amount * pct) / 100));
        },
      ),
    );
  });
});

describe('summarizeRound', () => {
  it('sums requested, awarded and paid per seat and per priority, leaving out withdrawn requests', () => {
    const summary = summarizeRound(
      [
        {
          seat: 'DE',
          priority: 'return',
          status: 'awarded',
          amountCents: 400,
          awardedCents: 300,
          paidCents: 180,
        },
        {
          seat: 'DE',
          priority: 'smuggling',
          status: 'not-funded',
          amountCents: 200,
          awardedCents: null,
          paidCents: 0,
        },
        {
          seat: 'FR',
          priority: 'return',
          status: 'ineligible',
          amountCents: 50,
          awardedCents: null,
          paidCents: 0,
        },
        {
          seat: 'FR',
          priority: 'return',
          status: 'withdrawn',
          amountCents: 999,
          awardedCents: null,
          paidCents: 0,
        },
      ],
      1000,
    );
    expect(summary.totals).toEqual({ requests: 3, requestedCents: 650, awardedCents: 300, paidCents: 180 });
    expect(summary.bySeat).toEqual({
      DE: { requests: 2, requestedCents: 600, awardedCents: 300, paidCents: 180 },
      FR: { requests: 1, requestedCents: 50, awardedCents: 0, paidCents: 0 },
    });
    expect(summary.byPriority).toEqual({
      return: { requests: 2, requestedCents: 450, awardedCents: 300, paidCents: 180 },
      smuggling: { requests: 1, requestedCents: 200, awardedCents: 0, paidCents: 0 },
    });
    expect(summary.unallocatedCents).toBe(700);
  });
});
