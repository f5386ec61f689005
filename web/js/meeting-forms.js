/**
 * The forms of a meeting page, one per thing a person does to the meeting: the secretariat
 * changes the agenda, moves or cancels the meeting, records who is present, takes, defers and
 * puts items to a roll call, records the actions agreed and edits the draft minutes; a seat without
 * a vote gives its opinion. Each posts under an Idempotency-Key (see `onSubmit`) and then calls
 * `done`, which redraws the page.
 */
import { agendaEditor } from './agenda-editor.js';
import { api } from './api.js';
import { field, fromLocalInput, h, onSubmit, select, toLocalInput } from './ui.js';

/**
 * @typedef {{
 *   m: any, board: any, path: string,
 *   done: (message: string) => Promise<void>,
 *   open: Set<string>, seen: Set<string>, drafts: { id: string, title: string }[],
 * }} Ctx
 */

/**
 * A collapsible panel that keeps its reader's open or closed choice across the page's live
 * refreshes; `openFirst` opens it the first time it is shown.
 * @param {Ctx} ctx
 * @param {{ id: string, summary: string, openFirst?: boolean }} spec
 * @param {...any} children
 */
export function panel(ctx, { id, summary, openFirst = false }, ...children) {
  const open = ctx.seen.has(id) ? ctx.open.has(id) : openFirst;
  return h('details', { id, class: 'panel', open }, h('summary', {}, summary), children);
}

/**
 * A form that sends `body()` to `method path` and redraws with `message`.
 * @param {Ctx} ctx
 * @param {{ id: string, method: string, path: string, body: () => unknown, message: string }} spec
 * @param {...any} fields the form's fields and its submit button
 */
function sending(ctx, { id, method, path, body, message }, ...fields) {
  return onSubmit(h('form', { id }, fields), async (key) => {
    await api(method, path, body(), { idempotencyKey: key });
    await ctx.done(message);
  });
}

const reasonField = (attrs = {}) => h('textarea', { name: 'reason', maxlength: 2000, rows: 2, ...attrs });

/** When a written procedure closes: a local date and time, two weeks ahead unless changed. */
function closesAtInput() {
  const input = h('input', { name: 'closesAt', type: 'datetime-local', required: true });
  input.value = toLocalInput(new Date(Date.now() + 14 * 86_400_000).toISOString());
  return input;
}

/** @param {Ctx} ctx */
export function agendaPanel(ctx) {
  const { m } = ctx;
  const frozen = Date.now() >= Date.parse(m.agendaFrozenAt);
  const editor = agendaEditor(ctx.board, m.agenda, ctx.drafts);
  const reason = reasonField({ required: frozen });
  return panel(
    ctx,
    { id: 'agenda-panel', summary: 'Change the agenda' },
    sending(
      ctx,
      {
        id: 'agenda-form',
        method: 'PUT',
        path: `${ctx.path}/agenda`,
        message: 'Agenda changed.',
        body: () => ({ items: editor.read(), ...(reason.value.trim() ? { reason: reason.value } : {}) }),
      },
      editor.element,
      field(
        'Reason for the change',
        reason,
        frozen
          ? 'The agenda is frozen: a change needs a reason, kept on the record and in the minutes'
          : `Needed once the agenda freezes (${new Date(m.agendaFrozenAt).toUTCString()})`,
      ),
      h('button', { type: 'submit' }, 'Save the agenda'),
    ),
  );
}

/** @param {Ctx} ctx */
export function movePanel(ctx) {
  const { m } = ctx;
  const startsAt = h('input', { name: 'startsAt', type: 'datetime-local', required: true });
  const endsAt = h('input', { name: 'endsAt', type: 'datetime-local', required: true });
  startsAt.value = toLocalInput(m.startsAt);
  endsAt.value = toLocalInput(m.endsAt);
  const place = h('input', { name: 'place', maxlength: 300, value: m.place ?? '' });
  const onlineLink = h('input', {
    name: 'onlineLink',
    type: 'url',
    maxlength: 2000,
    value: m.onlineLink ?? '',
  });
  const reason = reasonField({ required: true });
  return panel(
    ctx,
    { id: 'move-panel', summary: 'Move the meeting' },
    sending(
      ctx,
      {
        id: 'move-form',
        method: 'POST',
        path: `${ctx.path}/move`,
        message: 'Moved: the invitation goes out again.',
        body: () => ({
          startsAt: fromLocalInput(startsAt.value),
          endsAt: fromLocalInput(endsAt.value),
          reason: reason.value,
          ...(place.value.trim() ? { place: place.value.trim() } : {}),
          ...(onlineLink.value.trim() ? { onlineLink: onlineLink.value.trim() } : {}),
        }),
      },
      h(
        'div',
        { class: 'row' },
        field('Starts (your local time)', startsAt),
        field('Ends (your local time)', endsAt),
      ),
      h('div', { class: 'row' }, field('Place', place), field('Online link', onlineLink)),
      field('Reason for the move', reason),
      h('button', { type: 'submit' }, 'Move the meeting'),
    ),
  );
}

