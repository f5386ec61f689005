/**
 * Priorities. With `?id=`: a priority-setting cycle: members propose while the proposal window is
 * open and voting seats rank the proposals while the ranking window is open (reordered with
 * buttons, so the keyboard is enough); the secretariat puts the ranked draft to the Board or
 * cancels the cycle. Without: the work programme in force and the cycles open now.
 */
import { ApiError, api } from './api.js';
import {
  badge,
  board,
  errorText,
  facts,
  field,
  fill,
  h,
  itemHref,
  load,
  loadAndRender,
  onSubmit,
  say,
  seatName,
  select,
  setTitle,
  startItemPage,
  table,
  timeEl,
} from './ui.js';

const content = document.getElementById('content');
// Without an id the page is the overview, so an empty id is no error here.
const { caller, id, path } = await startItemPage('/priority-cycles');
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

/**
 * The draft editor (secretariat, while the cycle is drafting: after the ranking, and again after
 * the Board rejects a draft): reorder, remove and add items with buttons, so the keyboard is
 * enough; then save it, or save it and put it to the Board (again).
 */
function draftForm(cycle) {
  const open = cycle.proposals.filter((p) => p.status === 'open');
  const items = (cycle.draft ?? []).map((d) => ({ ...d }));
  const saved = JSON.stringify(items);
  const list = h('ol', { class: 'ranking', id: 'draft-list' });
  const live = h('p', { class: 'hint', 'aria-live': 'polite', id: 'draft-live' });
  const spare = h('div', { id: 'draft-spare' });
  const draw = (focus) => {
    fill(
      list,
      items.map((item, i) => {
        const button = (action, text, disabled, onclick) =>
          h(
            'button',
            {
              type: 'button',
              class: action === 'remove' ? 'link' : 'secondary',
              'aria-label': `${text} “${item.title}”`,
              disabled,
              dataset: { action: `${i}:${action}` },
              onclick,
            },
            action === 'up' ? '↑ Up' : action === 'down' ? '↓ Down' : 'Remove',
          );
        const move = (delta) => () => {
          items.splice(i + delta, 0, ...items.splice(i, 1));
          live.textContent = `“${item.title}” is now number ${i + delta + 1}.`;
          draw(`${i + delta}:${delta < 0 ? 'up' : 'down'}`);
        };
        return h(
          'li',
          { dataset: { proposal: item.proposalId ?? '' } },
          h(
            'div',
            { class: 'rank-row' },
            h(
              'span',
              { class: 'title' },
              h('span', { class: 'name' }, item.title),
              ' ',
              h(
                'small',
                { class: 'hint' },
                `${item.theme}${item.region ? `, ${item.region}` : ''} — ${item.proposalId ? 'proposal' : 'secretariat'}`,
              ),
            ),
            h(
              'span',
              { class: 'inline' },
              button('up', 'Move up', i === 0, move(-1)),
              button('down', 'Move down', i === items.length - 1, move(1)),
              button('remove', 'Remove', false, () => {
                items.splice(i, 1);
                live.textContent = `“${item.title}” removed from the draft.`;
                draw(`${Math.min(i, items.length - 1)}:up`);
              }),
            ),
          ),
        );
      }),
    );
    // Open proposals left out of the draft can be put back.
    const left = open.filter((p) => !items.some((item) => item.proposalId === p.id));
    fill(
      spare,
      left.length
        ? h(
            'div',
            { class: 'inline' },
            field(
              'Put back a proposal',
              select(
                'restore',
                left.map((p) => [p.id, `${p.title} (${p.seat})`]),
                { id: 'draft-restore' },
              ),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => {
                  const chosen = /** @type {HTMLSelectElement} */ (document.getElementById('draft-restore'));
                  const p = open.find((x) => x.id === chosen.value);
                  if (!p) return;
                  items.push({ proposalId: p.id, title: p.title, theme: p.theme, region: p.region });
                  live.textContent = `“${p.title}” added as number ${items.length}.`;
                  draw();
                },
              },
              'Add to the draft',
            ),
          )
        : null,
    );
    // Keep the focus on the button that was pressed, or on the nearest one still usable.
    if (focus) {
      const [at, action] = focus.split(':');
      const candidates = [action, action === 'up' ? 'down' : 'up', 'remove'].map((a) =>
        list.querySelector(`[data-action="${at}:${a}"]`),
      );
      (candidates.find((b) => b && !b.disabled) ?? live).focus?.();
    }
  };
  draw();

  const title = h('input', { name: 'item-title', maxlength: 300 });
  const theme = select(
    'item-theme',
    cycle.themes.map((t) => [t, t]),
  );
  const region = h('input', { name: 'item-region', maxlength: 200 });
  const addItem = h(
    'fieldset',
    {},
    h('legend', {}, 'Add an item of the secretariat'),
    field('Item title', title),
    field('Item theme', theme),
    field('Item region', region, 'Optional'),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          if (!title.value.trim()) {
            live.textContent = 'Give the new item a title first.';
            title.focus();
            return;
          }
          items.push({
            proposalId: null,
            title: title.value.trim(),
            theme: theme.value,
            region: region.value.trim() || null,
          });
          live.textContent = `“${title.value.trim()}” added as number ${items.length}.`;
          title.value = '';
          region.value = '';
          draw();
        },
      },
      'Add the item',
    ),
  );
  const rejected = cycle.attempts.filter((a) => a.outcome && a.outcome !== 'adopted');
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'draft-form' },
      h('h2', {}, 'The draft programme'),
      rejected.length
        ? h(
            'p',
            { class: 'note' },
            `The Board ${rejected.at(-1).outcome} draft ${rejected.at(-1).attempt}. Edit it and put it to the Board again.`,
          )
        : h('p', {}, 'The top of the ranked result. Reorder, remove or add items, then put it to the Board.'),
      list,
      live,
      spare,
      addItem,
      h(
        'div',
        { class: 'inline' },
        h('button', { type: 'submit', class: 'secondary', value: 'save' }, 'Save the draft'),
        h(
          'button',
          { type: 'submit', value: 'submit' },
          cycle.attempts.length ? 'Save and put it to the Board again' : 'Save and put it to the Board',
        ),
      ),
    ),
    async (key, submitter) => {
      if (items.length === 0) throw new Error('The draft needs at least one item');
      let next = cycle;
      // Only a changed draft is sent: putting an untouched draft to the Board is one request.
      if (JSON.stringify(items) !== saved) {
        const body = {
          items: items.map(({ proposalId, title: t, theme: th, region: r }) =>
            proposalId ? { proposalId, title: t, theme: th, region: r } : { title: t, theme: th, region: r },
          ),
        };
        next = await api('POST', `${path}/draft`, body, { idempotencyKey: key });
      }
      if (submitter?.value === 'submit') {
        next = await api('POST', `${path}/draft/submit`, undefined, { idempotencyKey: `${key}-submit` });
        render(next, seatsCache);
        say('The Board is voting on the draft.', 'good');
      } else {
        render(next, seatsCache);
        say('Draft saved.', 'good');
      }
    },
  );
}

