/** Secretariat: convene a meeting (POST /meetings): when, where, and its agenda. */
import { agendaEditor, draftMinutesMeetings } from './agenda-editor.js';
import { api } from './api.js';
import { board, field, fill, fromLocalInput, h, onSubmit, startPage } from './ui.js';

const content = document.getElementById('content');
const caller = await startPage({ roles: ['secretariat'] });

if (caller) {
  const title = h('input', { name: 'title', required: true, maxlength: 300 });
  const startsAt = h('input', { name: 'startsAt', type: 'datetime-local', required: true });
  const endsAt = h('input', { name: 'endsAt', type: 'datetime-local', required: true });
  const place = h('input', { name: 'place', maxlength: 300 });
  const onlineLink = h('input', { name: 'onlineLink', type: 'url', maxlength: 2000 });
  const agenda = agendaEditor(await board(), [], await draftMinutesMeetings());
  const form = onSubmit(
    h(
      'form',
      { class: 'panel', id: 'meeting-form' },
      field('Title', title),
      h(
        'div',
        { class: 'row' },
        field('Starts (your local time)', startsAt),
        field('Ends (your local time)', endsAt),
      ),
      h(
        'div',
        { class: 'row' },
        field('Place', place, 'A place, an online link, or both'),
        field('Online link', onlineLink, 'An http(s) address'),
      ),
      h('fieldset', {}, h('legend', {}, 'Agenda'), agenda.element),
      h('button', { type: 'submit' }, 'Convene the meeting'),
    ),
    async (key) => {
      /** @type {Record<string, unknown>} */
      const body = {
        title: title.value,
        startsAt: fromLocalInput(startsAt.value),
        endsAt: fromLocalInput(endsAt.value),
        agenda: agenda.read(),
      };
      if (place.value.trim()) body.place = place.value.trim();
      if (onlineLink.value.trim()) body.onlineLink = onlineLink.value.trim();
      const m = await api('POST', '/meetings', body, { idempotencyKey: key });
      location.href = `meetings.html?id=${encodeURIComponent(m.id)}`;
    },
  );
  fill(content, form);
}