/** @param {Ctx} ctx */
export function cancelPanel(ctx) {
  const reason = reasonField({ required: true });
  return panel(
    ctx,
    { id: 'cancel-panel', summary: 'Cancel the meeting' },
    sending(
      ctx,
      {
        id: 'cancel-form',
        method: 'POST',
        path: `${ctx.path}/cancel`,
        message: 'Cancelled: every invited seat is told.',
        body: () => ({ reason: reason.value }),
      },
      field('Reason for the cancellation', reason),
      h('button', { type: 'submit', class: 'danger' }, 'Cancel the meeting'),
    ),
  );
}

/**
 * Who is present: each current member and alternate on the roster (and the people of observer
 * seats invited), in person or online; the mode defaults to the seat's answer.
 * @param {Ctx} ctx
 * @param {any} roster
 */
export function attendancePanel(ctx, roster) {
  const { m, board } = ctx;
  const kindOf = new Map(board.seats.map((s) => [s.code, s.kind]));
  const people = roster.appointments
    .filter((a) => a.current && /^(member|alternate) for /.test(a.label))
    .map((a) => {
      const [capacity, , seat] = a.label.split(' ');
      return { ...a, seat, capacity: kindOf.get(seat) === 'observer' ? 'observer' : capacity };
    })
    .filter((p) => m.invitedSeats.includes(p.seat));
  const earlier = new Map(m.presence.map((p) => [p.personId, p]));
  const answer = new Map(m.answers.map((a) => [a.seat, a.answer]));
  const rows = people.map((p) => {
    const box = h('input', {
      type: 'checkbox',
      name: 'present',
      value: p.personId,
      checked: earlier.has(p.personId),
      'aria-label': `${p.name} (${p.label}) present`,
    });
    const mode = select(
      'mode',
      [
        ['in-person', 'in person'],
        ['online', 'online'],
      ],
      {
        value: earlier.get(p.personId)?.mode ?? (answer.get(p.seat) === 'online' ? 'online' : 'in-person'),
        'aria-label': `How ${p.name} attends`,
      },
    );
    return { p, box, mode };
  });
  return panel(
    ctx,
    { id: 'attendance-panel', summary: 'Record attendance', openFirst: ctx.m.presence.length === 0 },
    sending(
      ctx,
      {
        id: 'attendance-form',
        method: 'PUT',
        path: `${ctx.path}/attendance`,
        message: 'Attendance recorded.',
        body: () => ({
          present: rows
            .filter((r) => r.box.checked)
            .map((r) => ({
              seat: r.p.seat,
              personId: r.p.personId,
              capacity: r.p.capacity,
              mode: r.mode.value,
            })),
        }),
      },
      h(
        'fieldset',
        {},
        h('legend', {}, 'Present'),
        h(
          'div',
          { class: 'attendance' },
          rows.map((r) =>
            h(
              'div',
              { class: 'row' },
              h('label', { class: 'check' }, r.box, ` ${r.p.name} (${r.p.label})`),
              r.mode,
            ),
          ),
        ),
      ),
      h('button', { type: 'submit' }, 'Record attendance'),
    ),
  );
}

/**
 * The secretariat's roll call on an open vote: each seat's answer, given by the person present for it.
 * @param {Ctx} ctx
 * @param {any} item
 */
export function rollCallForm(ctx, item) {
  const present = new Set(ctx.m.presence.filter((p) => p.capacity !== 'observer').map((p) => p.seat));
  const seats = item.vote.electorate.filter((s) => present.has(s));
  const seat = select(
    'seat',
    seats.map((s) => [s, s]),
  );
  const choice = select('choice', [
    ['yes', 'yes'],
    ['no', 'no'],
    ['abstain', 'abstain'],
  ]);
  return sending(
    ctx,
    {
      id: `roll-call-${item.n}`,
      method: 'POST',
      path: `${ctx.path}/items/${item.n}/roll-call`,
      message: 'Roll-call answer recorded.',
      body: () => ({ seat: seat.value, choice: choice.value }),
    },
    h('div', { class: 'row' }, field('Roll call: seat', seat), field('Answer', choice)),
    h('button', { type: 'submit', class: 'secondary' }, 'Record the roll-call answer'),
  );
}

/**
 * An information or discussion item taken, with what the minutes say of it.
 * @param {Ctx} ctx
 * @param {any} item
 */
export function takeForm(ctx, item) {
  const note = h('textarea', { name: 'note', maxlength: 20000, rows: 2 });
  return sending(
    ctx,
    {
      id: `take-${item.n}`,
      method: 'POST',
      path: `${ctx.path}/items/${item.n}/take`,
      message: `Item ${item.n} taken.`,
      body: () => (note.value.trim() ? { note: note.value } : {}),
    },
    field('Note for the minutes', note, 'Optional: a summary of the discussion'),
    h('button', { type: 'submit' }, 'Mark taken'),
  );
}

