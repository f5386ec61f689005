/**
 * The soonest N items of a seat without reading them all. Temporal's SQL visibility cannot sort by
 * a custom attribute, and on the dev server (SQLite) a list costs about a millisecond per row it
 * returns while a count stays a few milliseconds (bench/results.md). So the page is found by
 * counting: pick a due-time cutoff whose count is between `want` and twice `want`, then list only
 * the items before it. Counts guide the search (extrapolate from the density seen, interpolate
 * between a cutoff that had too few and one that had too many), so a page costs a few counts and
 * one list of about `want` rows, whatever the number of open items.
 */

/** Far enough: a cutoff here reaches every deadline a board sets. */
export const END_OF_TIME = Date.UTC(9999, 0, 1);
const WEEK = 7 * 86_400_000;
/** Counts a search may spend before it settles for the best cutoff it has. */
const MAX_PROBES = 5;

/** A cutoff (ms) and how many items are due from the page's lower bound up to it (exclusive). */
export interface CutoffCount {
  cutoff: number;
  count: number;
}

export type CutoffStep = { count: number } | { list: number };

/**
 * The next step of the search: a cutoff to count, or the cutoff to list up to.
 * @param start where the page's items begin in time (the cursor, or now when reading from the
 *   beginning: overdue items sit before it and are counted by every cutoff)
 * @param want how many items the page needs
 * @param seen the counts so far; the first is the count up to {@link END_OF_TIME}
 */
export function nextCutoffStep(start: number, want: number, seen: readonly CutoffCount[]): CutoffStep {
  const enough = seen.filter((s) => s.count >= want).sort((a, b) => a.cutoff - b.cutoff);
  const good = enough.find((s) => s.count <= 2 * want);
  if (good) return { list: good.cutoff };
  const above = enough[0];
  if (!above) return { list: END_OF_TIME }; // fewer than `want` in all: read them all
  if (seen.length > MAX_PROBES) return { list: above.cutoff };
  const below = seen
    .filter((s) => s.count < want && s.cutoff < above.cutoff)
    .sort((a, b) => b.cutoff - a.cutoff)[0];
  const target = want * 1.25;
  let probe: number;
  if (above.cutoff === END_OF_TIME) {
    // Only the total is known above: step out from the start, extrapolating the density seen.
    if (!below) probe = firstProbe(start);
    else {
      const span = below.cutoff - start;
      const perMs = below.count / Math.max(1, span);
      const ahead = below.count === 0 ? span * 4 : (target - below.count) / perMs;
      probe = below.cutoff + Math.min(Math.max(ahead, span / 4), span * 16);
    }
  } else {
    // Between two counts (or the start and a count), assume the items evenly spread.
    const low = below ?? { cutoff: start, count: 0 };
    const share = (target - low.count) / Math.max(1, above.count - low.count);
    probe = low.cutoff + (above.cutoff - low.cutoff) * Math.min(1, Math.max(0, share));
  }
  probe = Math.round(probe);
  if (probe <= (below?.cutoff ?? start) || probe >= above.cutoff) return { list: above.cutoff };
  return { count: probe };
}

/** The first cutoff worth counting: a week from the start (callers may count it up front). */
export function firstProbe(start: number): number {
  return start + WEEK;
}

/**
 * A page cursor: the last item's due time and id (ids break ties between equal due times). An
 * undated item (`dueAt` null) sorts after every dated one, so its cursor says the dated part is done.
 */
export interface PageCursor {
  dueAt: string | null;
  id: string;
}

/** Opaque to clients (base64url); an undated item's cursor has an empty due time. */
export function encodeCursor(c: PageCursor): string {
  return Buffer.from(`${c.dueAt ?? ''}|${c.id}`).toString('base64url');
}

/** Undefined for a malformed cursor (the due time must be the canonical ISO form we encode). */
export function decodeCursor(text: string): PageCursor | undefined {
  const plain = Buffer.from(text, 'base64url').toString('utf8');
  const bar = plain.indexOf('|');
  if (bar < 0) return undefined;
  const dueAt = plain.slice(0, bar);
  const id = plain.slice(bar + 1);
  if (!id || id.includes('|')) return undefined;
  if (dueAt === '') return { dueAt: null, id };
  const ms = Date.parse(dueAt);
  // Items compare due times as strings: only the form we hand out keeps that order right.
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== dueAt) return undefined;
  return { dueAt, id };
}
