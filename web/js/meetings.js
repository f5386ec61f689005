/**
 * Board meetings: without an id, the upcoming and past meetings; with one, the meeting as each
 * role uses it: the agenda with its documents, the answers and attendance, the live results of a
 * vote in session (members vote from here, the secretariat opens and closes votes and records who
 * is present), the actions agreed and the minutes. Refreshes every few seconds while in session.
 */
import { api, ApiError, newIdempotencyKey } from './api.js';
import {
  actionPanel,
  agendaPanel,
  attendancePanel,
  cancelPanel,
  deferPanel,
  minutesForms,
  movePanel,
  opinionForm,
  rollCallForm,
  takeForm,
} from './meeting-forms.js';
import { draftMinutesMeetings } from './agenda-editor.js';
import {
  badge,
  board,
  downloadLink,
  facts,
  fill,
  h,
  load,
  param,
  say,
  setTitle,
  startPage,
  table,
  timeEl,
} from './ui.js';

const content = /** @type {HTMLElement} */ (document.getElementById('content'));
const caller = await startPage();
const id = param('id');

const send = async (method, path, body) => {
  try {
    await api(method, path, body, { idempotencyKey: newIdempotencyKey() });
    say('Done.', 'good');
  } catch (err) {
    say(err instanceof ApiError ? `${err.status}: ${err.message}` : String(err), 'bad');
  }
  editing = false;
  await renderOne();
};
/** True while someone is filling in a form: the live refresh waits for it to be sent. */
let editing = false;
content.addEventListener('input', (e) => {
  if (e.target instanceof Element && e.target.closest('form')) editing = true;
});
/** After a form was sent: say so and redraw. */
const done = async (message) => {
  editing = false;
  say(message, 'good');
  await renderOne();
};
/** True while the meeting is ahead or in session: the page refreshes itself. */
let live = true;
const button = (label, onclick, attrs = {}) => h('button', { type: 'button', onclick, ...attrs }, label);

async function renderList() {
  const list = await load('/meetings');
  if (!list) return;
  const rows = (items) =>
    items.map((m) => [
      h('a', { href: `meetings.html?id=${encodeURIComponent(m.id)}` }, m.title),
      timeEl(m.startsAt),
      badge(m.status),
      m.minutesStatus ?? '',
      String(m.openActions),
      m.awaitingAnswers.length ? `${m.awaitingAnswers.length} not answered` : '',
    ]);
  const head = ['Meeting', 'Starts', 'Status', 'Minutes', 'Open actions', 'Invitations'];
  fill(
    content,
    caller.role === 'secretariat'
      ? h('p', {}, h('a', { href: 'meeting-new.html', class: 'button' }, 'Convene a meeting'))
      : null,
    h('h2', {}, 'Upcoming'),
    list.upcoming.length ? table(head, rows(list.upcoming)) : h('p', {}, 'No meeting convened.'),
    h('h2', {}, 'Past'),
    list.past.length ? table(head, rows(list.past)) : h('p', {}, 'No meeting held yet.'),
  );
  say('');
}

/** May the caller's seat give an opinion on `item` (a seat without a vote, the chair; an observer on its items)? */
function mayGiveOpinion(m, b, item) {
  const seat = b.seats.find((s) => s.code === caller.seat);
  if (!seat || (seat.voting && b.chair?.code !== seat.code)) return false;
  return seat.kind !== 'observer' || item.observers.includes(seat.code);
}

function ballotsTable(vote) {
  return h(
    'details',
    {},
    h('summary', {}, 'Ballots'),
    table(
      ['Seat', 'Choice', 'Cast by', 'Entered', 'At'],
      vote.ballots.map((b) => [
        b.seat,
        b.choice,
        b.castBy,
        b.via === 'roll-call' ? `roll call (${b.recordedBy})` : 'own device',
        timeEl(b.at),
      ]),
    ),
  );
}

