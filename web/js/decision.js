/**
 * A decision: its text, rule, chair, deadline and tally; yes / no / abstain (or object under
 * silence) for a member of a voting seat, an opinion for any seat (and "no opinion" for a seat
 * whose opinion is awaited); extend, withdraw and the responses to opinions for the secretariat.
 * Every answer of the API is the decision's new state, so the page redraws from it.
 */
import { api } from './api.js';
import {
  badge,
  board,
  deadlineFields,
  facts,
  field,
  fill,
  h,
  loadAndRender,
  onSubmit,
  reasonForm,
  say,
  seatName,
  setTitle,
  showItem,
  startItemPage,
  actedBy,
  table,
  timeEl,
} from './ui.js';

const content = document.getElementById('content');
const page = await startItemPage('/decisions');
const { caller, id, path } = page;

const ruleText = (d) =>
  ({
    simple: 'Simple majority: adopted with more yes than no among the ballots cast.',
    absolute: `Absolute majority: adopted with yes from ${d.yesRequired} of the ${d.electorate.length} seats of the electorate.`,
    'two-thirds': `Two-thirds majority: adopted with yes from ${d.yesRequired} of the ${d.electorate.length} seats of the electorate.`,
    unanimity:
      'Unanimity: adopted when nobody votes no and at least one seat votes yes; abstentions do not block.',
    silence: `Written procedure: adopted at the deadline unless ${d.objectionThreshold} objection(s) are raised.`,
  })[d.rule] ?? d.rule;

const outcomeTone = { adopted: 'good', rejected: 'bad', 'failed-quorum': 'bad', withdrawn: 'warn' };

function tally(d) {
  const boxes =
    d.rule === 'silence'
      ? [
          ['Objections', d.tally.objections],
          ['Yes', d.tally.yes],
          ['Abstain', d.tally.abstain],
        ]
      : [
          ['Yes', d.tally.yes],
          ['No', d.tally.no],
          ['Abstain', d.tally.abstain],
        ];
  return h(
    'div',
    { class: 'tally', id: 'tally', 'aria-live': 'polite' },
    boxes.map(([label, n]) =>
      h('div', { dataset: { choice: label.toLowerCase() } }, h('strong', {}, String(n)), label),
    ),
    h('div', {}, h('strong', {}, String(d.awaiting.length)), 'Yet to vote'),
  );
}

function ballotPanel(d) {
  if (caller.role !== 'member' || d.status !== 'open') return null;
  const seat = caller.seat;
  if (!d.electorate.includes(seat)) {
    const why = d.recused.includes(seat) ? 'is recused from this decision' : 'does not vote on this decision';
    return h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Your seat'),
      h('p', {}, `Seat ${seat} ${why}; it may give an opinion below.`),
    );
  }
  const mine = d.ballots.find((b) => b.seat === seat);
  const choices = d.rule === 'silence' ? ['object', 'yes', 'abstain'] : ['yes', 'no', 'abstain'];
  const labels = { yes: 'Yes', no: 'No', abstain: 'Abstain', object: 'Object' };
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'ballot-h' },
    h('h2', { id: 'ballot-h' }, `Your ballot for seat ${seat}`),
    h(
      'p',
      { id: 'my-ballot' },
      mine
        ? `Current ballot: ${labels[mine.choice]} (cast by ${actedBy(mine.castBy, mine.actingAs, mine.seat)}). You may change it until the close.`
        : 'Your seat has not voted yet.',
    ),
    onSubmit(
      h(
        'form',
        { class: 'choices', 'aria-label': 'Cast your ballot' },
        choices.map((choice) =>
          h(
            'button',
            {
              type: 'submit',
              name: 'choice',
              value: choice,
              'aria-pressed': mine?.choice === choice ? 'true' : 'false',
            },
            labels[choice],
          ),
        ),
      ),
      async (key, submitter) => {
        const choice = submitter?.value;
        const next = await api(
          'POST',
          `/decisions/${encodeURIComponent(id)}/ballots`,
          { choice },
          { idempotencyKey: key },
        );
        render(next);
        say(`Ballot recorded: ${labels[choice]}.`, 'good');
      },
    ),
  );
}

