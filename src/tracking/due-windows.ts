/**
 * The soonest N items without reading them all. Temporal's SQL visibility cannot sort by a custom
 * attribute, and a list costs time in proportion to the rows it returns, so a seat's first page is
 * read in due-time windows that grow fourfold (a week, four weeks, sixteen ...), stopping as soon
 * as the page is full: the cost follows the page size, not the number of open items.
 */

const WEEK = 7 * 86_400_000;
/** Far enough: a window past this reaches every deadline a board sets. */
const END_OF_TIME = Date.UTC(9999, 0, 1);

/** Successive [from, to) windows starting at `from` (undefined: from the beginning, overdue included). */
export function* dueWindows(now: number, from?: number): Generator<{ from?: number; to: number }> {
  let lower = from;
  let span = WEEK;
  let upper = Math.max(now, from ?? now) + span;
  for (;;) {
    yield { from: lower, to: Math.min(upper, END_OF_TIME) };
    if (upper >= END_OF_TIME) return;
    lower = upper;
    span *= 4;
    upper = lower + span;
  }
}

/** A page cursor: the last item's due time and id (ids break ties between equal due times). */
export interface PageCursor {
  dueAt: string;
  id: string;
}

export function encodeCursor(c: PageCursor): string {
  return Buffer.from(`${c.dueAt}|${c.id}`).toString('base64url');
}

/** Undefined for a malformed cursor. */
export function decodeCursor(text: string): PageCursor | undefined {
  const [dueAt, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (!dueAt || !id || Number.isNaN(Date.parse(dueAt))) return undefined;
  return { dueAt, id };
}
