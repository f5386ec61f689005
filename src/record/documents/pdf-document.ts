/**
 * A small writer over PDFKit for the record's documents: headings, labelled fields, paragraphs and
 * list lines in the standard Helvetica faces, the document's dates fixed from the record (the same
 * record always gives the same bytes), and the content hash printed at the end.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { wrapAtSpaces } from './wrap-at-spaces';

/** SHA-256 of the record's content as canonical JSON (sorted keys): the same content, the same hash. */
export function contentHash(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class PdfDocument {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(title: string, createdAt: string) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: title, Creator: 'Board governance engine', CreationDate: new Date(createdAt) },
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font('Helvetica-Bold').fontSize(16).text(title);
    this.doc.moveDown(0.5);
  }

  heading(text: string): this {
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(text).moveDown(0.2);
    return this;
  }

  field(label: string, value: string | number | null | undefined): this {
    this.doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${label}: `, { continued: true })
      .font('Helvetica')
      .text(value === null || value === undefined || value === '' ? '-' : String(value));
    return this;
  }

  paragraph(text: string): this {
    this.doc
      .font('Helvetica')
      .fontSize(10)
      .text(text || '-');
    return this;
  }

  /** One list line, broken at spaces only (an id in it stays whole: see {@link wrapAtSpaces}). */
  line(text: string): this {
    const indent = 10;
    this.doc.font('Helvetica').fontSize(9.5);
    const { width, margins } = this.doc.page;
    // A point to spare, so PDFKit's own measure never finds a part too wide and cuts it again.
    const room = width - margins.left - margins.right - indent - 1;
    const parts = wrapAtSpaces(text, room, (s) => this.doc.widthOfString(s));
    // Each part is a paragraph of its own, so each gets the indent.
    this.doc.text(parts.join('\n'), { indent });
    return this;
  }

  /** Lines of a list, or a dash when it is empty. */
  lines(items: string[], empty = 'none'): this {
    if (items.length === 0) return this.line(empty);
    for (const item of items) this.line(item);
    return this;
  }

  /** Ends the document with the content hash; resolves to its bytes. */
  finish(hash: string): Promise<Buffer> {
    this.doc.moveDown(1).font('Helvetica').fontSize(8).text(`Content hash (SHA-256 of the record): ${hash}`);
    this.doc.end();
    return this.done;
  }
}
