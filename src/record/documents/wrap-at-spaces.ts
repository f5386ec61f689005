/**
 * Line breaking for the record's documents. PDFKit breaks lines wherever Unicode allows, hyphens
 * included, so a payment or decision id near the right margin came out cut in two (`pay-…-917e-`
 * on one line, the rest on the next): a reader copying it got a wrong id, and a text search for
 * it found nothing. Here lines break at spaces only.
 */

/**
 * Splits `text` into lines no wider than `width` (as `widthOf` measures), breaking only at spaces.
 * Continuation lines keep the first line's leading spaces; runs of spaces inside a line stay as
 * they are. A single word wider than the line stands alone on its line, whole.
 */
export function wrapAtSpaces(text: string, width: number, widthOf: (s: string) => number): string[] {
  const indent = /^ */.exec(text)?.[0] ?? '';
  const tokens = text.slice(indent.length).match(/ +|[^ ]+/g) ?? [];
  const lines: string[] = [];
  let current = indent;
  let pendingSpace = '';
  for (const token of tokens) {
    if (token.startsWith(' ')) {
      pendingSpace += token;
      continue;
    }
    const candidate = current + pendingSpace + token;
    if (current.trim() !== '' && widthOf(candidate) > width) {
      lines.push(current);
      current = indent + token;
    } else {
      current = candidate;
    }
    pendingSpace = '';
  }
  lines.push(current);
  return lines;
}
