/**
 * Priorities. With `?id=`: a priority-setting cycle: members propose while the proposal window is
 * open and voting seats rank the proposals while the ranking window is open (reordered with
 * buttons, so the keyboard is enough); the secretariat puts the ranked draft to the Board or
 * cancels the cycle. Without: the work programme in force and the cycles open now.
 */
import { ApiError, api } from './api.js';
import {
  badge,
  errorText,
  board,
  facts,
  field,
  fill,
  h,
  itemHref,
  load,
  onSubmit,
  param,
  say,
  seatName,
  select,
  setTitle,
  startPage,
  table,
  timeEl,
} from './ui.js';

const content = document.getElementById('content');
const caller = startPage();
const id = param('id');
const path = `/priority-cycles/${encodeURIComponent(id ?? '')}`;
const tone = {
  proposals: 'good',
  ranking: 'good',
  drafting: 'warn',
  voting: 'warn',
  adopted: 'good',
  'in-force': 'good',
};
const preparing = ['proposals', 'ranking', 'drafting', 'voting'];

function proposeForm(cycle) {
  if (caller.role !== 'member' || cycle.status !== 'proposals') return null;
  const title = h('input', { name: 'title', required: true, maxlength: 300 });
  const theme = select(
    'theme',
    cycle.themes.map((t) => [t, t]),
    { required: true },
  );
  const region = h('input', { name: 'region', maxlength: 200, placeholder: 'e.g. Western Balkans' });
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'proposal-form' },
      h('h2', {}, `Propose a priority for ${caller.seat}`),
      field('Title', title),
      field('Theme', theme),
      field('Third country or region', region, 'Optional'),
      h('button', { type: 'submit' }, 'Propose'),
    ),
    async (key) => {
      /** @type {Record<string, string>} */
      const body = { title: title.value, theme: theme.value };
      if (region.value.trim()) body.region = region.value.trim();
      await api('POST', `${path}/proposals`, body, { idempotencyKey: key });
      await refresh();
      say('Proposal recorded.', 'good');
    },
  );
}

/** The ranking: the open proposals in the seat's order, moved with Up and Down buttons. */
function rankingForm(cycle, seats) {
  if (caller.role !== 'member' || cycle.status !== 'ranking') return null;
  const seat = seats.seats.find((s) => s.code === caller.seat);
  if (seat && !seat.voting)
    return h('p', { class: 'note' }, `Seat ${caller.seat} has no vote, so it does not rank.`);
  const open = cycle.proposals.filter((p) => p.status === 'open');
  if (open.length === 0) return h('p', { class: 'note' }, 'There is no proposal to rank.');
  const mine = cycle.rankings.find((r) => r.seat === caller.seat);
  const byId = new Map(open.map((p) => [p.id, p]));
  // Start from the seat's latest ranking; proposals it left out follow in submission order.
  const order = [...(mine?.ranking ?? []).filter((pid) => byId.has(pid)), ...open.map((p) => p.id)].filter(
    (pid, i, all) => all.indexOf(pid) === i,
  );
  const list = h('ol', { class: 'ranking', id: 'ranking-list' });
  const live = h('p', { class: 'hint', 'aria-live': 'polite', id: 'ranking-live' });
  const draw = (focus) => {
    fill(
      list,
      order.map((pid, i) => {
        const p = byId.get(pid);
        const move = (delta, label) =>
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'aria-label': `Move “${p.title}” ${label}`,
              disabled: (delta < 0 && i === 0) || (delta > 0 && i === order.length - 1),
              dataset: { move: `${pid}:${label}` },
              onclick: () => {
                order.splice(i, 1);
                order.splice(i + delta, 0, pid);
                live.textContent = `“${p.title}” is now number ${i + delta + 1}.`;
                draw(`${pid}:${label}`);
              },
            },
            label === 'up' ? '↑ Up' : '↓ Down',
          );
        return h(
          'li',
          { dataset: { proposal: pid } },
          h(
            'div',
            { class: 'rank-row' },
            h(
              'span',
              { class: 'title' },
              `${p.title} `,
              h('small', { class: 'hint' }, `${p.theme}${p.region ? `, ${p.region}` : ''} — ${p.seat}`),
            ),
            h('span', { class: 'inline' }, move(-1, 'up'), move(1, 'down')),
          ),
        );
      }),
    );
    // Keep the focus on the button that moved, or on its neighbour once it can move no further.
    if (focus) {
      const [pid, label] = focus.split(':');
      const button = list.querySelector(`[data-move="${pid}:${label}"]`);
      (button && !button.disabled
        ? button
        : list.querySelector(`[data-move="${pid}:${label === 'up' ? 'down' : 'up'}"]`)
      )?.focus();
    }
  };
  draw();
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'ranking-form' },
      h('h2', {}, `Rank the proposals for ${caller.seat}`),
      h(
        'p',
        {},
        mine
          ? `Your seat's ranking from ${mine.by} is below; you may change it until the window closes, `
          : 'Most important first. You may change your ranking until the window closes, ',
        timeEl(cycle.rankingCloseAt),
        '.',
      ),
      list,
      live,
      h('button', { type: 'submit' }, mine ? 'Save the new ranking' : 'Submit the ranking'),
    ),
    async (key) => {
      render(await api('POST', `${path}/rankings`, { ranking: order }, { idempotencyKey: key }), seats);
      say('Ranking recorded.', 'good');
    },
  );
}

