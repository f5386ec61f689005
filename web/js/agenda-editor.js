/**
 * The agenda of a meeting as a form: ordered items, each with its kind, presenter, documents,
 * invited observers and, for a voted item, the text put to the Board, its rule and the seats
 * recused from it. Used to convene
 * a meeting and to change its agenda; items kept from the current agenda keep their number.
 */
import { api } from './api.js';
import { field, h, ruleSelect, select } from './ui.js';

const kindOptions = [
  ['information', 'Information'],
  ['discussion', 'Discussion'],
  ['decision', 'Decision'],
  ['funding-allocation', 'Funding allocation'],
  ['work-programme', 'Work programme'],
  ['minutes-approval', 'Approval of earlier minutes'],
];
const votedKinds = ['decision', 'funding-allocation', 'work-programme', 'minutes-approval'];

/**
 * Documents typed one per line as "Title https://…" (the last word is the link). Throws the
 * form's message naming the line that is not one.
 * @param {string} text
 * @param {number} position
 */
function parseDocuments(text, position) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^(.*\S)\s+(https?:\/\/\S+)$/.exec(line);
      if (!match)
        throw new Error(`Item ${position}: each document is a title then an http(s) link ("${line}" is not)`);
      return { title: match[1], url: match[2] };
    });
}

/**
 * One item's fields; `item` is an item of the current agenda (kept by its number) or undefined.
 * @param {{ seats: { code: string, name: string, kind: string, voting: boolean }[] }} board
 * @param {any} [item]
 */
function itemFields(board, item) {
  const title = h('input', { name: 'item-title', required: true, maxlength: 300, value: item?.title ?? '' });
  const kind = select('item-kind', kindOptions, { value: item?.kind ?? 'decision' });
  const presenter = h('input', { name: 'item-presenter', maxlength: 300, value: item?.presenter ?? '' });
  const documents = h('textarea', { name: 'item-documents', rows: 2 });
  documents.value = (item?.documents ?? []).map((d) => `${d.title} ${d.url}`).join('\n');
  const text = h('textarea', { name: 'item-text', maxlength: 20000, rows: 2 });
  text.value = item?.text ?? '';
  const rule = ruleSelect();
  rule.value = item?.rule ?? '';
  const minutesOf = h('input', {
    name: 'item-minutes-of',
    maxlength: 100,
    value: item?.minutesOf ?? '',
    list: 'draft-minutes',
    autocomplete: 'off',
  });
  const observerSeats = board.seats.filter((s) => s.kind === 'observer');
  const observers = observerSeats.map((s) =>
    h('input', {
      type: 'checkbox',
      name: 'item-observer',
      value: s.code,
      checked: (item?.observers ?? []).includes(s.code),
    }),
  );
  const votingSeats = board.seats.filter((s) => s.voting);
  const recused = votingSeats.map((s) =>
    h('input', {
      type: 'checkbox',
      name: 'item-recused',
      value: s.code,
      checked: (item?.recused ?? []).includes(s.code),
    }),
  );
  const voted = h(
    'div',
    { class: 'voted' },
    field('Text put to the Board', text),
    field('Rule', rule),
    h(
      'details',
      {},
      h('summary', {}, 'Recused seats'),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Seats that may not vote on this item'),
        h(
          'div',
          { class: 'checks' },
          recused.map((box, i) => h('label', {}, box, ` ${votingSeats[i].code} — ${votingSeats[i].name}`)),
        ),
      ),
    ),
    field(
      'Earlier meeting whose minutes it approves',
      minutesOf,
      'Only for an approval of minutes: its id (the meetings whose minutes are drafts are offered)',
    ),
  );
  const showVoted = () => (voted.hidden = !votedKinds.includes(kind.value));
  kind.addEventListener('change', showVoted);
  showVoted();
  const element = h(
    'fieldset',
    { class: 'agenda-item', 'data-n': item?.n ?? '' },
    h('legend', {}, item ? `Item ${item.n}` : 'New item'),
    h('div', { class: 'row' }, field('Title', title), field('Kind', kind)),
    field('Presenter', presenter, 'A seat code, secretariat, or a name'),
    field('Documents', documents, 'One per line: a title, then its http(s) link'),
    observers.length
      ? h(
          'fieldset',
          {},
          h('legend', {}, 'Observers invited for this item'),
          h(
            'div',
            { class: 'checks' },
            observers.map((box, i) =>
              h('label', {}, box, ` ${observerSeats[i].code} — ${observerSeats[i].name}`),
            ),
          ),
        )
      : null,
    voted,
  );
  /** @param {number} position */
  const read = (position) => {
    /** @type {Record<string, unknown>} */
    const out = { title: title.value, kind: kind.value };
    if (item) out.n = item.n;
    if (presenter.value.trim()) out.presenter = presenter.value.trim();
    const docs = parseDocuments(documents.value, position);
    if (docs.length) out.documents = docs;
    const invited = observers.filter((b) => b.checked).map((b) => b.value);
    if (invited.length) out.observers = invited;
    if (votedKinds.includes(kind.value)) {
      if (text.value.trim()) out.text = text.value;
      if (rule.value) out.rule = rule.value;
      const conflicted = recused.filter((b) => b.checked).map((b) => b.value);
      if (conflicted.length) out.recused = conflicted;
      if (kind.value === 'minutes-approval' && minutesOf.value.trim()) out.minutesOf = minutesOf.value.trim();
    }
    return out;
  };
  return { element, read };
}

