/**
 * The minutes as a PDF (pdfkit), with a content hash: the SHA-256 of the minutes' text, printed on
 * the last page and returned beside the file, so anyone holding the text can check a copy. Draft
 * minutes are served too, marked DRAFT across every page and in the title, so a copy circulated
 * before the Board approves them cannot pass for the approved text. The document's dates are the
 * approval's (or the draft's last edit), so the same minutes always give the same file.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { MeetingState } from '../../workflows/meetings/meeting.types';

/** The SHA-256 (hex) of the minutes' text: what the PDF certifies. */
export function minutesHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Renders the minutes of `s` (which must have minutes) as a PDF. */
export function minutesPdf(s: Readonly<MeetingState>): Promise<{ pdf: Buffer; hash: string }> {
  const minutes = s.minutes;
  if (!minutes) throw new Error(`${s.id} has no minutes`);
  const hash = minutesHash(minutes.text);
  const at = new Date(minutes.approval?.at ?? minutes.editedAt ?? minutes.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    bufferPages: true,
    info: {
      Title: `${minutes.approval ? '' : 'DRAFT '}Minutes of ${s.title}`,
      Producer: 'board-governance',
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const approval = minutes.approval;
  doc.font('Helvetica').fontSize(9).fillColor('#555');
  doc.text(
    approval
      ? approval.via === 'meeting'
        ? `Approved by the Board at meeting ${approval.meetingId} (item ${approval.item}) on ${approval.at}`
        : `Approved by the Board by written procedure ${approval.decisionId} on ${approval.at}`
      : 'DRAFT: not approved by the Board',
  );
  doc.moveDown().fillColor('#000').fontSize(10.5).text(minutes.text, { lineGap: 2 });
  doc.moveDown().fontSize(8).fillColor('#555').text(`Content hash (SHA-256 of the minutes text): ${hash}`);
  if (!approval) {
    // Over every page, once the text is laid out: a large, faint DRAFT.
    const pages = doc.bufferedPageRange();
    for (let i = pages.start; i < pages.start + pages.count; i++) {
      doc.switchToPage(i);
      const { width, height } = doc.page;
      doc.save().rotate(-45, { origin: [width / 2, height / 2] });
      doc.font('Helvetica-Bold').fontSize(120).fillColor('#000').fillOpacity(0.08);
      doc.text('DRAFT', 0, height / 2 - 60, { width, align: 'center', lineBreak: false });
      doc.restore();
    }
  }
  doc.end();
  return done.then((pdf) => ({ pdf, hash }));
}