function opinionPanel(d) {
  if (caller.role !== 'member' || d.status !== 'open') return null;
  const text = h('textarea', { name: 'text', required: true, maxlength: 20000 });
  const awaited = (d.opinionsAwaited ?? []).includes(caller.seat);
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'opinion-form' },
      h('h2', {}, 'Give an opinion'),
      awaited
        ? h(
            'p',
            { id: 'opinion-awaited' },
            `The opinion of seat ${caller.seat} is awaited until `,
            timeEl(d.closesAt),
            '. The decision does not close early before your seat has given one or said it has none.',
          )
        : null,
      field('Opinion of your seat', text, 'Part of the record, never of the tally'),
      h('button', { type: 'submit' }, 'Put on the record'),
    ),
    async (key) => {
      render(
        await api(
          'POST',
          `/decisions/${encodeURIComponent(id)}/opinions`,
          { text: text.value },
          { idempotencyKey: key },
        ),
      );
      say('Opinion recorded.', 'good');
    },
  );
}

/** For a seat whose opinion is awaited: say it has none, so the decision need not wait for it. */
function declinePanel(d) {
  if (caller.role !== 'member' || d.status !== 'open' || !(d.opinionsAwaited ?? []).includes(caller.seat))
    return null;
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'decline-form' },
      h('h2', {}, 'No opinion to give'),
      h('p', {}, 'On the record: your seat has seen the decision and gives no opinion.'),
      h('button', { type: 'submit', class: 'secondary' }, 'Our seat gives no opinion'),
    ),
    async (key) => {
      render(
        await api('POST', `/decisions/${encodeURIComponent(id)}/opinions/decline`, undefined, {
          idempotencyKey: key,
        }),
      );
      say('Recorded: your seat gives no opinion.', 'good');
    },
  );
}

/** Open, or closed within the period for responses set at the close. */
const respondable = (d) =>
  d.status === 'open' || (d.responsesDueAt !== undefined && Date.parse(d.responsesDueAt) > Date.now());

/** The secretariat's form under an opinion without a response: how the Board took account of it. */
function responseForm(o) {
  const text = h('textarea', { name: 'text', required: true, maxlength: 20000 });
  return onSubmit(
    h(
      'form',
      { class: 'response-form', 'aria-label': `Response to opinion ${o.n}` },
      field(`How the Board took account of opinion ${o.n}`, text, 'On the record'),
      h('button', { type: 'submit' }, 'Record the response'),
    ),
    async (key) => {
      render(
        await api(
          'POST',
          `/decisions/${encodeURIComponent(id)}/opinions/${o.n}/response`,
          { text: text.value },
          { idempotencyKey: key },
        ),
      );
      say(`Response to opinion ${o.n} recorded.`, 'good');
    },
  );
}

function opinionsSection(d) {
  if (!d.opinions.length && !(d.declined ?? []).length && !(d.opinionsAwaited ?? []).length) return null;
  return h(
    'section',
    { id: 'opinions', 'aria-labelledby': 'opinions-h' },
    h('h2', { id: 'opinions-h' }, 'Opinions'),
    (d.opinionsAwaited ?? []).length && d.status === 'open'
      ? h('p', { id: 'opinions-awaited' }, `Awaited from: ${d.opinionsAwaited.join(', ')}`)
      : null,
    d.opinions.map((o) =>
      h(
        'blockquote',
        { dataset: { opinion: String(o.n) } },
        h('p', { class: 'pre' }, o.text),
        h('footer', {}, `Opinion ${o.n ?? ''}: ${actedBy(o.by, o.actingAs, o.seat)}, `, timeEl(o.at)),
        o.response
          ? h(
              'p',
              { class: 'response' },
              h('strong', {}, 'How the Board took account of it: '),
              o.response.text,
              ` (${o.response.by}, `,
              timeEl(o.response.at),
              ')',
            )
          : caller.role === 'secretariat' && respondable(d) && o.n
            ? responseForm(o)
            : h('p', { class: 'response' }, 'No response recorded.'),
      ),
    ),
    (d.declined ?? []).length
      ? h('p', { id: 'opinions-declined' }, `No opinion to give: ${d.declined.map((x) => x.seat).join(', ')}`)
      : null,
  );
}

