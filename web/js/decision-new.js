/** Secretariat: open a board decision (POST /decisions) under one of the rules. */
import { api } from './api.js';
import { board, deadlineFields, field, fill, h, onSubmit, ruleSelect, startPage } from './ui.js';

const content = document.getElementById('content');
const caller = await startPage({ roles: ['secretariat'] });

if (caller) {
  const seats = (await board()).seats.filter((s) => s.voting);
  const title = h('input', { name: 'title', required: true, maxlength: 300 });
  const text = h('textarea', { name: 'text', maxlength: 20000 });
  const rule = ruleSelect();
  const quorum = h('input', {
    name: 'quorum',
    type: 'number',
    min: 0,
    max: 1,
    step: 0.01,
    inputmode: 'decimal',
  });
  const threshold = h('input', { name: 'objectionThreshold', type: 'number', min: 1, step: 1 });
  const closeEarly = h('input', { name: 'closeEarly', type: 'checkbox', checked: true, id: 'close-early' });
  const deadline = deadlineFields('closes', 'Voting closes', { amount: 14, unit: 'D' });
  const recused = seats.map((s) =>
    h('input', { type: 'checkbox', name: 'recused', value: s.code, id: `recuse-${s.code}` }),
  );
  const form = onSubmit(
    h(
      'form',
      { class: 'panel', id: 'decision-form' },
      field('Title', title),
      field('Text put to the Board', text),
      field('Rule', rule),
      field('Quorum (share of voting seats, 0 to 1)', quorum, "Empty: the board's default"),
      field('Objections that stop adoption (silence only)', threshold, 'Empty: 1'),
      deadline.element,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'close-early' }, closeEarly, ' Close as soon as the outcome cannot change'),
      ),
      h(
        'details',
        {},
        h('summary', {}, 'Recused seats'),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Seats that may not vote on this'),
          h(
            'div',
            { class: 'checks' },
            recused.map((box, i) => h('label', { for: box.id }, box, ` ${seats[i].code} — ${seats[i].name}`)),
          ),
        ),
      ),
      h('button', { type: 'submit' }, 'Open the decision'),
    ),
    async (key) => {
      /** @type {Record<string, unknown>} */
      const body = { title: title.value, ...deadline.read(), closeEarly: closeEarly.checked };
      if (text.value) body.text = text.value;
      if (rule.value) body.rule = rule.value;
      if (quorum.value !== '') body.quorum = Number(quorum.value);
      if (threshold.value !== '') body.objectionThreshold = Number(threshold.value);
      const picked = recused.filter((b) => b.checked).map((b) => b.value);
      if (picked.length) body.recused = picked;
      const d = await api('POST', '/decisions', body, { idempotencyKey: key });
      location.href = `decision.html?id=${encodeURIComponent(d.id)}`;
    },
  );
  fill(content, form);
}