function secretariatForms(cycle) {
  if (caller.role !== 'secretariat' || !preparing.includes(cycle.status)) return null;
  const reason = h('textarea', { name: 'reason', required: true, maxlength: 2000 });
  return [
    cycle.status === 'drafting' && cycle.draft
      ? onSubmit(
          h(
            'form',
            { class: 'panel', id: 'draft-form' },
            h('h2', {}, 'The draft programme'),
            h(
              'ol',
              {},
              cycle.draft.map((d) =>
                h('li', {}, `${d.title} (${d.theme}${d.region ? `, ${d.region}` : ''})`),
              ),
            ),
            h('button', { type: 'submit' }, 'Put the draft to the Board'),
          ),
          async (key) => {
            render(await api('POST', `${path}/draft/submit`, undefined, { idempotencyKey: key }), seatsCache);
            say('The Board is voting on the draft.', 'good');
          },
        )
      : null,
    onSubmit(
      h(
        'form',
        { class: 'panel', id: 'cancel-form' },
        h('h2', {}, 'Cancel the cycle'),
        field('Reason', reason),
        h('button', { type: 'submit', class: 'danger' }, 'Cancel the cycle'),
      ),
      async (key) => {
        render(
          await api('POST', `${path}/cancel`, { reason: reason.value }, { idempotencyKey: key }),
          seatsCache,
        );
        say('Cycle cancelled.', 'good');
      },
    ),
  ];
}

let seatsCache;

