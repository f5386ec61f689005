/**
 * Board meetings: without an id, the upcoming and past meetings; with one, the meeting as each
 * role uses it: the agenda with its documents, the answers and attendance, the live results of a
 * vote in session (members vote from here, the secretariat opens and closes votes and records who
 * is present), the actions agreed and the minutes. Refreshes every few seconds while in session.
 */
import { api, ApiError, newIdempotencyKey } from './api.js';
import { badge, facts, fill, h, load, param, say, setTitle, startPage, table, timeEl } from './ui.js';

const content = document.getElementById('content');
const caller = await startPage();
const id = param('id');

const send = async (method, path, body) => {
  try {
    await api(method, path, body, { idempotencyKey: newIdempotencyKey() });
    say('Done.', 'good');
  } catch (err) {
    say(err instanceof ApiError ? `${err.status}: ${err.message}` : String(err), 'bad');
  }
  await renderOne();
};
/** True while the secretariat is ticking the attendance form: the live refresh waits for it. */
let editing = false;
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
    h('h2', {}, 'Upcoming'),
    list.upcoming.length ? table(head, rows(list.upcoming)) : h('p', {}, 'No meeting convened.'),
    h('h2', {}, 'Past'),
    list.past.length ? table(head, rows(list.past)) : h('p', {}, 'No meeting held yet.'),
  );
  say('');
}

/** The secretariat's attendance form: each seat's member (from the roster) present or not. */
async function attendanceForm(m) {
  const roster = await load('/board/roster');
  if (!roster) return null;
  const holders = roster.appointments.filter((a) => a.current && /^(member|alternate) for /.test(a.label));
  const present = new Set(m.presence.map((p) => p.personId));
  const boxes = holders.map((a) =>
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', name: 'present', value: a.personId, checked: present.has(a.personId) }),
      ` ${a.name} (${a.label})`,
    ),
  );
  const form = h(
    'form',
    { id: 'attendance-form' },
    h('fieldset', {}, h('legend', {}, 'Present'), boxes),
    h('button', { type: 'submit' }, 'Record attendance'),
  );
  form.addEventListener('change', () => (editing = true));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    editing = false;
    const chosen = new Set(new FormData(form).getAll('present').map(String));
    const body = {
      present: holders
        .filter((a) => chosen.has(a.personId))
        .map((a) => {
          const [capacity, , seat] = a.label.split(' ');
          return { seat, personId: a.personId, capacity, mode: 'in-person' };
        }),
    };
    void send('PUT', `/meetings/${id}/attendance`, body);
  });
  return form;
}

function itemView(m, item, position) {
  const base = `/meetings/${id}/items/${item.n}`;
  const vote = item.vote;
  const mine = caller.seat && vote?.ballots.find((b) => b.seat === caller.seat);
  const controls = [];
  if (m.status === 'in-session') {
    if (caller.role === 'secretariat') {
      if (item.status === 'pending' && vote === null && ['information', 'discussion'].includes(item.kind))
        controls.push(button('Mark taken', () => send('POST', `${base}/take`, {})));
      else if (item.status === 'pending')
        controls.push(button('Open the vote', () => send('POST', `${base}/vote`)));
      if (item.status === 'voting')
        controls.push(button('Close the vote', () => send('POST', `${base}/close-vote`)));
    }
    if (caller.role === 'member' && item.status === 'voting' && vote.electorate.includes(caller.seat))
      for (const choice of ['yes', 'no', 'abstain'])
        controls.push(
          button(choice, () => send('POST', `${base}/ballots`, { choice }), {
            class: 'secondary',
            'data-choice': choice,
          }),
        );
  }
  return h(
    'li',
    { 'data-item': String(item.n) },
    h('h3', {}, `${position}. ${item.title} `, badge(item.kind), ' ', badge(item.status)),
    item.text ? h('p', {}, item.text) : null,
    item.documents.length
      ? h(
          'ul',
          {},
          item.documents.map((d) => h('li', {}, h('a', { href: d.url, rel: 'noopener' }, d.title))),
        )
      : null,
    vote
      ? h(
          'p',
          { class: 'tally' },
          `Yes ${vote.tally.yes}, no ${vote.tally.no}, abstain ${vote.tally.abstain} (${vote.ballots.length} of ${vote.electorate.length} seats)`,
          vote.outcome ? [' — ', badge(vote.outcome, vote.outcome === 'adopted' ? 'good' : 'bad')] : null,
          mine ? ` — your seat: ${mine.choice}` : null,
        )
      : null,
    item.deferredTo
      ? h(
          'p',
          {},
          'Deferred to written procedure ',
          h('a', { href: `decision.html?id=${item.deferredTo}` }, item.deferredTo),
        )
      : null,
    controls.length ? h('p', { class: 'actions' }, controls) : null,
  );
}

