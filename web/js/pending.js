/**
 * The pending board (secretariat, managers): everything open from GET /pending, with filters
 * (kind, seat, overdue, due before) kept in the page's address, so a filtered board can be
 * bookmarked or sent; who is holding what up (open items per awaited seat), overdue items, a
 * timeline of upcoming deadlines, and the calendar feed and CSV of the same list.
 */
import { calendarFeedPanel } from './calendar-feed.js';
import { meetingsSection } from './meetings-overview.js';
import {
  badge,
  board,
  downloadLink,
  field,
  fill,
  h,
  itemHref,
  kinds,
  load,
  say,
  seatList,
  select,
  startPage,
  table,
  timeEl,
  when,
} from './ui.js';

const content = document.getElementById('content');
const caller = await startPage({ roles: ['secretariat', 'manager'] });

const filterNames = ['kind', 'seat', 'overdue', 'dueBefore'];

/** The filters in the address, as the API's query string. */
function currentFilters() {
  const here = new URL(location.href).searchParams;
  const query = new URLSearchParams();
  for (const name of filterNames) {
    const value = here.get(name);
    if (!value) continue;
    // The form gives a date; the API wants an instant: the start of that day, UTC.
    query.set(name, name === 'dueBefore' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  }
  const page = here.get('pageToken');
  if (page) query.set('pageToken', page);
  return { here, query };
}

function filterForm(here, seats) {
  const kind = select('kind', [['', 'All kinds'], ...Object.entries(kinds).map(([k, v]) => [k, v.label])], {
    value: here.get('kind') ?? '',
  });
  const seat = select('seat', [['', 'All seats'], ...seats.map((s) => [s.code, `${s.code} — ${s.name}`])], {
    value: here.get('seat') ?? '',
  });
  const overdue = h('input', {
    type: 'checkbox',
    name: 'overdue',
    value: 'true',
    id: 'f-overdue',
    checked: here.get('overdue') === 'true',
  });
  const dueBefore = h('input', { type: 'date', name: 'dueBefore', value: here.get('dueBefore') ?? '' });
  // A plain GET form: the filters land in the address, and the page reads them from there.
  return h(
    'form',
    { class: 'panel', id: 'filters', method: 'get', action: 'pending.html' },
    h('h2', {}, 'Filters'),
    h(
      'div',
      { class: 'row' },
      field('Kind', kind),
      field('Awaiting seat', seat),
      field('Due before', dueBefore),
      h(
        'div',
        { class: 'field' },
        h('span', {}, '\u00a0'),
        h('label', { for: overdue.id }, overdue, ' Overdue only'),
      ),
    ),
    h('button', { type: 'submit' }, 'Apply'),
    ' ',
    h('a', { href: 'pending.html' }, 'Clear'),
  );
}

/** Seats holding items up, most first; each links to the board filtered on it. */
function holders(counts) {
  const rows = Object.entries(counts.bySeat).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (rows.length === 0) return h('p', { id: 'holders' }, 'No seat is holding anything up.');
  const seatTable = (part, caption) =>
    table(
      ['Seat', 'Open items awaiting it'],
      part.map(([seat, n]) => [
        h('a', { href: `pending.html?seat=${encodeURIComponent(seat)}` }, seat),
        String(n),
      ]),
      caption,
    );
  // The ten seats holding most up first; the rest one click away.
  return h(
    'div',
    { id: 'holders' },
    seatTable(rows.slice(0, 10), 'Who is holding what up'),
    rows.length > 10
      ? h('details', {}, h('summary', {}, `${rows.length - 10} more seats`), seatTable(rows.slice(10)))
      : null,
  );
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** Upcoming deadlines grouped by day, soonest first. */
function timeline(items) {
  const upcoming = items.filter((i) => i.dueAt && !i.overdue).slice(0, 30);
  if (upcoming.length === 0) return h('p', {}, 'No upcoming deadline.');
  const days = new Map();
  for (const item of upcoming) {
    const day = dayFormat.format(new Date(item.dueAt));
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(item);
  }
  return h(
    'ol',
    { class: 'timeline', id: 'timeline' },
    [...days].map(([day, dayItems]) =>
      h(
        'li',
        {},
        h('strong', {}, day),
        h(
          'ul',
          {},
          dayItems.map((i) =>
            h(
              'li',
              {},
              timeEl(i.dueAt),
              ' ',
              h('a', { href: itemHref(i.kind, i.id) }, i.title),
              ` — ${kinds[i.kind]?.label ?? i.kind}`,
            ),
          ),
        ),
      ),
    ),
  );
}

function itemsTable(items) {
  return table(
    ['Due', 'Kind', 'Item', 'Awaiting', ''],
    items.map((i) => [
      timeEl(i.dueAt),
      kinds[i.kind]?.label ?? i.kind,
      h('a', { href: itemHref(i.kind, i.id) }, i.title),
      seatList(i.awaiting),
      i.overdue ? badge('overdue', 'bad') : '',
    ]),
  );
}

async function render() {
  const { here, query } = currentFilters();
  const seats = (await board()).seats;
  const [page, meetings] = await Promise.all([load(`/pending?${query}`), load('/meetings/overview')]);
  if (!page) return;
  const exportQuery = new URLSearchParams(query);
  exportQuery.delete('pageToken');
  const csvLink = downloadLink(`/pending.csv?${exportQuery}`, 'pending.csv', 'Download as CSV', {
    id: 'csv-link',
  });
  const overdue = page.items.filter((i) => i.overdue);
  const next = page.nextPageToken ? new URLSearchParams(here) : null;
  next?.set('pageToken', page.nextPageToken);
  fill(
    content,
    filterForm(here, seats),
    h(
      'p',
      { id: 'summary' },
      `${page.total} open item${page.total === 1 ? '' : 's'}`,
      Object.keys(page.counts.byKind).length
        ? ` (${Object.entries(page.counts.byKind)
            .map(([k, n]) => `${kinds[k]?.label ?? k}: ${n}`)
            .join(', ')})`
        : '',
      `. As of ${when(page.asOf)}.`,
    ),
    h('p', {}, csvLink),
    calendarFeedPanel(),
    h(
      'div',
      { class: 'two-col' },
      h(
        'div',
        {},
        h('h2', {}, `Overdue (${overdue.length})`),
        overdue.length ? itemsTable(overdue) : h('p', {}, 'Nothing overdue.'),
        h('h2', {}, 'Upcoming deadlines'),
        timeline(page.items),
      ),
      h('div', {}, h('h2', {}, 'Holding up'), holders(page.counts)),
    ),
    meetings ? meetingsSection(meetings) : null,
    h('h2', {}, 'Everything open'),
    h('div', { id: 'items' }, itemsTable(page.items)),
    next ? h('p', {}, h('a', { href: `pending.html?${next}` }, 'Next page')) : null,
  );
  say('');
}

if (caller) await render();