/**
 * Defers a voted item to written procedure (a remote decision linked to the meeting).
 * @param {Ctx} ctx
 * @param {any} item
 */
export function deferPanel(ctx, item) {
  const closesAt = closesAtInput();
  const reason = reasonField({ required: true });
  return panel(
    ctx,
    { id: `defer-panel-${item.n}`, summary: 'Defer to written procedure' },
    sending(
      ctx,
      {
        id: `defer-${item.n}`,
        method: 'POST',
        path: `${ctx.path}/items/${item.n}/defer`,
        message: `Item ${item.n} deferred to written procedure.`,
        body: () => ({ closesAt: fromLocalInput(closesAt.value), reason: reason.value }),
      },
      field('The written procedure closes (your local time)', closesAt),
      field('Reason for deferring', reason),
      h('button', { type: 'submit' }, 'Defer to written procedure'),
    ),
  );
}

/**
 * An opinion in session from a seat without a vote (or the chair).
 * @param {Ctx} ctx
 * @param {any} item
 */
export function opinionForm(ctx, item) {
  const text = h('textarea', { name: 'text', required: true, maxlength: 20000, rows: 2 });
  return sending(
    ctx,
    {
      id: `opinion-${item.n}`,
      method: 'POST',
      path: `${ctx.path}/items/${item.n}/opinions`,
      message: 'Opinion recorded.',
      body: () => ({ text: text.value }),
    },
    field(`Your seat's opinion on item ${item.n}`, text),
    h('button', { type: 'submit', class: 'secondary' }, 'Give the opinion'),
  );
}

/** @param {Ctx} ctx */
export function actionPanel(ctx) {
  const { m, board } = ctx;
  const text = h('textarea', { name: 'text', required: true, maxlength: 20000, rows: 2 });
  const owner = select(
    'ownerSeat',
    board.seats.map((s) => [s.code, `${s.code} — ${s.name}`]),
  );
  const dueAt = h('input', { name: 'dueAt', type: 'datetime-local', required: true });
  const item = select('item', [['', 'None'], ...m.agenda.map((i) => [String(i.n), `${i.n}. ${i.title}`])]);
  const followUp = select('followUp', [
    ['pending-action', 'A pending action of the owner seat (the secretariat marks it done)'],
    ['reporting-obligation', 'A reporting obligation (the owner seat reports)'],
  ]);
  return panel(
    ctx,
    { id: 'action-panel', summary: 'Record an action agreed' },
    sending(
      ctx,
      {
        id: 'action-form',
        method: 'POST',
        path: `${ctx.path}/actions`,
        message: 'Action recorded.',
        body: () => ({
          text: text.value,
          ownerSeat: owner.value,
          dueAt: fromLocalInput(dueAt.value),
          followUp: followUp.value,
          ...(item.value ? { item: Number(item.value) } : {}),
        }),
      },
      field('Action', text),
      h('div', { class: 'row' }, field('Owner seat', owner), field('Due (your local time)', dueAt)),
      h('div', { class: 'row' }, field('Agreed under item', item), field('Followed as', followUp)),
      h('button', { type: 'submit' }, 'Record the action'),
    ),
  );
}

/** The secretariat edits the draft minutes and puts them to the Board by written procedure. @param {Ctx} ctx */
export function minutesForms(ctx) {
  const text = h('textarea', { name: 'text', required: true, maxlength: 200000, rows: 20, class: 'minutes' });
  text.value = ctx.m.minutes.text;
  const closesAt = closesAtInput();
  return [
    panel(
      ctx,
      { id: 'minutes-panel', summary: 'Edit the draft minutes' },
      sending(
        ctx,
        {
          id: 'minutes-form',
          method: 'PUT',
          path: `${ctx.path}/minutes`,
          message: 'Draft minutes saved.',
          body: () => ({ text: text.value }),
        },
        field('Minutes', text),
        h('button', { type: 'submit' }, 'Save the minutes'),
      ),
    ),
    panel(
      ctx,
      { id: 'approval-panel', summary: 'Approve by written procedure' },
      h(
        'p',
        { class: 'hint' },
        'Or put a "minutes-approval" item naming this meeting on the agenda of the next meeting.',
      ),
      sending(
        ctx,
        {
          id: 'approval-form',
          method: 'POST',
          path: `${ctx.path}/minutes/approve`,
          message: 'The minutes are before the Board by written procedure.',
          body: () => ({ closesAt: fromLocalInput(closesAt.value) }),
        },
        field('The written procedure closes (your local time)', closesAt),
        h('button', { type: 'submit' }, 'Put the minutes to written procedure'),
      ),
    ),
  ];
}
