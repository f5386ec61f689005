/**
 * The text of a PDF as a reader sees it, so tests check what the document says, not its bytes.
 * Read with pdf-parse (PDF.js, from npm, so nothing is installed by hand) in a child process,
 * which keeps this function synchronous.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const reader = join(__dirname, 'pdf-text-reader.js');

export function pdfText(pdf: Buffer): string {
  const result = spawnSync(process.execPath, [reader], { input: pdf, encoding: 'utf8' });
  if (result.error) throw new Error(`could not read the PDF back: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`could not read the PDF back: ${result.stderr}`);
  // One space between words, whatever the layout and wherever a line wrapped.
  return result.stdout.replace(/\s+/g, ' ');
}
