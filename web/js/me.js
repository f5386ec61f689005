/** Member: what awaits the seat (ballots, requests, rankings, reports), soonest first, overdue marked. */
import { calendarFeedPanel } from './calendar-feed.js';
import { badge, fill, h, itemHref, kinds, load, say, startPage, timeEl } from './ui.js';

const content = document.getElementById('content');
const caller = await startPage({ roles: ['member'] });

async function render() {
  const items = await load('/me/pending?limit=200');
  if (!items) return;
  fill(
    content,
    h(
      'p',
      {},
      `Seat ${caller.seat}: ${items.length === 0 ? 'nothing waits for you.' : `${items.length} item(s), soonest first.`}`,
    ),
    h(
      'ul',
      { class: 'cards', id: 'pending-list' },
      items.map((item) =>
        h(
          'li',
          { class: item.overdue ? 'overdue' : '' },
          h('h2', {}, h('a', { href: itemHref(item.kind, item.id) }, item.title)),
          h(
            'p',
            {},
            badge(kinds[item.kind]?.label ?? item.kind),
            ' ',
            item.overdue ? badge('overdue', 'bad') : null,
            ' ',
            item.action,
            item.dueAt ? [' — due ', timeEl(item.dueAt)] : null,
          ),
        ),
      ),
    ),
    calendarFeedPanel(),
    h('button', { type: 'button', class: 'secondary', onclick: () => void render() }, 'Refresh'),
  );
  say('');
}

if (caller) await render();
