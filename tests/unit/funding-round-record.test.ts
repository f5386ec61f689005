/**
 * When a round may end and what it records: it ends only once every request is closed and every
 * award's reporting is open, and its summary gives requested, awarded and paid cents in all, per
 * seat and per priority.
 */
import { FundingRoundRecord } from '../../workflows/funding/funding-round-record';
import type { FundingRoundInput, SubmitRequestCommand } from '../../workflows/funding/funding.types';

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
  openedBy: 'sofia',
};

const request = (seat: string, amountCents: number, priority: string): SubmitRequestCommand => ({
  seat,
  title: `${seat} network`,
  amountCents,
  priority,
  description: 'Joint ILO activities',
  by: `${seat.toLowerCase()}-member`,
});

/** A round with an award to DE and FR adopted: AT withdrew, BE was ineligible, IT was not funded. */
function awardedRound(): { record: FundingRoundRecord; ids: Record<string, string> } {
  const record = new FundingRoundRecord(input, T0);
  const ids: Record<string, string> = {};
  for (const [seat, amount, priority] of [
    ['AT', 100_000, 'migrant-smuggling'],
    ['BE', 700_000, 'migrant-smuggling'], // over the cap
    ['DE', 600_000, 'migrant-smuggling'],
    ['FR', 500_000, 'return-and-readmission'],
    ['IT', 300_000, 'migrant-smuggling'],
  ] as const) {
    ids[seat] = record.submit(request(seat, amount, priority), T0 + DAY).summary.id;
  }
  record.withdraw({ requestId: ids.AT, seat: 'AT', reason: 'budget cut', by: 'at-member' }, T0 + 2 * DAY);
  record.closeSubmissions(T0 + 30 * DAY);
  const { decisions } = record.proposeAllocation(
    {
      awards: [
        { requestId: ids.DE, amountCents: 550_000 },
        { requestId: ids.FR, amountCents: 450_000 },
      ],
      by: 'sofia',
    },
    T0 + 31 * DAY,
  );
  record.applyOutcomes({ [decisions[0].id]: 'adopted' }, T0 + 45 * DAY);
  return { record, ids };
}

test('the round ends only once every request is closed and every award’s reporting is open', () => {
  const { record, ids } = awardedRound();
  expect(record.current.status).toBe('awarded');
  expect(record.current.requests.map((r) => [r.seat, r.status])).toEqual([
    ['AT', 'withdrawn'],
    ['BE', 'ineligible'],
    ['DE', 'awarded'],
    ['FR', 'awarded'],
    ['IT', 'not-funded'],
  ]);
  // The awards are decided, but neither has opened its reporting yet.
  expect(record.isSettled()).toBe(false);
  record.recordProgress({
    requestId: ids.DE,
    status: 'awarded',
    payments: { paidCents: 330_000, heldBackCents: 220_000 },
    reportingOpen: true,
  });
  expect(record.isSettled()).toBe(false); // FR's reporting is not open yet
  // A payment without reporting open is not enough either.
  record.recordProgress({
    requestId: ids.FR,
    status: 'awarded',
    payments: { paidCents: 270_000, heldBackCents: 180_000 },
    reportingOpen: false,
  });
  expect(record.isSettled()).toBe(false);
  record.recordProgress({
    requestId: ids.FR,
    status: 'awarded',
    payments: { paidCents: 270_000, heldBackCents: 180_000 },
    reportingOpen: true,
  });
  expect(record.isSettled()).toBe(true);
});

test('its summary: requested, awarded and paid, in all, per seat and per priority', () => {
  const { record, ids } = awardedRound();
  for (const [id, paidCents, heldBackCents] of [
    [ids.DE, 330_000, 220_000],
    [ids.FR, 270_000, 180_000],
  ] as const) {
    record.recordProgress({
      requestId: id,
      status: 'awarded',
      payments: { paidCents, heldBackCents },
      reportingOpen: true,
    });
  }
  record.finish(T0 + 46 * DAY);
  const s = record.view();
  expect(s).toMatchObject({ status: 'closed', closedAt: new Date(T0 + 46 * DAY).toISOString() });
  // The withdrawn request was taken back by its seat: not counted as requested.
  expect(s.summary).toEqual({
    totals: { requests: 4, requestedCents: 2_100_000, awardedCents: 1_000_000, paidCents: 600_000 },
    bySeat: {
      BE: { requests: 1, requestedCents: 700_000, awardedCents: 0, paidCents: 0 },
      DE: { requests: 1, requestedCents: 600_000, awardedCents: 550_000, paidCents: 330_000 },
      FR: { requests: 1, requestedCents: 500_000, awardedCents: 450_000, paidCents: 270_000 },
      IT: { requests: 1, requestedCents: 300_000, awardedCents: 0, paidCents: 0 },
    },
    byPriority: {
      'migrant-smuggling': {
        requests: 3,
        requestedCents: 1_600_000,
        awardedCents: 550_000,
        paidCents: 330_000,
      },
      'return-and-readmission': {
        requests: 1,
        requestedCents: 500_000,
        awardedCents: 450_000,
        paidCents: 270_000,
      },
    },
    unallocatedCents: 0,
  });
});

test('a round with nothing left to decide after the close goes straight to awarded, and may end', () => {
  const record = new FundingRoundRecord(input, T0);
  const id = record.submit(request('DE', 100_000, 'tourism'), T0 + DAY).summary.id;
  record.closeSubmissions(T0 + 30 * DAY);
  expect(record.request(id)?.status).toBe('ineligible');
  expect(record.nothingLeftToDecide()).toBe(true);
  record.settleAssessment();
  expect(record.isSettled()).toBe(true);
  record.finish(T0 + 30 * DAY);
  expect(record.view().summary?.totals).toEqual({
    requests: 1,
    requestedCents: 100_000,
    awardedCents: 0,
    paidCents: 0,
  });
});
