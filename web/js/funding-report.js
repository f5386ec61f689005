/**
 * Where the money went: requested, awarded and paid per member state, per priority and per round,
 * over a period kept in the page's address (`from`, `to`), as charts (Chart.js, loaded by the page
 * from the npm package) and as tables, with the same report as CSV.
 */
import { apiBlob } from './api.js';
import { errorText, field, fill, h, load, money, say, startPage, table } from './ui.js';

const content = document.getElementById('content');
startPage();

/** The period in the address, as the API's query string (a date means the start of that day, UTC). */
function period() {
  const here = new URL(location.href).searchParams;
  const query = new URLSearchParams();
  for (const name of ['from', 'to']) {
    const value = here.get(name);
    if (value) query.set(name, /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  }
  return { here, query };
}

function periodForm(here) {
  const from = h('input', { type: 'date', name: 'from', value: here.get('from') ?? '' });
  const to = h('input', { type: 'date', name: 'to', value: here.get('to') ?? '' });
  // A GET form: submitting puts the period in the address, so the report can be bookmarked or sent.
  return h(
    'form',
    { method: 'get', class: 'filters', 'aria-label': 'Period' },
    field('Submitted from', from),
    field('Submitted before', to),
    h('button', { type: 'submit' }, 'Show'),
  );
}

const euros = (cents) => cents / 100;

/** A grouped bar chart of one dimension's rows. */
function chart(title, rows, labelOf) {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}: requested, awarded and paid` });
  const figure = h('figure', { class: 'chart' }, h('figcaption', {}, title), canvas);
  const Chart = /** @type {any} */ (window).Chart;
  if (Chart) {
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: rows.map(labelOf),
        datasets: [
          { label: 'Requested (EUR)', data: rows.map((r) => euros(r.requestedCents)) },
          { label: 'Awarded (EUR)', data: rows.map((r) => euros(r.awardedCents)) },
          { label: 'Paid (EUR)', data: rows.map((r) => euros(r.paidCents)) },
        ],
      },
      options: { animation: false, responsive: true },
    });
  }
  return figure;
}

function groupTable(caption, heading, rows, labelOf) {
  return table(
    [heading, 'Requests', 'Requested', 'Awarded', 'Paid'],
    rows.map((r) => [
      labelOf(r),
      String(r.requests),
      money(r.requestedCents),
      money(r.awardedCents),
      money(r.paidCents),
    ]),
    caption,
  );
}

async function main() {
  const { here, query } = period();
  const report = await load(`/reports/funding?${query}`);
  if (!report) return;
  const t = report.totals;
  const csv = h('button', { type: 'button' }, 'Download CSV');
  csv.addEventListener('click', async () => {
    try {
      const blob = await apiBlob(`/reports/funding.csv?${query}`);
      const a = h('a', { href: URL.createObjectURL(blob), download: 'funding-report.csv' });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) {
      say(`The CSV could not be downloaded: ${errorText(err)}`, 'bad');
    }
  });
  const sections = [
    ['Per member state', 'Seat', report.bySeat, (r) => r.key],
    ['Per priority', 'Priority', report.byPriority, (r) => r.key],
    ['Per round', 'Round', report.byRound, (r) => r.label ?? r.key],
  ];
  fill(
    content,
    periodForm(here),
    h(
      'p',
      { id: 'totals' },
      `${t.requests} requests: ${money(t.requestedCents)} requested, ${money(t.awardedCents)} awarded, ${money(t.paidCents)} paid.`,
    ),
    csv,
    ...sections.flatMap(([caption, heading, rows, labelOf]) =>
      rows.length === 0
        ? [h('h2', {}, caption), h('p', {}, 'No request in this period.')]
        : [h('h2', {}, caption), chart(caption, rows, labelOf), groupTable(caption, heading, rows, labelOf)],
    ),
  );
}

void main();
