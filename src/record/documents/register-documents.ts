/**
 * The register of a year's decisions (`GET /register.pdf?year=`, `GET /register.csv?year=`): every
 * decision closed in that year, in the order it closed, numbered, with its rule, tally and outcome.
 */
import { stringify } from 'csv-stringify/sync';
import type { DecisionState } from '../../../workflows/decision/decision.types';
import { decisionContent } from './decision-record-pdf';
import { contentHash, PdfDocument } from './pdf-document';

/** One line of the register. */
export interface RegisterEntry {
  n: number;
  id: string;
  title: string;
  rule: string;
  openedAt: string;
  closedAt: string;
  outcome: string;
  yes: number;
  no: number;
  abstain: number;
  objections: number;
  ballots: number;
  electorate: number;
  parentId: string;
}

export function registerEntries(decisions: readonly DecisionState[]): RegisterEntry[] {
  return decisions.map((d, i) => ({
    n: i + 1,
    id: d.id,
    title: d.title,
    rule: d.rule,
    openedAt: d.openedAt,
    closedAt: d.closedAt ?? '',
    outcome: d.outcome ?? '',
    yes: d.tally.yes,
    no: d.tally.no,
    abstain: d.tally.abstain,
    objections: d.tally.objections,
    ballots: d.ballots.length,
    electorate: d.electorate.length,
    parentId: d.parentId ?? '',
  }));
}

export function registerCsv(decisions: readonly DecisionState[]): string {
  return stringify(registerEntries(decisions), {
    header: true,
    columns: [
      'n',
      'id',
      'title',
      'rule',
      'openedAt',
      'closedAt',
      'outcome',
      'yes',
      'no',
      'abstain',
      'objections',
      'ballots',
      'electorate',
      'parentId',
    ],
  });
}

export async function registerPdf(
  year: number,
  decisions: readonly DecisionState[],
): Promise<{ pdf: Buffer; hash: string }> {
  const hash = contentHash({ year, decisions: decisions.map(decisionContent) });
  const last = decisions[decisions.length - 1];
  const doc = new PdfDocument(
    `Register of decisions ${year}`,
    last?.closedAt ?? `${year}-01-01T00:00:00.000Z`,
  );
  doc.field('Decisions closed in the year', decisions.length);
  const counts = new Map<string, number>();
  for (const d of decisions) counts.set(d.outcome ?? 'open', (counts.get(d.outcome ?? 'open') ?? 0) + 1);
  doc.field('By outcome', [...counts].map(([o, n]) => `${o} ${n}`).join(', ') || 'none');
  doc.heading('Decisions');
  doc.lines(
    registerEntries(decisions).map(
      (e) =>
        `${e.n}. ${e.closedAt.slice(0, 10)}  ${e.title} (${e.id})  rule ${e.rule}; yes ${e.yes}, no ${e.no}, abstain ${e.abstain}${e.rule === 'silence' ? `, objections ${e.objections}` : ''}; ${e.outcome}`,
    ),
    'No decision closed in this year.',
  );
  return { pdf: await doc.finish(hash), hash };
}
