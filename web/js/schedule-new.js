/**
 * Secretariat: a recurring reporting obligation (POST /reporting-schedules): the seats that each
 * owe a report every period, when a period opens (a day of the month or year, a fixed span, or a
 * cron string), how long after it each report is due, reminders and escalation.
 */
import { api } from './api.js';
import { isDuration, MONTHS } from './field-rules.js';
import {
  addNoticeFields,
  board,
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

/** A number field; empty means "not given". */
const numberInput = (name, min, max, value) =>
  h('input', { name, type: 'number', min, max, step: 1, inputmode: 'numeric', value });

if (caller) {
  const seats = (await board()).seats;
  const title = h('input', { name: 'title', required: true, maxlength: 300 });
  const seatBoxes = seats.map((s) =>
    h('input', { type: 'checkbox', name: 'seats', value: s.code, id: `seat-${s.code}` }),
  );
  // When each period opens: one of three ways, chosen with radio buttons.
  const how = ['calendar', 'every', 'cron'].map((value) =>
    h('input', { type: 'radio', name: 'how', value, id: `how-${value}`, checked: value === 'calendar' }),
  );
  const month = select('month', [['', 'Every month'], ...MONTHS.map((m, i) => [String(i + 1), m])], {
    value: '3',
  });
  const day = numberInput('dayOfMonth', 1, 31, 31);
  const hour = numberInput('hour', 0, 23, 9);
  const minute = numberInput('minute', 0, 59, 0);
  const every = h('input', { name: 'every', autocomplete: 'off', placeholder: 'P7D' });
  const cron = h('input', { name: 'cron', autocomplete: 'off', placeholder: '0 9 31 3 *' });
  const timezone = h('input', { name: 'timezone', value: 'Europe/Brussels', autocomplete: 'off' });
  const dueIn = h('input', { name: 'dueIn', required: true, value: 'P30D', autocomplete: 'off' });
  const { remind, escalate, kind } = noticeInputs();
  const radio = (box, text) => h('label', { for: box.id }, box, ` ${text}`);
  // Only the chosen way's fields are shown.
  const groups = {
    calendar: h(
      'div',
      { class: 'row' },
      field('Month', month),
      field('Day of the month', day, 'Empty: every day'),
      field('Hour', hour),
      field('Minute', minute),
    ),
    every: field('Every', every, 'An ISO 8601 duration of weeks, days or hours, e.g. P7D'),
    cron: field('Cron string', cron, 'minute hour day-of-month month day-of-week'),
  };
  const showChosen = () => {
    for (const box of how) groups[box.value].hidden = !box.checked;
  };
  for (const box of how) box.addEventListener('change', showChosen);
  showChosen();

  const form = onSubmit(
    h(
      'form',
      { class: 'panel', id: 'schedule-form' },
      field('Title', title),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Seats that each owe a report every period'),
        h(
          'div',
          { class: 'checks' },
          seatBoxes.map((box, i) => h('label', { for: box.id }, box, ` ${seats[i].code} — ${seats[i].name}`)),
        ),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'When each period opens'),
        h(
          'div',
          { class: 'checks' },
          radio(how[0], 'On a day of the month or year'),
          radio(how[1], 'Every fixed span'),
          radio(how[2], 'A cron string'),
        ),
        groups.calendar,
        groups.every,
        groups.cron,
        field('Time zone', timezone, 'IANA name, e.g. Europe/Brussels (empty: UTC)'),
      ),
      field('Each report is due', dueIn, 'This long after its period opens: an ISO 8601 duration, e.g. P30D'),
      noticeFields({ remind, escalate, kind }),
      h('button', { type: 'submit' }, 'Create the schedule'),
    ),
    async (key) => {
      /** @type {Record<string, unknown>} */
      const body = { title: title.value, dueIn: dueIn.value.trim() };
      body.seats = seatBoxes.filter((b) => b.checked).map((b) => b.value);
      if (/** @type {string[]} */ (body.seats).length === 0) throw new Error('Pick at least one seat');
      const chosen = how.find((r) => r.checked)?.value;
      if (chosen === 'calendar') {
        /** @type {Record<string, number>} */
        const calendar = {};
        if (month.value) calendar.month = Number(month.value);
        if (day.value) calendar.dayOfMonth = Number(day.value);
        if (hour.value) calendar.hour = Number(hour.value);
        if (minute.value) calendar.minute = Number(minute.value);
        body.calendar = calendar;
      } else if (chosen === 'every') {
        if (!isDuration(every.value.trim())) throw new Error('Every must be a duration such as P7D');
        body.every = every.value.trim();
      } else {
        if (!cron.value.trim()) throw new Error('Give the cron string');
        body.cron = cron.value.trim();
      }
      if (timezone.value.trim()) body.timezone = timezone.value.trim();
      if (!isDuration(/** @type {string} */ (body.dueIn)))
        throw new Error('The due date must be a duration such as P30D');
      addNoticeFields(body, { remind, escalate, kind });
      const schedule = await api('POST', '/reporting-schedules', body, { idempotencyKey: key });
      location.href = `schedule.html?id=${encodeURIComponent(schedule.id)}`;
    },
  );
  fill(content, form);
}
