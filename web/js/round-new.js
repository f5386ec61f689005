/** Secretariat: launch a funding round (POST /funding-rounds): envelope, window, priorities, the Board's vote. */
import { api } from './api.js';
import {
  board,
  deadlineFields,
  eurosInput,
  field,
  fill,
  h,
  onSubmit,
  parseEuros,
  ruleSelect,
  select,
  startPage,
} from './ui.js';

const content = document.getElementById('content');
const caller = await startPage({ roles: ['secretariat'] });

const euros = (name, required) => eurosInput(name, { required });

if (caller) {
  const themes = (await board()).themes;
  const title = h('input', { name: 'title', required: true, maxlength: 300 });
  const envelope = euros('envelope', true);
  const cap = euros('maxRequest', false);
  const closes = deadlineFields('closes', 'Submissions close', { amount: 6, unit: 'W' });
  const priorityBoxes = themes.map((t) =>
    h('input', { type: 'checkbox', name: 'priorities', value: t, id: `p-${t}` }),
  );
  const rule = ruleSelect();
  const votingAmount = h('input', {
    name: 'voting-amount',
    type: 'number',
    min: 1,
    step: 1,
    value: 14,
    required: true,
  });
  const votingUnit = select(
    'voting-unit',
    [
      ['D', 'days'],
      ['H', 'hours'],
      ['M', 'minutes'],
      ['S', 'seconds'],
    ],
    { value: 'D' },
  );
  const mode = select(
    'mode',
    [
      ['package', 'One vote on the whole allocation'],
      ['per-request', 'One vote per award'],
    ],
    { value: 'package' },
  );
  const tranche = h('input', {
    name: 'firstTranchePercent',
    type: 'number',
    min: 1,
    max: 100,
    step: 1,
    value: 60,
  });
  const form = onSubmit(
    h(
      'form',
      { class: 'panel', id: 'round-form' },
      field('Title', title),
      h(
        'div',
        { class: 'row' },
        field('Envelope (€)', envelope, 'e.g. 1500000 or 1500000.00'),
        field('Cap per request (€)', cap, 'Optional'),
      ),
      closes.element,
      h(
        'fieldset',
        {},
        h('legend', {}, 'Priorities a request must name (at least one)'),
        h(
          'div',
          { class: 'checks' },
          priorityBoxes.map((box) => h('label', { for: box.id }, box, ` ${box.value}`)),
        ),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'How the Board decides on the allocation'),
        h(
          'div',
          { class: 'row' },
          field('Rule', rule),
          field('Voting lasts', votingAmount),
          field('Unit', votingUnit),
          field('Votes', mode),
        ),
      ),
      field('First tranche (% of an award, paid on award)', tranche),
      h('button', { type: 'submit' }, 'Launch the round'),
    ),
    async (key) => {
      const envelopeCents = parseEuros(envelope.value);
      if (envelopeCents === null || envelopeCents < 1)
        throw new Error('The envelope must be an amount in euros, such as 1500000.00');
      /** @type {Record<string, any>} */
      const body = {
        title: title.value,
        envelopeCents,
        ...closes.read(),
        firstTranchePercent: Number(tranche.value),
      };
      if (cap.value.trim()) {
        const maxRequestCents = parseEuros(cap.value);
        if (maxRequestCents === null || maxRequestCents < 1)
          throw new Error('The cap per request must be an amount in euros');
        body.maxRequestCents = maxRequestCents;
      }
      body.priorities = priorityBoxes.filter((b) => b.checked).map((b) => b.value);
      if (body.priorities.length === 0) throw new Error('Pick at least one priority');
      const time = ['H', 'M', 'S'].includes(votingUnit.value) ? 'T' : '';
      body.decision = { votingIn: `P${time}${votingAmount.value}${votingUnit.value}`, mode: mode.value };
      if (rule.value) body.decision.rule = rule.value;
      const round = await api('POST', '/funding-rounds', body, { idempotencyKey: key });
      location.href = `round.html?id=${encodeURIComponent(round.id)}`;
    },
  );
  fill(content, form);
}