function secretariatPanels(d) {
  if (caller.role !== 'secretariat' || d.status !== 'open') return null;
  const deadline = deadlineFields('closes', 'New deadline', { amount: 7, unit: 'D' });
  return [
    reasonForm({
      id: 'extend-form',
      heading: 'Extend the deadline',
      deadline,
      hint: 'On the record',
      button: 'Extend',
      path,
      action: 'extend',
      render,
      done: 'Deadline extended.',
    }),
    reasonForm({
      id: 'withdraw-form',
      heading: 'Withdraw the decision',
      hint: 'On the record; the decision closes as withdrawn',
      button: 'Withdraw',
      danger: true,
      path,
      action: 'withdraw',
      render,
      done: 'Decision withdrawn.',
    }),
  ];
}

function render(d) {
  setTitle(d.title);
  const state =
    d.status === 'open'
      ? badge('open', 'good')
      : [badge('closed'), ' ', badge(d.outcome ?? 'closed', outcomeTone[d.outcome] ?? '')];
  fill(
    content,
    h('p', {}, state),
    d.text ? h('p', { class: 'pre', id: 'decision-text' }, d.text) : null,
    facts([
      ['Rule', ruleText(d)],
      d.rule !== 'silence' && d.quorumRequired > 0
        ? ['Quorum', `${d.quorumRequired} ballots (abstentions count)`]
        : null,
      [d.status === 'open' ? 'Closes' : 'Closed', timeEl(d.closedAt ?? d.closesAt)],
      d.chair ? ['Chair', seatName(boardData, d.chair)] : null,
      d.recused.length
        ? [
            'Recused',
            h(
              'ul',
              { id: 'recusals' },
              (d.recusals ?? d.recused.map((seat) => ({ seat, reason: '' }))).map((r) =>
                h('li', {}, r.reason ? `${r.seat}: ${r.reason}` : r.seat),
              ),
            ),
          ]
        : null,
      d.withdrawal ? ['Withdrawn', `${d.withdrawal.reason} (by ${d.withdrawal.by})`] : null,
    ]),
    h('h2', {}, 'Tally'),
    tally(d),
    ballotPanel(d),
    opinionPanel(d),
    declinePanel(d),
    secretariatPanels(d),
    d.ballots.length
      ? h(
          'details',
          {},
          h('summary', {}, `Ballots (${d.ballots.length})`),
          table(
            ['Seat', 'Ballot', 'Cast by', 'At'],
            d.ballots.map((b) => [b.seat, b.choice, actedBy(b.castBy, b.actingAs, b.seat), timeEl(b.at)]),
          ),
        )
      : null,
    d.awaiting.length && d.status === 'open'
      ? h(
          'details',
          {},
          h('summary', {}, `Yet to vote (${d.awaiting.length})`),
          h('p', {}, d.awaiting.join(', ')),
        )
      : null,
    opinionsSection(d),
    d.extensions.length
      ? [
          h('h2', {}, 'Extensions'),
          table(
            ['From', 'To', 'Reason', 'By'],
            d.extensions.map((e) => [timeEl(e.from), timeEl(e.to), e.reason, e.by]),
          ),
        ]
      : null,
    h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => void refresh() }, 'Refresh')),
  );
}

/** The board, for the chair's name; loaded once, before the first draw. */
let boardData = { seats: [] };

async function refresh() {
  boardData = await board();
  await loadAndRender(path, render);
}

await showItem(page, 'decision', 'decision.html', refresh);