function render(cycle, seats) {
  setTitle(cycle.title);
  const mine =
    caller.role === 'member'
      ? cycle.proposals.filter((p) => p.seat === caller.seat && p.status === 'open')
      : [];
  fill(
    content,
    h('p', {}, badge(cycle.status, tone[cycle.status] ?? '')),
    facts([
      ['Period', `${cycle.periodStart} to ${cycle.periodEnd}`],
      ['Proposals close', timeEl(cycle.proposalsCloseAt)],
      ['Ranking closes', timeEl(cycle.rankingCloseAt)],
      ['Rankings', `${cycle.rankings.length} seat(s) ranked, ${cycle.awaitingRankings.length} yet to rank`],
      ['Board vote', `${cycle.decision.rule}, ${cycle.decision.votingIn}, top ${cycle.topN}`],
      cycle.decisionId
        ? ['Decision', h('a', { href: itemHref('decision', cycle.decisionId) }, cycle.decisionId)]
        : null,
    ]),
    proposeForm(cycle),
    mine.length && cycle.status === 'proposals'
      ? h(
          'section',
          { class: 'panel' },
          h('h2', {}, "Your seat's proposals"),
          h(
            'ul',
            {},
            mine.map((p) =>
              h(
                'li',
                {},
                `${p.title} `,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    onclick: async () => {
                      try {
                        await api('POST', `${path}/proposals/${encodeURIComponent(p.id)}/withdraw`, {});
                        await refresh();
                        say('Proposal withdrawn.', 'good');
                      } catch (err) {
                        say(errorText(err), 'bad');
                      }
                    },
                  },
                  `Withdraw “${p.title}”`,
                ),
              ),
            ),
          ),
        )
      : null,
    rankingForm(cycle, seats),
    secretariatForms(cycle),
    cycle.result
      ? [
          h('h2', {}, 'Ranked result'),
          table(
            ['#', 'Priority', 'Theme', 'Proposed by'],
            cycle.result.map((r) => [String(r.rank), r.title, r.theme, seatName(seats, r.seat)]),
          ),
        ]
      : null,
    cycle.programme
      ? [
          h('h2', {}, 'Adopted programme'),
          h(
            'ol',
            {},
            cycle.programme.map((p) =>
              h('li', {}, `${p.title} (${p.theme}${p.region ? `, ${p.region}` : ''})`),
            ),
          ),
        ]
      : null,
    h('h2', {}, `Proposals (${cycle.proposals.length})`),
    cycle.proposals.length
      ? table(
          ['Seat', 'Proposal', 'Theme', 'Region', 'Status'],
          cycle.proposals.map((p) => [seatName(seats, p.seat), p.title, p.theme, p.region ?? '—', p.status]),
        )
      : h('p', {}, 'No proposal yet.'),
    h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => void refresh() }, 'Refresh')),
  );
}

async function refresh() {
  const cycle = await load(path);
  if (cycle) render(cycle, seatsCache);
}

/** Without an id: the programme in force, and the cycles open now. */
async function overview() {
  let programme = null;
  try {
    programme = await api('GET', '/work-programme');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) say(errorText(err), 'bad');
  }
  const open =
    caller.role === 'member'
      ? ((await load('/me/pending?limit=100')) ?? []).filter((i) => i.kind === 'priority-cycle')
      : ((await load('/pending?kind=priority-cycle'))?.items ?? []);
  fill(
    content,
    h('h2', {}, 'Cycles open now'),
    open.length
      ? h(
          'ul',
          {},
          open.map((i) =>
            h('li', {}, h('a', { href: itemHref(i.kind, i.id) }, i.title), ' — due ', timeEl(i.dueAt)),
          ),
        )
      : h('p', {}, caller.role === 'member' ? 'No cycle awaits your seat.' : 'No cycle is open.'),
    caller.role === 'secretariat'
      ? h('p', {}, h('a', { href: 'cycle-new.html' }, 'Launch a priority cycle'))
      : null,
    h('h2', {}, 'Work programme in force'),
    programme
      ? [
          h('p', {}, `${programme.title}, ${programme.periodStart} to ${programme.periodEnd}`),
          h(
            'ol',
            {},
            programme.priorities.map((p) =>
              h('li', {}, `${p.title} (${p.theme}${p.region ? `, ${p.region}` : ''})`),
            ),
          ),
          programme.adHocActions.length
            ? [
                h('h3', {}, 'Ad hoc actions'),
                h(
                  'ul',
                  {},
                  programme.adHocActions.map((p) => h('li', {}, p.title)),
                ),
              ]
            : null,
        ]
      : h('p', {}, 'No work programme is in force yet.'),
  );
}

if (caller) {
  seatsCache = await board();
  if (id) await refresh();
  else await overview();
}
