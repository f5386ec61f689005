/**
 * The reporting schedules (secretariat, managers): every recurring obligation from
 * GET /reporting-schedules, by title, with its seats, rule, state, next period and the periods
 * opened so far; each links to its page. Temporal lists schedules eventually, so the page says
 * when the list was read and that one created a moment ago may take a second to appear.
 */
import { badge, fill, h, load, say, startPage, table, timeEl, when } from './ui.js';

const content = document.getElementById('content');
const caller = await startPage({ roles: ['secretariat', 'manager'] });

/** Seats as a short text: the first eight, then how many more. */
function seatsText(seats) {
  return seats.length > 8 ? `${seats.slice(0, 8).join(', ')} and ${seats.length - 8} more` : seats.join(', ');
}

function schedulesTable(items) {
  return table(
    ['Schedule', 'Seats', 'A period opens', 'State', 'Next period', 'Periods opened'],
    items.map((s) => [
      h('a', { href: `schedule.html?id=${encodeURIComponent(s.id)}` }, s.title),
      seatsText(s.seats),
      s.rule,
      s.paused ? badge('paused', 'warn') : badge('running', 'good'),
      s.nextPeriod ? timeEl(s.nextPeriod) : '—',
      String(s.periodsOpened),
    ]),
    'Reporting schedules, by title',
  );
}

async function render() {
  const list = await load('/reporting-schedules');
  if (!list) return;
  const n = list.items.length;
  fill(
    content,
    h(
      'p',
      { id: 'summary' },
      `${n} reporting schedule${n === 1 ? '' : 's'}. As of ${when(list.asOf)}; `,
      'one created a moment ago may take a second to appear.',
    ),
    caller?.role === 'secretariat'
      ? h('p', {}, h('a', { href: 'schedule-new.html' }, 'Set a reporting schedule'))
      : null,
    h('div', { id: 'schedules' }, n ? schedulesTable(list.items) : h('p', {}, 'No reporting schedule yet.')),
  );
  say('');
}

if (caller) await render();
