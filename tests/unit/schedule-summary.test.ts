/** The schedule list's pure helpers: each rule as a sentence, and the order by title then id. */
import { byTitleThenId, ruleSummary } from '../../src/api/reporting/schedules.summary';

test('a calendar rule reads as a sentence with its time zone', () => {
  expect(ruleSummary({ calendar: { month: 3, dayOfMonth: 31 }, timezone: 'UTC' })).toBe(
    'on 31 March at 00:00 (UTC)',
  );
  expect(ruleSummary({ calendar: { dayOfMonth: 1, hour: 9, minute: 5 }, timezone: 'Europe/Brussels' })).toBe(
    'on day 1 of every month at 09:05 (Europe/Brussels)',
  );
  expect(ruleSummary({ calendar: { month: 12, hour: 18 }, timezone: 'UTC' })).toBe(
    'every day of December at 18:00 (UTC)',
  );
  expect(ruleSummary({ calendar: {}, timezone: 'UTC' })).toBe('every day at 00:00 (UTC)');
});

test('cron names its time zone; a fixed span does not need one', () => {
  expect(ruleSummary({ cron: '0 9 31 3 *', timezone: 'Europe/Brussels' })).toBe(
    'cron 0 9 31 3 * (Europe/Brussels)',
  );
  expect(ruleSummary({ every: 'P7D', timezone: 'Europe/Brussels' })).toBe('every P7D');
});

test('the list is ordered by title, then by id', () => {
  const items = [
    { title: 'Quarterly report', id: 'rsc-b' },
    { title: 'Annual report', id: 'rsc-z' },
    { title: 'Quarterly report', id: 'rsc-a' },
    { title: 'annual budget', id: 'rsc-c' },
  ];
  expect([...items].sort(byTitleThenId).map((i) => i.id)).toEqual(['rsc-c', 'rsc-z', 'rsc-a', 'rsc-b']);
});
