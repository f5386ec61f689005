/** The count-guided search for a page's due-time cutoff, and the page cursor. */
import fc from 'fast-check';
import {
  decodeCursor,
  encodeCursor,
  END_OF_TIME,
  nextCutoffStep,
  type CutoffCount,
} from '../../src/tracking/cutoff-search';

const DAY = 86_400_000;
const now = Date.UTC(2027, 0, 1);

/** Runs the search over items due at `dues` (from the beginning) and says what it cost. */
function search(dues: number[], want: number) {
  const countBefore = (cutoff: number) => dues.filter((d) => d < cutoff).length;
  const seen: CutoffCount[] = [{ cutoff: END_OF_TIME, count: dues.length }];
  let step = nextCutoffStep(now, want, seen);
  while ('count' in step) {
    seen.push({ cutoff: step.count, count: countBefore(step.count) });
    step = nextCutoffStep(now, want, seen);
  }
  return { counts: seen.length - 1, cutoff: step.list, listed: countBefore(step.list) };
}

test('a seat with no more than a page is listed at once, without counting', () => {
  expect(search([now + DAY, now + 5 * DAY], 26)).toEqual({ counts: 0, cutoff: END_OF_TIME, listed: 2 });
  const fifty = Array.from({ length: 50 }, (_, i) => now + i * DAY);
  expect(search(fifty, 26).counts).toBe(0);
});

test('deadlines spread over a year: a few counts, then about a page is listed', () => {
  for (const total of [160, 1600, 16000]) {
    const dues = Array.from({ length: total }, (_, i) => now + ((i * 7919) % 365) * DAY + DAY);
    const r = search(dues, 26);
    expect(r.listed).toBeGreaterThanOrEqual(26);
    expect(r.listed).toBeLessThanOrEqual(52);
    expect(r.counts).toBeLessThanOrEqual(4);
  }
});

test('overdue items count before every cutoff and are listed first', () => {
  const dues = [
    ...Array.from({ length: 30 }, (_, i) => now - (i + 1) * DAY),
    ...Array.from({ length: 500 }, (_, i) => now + (i + 1) * DAY),
  ];
  const r = search(dues, 26);
  expect(r.listed).toBeGreaterThanOrEqual(26);
  expect(r.listed).toBeLessThanOrEqual(52);
});

test('whatever the spread, the listed cutoff holds a full page and the search ends', () => {
  const due = fc.oneof(
    fc.integer({ min: -400, max: 800 }).map((d) => now + d * DAY),
    fc.integer({ min: 0, max: 60 }).map((m) => now + m * 60_000),
    fc.constant(now + 3 * DAY),
    fc.integer({ min: 1, max: 7000 }).map((y) => Date.UTC(2027 + (y % 7000), 0, 1)),
  );
  fc.assert(
    fc.property(fc.array(due, { maxLength: 400 }), fc.integer({ min: 1, max: 60 }), (dues, want) => {
      const r = search(dues, want);
      expect(r.listed).toBeGreaterThanOrEqual(Math.min(want, dues.length));
      expect(r.counts).toBeLessThanOrEqual(6);
    }),
  );
});

test('a cursor round-trips; a malformed one is refused', () => {
  const cursor = { dueAt: '2027-02-01T00:00:00.000Z', id: 'dec-abc' };
  expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  expect(decodeCursor('bm9uc2Vuc2U')).toBeUndefined();
});

test("an undated item's cursor round-trips; only the canonical due time we hand out is accepted", () => {
  const undated = { dueAt: null, id: 'fund-abc-req-1' };
  expect(decodeCursor(encodeCursor(undated))).toEqual(undated);
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  expect(decodeCursor(b64('2027-02-01|dec-abc'))).toBeUndefined(); // parses, but not our form
  expect(decodeCursor(b64('2027-02-01T00:00:00.000Z|'))).toBeUndefined();
  expect(decodeCursor(b64('2027-02-01T00:00:00.000Z|a|b'))).toBeUndefined();
  fc.assert(
    fc.property(
      fc.option(fc.date({ min: new Date(0), max: new Date(END_OF_TIME), noInvalidDate: true }), {
        nil: null,
      }),
      fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/),
      (due, id) => {
        const cursor = { dueAt: due ? due.toISOString() : null, id };
        const token = encodeCursor(cursor);
        expect(token).toMatch(/^[A-Za-z0-9_-]{1,300}$/); // what the DTOs accept
        expect(decodeCursor(token)).toEqual(cursor);
      },
    ),
  );
});