/**
 * The agenda editor: `items` are the current agenda's (empty to convene); `drafts` the meetings
 * whose minutes await approval, offered for a minutes-approval item; `read()` gives the items as
 * the API takes them, in the order shown, and throws a message for a malformed one.
 * @param {any} board
 * @param {any[]} [items]
 * @param {{ id: string, title: string }[]} [drafts]
 */
export function agendaEditor(board, items = [], drafts = []) {
  const list = h('ol', { class: 'agenda-editor' });
  /** @type {{ li: HTMLElement, read: (position: number) => Record<string, unknown> }[]} */
  const rows = [];
  const add = (item) => {
    const { element, read } = itemFields(board, item);
    const li = h('li', {}, element);
    const row = { li, read };
    const move = (step) => {
      const i = rows.indexOf(row);
      const j = i + step;
      if (j < 0 || j >= rows.length) return;
      [rows[i], rows[j]] = [rows[j], rows[i]];
      list.replaceChildren(...rows.map((r) => r.li));
    };
    element.append(
      h(
        'p',
        { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => move(-1) }, 'Move up'),
        ' ',
        h('button', { type: 'button', class: 'secondary', onclick: () => move(1) }, 'Move down'),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              rows.splice(rows.indexOf(row), 1);
              li.remove();
            },
          },
          'Remove item',
        ),
      ),
    );
    rows.push(row);
    list.append(li);
  };
  for (const item of items) add(item);
  if (!items.length) add(undefined);
  const element = h(
    'div',
    { class: 'agenda-fields' },
    h(
      'datalist',
      { id: 'draft-minutes' },
      drafts.map((m) => h('option', { value: m.id }, m.title)),
    ),
    list,
    h('button', { type: 'button', class: 'secondary', onclick: () => add(undefined) }, 'Add an item'),
  );
  const read = () => {
    if (!rows.length) throw new Error('The agenda needs at least one item');
    return rows.map((r, i) => r.read(i + 1));
  };
  return { element, read };
}

/** The meetings whose minutes are drafts (from `GET /meetings`), read once per page. */
let draftsPromise;
export function draftMinutesMeetings() {
  draftsPromise ??= api('GET', '/meetings')
    .then((list) =>
      list.past.filter((m) => m.minutesStatus === 'draft').map((m) => ({ id: m.id, title: m.title })),
    )
    .catch(() => []);
  return draftsPromise;
}
