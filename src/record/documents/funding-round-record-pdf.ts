/**
 * The record of a funding round as a PDF (`GET /funding-rounds/:id/record.pdf`): the envelope and
 * its rules, every request with its eligibility, the allocations proposed and the Board's votes on
 * them, the awards, and the tranches paid, from the round and its requests and decisions as the
 * record holds them; with the content hash.
 */
import type { DecisionState } from '../../../workflows/decision/decision.types';
import type { FundingRequestState, FundingRoundState } from '../../../workflows/funding/funding.types';
import { contentHash, PdfDocument } from './pdf-document';

const euros = (cents: number | null | undefined) =>
  cents === null || cents === undefined
    ? '-'
    : `EUR ${(cents / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

export async function fundingRoundRecordPdf(
  round: FundingRoundState,
  requests: readonly FundingRequestState[],
  decisions: readonly DecisionState[],
): Promise<{ pdf: Buffer; hash: string }> {
  const { idempotency: _r, ...roundContent } = round;
  const hash = contentHash({
    round: roundContent,
    requests,
    decisions: decisions.map(({ idempotency: _d, ...d }) => d),
  });
  const doc = new PdfDocument(`Funding round record: ${round.title}`, round.closedAt ?? round.openedAt);
  doc.field('Round', round.id).field('Status', round.status);
  doc
    .field('Opened', `${round.openedAt} by ${round.openedBy}`)
    .field('Submissions closed', round.submissionsClosedAt);
  doc.field('Closed', round.closedAt);

  doc.heading('Envelope');
  doc.field('Envelope', euros(round.envelopeCents)).field('Awarded', euros(round.awardedCents));
  doc.field('Largest request allowed', euros(round.maxRequestCents));
  doc.field('Priorities', round.priorities.join(', '));
  doc.field('Decision rule', round.decision.rule).field('First tranche', `${round.firstTranchePercent}%`);

  doc.heading(`Requests (${round.requests.length})`);
  const detail = new Map(requests.map((r) => [r.id, r]));
  doc.lines(
    round.requests.flatMap((r) => {
      const d = detail.get(r.id);
      const eligibility =
        r.status === 'ineligible'
          ? `ineligible: ${r.ineligibleReason ?? d?.ineligibleReason ?? ''}`
          : r.status === 'withdrawn'
            ? `withdrawn: ${d?.withdrawalReason ?? ''}`
            : r.status === 'submitted'
              ? 'not yet assessed'
              : 'eligible';
      return [
        `${r.id}  ${r.seat}  ${r.title}  priority ${r.priority}  asked ${euros(r.amountCents)}  ${eligibility}; ${r.status}`,
      ];
    }),
  );

  doc.heading('Allocations proposed and the Board’s votes'.replace('’', "'"));
  const byId = new Map(decisions.map((d) => [d.id, d]));
  doc.lines(
    round.attempts.flatMap((a) => [
      `Attempt ${a.attempt}: ${euros(a.totalCents)} proposed by ${a.proposedBy} at ${a.proposedAt}; outcome ${a.outcome ?? 'pending'}`,
      ...a.awards.map((w) => `   ${w.requestId}: ${euros(w.amountCents)}`),
      ...a.decisions.map((x) => {
        const d = byId.get(x.decisionId);
        const tally = d
          ? `; yes ${d.tally.yes}, no ${d.tally.no}, abstain ${d.tally.abstain}, ${d.ballots.length} ballots`
          : '';
        return `   Vote ${x.decisionId} on ${x.requestIds.join(', ')}: ${x.outcome ?? 'pending'}${tally}`;
      }),
    ]),
  );

  doc.heading('Awards and tranches paid');
  const awarded = requests.filter((r) => r.awardedCents !== null);
  doc.lines(
    awarded.flatMap((r) => [
      `${r.id}  ${r.seat}  awarded ${euros(r.awardedCents)} by ${r.decisionId ?? '-'}; paid ${euros(r.payments.paidCents)}, held back ${euros(r.payments.heldBackCents)}`,
      ...r.tranches.map(
        (t) =>
          `   Tranche ${t.n}: ${euros(t.amountCents)} ${t.status}${t.paidAt ? ` on ${t.paidAt} (${t.paymentId})` : ''}`,
      ),
    ]),
  );
  return { pdf: await doc.finish(hash), hash };
}