/** The Board's votes on drafts so far. */
function attemptsTable(cycle) {
  if (cycle.attempts.length === 0) return null;
  return [
    h('h2', {}, 'Drafts put to the Board'),
    table(
      ['#', 'Decision', 'Items', 'Voting closes', 'Outcome'],
      cycle.attempts.map((a) => [
        String(a.attempt),
        h('a', { href: itemHref('decision', a.decisionId) }, a.decisionId),
        String(a.items.length),
        timeEl(a.votingClosesAt),
        a.outcome ?? 'voting',
      ]),
    ),
  ];
}

/** Secretariat, once the programme is adopted and its period not over: put an ad hoc action to the Board. */
function adHocForm(cycle) {
  const title = h('input', { name: 'adhoc-title', required: true, maxlength: 300 });
  const theme = select(
    'adhoc-theme',
    cycle.themes.map((t) => [t, t]),
    { required: true },
  );
  const region = h('input', { name: 'adhoc-region', maxlength: 200 });
  const reason = h('textarea', { name: 'adhoc-reason', required: true, maxlength: 2000 });
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'adhoc-form' },
      h('h2', {}, 'Propose an ad hoc action'),
      h('p', {}, 'The Board votes on it; adopted, it joins the programme in force.'),
      field('Action', title),
      field('Theme', theme),
      field('Third country or region', region, 'Optional'),
      field('Why the programme needs it', reason),
      h('button', { type: 'submit' }, 'Put the action to the Board'),
    ),
    async (key) => {
      /** @type {Record<string, string>} */
      const body = { title: title.value, theme: theme.value, reason: reason.value };
      if (region.value.trim()) body.region = region.value.trim();
      const action = await api('POST', `${path}/ad-hoc-actions`, body, { idempotencyKey: key });
      await refresh();
      say(`The Board is voting on “${action.title}” (${action.decisionId}).`, 'good');
    },
  );
}

