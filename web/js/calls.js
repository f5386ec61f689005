/**
 * The open calls for funding: every round whose submission window is open, with its window,
 * envelope, priorities and cap per request, and whether the caller's seat has submitted.
 */
import { badge, facts, fill, h, itemHref, load, money, say, startPage, timeEl } from './ui.js';

const content = document.getElementById('content');
const caller = await startPage();

async function render() {
  const calls = await load('/calls');
  if (!calls) return;
  fill(
    content,
    h(
      'p',
      { id: 'calls-summary' },
      calls.length === 0
        ? 'No call for funding is open.'
        : `${calls.length} call(s) open, soonest closing first.`,
    ),
    h(
      'ul',
      { class: 'cards', id: 'calls-list' },
      calls.map((c) =>
        h(
          'li',
          {},
          h('h2', {}, h('a', { href: itemHref('funding-round', c.id) }, c.title)),
          facts([
            ['Window', h('span', {}, timeEl(c.openedAt), ' to ', timeEl(c.closesAt))],
            ['Envelope', money(c.envelopeCents)],
            ['Cap per request', c.maxRequestCents === null ? 'none' : money(c.maxRequestCents)],
            ['Priorities', c.priorities.join(', ')],
            [
              'Your seat',
              !c.mayRequest
                ? 'member states only'
                : c.yourRequests.length
                  ? badge(`submitted (${c.yourRequests.length})`, 'good')
                  : h('a', { href: itemHref('funding-round', c.id) }, 'submit a request'),
            ],
          ]),
        ),
      ),
    ),
    h('button', { type: 'button', class: 'secondary', onclick: () => void render() }, 'Refresh'),
  );
  say('');
}

if (caller) await render();
