/**
 * A funding round: envelope, window, requests, allocation attempts. A member-state seat submits
 * a request while the window is open; the secretariat extends the window, and once submissions
 * have closed proposes an allocation with the envelope's remaining amount updated as it types.
 */
import { api } from './api.js';
import {
  badge,
  board,
  centsToField,
  deadlineFields,
  eurosInput,
  facts,
  field,
  fill,
  h,
  load,
  money,
  onSubmit,
  parseEuros,
  reasonForm,
  say,
  seatName,
  select,
  setTitle,
  showItem,
  startItemPage,
  table,
  timeEl,
} from './ui.js';

const content = document.getElementById('content');
const page = await startItemPage('/funding-rounds');
const { caller, path } = page;
const statusTone = { open: 'good', assessing: 'warn', voting: 'warn', awarded: 'good' };

const euros = eurosInput;

function requestForm(round, seats) {
  if (caller.role !== 'member' || round.status !== 'open') return null;
  const seat = seats.seats.find((s) => s.code === caller.seat);
  if (seat && seat.kind !== 'member-state')
    return h(
      'p',
      { class: 'note' },
      `Only member-state seats submit requests; ${caller.seat} is ${seat.kind}.`,
    );
  const title = h('input', { name: 'title', required: true, maxlength: 300 });
  const amount = euros('amount', { required: true });
  const priority = select(
    'priority',
    round.priorities.map((p) => [p, p]),
    { required: true },
  );
  const description = h('textarea', { name: 'description', maxlength: 20000 });
  const capHint = round.maxRequestCents ? `At most ${money(round.maxRequestCents)}` : 'In euros';
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'request-form' },
      h('h2', {}, `Submit a request for ${caller.seat}`),
      field('Title', title),
      field('Amount (€)', amount, capHint),
      field('Priority', priority),
      field('Description', description),
      h('button', { type: 'submit' }, 'Submit the request'),
    ),
    async (key) => {
      const amountCents = parseEuros(amount.value);
      if (amountCents === null || amountCents < 1)
        throw new Error('The amount must be in euros, such as 250000.00');
      const body = {
        title: title.value,
        amountCents,
        priority: priority.value,
        description: description.value,
      };
      const request = await api('POST', `${path}/requests`, body, { idempotencyKey: key });
      location.href = `request.html?id=${encodeURIComponent(request.id)}`;
    },
  );
}

function extendForm(round) {
  if (caller.role !== 'secretariat' || round.status !== 'open') return null;
  return reasonForm({
    id: 'extend-form',
    heading: 'Extend the submission window',
    deadline: deadlineFields('closes', 'Submissions now close', { amount: 1, unit: 'W' }),
    button: 'Extend',
    path,
    action: 'extend',
    render: (answer) => render(answer, seatsCache),
    done: 'Submission window extended.',
  });
}

/** The allocation form: one amount per eligible request, the remaining envelope live. */
function allocationForm(round, seats) {
  if (caller.role !== 'secretariat' || round.status !== 'assessing') return null;
  const eligible = round.requests.filter((r) => r.status === 'eligible');
  if (eligible.length === 0) return h('p', { class: 'note' }, 'No eligible request is left to allocate.');
  const available = round.envelopeCents - round.awardedCents;
  const remaining = h('output', { class: 'remaining', id: 'remaining', 'aria-live': 'polite' });
  const inputs = eligible.map((r) =>
    euros(`award-${r.id}`, {
      id: `award-${r.id}`,
      placeholder: '0',
      dataset: { request: r.id, requested: r.amountCents },
    }),
  );
  const update = () => {
    let total = 0;
    let bad = false;
    for (const input of inputs) {
      if (!input.value.trim()) continue;
      const cents = parseEuros(input.value);
      if (cents === null) bad = true;
      else total += cents;
    }
    const left = available - total;
    remaining.value = bad
      ? 'An amount is not in euros (e.g. 25000.00)'
      : `${money(left)} of ${money(available)} left in the envelope (this proposal: ${money(total)})`;
    remaining.classList.toggle('over', bad || left < 0);
  };
  inputs.forEach((input) => input.addEventListener('input', update));
  update();
  const rows = eligible.map((r, i) => [
    h('label', { for: inputs[i].id }, `${seatName(seats, r.seat)}: ${r.title}`),
    r.priority,
    money(r.amountCents),
    h(
      'div',
      { class: 'inline' },
      inputs[i],
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-label': `Award the full amount to ${r.seat}`,
          onclick: () => {
            inputs[i].value = centsToField(r.amountCents);
            update();
          },
        },
        'Full',
      ),
    ),
  ]);
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'allocation-form' },
      h('h2', {}, 'Propose an allocation'),
      h('p', {}, 'Leave a request empty to give it nothing. The Board then votes on the proposal.'),
      table(['Request', 'Priority', 'Requested', 'Award (€)'], rows),
      h('p', {}, remaining),
      h('button', { type: 'submit' }, 'Put the allocation to the Board'),
    ),
    async (key) => {
      const awards = [];
      for (const input of inputs) {
        if (!input.value.trim()) continue;
        const amountCents = parseEuros(input.value);
        if (amountCents === null)
          throw new Error(`The award to ${input.dataset.request} is not an amount in euros`);
        awards.push({ requestId: input.dataset.request, amountCents });
      }
      if (awards.length === 0) throw new Error('Award something to at least one request');
      render(await api('POST', `${path}/allocation`, { awards }, { idempotencyKey: key }), seatsCache);
      say('Allocation proposed; the Board is voting on it.', 'good');
    },
  );
}