/** An ISO instant as the value of a datetime-local field, in the reader's time zone. */
function localField(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Secretariat: move a window that has not closed yet, or the period, with a reason. */
function datesForm(cycle) {
  // Only the windows still open may move.
  const windows = [];
  const windowField = (name, label, open) => {
    if (open)
      windows.push({
        name,
        label,
        input: h('input', { name, type: 'datetime-local', value: localField(cycle[name]) }),
      });
  };
  windowField('proposalsCloseAt', 'Proposals close (your local time)', cycle.status === 'proposals');
  windowField(
    'rankingCloseAt',
    'Ranking closes (your local time)',
    ['proposals', 'ranking'].includes(cycle.status),
  );
  const periodInput = (name, value) =>
    h('input', {
      name,
      type: /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : 'text',
      value,
    });
  const periodStart = periodInput('periodStart', cycle.periodStart);
  const periodEnd = periodInput('periodEnd', cycle.periodEnd);
  const reason = h('textarea', { name: 'dates-reason', required: true, maxlength: 2000 });
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'dates-form' },
      h('h2', {}, 'Change the dates'),
      windows.length
        ? h(
            'div',
            { class: 'row' },
            windows.map((w) => field(w.label, w.input)),
          )
        : null,
      h(
        'div',
        { class: 'row' },
        field('Period starts', periodStart, 'A day (YYYY-MM-DD) or a UTC timestamp'),
        field('Period ends (inclusive)', periodEnd),
      ),
      field('Reason for the change', reason),
      h('button', { type: 'submit' }, 'Change the dates'),
    ),
    async (key) => {
      /** @type {Record<string, string>} */
      const body = {};
      for (const w of windows) {
        if (w.input.value && w.input.value !== localField(cycle[w.name]))
          body[w.name] = new Date(w.input.value).toISOString();
      }
      if (periodStart.value !== cycle.periodStart) body.periodStart = periodStart.value;
      if (periodEnd.value !== cycle.periodEnd) body.periodEnd = periodEnd.value;
      if (Object.keys(body).length === 0) throw new Error('Change at least one date first');
      body.reason = reason.value;
      render(await api('POST', `${path}/dates`, body, { idempotencyKey: key }), seatsCache);
      say(
        `Dates changed: ${Object.keys(body)
          .filter((k) => k !== 'reason')
          .join(', ')}.`,
        'good',
      );
    },
  );
}

function secretariatForms(cycle) {
  if (caller.role !== 'secretariat') return null;
  const adopted = cycle.status === 'adopted' || cycle.status === 'in-force';
  const reason = h('textarea', { name: 'reason', required: true, maxlength: 2000 });
  return [
    cycle.status === 'drafting' ? draftForm(cycle) : null,
    attemptsTable(cycle),
    adopted && Date.parse(cycle.endsAt) > Date.now() ? adHocForm(cycle) : null,
    cycle.adHocActions.length
      ? [
          h('h2', {}, 'Ad hoc actions'),
          table(
            ['Action', 'Theme', 'Decision', 'Voting closes', 'Outcome'],
            cycle.adHocActions.map((a) => [
              a.title,
              a.theme,
              h('a', { href: itemHref('decision', a.decisionId) }, a.decisionId),
              timeEl(a.votingClosesAt),
              a.outcome ?? 'voting',
            ]),
          ),
        ]
      : null,
    cycle.status !== 'ended' && cycle.status !== 'cancelled' ? datesForm(cycle) : null,
    cycle.dateChanges.length
      ? [
          h('h2', {}, 'Date changes'),
          table(
            ['Date', 'From', 'To', 'Reason', 'By'],
            cycle.dateChanges.map((c) => [c.field, c.from, c.to, c.reason, `${c.by}, ${c.at.slice(0, 16)}`]),
          ),
        ]
      : null,
    preparing.includes(cycle.status)
      ? onSubmit(
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
        )
      : null,
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
  await loadAndRender(path, (cycle) => render(cycle, seatsCache));
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