async function renderOne() {
  const m = await load(`/meetings/${encodeURIComponent(id ?? '')}`);
  if (!m) return;
  setTitle(m.title);
  const parts = [
    facts([
      ['When', h('span', {}, timeEl(m.startsAt), ' to ', timeEl(m.endsAt))],
      [
        'Where',
        [m.place ?? '', m.onlineLink ? h('a', { href: m.onlineLink }, ' online') : ''].filter(Boolean),
      ],
      ['Status', badge(m.status)],
      [
        'Quorum',
        `${m.quorum.present} voting seats present, ${m.quorum.required} required${m.quorum.met ? ' (met)' : ''}`,
      ],
      ['Invitation', h('a', { href: `/meetings/${id}/invitation.ics` }, 'calendar (.ics)')],
    ]),
  ];
  if (caller.role === 'member' && m.status === 'convened')
    parts.push(
      h(
        'p',
        { class: 'actions' },
        'Your answer: ',
        ['in-person', 'online', 'alternate', 'absent'].map((answer) =>
          button(answer, () => send('POST', `/meetings/${id}/attendance-answers`, { answer }), {
            class: 'secondary',
          }),
        ),
      ),
    );
  if (caller.role === 'secretariat' && m.status === 'convened')
    parts.push(button('Open the meeting', () => send('POST', `/meetings/${id}/open`)));
  parts.push(
    h('h2', {}, 'Agenda'),
    h(
      'ol',
      { class: 'agenda', id: 'agenda' },
      m.agenda.map((item, i) => itemView(m, item, i + 1)),
    ),
  );
  parts.push(
    h('h2', {}, 'Attendance'),
    m.presence.length
      ? table(
          ['Seat', 'Person', 'Capacity', 'Mode'],
          m.presence.map((p) => [p.seat, p.personId, p.capacity, p.mode]),
        )
      : h(
          'p',
          {},
          m.answers.length
            ? `${m.answers.length} seat(s) answered; ${m.awaitingAnswers.length} awaited.`
            : 'Nobody recorded yet.',
        ),
  );
  if (caller.role === 'secretariat' && m.status === 'in-session') {
    const form = await attendanceForm(m);
    if (form) parts.push(form);
    parts.push(button('Close the meeting', () => send('POST', `/meetings/${id}/close`), { class: 'danger' }));
  }
  if (m.actions.length)
    parts.push(
      h('h2', {}, 'Actions agreed'),
      table(
        ['#', 'Action', 'Owner', 'Due', 'Status'],
        m.actions.map((a) => [String(a.n), a.text, a.ownerSeat, timeEl(a.dueAt), a.status]),
      ),
    );
  if (m.minutes)
    parts.push(
      h('h2', {}, `Minutes (${m.minutes.status})`),
      h('pre', { class: 'minutes' }, m.minutes.text),
      h('a', { href: `/meetings/${id}/minutes.pdf` }, 'PDF'),
    );
  fill(content, ...parts);
}

if (caller) {
  if (id) {
    await renderOne();
    // Live results while the meeting is in session.
    setInterval(() => {
      if (!editing) void renderOne();
    }, 3000);
  } else await renderList();
}
