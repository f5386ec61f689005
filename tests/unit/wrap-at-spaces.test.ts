import { PdfDocument } from '../../src/record/documents/pdf-document';
import { wrapAtSpaces } from '../../src/record/documents/wrap-at-spaces';
import { pdfText } from '../support/pdf-text';

// One unit of width per character, so the limits below read as character counts.
const chars = (s: string) => s.length;

describe('wrapAtSpaces', () => {
  it('leaves a line that fits as it is, double spaces included', () => {
    expect(wrapAtSpaces('req-1  DE  awarded', 40, chars)).toEqual(['req-1  DE  awarded']);
  });

  it('breaks at a space, never at the hyphens of an id', () => {
    const line = '   Tranche 1: EUR 2,400.30 paid (pay-4b5e8067-2a4b-4802-917e-c549c548a159)';
    const lines = wrapAtSpaces(line, 60, chars);
    expect(lines).toEqual([
      '   Tranche 1: EUR 2,400.30 paid',
      '   (pay-4b5e8067-2a4b-4802-917e-c549c548a159)',
    ]);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
  });

  it('keeps the leading spaces on every line it makes', () => {
    expect(wrapAtSpaces('  aa bb cc', 6, chars)).toEqual(['  aa', '  bb', '  cc']);
  });

  it('puts a word wider than the line on a line of its own, whole', () => {
    expect(wrapAtSpaces('see dec-0123456789abcdef now', 10, chars)).toEqual([
      'see',
      'dec-0123456789abcdef',
      'now',
    ]);
  });

  it('gives one empty line for empty text', () => {
    expect(wrapAtSpaces('', 10, chars)).toEqual(['']);
  });
});

describe('a list line of a record document', () => {
  it('keeps a payment id whole where PDFKit alone would cut it at a hyphen', async () => {
    // This line is 0.05 pt wider than the room A4 leaves it: PDFKit broke it after "917e-".
    const line =
      '   Tranche 1: EUR 2,400.30 paid on 2026-12-02T01:43:55.257Z (pay-4b5e8067-2a4b-4802-917e-c549c548a159)';
    const doc = new PdfDocument('Funding round record', '2026-12-02T00:00:00.000Z');
    const text = pdfText(await doc.lines([line, 'the next line']).finish('hash'));
    expect(text).toContain('(pay-4b5e8067-2a4b-4802-917e-c549c548a159) the next line');
    expect(text).toContain('Tranche 1: EUR 2,400.30 paid on 2026-12-02T01:43:55.257Z (pay-');
  });
});
