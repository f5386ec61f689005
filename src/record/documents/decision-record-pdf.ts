/**
 * The record of one decision as a PDF (`GET /decisions/:id/record.pdf`): the question, the rule and
 * what it required, the chair, electorate and recusals with reasons, every ballot as cast (changes
 * included) with who cast it and when, opinions with the Board's responses, extensions and
 * withdrawal with reasons, quorum, tally and outcome, and the content hash.
 */
import type { DecisionState } from '../../../workflows/decision/decision.types';
import { contentHash, PdfDocument } from './pdf-document';

/** The record's content without workflow bookkeeping: what the hash covers. */
export function decisionContent(state: DecisionState): Omit<DecisionState, 'idempotency'> {
  const { idempotency: _idempotency, ...content } = state;
  return content;
}

/** Whether the seat's ballot was cast by its member or alternate, from the board's roster. */
export type CasterRole = (sub: string, seat: string, at: string) => string | undefined;

export async function decisionRecordPdf(
  state: DecisionState,
  casterRole: CasterRole = () => undefined,
): Promise<{ pdf: Buffer; hash: string }> {
  const content = decisionContent(state);
  const hash = contentHash(content);
  const s = state;
  const doc = new PdfDocument(`Decision record: ${s.title}`, s.closedAt ?? s.openedAt);
  doc
    .field('Decision', s.id)
    .field('Status', s.status)
    .field('Outcome', s.outcome ?? 'pending');
  doc
    .field('Opened', `${s.openedAt} by ${s.openedBy}`)
    .field('Deadline', s.closesAt)
    .field('Closed', s.closedAt);
  if (s.parentId) doc.field('Part of', s.parentId);

  doc.heading('Text put to the Board').paragraph(s.text);

  doc.heading('Rule and majority');
  doc.field('Rule', s.rule);
  if (s.rule === 'silence') doc.field('Objections that stop adoption', s.objectionThreshold);
  else
    doc
      .field('Yes votes required', s.yesRequired ?? 'more yes than no')
      .field('Quorum required', s.quorumRequired);
  doc.field('Close early when settled', s.closeEarly ? 'yes' : 'no');

  doc.heading('Who decides');
  doc.field('Chair', s.chair ?? 'not recorded');
  doc.field(`Electorate (${s.electorate.length} seats)`, s.electorate.join(', '));
  const recusals = s.recusals ?? s.recused.map((seat) => ({ seat, reason: 'not recorded' }));
  doc.field(
    'Recused seats',
    recusals.length === 0 ? 'none' : `${recusals.length}, with the reasons recorded`,
  );
  doc.lines(
    recusals.map((r) => `${r.seat}: ${r.reason}`),
    '',
  );

  doc.heading(`Ballots (${s.ballotHistory.length} cast, ${s.ballots.length} standing)`);
  const standing = new Set(s.ballots.map((b) => `${b.seat}|${b.at}|${b.castBy}`));
  doc.lines(
    s.ballotHistory.map((b) => {
      const who = casterRole(b.castBy, b.seat, b.at);
      const replaced = standing.has(`${b.seat}|${b.at}|${b.castBy}`) ? '' : ' (replaced by a later ballot)';
      return `${b.at}  ${b.seat}  ${b.choice}  cast by ${b.castBy}${who ? ` (${who})` : ''}${replaced}`;
    }),
  );

  doc.heading('Opinions and the Board’s responses'.replace('’', "'"));
  doc.lines(
    s.opinions.flatMap((o) => [
      `${o.n ?? ''}. ${o.seat}, ${o.at}, by ${o.by}: ${o.text}`,
      o.response
        ? `   Response (${o.response.at}, ${o.response.by}): ${o.response.text}`
        : '   Response: none recorded',
    ]),
  );
  if ((s.declined ?? []).length > 0)
    doc.lines(s.declined.map((d) => `${d.seat} declined to give an opinion (${d.at})`));

  doc.heading('Extensions and withdrawal');
  doc.lines([
    ...s.extensions.map((e) => `Extended from ${e.from} to ${e.to} by ${e.by} at ${e.at}: ${e.reason}`),
    ...(s.withdrawal
      ? [`Withdrawn by ${s.withdrawal.by} at ${s.withdrawal.at}: ${s.withdrawal.reason}`]
      : []),
  ]);

  doc.heading('Result');
  const voted = s.ballots.length;
  doc.field('Ballots standing', voted);
  if (s.rule !== 'silence')
    doc.field(
      'Quorum',
      `${voted} of ${s.quorumRequired} required: ${voted >= s.quorumRequired ? 'met' : 'not met'}`,
    );
  doc.field(
    'Tally',
    `yes ${s.tally.yes}, no ${s.tally.no}, abstain ${s.tally.abstain}, objections ${s.tally.objections}`,
  );
  doc.field('Outcome', s.outcome ?? 'pending (the decision is open)');
  return { pdf: await doc.finish(hash), hash };
}
