/**
 * The text of a PDF, read back with Debian's `pdftotext` (poppler-utils; `.ci/run` installs it
 * when missing), so tests check what a reader sees, not the bytes.
 */
import { spawnSync } from 'node:child_process';

export function pdfText(pdf: Buffer): string {
  const result = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `pdftotext is needed to read PDFs back (apt-get install poppler-utils): ${result.error.message}`,
    );
  }
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  // One space between words, whatever the layout and wherever a line wrapped.
  return result.stdout.replace(/\s+/g, ' ');
}
