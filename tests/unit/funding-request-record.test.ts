/**
 * The funding request's record: its tranches wait for the interim obligation, which the seat
 * discharges with an accepted report or the secretariat with a waiver; either releases the held
 * tranche, and the record says which.
 */
import { FundingRequestRecord } from '../../workflows/funding/funding-request-record';
import { obligationIdFor } from '../../workflows/ids';
import type { FundingRequestInput } from '../../workflows/funding/funding.types';

const T0 = Date.parse('2027-03-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 24 * 3600 * 1000;

const input: FundingRequestInput = {
  id: 'frq-r1-1',
  roundId: 'fr-r1',
  roundTitle: 'ILO activities 2027',
  seat: 'DE',
  title: 'DE liaison network',
  amountCents: 500_000,
  priority: 'migrant-smuggling',
  description: 'Joint ILO activities',
  submittedBy: 'anna',
  submittedAt: iso(T0),
};

/** A request awarded 500 000 cents, 60 % on award, with its first tranche paid. */
function awarded(): FundingRequestRecord {
  const record = new FundingRequestRecord(input);
  record.apply({ kind: 'eligible', at: iso(T0 + 30 * DAY), by: 'round' });
  record.apply({
    kind: 'awarded',
    at: iso(T0 + 45 * DAY),
    by: 'board',
    terms: {
      amountCents: 500_000,
      decisionId: 'dec-fr-r1-a1',
      firstTranchePercent: 60,
      interimDueAt: iso(T0 + 225 * DAY),
      finalDueAt: iso(T0 + 410 * DAY),
      remindBefore: ['P14D'],
    },
  });
  record.markPaid(1, 'pay-1', T0 + 45 * DAY);
  record.markReportingOpened(T0 + 45 * DAY);
  return record;
}

const interim = obligationIdFor(input.id, 'interim');
const final = obligationIdFor(input.id, 'final');

test('the award pays its first tranche and holds the second for the interim report', () => {
  const s = awarded().view();
  expect(s.tranches).toEqual([
    expect.objectContaining({ n: 1, amountCents: 300_000, status: 'paid', releasedOn: 'award' }),
    expect.objectContaining({
      n: 2,
      amountCents: 200_000,
      status: 'held',
      releasedOn: null,
      releasedAt: null,
    }),
  ]);
  expect(s.payments).toEqual({ paidCents: 300_000, heldBackCents: 200_000 });
  expect(awarded().awaiting()).toEqual({ seats: ['DE'], dueAt: iso(T0 + 225 * DAY) });
});

test('an accepted interim report releases the held tranche, recorded as released on the acceptance', () => {
  const record = awarded();
  const at = T0 + 200 * DAY;
  record.reportAccepted({ obligationId: interim, reportKind: 'interim', acceptedAt: iso(at) }, at);
  const s = record.view();
  expect(s.tranches[1]).toMatchObject({ status: 'due', releasedOn: 'report-accepted', releasedAt: iso(at) });
  expect(s.obligations[0]).toMatchObject({ acceptedAt: iso(at), waivedAt: null });
  expect(s.history.at(-1)).toEqual({
    kind: 'report-accepted',
    at: iso(at),
    by: interim,
    detail: `interim report accepted (${interim}); tranche 2 released on the acceptance`,
  });
  expect(record.nextDueTranche()?.n).toBe(2);
});

test('a waived interim obligation releases the held tranche, recorded as released on the waiver', () => {
  const record = awarded();
  const at = T0 + 230 * DAY;
  record.reportAccepted(
    { obligationId: interim, reportKind: 'interim', acceptedAt: iso(at), outcome: 'waived' },
    at,
  );
  const s = record.view();
  expect(s.tranches[1]).toMatchObject({ status: 'due', releasedOn: 'report-waived', releasedAt: iso(at) });
  expect(s.obligations[0]).toMatchObject({ acceptedAt: null, waivedAt: iso(at) });
  expect(s.history.at(-1)).toEqual({
    kind: 'report-waived',
    at: iso(at),
    by: interim,
    detail: `interim report waived by the secretariat (${interim}); tranche 2 released on the waiver`,
  });
  // The seat now owes the final report only.
  expect(record.awaiting()).toEqual({ seats: ['DE'], dueAt: iso(T0 + 410 * DAY) });

  // The same news twice changes nothing.
  const version = record.version;
  record.reportAccepted({ obligationId: interim, reportKind: 'interim', acceptedAt: iso(at) }, at + 1);
  expect(record.version).toBe(version);
  expect(record.view().obligations[0].acceptedAt).toBeNull();
});

test('the request is fulfilled once every tranche is paid and both obligations are accepted or waived', () => {
  const record = awarded();
  record.reportAccepted(
    { obligationId: interim, reportKind: 'interim', acceptedAt: iso(T0 + 230 * DAY), outcome: 'waived' },
    T0 + 230 * DAY,
  );
  expect(record.isFulfilled).toBe(false); // tranche 2 not yet paid
  record.markPaid(2, 'pay-2', T0 + 230 * DAY);
  expect(record.isFulfilled).toBe(false); // the final report is still owed
  record.reportAccepted(
    { obligationId: final, reportKind: 'final', acceptedAt: iso(T0 + 400 * DAY) },
    T0 + 400 * DAY,
  );
  expect(record.isFulfilled).toBe(true);
  expect(record.awaiting()).toEqual({ seats: [], dueAt: null });
  expect(record.view().payments).toEqual({ paidCents: 500_000, heldBackCents: 0 });
});

test('a final report discharged first releases nothing: the second tranche waits for the interim one', () => {
  const record = awarded();
  record.reportAccepted(
    { obligationId: final, reportKind: 'final', acceptedAt: iso(T0 + 100 * DAY), outcome: 'waived' },
    T0 + 100 * DAY,
  );
  const s = record.view();
  expect(s.tranches[1].status).toBe('held');
  expect(s.history.at(-1)?.detail).toBe(`final report waived by the secretariat (${final})`);
  expect(record.isFulfilled).toBe(false);
});

test('a record carried over from before waivers were kept reads as neither waived nor released', () => {
  const carried = awarded().view();
  for (const o of carried.obligations) delete o.waivedAt;
  for (const t of carried.tranches) {
    delete t.releasedOn;
    delete t.releasedAt;
  }
  const record = new FundingRequestRecord({ ...input, carriedState: carried });
  expect(record.awaiting().dueAt).toBe(iso(T0 + 225 * DAY));
  record.reportAccepted(
    { obligationId: interim, reportKind: 'interim', acceptedAt: iso(T0 + 230 * DAY), outcome: 'waived' },
    T0 + 230 * DAY,
  );
  expect(record.view().tranches[1]).toMatchObject({ status: 'due', releasedOn: 'report-waived' });
});
