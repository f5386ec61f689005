/** Secretariat: launch a priority-setting cycle (POST /priority-cycles): period, windows, how the Board adopts. */
import { api } from './api.js';
import { deadlineFields, field, fill, h, onSubmit, ruleSelect, startPage } from './ui.js';

const content = document.getElementById('content');
const caller = await startPage({ roles: ['secretariat'] });

if (caller) {
  const year = new Date().getUTCFullYear() + 1;
  const title = h('input', {
    name: 'title',
    required: true,
    maxlength: 300,
    value: `Work programme ${year}-${year + 1}`,
  });
  const start = h('input', { name: 'periodStart', type: 'date', required: true, value: `${year}-01-01` });
  const end = h('input', { name: 'periodEnd', type: 'date', required: true, value: `${year + 1}-12-31` });
  const proposals = deadlineFields('proposalsClose', 'Proposals close', { amount: 30, unit: 'D' });
  const ranking = deadlineFields('rankingClose', 'Ranking closes', { amount: 60, unit: 'D' });
  const rule = ruleSelect();
  const voting = h('input', {
    name: 'votingDays',
    type: 'number',
    min: 1,
    step: 1,
    value: 14,
    required: true,
  });
  const topN = h('input', {
    name: 'topN',
    type: 'number',
    min: 1,
    max: 100,
    step: 1,
    value: 10,
    required: true,
  });
  const form = onSubmit(
    h(
      'form',
      { class: 'panel', id: 'cycle-form' },
      field('Title', title),
      h('div', { class: 'row' }, field('Period starts', start), field('Period ends (inclusive)', end)),
      proposals.element,
      ranking.element,
      h(
        'fieldset',
        {},
        h('legend', {}, 'How the Board adopts the programme'),
        h(
          'div',
          { class: 'row' },
          field('Rule', rule),
          field('Voting lasts (days)', voting),
          field('Priorities in the draft', topN, 'The top N of the ranked result'),
        ),
      ),
      h('button', { type: 'submit' }, 'Launch the cycle'),
    ),
    async (key) => {
      /** @type {Record<string, unknown>} */
      const body = {
        title: title.value,
        periodStart: start.value,
        periodEnd: end.value,
        ...proposals.read(),
        ...ranking.read(),
        votingIn: `P${voting.value}D`,
        topN: Number(topN.value),
      };
      if (rule.value) body.rule = rule.value;
      const cycle = await api('POST', '/priority-cycles', body, { idempotencyKey: key });
      location.href = `cycle.html?id=${encodeURIComponent(cycle.id)}`;
    },
  );
  fill(content, form);
}
