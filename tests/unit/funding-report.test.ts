/** fundingReport: requested, awarded and paid, summed per member state, priority and round, in cents. */
import { fundingReport, fundingReportRows } from '../../src/record/funding-report';
import type { FundingRequestState } from '../../workflows/funding/funding.types';

const request = (over: Partial<FundingRequestState>): FundingRequestState =>
  ({
    id: 'r',
    roundId: 'fr-1',
    roundTitle: 'ILO activities 2027',
    seat: 'DE',
    title: 't',
    priority: 'migrant-smuggling',
    description: '',
    amountCents: 0,
    status: 'submitted',
    awardedCents: null,
    payments: { paidCents: 0, heldBackCents: 0 },
    ...over,
  }) as FundingRequestState;

test('sums per seat, priority and round, largest requested first, and the totals', () => {
  const report = fundingReport(
    [
      request({
        id: 'a',
        seat: 'DE',
        amountCents: 500_00,
        awardedCents: 400_00,
        payments: { paidCents: 200_00, heldBackCents: 200_00 },
      }),
      request({
        id: 'b',
        seat: 'FR',
        amountCents: 900_00,
        priority: 'return-and-readmission',
        status: 'ineligible',
      }),
      request({
        id: 'c',
        seat: 'DE',
        amountCents: 300_00,
        roundId: 'fr-2',
        roundTitle: 'Round two',
        awardedCents: 300_00,
        payments: { paidCents: 300_00, heldBackCents: 0 },
      }),
    ],
    { from: '2027-01-01' },
  );
  expect(report.totals).toEqual({
    requests: 3,
    requestedCents: 1700_00,
    awardedCents: 700_00,
    paidCents: 500_00,
  });
  expect(report.bySeat).toEqual([
    { key: 'FR', requests: 1, requestedCents: 900_00, awardedCents: 0, paidCents: 0 },
    { key: 'DE', requests: 2, requestedCents: 800_00, awardedCents: 700_00, paidCents: 500_00 },
  ]);
  expect(report.byPriority.map((r) => [r.key, r.requestedCents])).toEqual(
    [
      ['migrant-smuggling', 800_00],
      ['return-and-readmission', 900_00],
    ].sort((a, b) => (b[1] as number) - (a[1] as number)),
  );
  expect(report.byRound).toEqual([
    {
      key: 'fr-1',
      label: 'ILO activities 2027',
      requests: 2,
      requestedCents: 1400_00,
      awardedCents: 400_00,
      paidCents: 200_00,
    },
    {
      key: 'fr-2',
      label: 'Round two',
      requests: 1,
      requestedCents: 300_00,
      awardedCents: 300_00,
      paidCents: 300_00,
    },
  ]);
  expect(report.from).toBe('2027-01-01');
  expect(report.to).toBeNull();
  const rows = fundingReportRows(report);
  expect(rows.map((r) => r.dimension)).toEqual([
    'seat',
    'seat',
    'priority',
    'priority',
    'round',
    'round',
    'total',
  ]);
  expect(rows[rows.length - 1]).toMatchObject({ requestedCents: 1700_00, paidCents: 500_00 });
});

test('no request: zero totals and empty groups', () => {
  expect(fundingReport([])).toEqual({
    from: null,
    to: null,
    totals: { requests: 0, requestedCents: 0, awardedCents: 0, paidCents: 0 },
    bySeat: [],
    byPriority: [],
    byRound: [],
  });
});
