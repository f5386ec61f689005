/**
 * Where the money went: requested, awarded and paid, per member state, per priority and per round,
 * from the funding requests the record holds. Pure, so the sums are unit-tested; all in cents.
 */
import type { FundingRequestState } from '../../workflows/funding/funding.types';

/** The three sums of one group. */
export interface FundingSums {
  requests: number;
  requestedCents: number;
  awardedCents: number;
  paidCents: number;
}

export interface FundingReportRow extends FundingSums {
  /** The seat code, the priority code, or the round id. */
  key: string;
  /** The round's title (per round only). */
  label?: string;
}

export interface FundingReport {
  from: string | null;
  to: string | null;
  totals: FundingSums;
  bySeat: FundingReportRow[];
  byPriority: FundingReportRow[];
  byRound: FundingReportRow[];
}

const zero = (): FundingSums => ({ requests: 0, requestedCents: 0, awardedCents: 0, paidCents: 0 });

function add(sums: FundingSums, r: FundingRequestState): void {
  sums.requests += 1;
  sums.requestedCents += r.amountCents;
  sums.awardedCents += r.awardedCents ?? 0;
  sums.paidCents += r.payments.paidCents;
}

function grouped(requests: readonly FundingRequestState[], keyOf: (r: FundingRequestState) => string) {
  const groups = new Map<string, FundingSums>();
  for (const r of requests) {
    const key = keyOf(r);
    const sums = groups.get(key) ?? zero();
    add(sums, r);
    groups.set(key, sums);
  }
  // Largest requested first, then by key: a stable order for the table and the chart.
  return [...groups]
    .map(([key, sums]) => ({ key, ...sums }))
    .sort((a, b) => b.requestedCents - a.requestedCents || a.key.localeCompare(b.key));
}

/** The report over `requests` (those submitted in the period), withdrawn ones included as asked. */
export function fundingReport(
  requests: readonly FundingRequestState[],
  period: { from?: string; to?: string } = {},
): FundingReport {
  const totals = zero();
  for (const r of requests) add(totals, r);
  const titles = new Map(requests.map((r) => [r.roundId, r.roundTitle]));
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    totals,
    bySeat: grouped(requests, (r) => r.seat),
    byPriority: grouped(requests, (r) => r.priority),
    byRound: grouped(requests, (r) => r.roundId).map((row) => ({ ...row, label: titles.get(row.key) })),
  };
}

/** The report as CSV rows: one per group, with its dimension. */
export function fundingReportRows(report: FundingReport) {
  return [
    ...report.bySeat.map((r) => ({ dimension: 'seat', ...r, label: r.key })),
    ...report.byPriority.map((r) => ({ dimension: 'priority', ...r, label: r.key })),
    ...report.byRound.map((r) => ({ dimension: 'round', ...r, label: r.label ?? r.key })),
    { dimension: 'total', key: '', label: 'all', ...report.totals },
  ];
}