let seatsCache;

function render(round, seats) {
  setTitle(round.title);
  const mine = caller.role === 'member' ? round.requests.filter((r) => r.seat === caller.seat) : [];
  fill(
    content,
    h('p', {}, badge(round.status, statusTone[round.status] ?? '')),
    facts([
      ['Envelope', money(round.envelopeCents)],
      ['Awarded', money(round.awardedCents)],
      [
        round.status === 'open' ? 'Submissions close' : 'Submissions closed',
        timeEl(round.submissionsClosedAt ?? round.closesAt),
      ],
      round.maxRequestCents ? ['Cap per request', money(round.maxRequestCents)] : null,
      ['Priorities', round.priorities.join(', ')],
      ['Board vote', `${round.decision.rule}, ${round.decision.votingIn}, ${round.decision.mode}`],
      round.decisionId
        ? [
            'Decision',
            h('a', { href: `decision.html?id=${encodeURIComponent(round.decisionId)}` }, round.decisionId),
          ]
        : null,
    ]),
    mine.length
      ? h(
          'p',
          { class: 'note' },
          `Your seat's requests: `,
          mine.map((r, i) => [
            i ? ', ' : '',
            h('a', { href: `request.html?id=${encodeURIComponent(r.id)}` }, `${r.title} (${r.status})`),
          ]),
        )
      : null,
    requestForm(round, seats),
    extendForm(round),
    allocationForm(round, seats),
    h('h2', {}, `Requests (${round.requests.length})`),
    round.requests.length
      ? table(
          ['Seat', 'Request', 'Priority', 'Requested', 'Status', 'Proposed', 'Awarded'],
          round.requests.map((r) => [
            seatName(seats, r.seat),
            h('a', { href: `request.html?id=${encodeURIComponent(r.id)}` }, r.title),
            r.priority,
            money(r.amountCents),
            [r.status, r.ineligibleReason ? ` (${r.ineligibleReason})` : ''],
            money(r.allocation),
            money(r.awardedCents),
          ]),
        )
      : h('p', {}, 'No request yet.'),
    round.attempts.length
      ? [
          h('h2', {}, 'Allocations put to the Board'),
          table(
            ['#', 'Total', 'Proposed', 'Decision', 'Outcome'],
            round.attempts.map((a) => [
              String(a.attempt),
              money(a.totalCents),
              timeEl(a.proposedAt),
              a.decisions.map((d) =>
                h('a', { href: `decision.html?id=${encodeURIComponent(d.decisionId)}` }, d.decisionId, ' '),
              ),
              a.outcome ?? 'voting',
            ]),
          ),
        ]
      : null,
    h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => void refresh() }, 'Refresh')),
  );
}

async function refresh() {
  const round = await load(path);
  if (round) {
    render(round, seatsCache);
    say('');
  }
}

await showItem(page, 'round', 'round.html', async () => {
  seatsCache = await board();
  await refresh();
});
