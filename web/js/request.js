/**
 * A funding request: its state, tranches, reporting and history. The submitting seat amends it
 * while the round's window is open, or withdraws it before the round decides.
 */
import { api } from './api.js';
import {
  badge,
  centsToField,
  eurosInput,
  facts,
  field,
  fill,
  h,
  load,
  money,
  onSubmit,
  parseEuros,
  say,
  select,
  setTitle,
  showItem,
  startItemPage,
  table,
  timeEl,
} from './ui.js';

const content = document.getElementById('content');
const page = await startItemPage('/funding-requests');
const { caller, path } = page;
const euros = eurosInput;

function amendForm(request, round) {
  if (caller.role !== 'member' || caller.seat !== request.seat) return null;
  if (request.status !== 'submitted' || round?.status !== 'open') return null;
  const title = h('input', { name: 'title', required: true, maxlength: 300, value: request.title });
  const amount = euros('amount', { required: true, value: centsToField(request.amountCents) });
  const priority = select(
    'priority',
    round.priorities.map((p) => [p, p]),
    { value: request.priority },
  );
  const description = h('textarea', { name: 'description', maxlength: 20000 });
  description.value = request.description;
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'amend-form' },
      h('h2', {}, 'Amend the request'),
      h('p', {}, `Possible until the window closes, `, timeEl(round.closesAt), '.'),
      field('Title', title),
      field(
        'Amount (€)',
        amount,
        round.maxRequestCents ? `At most ${money(round.maxRequestCents)}` : 'In euros',
      ),
      field('Priority', priority),
      field('Description', description),
      h('button', { type: 'submit' }, 'Save the amendment'),
    ),
    async (key) => {
      const amountCents = parseEuros(amount.value);
      if (amountCents === null || amountCents < 1)
        throw new Error('The amount must be in euros, such as 250000.00');
      // Only what changed: the history then says exactly what was amended.
      const body = {};
      if (title.value !== request.title) body.title = title.value;
      if (amountCents !== request.amountCents) body.amountCents = amountCents;
      if (priority.value !== request.priority) body.priority = priority.value;
      if (description.value !== request.description) body.description = description.value;
      if (Object.keys(body).length === 0) throw new Error('Nothing was changed');
      await api('POST', `${path}/amend`, body, { idempotencyKey: key });
      await refresh();
      say('Request amended.', 'good');
    },
  );
}

function withdrawForm(request) {
  if (caller.role !== 'member' || caller.seat !== request.seat) return null;
  if (!['submitted', 'eligible'].includes(request.status)) return null;
  const reason = h('textarea', { name: 'reason', maxlength: 2000 });
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'withdraw-form' },
      h('h2', {}, 'Withdraw the request'),
      field('Reason', reason, 'Optional'),
      h('button', { type: 'submit', class: 'danger' }, 'Withdraw'),
    ),
    async (key) => {
      const body = reason.value ? { reason: reason.value } : {};
      await api('POST', `${path}/withdraw`, body, { idempotencyKey: key });
      await refresh();
      say('Request withdrawn.', 'good');
    },
  );
}

function render(request, round) {
  setTitle(request.title);
  fill(
    content,
    h('p', {}, badge(request.status), ' ', `Seat ${request.seat}`),
    facts([
      ['Round', h('a', { href: `round.html?id=${encodeURIComponent(request.roundId)}` }, request.roundTitle)],
      ['Requested', money(request.amountCents)],
      ['Priority', request.priority],
      request.awardedCents !== null ? ['Awarded', money(request.awardedCents)] : null,
      request.ineligibleReason ? ['Ineligible', request.ineligibleReason] : null,
      request.withdrawalReason ? ['Withdrawn', request.withdrawalReason] : null,
      request.decisionId
        ? [
            'Decision',
            h(
              'a',
              { href: `decision.html?id=${encodeURIComponent(request.decisionId)}` },
              request.decisionId,
            ),
          ]
        : null,
      ['Submitted', [request.submittedBy, ', ', timeEl(request.submittedAt)]],
    ]),
    request.description ? h('p', { class: 'pre' }, request.description) : null,
    amendForm(request, round),
    withdrawForm(request),
    request.tranches.length
      ? [
          h('h2', {}, 'Tranches'),
          table(
            ['#', 'Amount', 'Status', 'Released by'],
            request.tranches.map((t) => [String(t.n), money(t.amountCents), t.status, t.releasedBy]),
          ),
        ]
      : null,
    request.obligations.length
      ? [
          h('h2', {}, 'Reports'),
          table(
            ['Report', 'Due', 'Accepted'],
            request.obligations.map((o) => [
              h('a', { href: `obligation.html?id=${encodeURIComponent(o.id)}` }, o.reportKind),
              timeEl(o.dueAt),
              o.acceptedAt ? timeEl(o.acceptedAt) : 'not yet',
            ]),
          ),
        ]
      : null,
    h('h2', {}, 'History'),
    table(
      ['When', 'What', 'By', 'Detail'],
      request.history.map((e) => [timeEl(e.at), e.kind, e.by, e.detail]),
    ),
  );
}

async function refresh() {
  const request = await load(path);
  if (!request) return;
  const round = await load(`/funding-rounds/${encodeURIComponent(request.roundId)}`);
  render(request, round);
}

await showItem(page, 'request', 'request.html', refresh);
