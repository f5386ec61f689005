/**
 * The board's roster (GET /board/roster): who sits for each seat now, in which capacity, and
 * every appointment past and future with the history of changes. The secretariat appoints people
 * and ends appointments here; the API refuses a place already taken (409) with a message naming
 * the holder, shown as is.
 */
import { api } from './api.js';
import { badge, board, field, fill, h, load, onSubmit, say, select, startPage, table, timeEl } from './ui.js';

const content = /** @type {HTMLElement} */ (document.getElementById('content'));
const caller = await startPage();

function appointmentsTable(appointments, { canEnd }) {
  return table(
    ['Person', 'Capacity', 'From', 'Until', 'State', ...(canEnd ? [''] : [])],
    appointments.map((a) => [
      a.name,
      a.label,
      timeEl(a.from),
      a.until ? timeEl(a.until) : '—',
      a.current
        ? badge('current', 'good')
        : Date.parse(a.from) > Date.now()
          ? badge('upcoming')
          : badge('ended'),
      ...(canEnd ? [a.current || a.until === null ? endButton(a) : ''] : []),
    ]),
    'Appointments',
  );
}

function endButton(a) {
  return h(
    'button',
    {
      type: 'button',
      class: 'link',
      'data-appointment': a.id,
      'aria-label': `End ${a.name}'s appointment as ${a.label}`,
      onclick: () => showEndForm(a),
    },
    'End…',
  );
}

function showEndForm(a) {
  const holder = /** @type {HTMLElement} */ (document.getElementById('end-holder'));
  const reason = h('textarea', { name: 'reason', required: true, maxlength: 2000 });
  const form = onSubmit(
    h(
      'form',
      { class: 'panel', id: 'end-form' },
      h('h2', {}, `End ${a.name}'s appointment as ${a.label}`),
      field('Reason', reason, 'Kept with the roster for ever'),
      h('button', { type: 'submit', class: 'danger' }, 'End the appointment'),
    ),
    async () => {
      await api('POST', `/board/roster/${encodeURIComponent(a.id)}/end`, { reason: reason.value });
      await render();
      say(`${a.name}'s appointment as ${a.label} has ended.`, 'good');
    },
  );
  fill(holder, form);
  reason.focus();
}

function appointForm(seats) {
  const name = h('input', { name: 'name', required: true, maxlength: 200, autocomplete: 'off' });
  const email = h('input', {
    name: 'email',
    type: 'email',
    required: true,
    maxlength: 320,
    autocomplete: 'off',
  });
  const role = select('role', [
    ['member', 'Member of a seat'],
    ['secretariat', 'Secretariat'],
    ['manager', 'Manager (read only)'],
  ]);
  const seat = select(
    'seat',
    seats.map((s) => [s.code, `${s.code} — ${s.name}`]),
  );
  const capacity = select('capacity', [
    ['member', 'Member'],
    ['alternate', 'Alternate'],
  ]);
  const seatFields = h(
    'div',
    {},
    field('Seat', seat),
    field('Capacity', capacity, 'One member and one alternate per seat'),
  );
  const sync = () => (seatFields.hidden = role.value !== 'member');
  role.addEventListener('change', sync);
  sync();
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'appoint-form' },
      h('h2', {}, 'Appoint someone'),
      field('Name', name),
      field('E-mail', email, 'The address they sign in with'),
      field('Role', role),
      seatFields,
      h('button', { type: 'submit' }, 'Appoint'),
    ),
    async () => {
      /** @type {Record<string, unknown>} */
      const body = { person: { name: name.value.trim(), email: email.value.trim() }, role: role.value };
      if (role.value === 'member') Object.assign(body, { seat: seat.value, capacity: capacity.value });
      const made = await api('POST', '/board/roster', body);
      await render();
      say(`${made.name} is now ${made.label}.`, 'good');
    },
  );
}

async function render() {
  const [roster, boardData] = await Promise.all([load('/board/roster'), board()]);
  if (!roster || !boardData) return;
  const canEdit = caller?.role === 'secretariat';
  const current = roster.appointments.filter((a) => a.current);
  const others = roster.appointments.filter((a) => !a.current);
  fill(
    content,
    h('h2', {}, 'Now'),
    h('div', { id: 'current' }, appointmentsTable(current, { canEnd: canEdit })),
    h('div', { id: 'end-holder' }),
    canEdit ? appointForm(boardData.seats) : null,
    h('h2', {}, 'Past and upcoming'),
    h(
      'div',
      { id: 'others' },
      others.length ? appointmentsTable(others, { canEnd: canEdit }) : h('p', {}, 'None.'),
    ),
    h('h2', {}, 'Changes'),
    table(
      ['When', 'By', 'What', 'Reason'],
      roster.changes
        .slice()
        .reverse()
        .map((c) => [timeEl(c.at), c.by, c.summary, c.reason ?? '']),
      'Every change to the roster, newest first',
    ),
  );
}

if (caller) await render();
