/** The growing due-time windows that read a seat's soonest items, and the page cursor. */
import { decodeCursor, dueWindows, encodeCursor } from '../../src/tracking/due-windows';

const DAY = 86_400_000;
const now = Date.UTC(2027, 0, 1);

test('the first window has no lower bound (overdue items come first), then each is four times longer', () => {
  const windows = [...dueWindows(now)].slice(0, 4);
  expect(windows[0]).toEqual({ from: undefined, to: now + 7 * DAY });
  expect(windows[1]).toEqual({ from: now + 7 * DAY, to: now + 35 * DAY });
  expect(windows[2]).toEqual({ from: now + 35 * DAY, to: now + 147 * DAY });
  expect(windows[3].from).toBe(windows[2].to);
});

test('windows tile time without gaps and end', () => {
  const windows = [...dueWindows(now, now + 3 * DAY)];
  expect(windows.length).toBeLessThan(20);
  expect(windows[0].from).toBe(now + 3 * DAY);
  for (let i = 1; i < windows.length; i++) expect(windows[i].from).toBe(windows[i - 1].to);
  expect(windows[windows.length - 1].to).toBe(Date.UTC(9999, 0, 1));
});

test('a cursor round-trips; a malformed one is refused', () => {
  const cursor = { dueAt: '2027-02-01T00:00:00.000Z', id: 'dec-abc' };
  expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  expect(decodeCursor('bm9uc2Vuc2U')).toBeUndefined();
});
