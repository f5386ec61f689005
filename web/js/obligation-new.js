/** Secretariat: set a reporting obligation (POST /reporting-obligations) with reminders and escalation. */
import { api } from './api.js';
import {
  addNoticeFields,
  board,
  deadlineFields,
  field,
  fill,
  h,
  noticeFields,
  noticeInputs,
  onSubmit,
  select,
  startPage,
} from './ui.js';

const content = document.getElementById('content');
const caller = await startPage({ roles: ['secretariat'] });

if (caller) {
  const seats = (await board()).seats;
  const title = h('input', { name: 'title', required: true, maxlength: 300 });
  const seat = select(
    'seat',
    seats.map((s) => [s.code, `${s.code} — ${s.name}`]),
    { required: true },
  );
  const due = deadlineFields('due', 'Due', { amount: 30, unit: 'D' });
  const { remind, escalate, kind } = noticeInputs();
  const form = onSubmit(
    h(
      'form',
      { class: 'panel', id: 'obligation-form' },
      field('Title', title),
      field('Seat that owes the report', seat),
      due.element,
      noticeFields({ remind, escalate, kind }),
      h('button', { type: 'submit' }, 'Set the obligation'),
    ),
    async (key) => {
      /** @type {Record<string, unknown>} */
      const body = { title: title.value, seat: seat.value, ...due.read() };
      addNoticeFields(body, { remind, escalate, kind });
      const obligation = await api('POST', '/reporting-obligations', body, { idempotencyKey: key });
      location.href = `obligation.html?id=${encodeURIComponent(obligation.id)}`;
    },
  );
  fill(content, form);
}