function itemView(ctx, item, position) {
  const { m, board: b } = ctx;
  const base = `/meetings/${id}/items/${item.n}`;
  const vote = item.vote;
  const mine = caller.seat && vote?.ballots.find((x) => x.seat === caller.seat);
  const voted = ['decision', 'funding-allocation', 'work-programme', 'minutes-approval'].includes(item.kind);
  const controls = [];
  const forms = [];
  if (m.status === 'in-session') {
    if (caller.role === 'secretariat') {
      if (item.status === 'pending' && !voted) forms.push(takeForm(ctx, item));
      else if (item.status === 'pending')
        controls.push(button('Open the vote', () => send('POST', `${base}/vote`)));
      if (item.status === 'voting') {
        forms.push(rollCallForm(ctx, item));
        controls.push(button('Close the vote', () => send('POST', `${base}/close-vote`)));
      }
    }
    if (caller.role === 'member' && item.status === 'voting' && vote.electorate.includes(caller.seat))
      for (const choice of ['yes', 'no', 'abstain'])
        controls.push(
          button(choice, () => send('POST', `${base}/ballots`, { choice }), {
            class: 'secondary',
            'data-choice': choice,
          }),
        );
    if (caller.role === 'member' && item.status !== 'deferred' && mayGiveOpinion(m, b, item))
      forms.push(opinionForm(ctx, item));
  }
  if (
    caller.role === 'secretariat' &&
    ['convened', 'in-session'].includes(m.status) &&
    voted &&
    item.kind !== 'minutes-approval' &&
    item.status === 'pending'
  )
    forms.push(deferPanel(ctx, item));
  return h(
    'li',
    { 'data-item': String(item.n) },
    h('h3', {}, `${position}. ${item.title} `, badge(item.kind), ' ', badge(item.status)),
    item.presenter ? h('p', {}, `Presented by ${item.presenter}`) : null,
    item.text ? h('p', {}, item.text) : null,
    item.documents.length
      ? h(
          'ul',
          {},
          item.documents.map((d) => h('li', {}, h('a', { href: d.url, rel: 'noopener' }, d.title))),
        )
      : null,
    item.observers.length ? h('p', {}, `Observers invited: ${item.observers.join(', ')}`) : null,
    vote
      ? h(
          'p',
          { class: 'tally' },
          `Yes ${vote.tally.yes}, no ${vote.tally.no}, abstain ${vote.tally.abstain} (${vote.ballots.length} of ${vote.electorate.length} seats)`,
          vote.outcome ? [' — ', badge(vote.outcome, vote.outcome === 'adopted' ? 'good' : 'bad')] : null,
          mine ? ` — your seat: ${mine.choice}` : null,
        )
      : null,
    vote?.ballots.length ? ballotsTable(vote) : null,
    item.opinions.length
      ? h(
          'ul',
          { class: 'opinions' },
          item.opinions.map((o) => h('li', {}, `Opinion of ${o.seat}: ${o.text}`)),
        )
      : null,
    item.note ? h('p', { class: 'note' }, item.note) : null,
    item.deferredTo
      ? h(
          'p',
          {},
          'Deferred to written procedure ',
          h('a', { href: `decision.html?id=${item.deferredTo}` }, item.deferredTo),
        )
      : null,
    controls.length ? h('p', { class: 'actions' }, controls) : null,
    forms,
  );
}

function actionsView(ctx) {
  const { m } = ctx;
  const rows = m.actions.map((a) => [
    String(a.n),
    a.text,
    a.ownerSeat,
    timeEl(a.dueAt),
    a.obligationId
      ? h('a', { href: `obligation.html?id=${encodeURIComponent(a.obligationId)}` }, 'report')
      : 'pending action',
    a.status === 'open' && a.followUp === 'pending-action' && caller.role === 'secretariat'
      ? button('Mark done', () => send('POST', `/meetings/${id}/actions/${a.n}/done`), {
          class: 'secondary',
          'aria-label': `Mark action ${a.n} done`,
        })
      : a.status,
  ]);
  return [
    m.actions.length || m.status === 'in-session' ? h('h2', {}, 'Actions agreed') : null,
    m.actions.length ? table(['#', 'Action', 'Owner', 'Due', 'Followed as', 'Status'], rows) : null,
    caller.role === 'secretariat' && m.status === 'in-session' ? actionPanel(ctx) : null,
  ];
}

function minutesView(ctx) {
  const { m } = ctx;
  const minutes = m.minutes;
  if (!minutes) return [];
  const approval = minutes.approval;
  return [
    h('h2', {}, `Minutes (${minutes.status})`),
    approval
      ? h(
          'p',
          {},
          approval.via === 'meeting'
            ? `Approved at meeting ${approval.meetingId} (item ${approval.item}), `
            : `Approved by written procedure ${approval.decisionId}, `,
          timeEl(approval.at),
        )
      : null,
    minutes.approvalDecision
      ? h(
          'p',
          {},
          'Before the Board by written procedure ',
          h(
            'a',
            { href: `decision.html?id=${encodeURIComponent(minutes.approvalDecision)}` },
            minutes.approvalDecision,
          ),
        )
      : null,
    h('pre', { class: 'minutes' }, minutes.text),
    h(
      'p',
      {},
      downloadLink(
        `/meetings/${id}/minutes.pdf`,
        `${id}-minutes${minutes.status === 'draft' ? '-draft' : ''}.pdf`,
        minutes.status === 'draft' ? 'Draft minutes as PDF' : 'Minutes as PDF',
        { id: 'minutes-pdf' },
      ),
    ),
    caller.role === 'secretariat' && m.status === 'closed' && !minutes.approvalDecision
      ? minutesForms(ctx)
      : null,
  ];
}

async function renderOne() {
  const m = await load(`/meetings/${encodeURIComponent(id ?? '')}`);
  if (!m) return;
  const secretariat = caller.role === 'secretariat';
  const [boardData, drafts, roster] = await Promise.all([
    board(),
    secretariat ? draftMinutesMeetings() : [],
    secretariat && m.status === 'in-session' ? load('/board/roster') : null,
  ]);
  // Which panels are open is read after the last await, so a panel opened meanwhile stays open.
  const ctx = {
    m,
    board: boardData,
    path: `/meetings/${encodeURIComponent(id ?? '')}`,
    done,
    open: new Set([...content.querySelectorAll('details[open]')].map((d) => d.id)),
    seen: new Set([...content.querySelectorAll('details[id]')].map((d) => d.id)),
    drafts,
  };
  live = m.status === 'convened' || m.status === 'in-session';
  setTitle(m.title);
  const myAnswer = caller.seat && m.answers.find((a) => a.seat === caller.seat);
  const parts = [
    facts([
      ['When', h('span', {}, timeEl(m.startsAt), ' to ', timeEl(m.endsAt))],
      [
        'Where',
        [m.place ?? '', m.onlineLink ? h('a', { href: m.onlineLink }, ' online') : ''].filter(Boolean),
      ],
      ['Status', badge(m.status)],
      m.cancellation ? ['Cancelled', m.cancellation.reason] : null,
      [
        'Quorum',
        `${m.quorum.present} voting seats present, ${m.quorum.required} required${m.quorum.met ? ' (met)' : ''}`,
      ],
      ['Agenda frozen from', timeEl(m.agendaFrozenAt)],
      ['Invitation', downloadLink(`/meetings/${id}/invitation.ics`, `${id}.ics`, 'calendar (.ics)')],
    ]),
  ];
  if (caller.role === 'member' && m.status === 'convened' && m.invitedSeats.includes(caller.seat))
    parts.push(
      h(
        'p',
        { class: 'actions', id: 'my-answer' },
        myAnswer ? `Your seat's answer: ${myAnswer.answer}. Change it: ` : 'Confirm attendance: ',
        ['in-person', 'online', 'alternate', 'absent'].map((answer) =>
          button(answer, () => send('POST', `/meetings/${id}/attendance-answers`, { answer }), {
            class: 'secondary',
          }),
        ),
      ),
    );
  if (caller.role === 'secretariat' && m.status === 'convened')
    parts.push(
      h(
        'p',
        { class: 'actions' },
        button('Open the meeting', () => send('POST', `/meetings/${id}/open`)),
      ),
      agendaPanel(ctx),
      movePanel(ctx),
      cancelPanel(ctx),
    );
  parts.push(
    h('h2', {}, 'Agenda'),
    h(
      'ol',
      { class: 'agenda', id: 'agenda' },
      m.agenda.map((item, i) => itemView(ctx, item, i + 1)),
    ),
  );
  if (caller.role === 'secretariat' && m.status === 'in-session') parts.push(agendaPanel(ctx));
  parts.push(
    h('h2', {}, 'Attendance'),
    m.presence.length
      ? table(
          ['Seat', 'Person', 'Capacity', 'Mode'],
          m.presence.map((p) => [p.seat, p.personId, p.capacity, p.mode]),
        )
      : null,
    m.answers.length || m.status === 'convened'
      ? h('p', {}, `${m.answers.length} seat(s) answered; ${m.awaitingAnswers.length} awaited.`)
      : null,
    m.answers.length
      ? h(
          'details',
          {},
          h('summary', {}, 'Answers to the invitation'),
          table(
            ['Seat', 'Answer'],
            m.answers.map((a) => [a.seat, a.answer]),
          ),
        )
      : null,
  );
  if (roster) parts.push(attendancePanel(ctx, roster));
  parts.push(actionsView(ctx));
  if (caller.role === 'secretariat' && m.status === 'in-session')
    parts.push(
      h(
        'p',
        { class: 'actions' },
        button('Close the meeting', () => send('POST', `/meetings/${id}/close`), { class: 'danger' }),
      ),
    );
  parts.push(minutesView(ctx));
  // A form being filled in meanwhile keeps what was typed: draw only if nobody started typing.
  if (!editing) fill(content, ...parts);
}

if (caller) {
  if (id) {
    await renderOne();
    // Live results while the meeting is in session; a form being filled in is left alone.
    setInterval(() => {
      const typing = document.activeElement?.closest('#content form');
      if (live && !editing && !typing) void renderOne();
    }, 3000);
  } else await renderList();
}
