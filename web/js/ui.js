/**
 * Small DOM helpers shared by every page: an element builder that never parses HTML (so data
 * from the API is always text), the header with the role's links, formats for money and time,
 * the deadline fields, and form handling that shows the API's own message on refusal.
 */
import {
  ApiError,
  api,
  apiBlob,
  currentCaller,
  newIdempotencyKey,
  signOut,
  takeTokenFromUrl,
} from './api.js';
import { durationList } from './field-rules.js';

/**
 * Builds an element: `h('a', { href: '/x', class: 'btn' }, 'text', child)`. Attributes starting
 * with `on` become listeners; `false`, null and undefined attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** `?name=` of the current page, or null. */
export function param(name) {
  return new URL(location.href).searchParams.get(name);
}

// ---- formats ----------------------------------------------------------------------------------

const euro = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });

/** Cents as euros: `€1,234.50`. */
export function money(cents) {
  return cents === null || cents === undefined ? '—' : euro.format(cents / 100);
}

/**
 * Euros typed in a field as integer cents: `1234`, `1234.5`, `1234,50`. Null when it is not an
 * amount (no thousands separators, at most two decimals), so the form can say so before sending.
 */
export function parseEuros(text) {
  const match = /^\s*(\d{1,13})(?:[.,](\d{1,2}))?\s*$/.exec(text ?? '');
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A field for an amount in euros (read it with {@link parseEuros}); `attrs` add to or override its attributes. */
export function eurosInput(name, attrs = {}) {
  return h('input', {
    name,
    inputmode: 'decimal',
    pattern: '\\s*\\d{1,13}([.,]\\d{1,2})?\\s*',
    autocomplete: 'off',
    ...attrs,
  });
}

/** Cents as the text of an amount field (`1234.50`). */
export function centsToField(cents) {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** A timestamp as a date and time in the reader's zone. */
export function when(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** "in 3 days", "2 hours ago". */
export function fromNow(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = (Date.parse(iso) - now) / 1000;
  /** @type {[Intl.RelativeTimeFormatUnit, number][]} */
  const steps = [
    ['year', 365 * 86400],
    ['month', 30 * 86400],
    ['week', 7 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size || unit === 'second')
      return relative.format(Math.round(seconds / size), unit);
  }
  return '';
}

/** A `<time>` with the date, and how far away it is. */
export function timeEl(iso) {
  if (!iso) return h('span', {}, '—');
  return h('time', { datetime: iso, title: iso }, `${when(iso)} (${fromNow(iso)})`);
}

/**
 * Seat codes as one short line: "AT, BE and 12 more" past `most`, "—" for none.
 * @param {string[]} codes
 */
export function seatList(codes, most = 8) {
  if (codes.length > most) return `${codes.slice(0, most).join(', ')} and ${codes.length - most} more`;
  return codes.join(', ') || '—';
}

/** A short coloured label: `badge('overdue', 'bad')`. */
export function badge(text, tone = '') {
  return h('span', { class: `badge ${tone}`.trim() }, text);
}

/** Kind of pending item → its page and a readable name. */
export const kinds = {
  decision: { page: 'decision.html', label: 'Decision' },
  'funding-round': { page: 'round.html', label: 'Funding round' },
  'funding-request': { page: 'request.html', label: 'Funding request' },
  'priority-cycle': { page: 'cycle.html', label: 'Priority cycle' },
  'reporting-obligation': { page: 'obligation.html', label: 'Report' },
  meeting: { page: 'meetings.html', label: 'Meeting' },
};

/** The page of an item. */
export function itemHref(kind, id) {
  return `${kinds[kind]?.page ?? 'index.html'}?id=${encodeURIComponent(id)}`;
}

// ---- page frame -------------------------------------------------------------------------------

const links = {
  member: [
    ['me.html', 'Waiting for me'],
    ['meetings.html', 'Meetings'],
    ['calls.html', 'Open calls'],
    ['cycle.html', 'Priorities'],
    ['funding-report.html', 'Funding report'],
  ],
  secretariat: [
    ['pending.html', 'Pending'],
    ['meetings.html', 'Meetings'],
    ['meeting-new.html', 'New meeting'],
    ['decision-new.html', 'New decision'],
    ['round-new.html', 'New funding round'],
    ['cycle-new.html', 'New priority cycle'],
    ['obligation-new.html', 'New obligation'],
    ['schedules.html', 'Reporting schedules'],
    ['schedule-new.html', 'New reporting schedule'],
    ['roster.html', 'Roster'],
    ['funding-report.html', 'Funding report'],
  ],
  manager: [
    ['pending.html', 'Pending board'],
    ['meetings.html', 'Meetings'],
    ['schedules.html', 'Reporting schedules'],
    ['roster.html', 'Roster'],
    ['funding-report.html', 'Funding report'],
  ],
};

/**
 * Starts a page: takes a token from the address, asks the API who is signed in, draws the header,
 * and returns the caller, or null after showing a sign-in prompt when nobody is signed in (or the
 * API refused, with its reason) or the role may not use the page.
 */
export async function startPage(/** @type {{ roles?: string[] }} */ { roles } = {}) {
  takeTokenFromUrl();
  const { caller, refusal } = await currentCaller();
  const header = document.getElementById('site-header');
  const here = location.pathname.split('/').pop() || 'index.html';
  const nav = h(
    'nav',
    { 'aria-label': 'Main' },
    h(
      'ul',
      {},
      h('li', {}, h('a', { href: 'index.html', class: 'brand' }, 'Board')),
      (caller ? (links[caller.role] ?? []) : []).map(([href, text]) =>
        h('li', {}, h('a', { href, 'aria-current': href === here ? 'page' : false }, text)),
      ),
    ),
  );
  const who = caller
    ? h(
        'p',
        { class: 'who' },
        `${caller.name} · ${caller.role === 'member' ? `${caller.capacity} for ${caller.seat}` : caller.role} `,
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: async () => {
              // The provider's end-session page, which comes back to the sign-in page.
              location.href = (await signOut()) ?? 'sign-in.html';
            },
          },
          'Sign out',
        ),
      )
    : h('p', { class: 'who' }, h('a', { href: signInHref() }, 'Sign in'));
  fill(header, nav, who);
  if (!caller) {
    if (here !== 'sign-in.html')
      say(
        h(
          'span',
          {},
          refusal ? `${refusal.message}. ` : '',
          'Please ',
          h('a', { href: signInHref() }, 'sign in'),
          ' to use this page.',
        ),
        'bad',
      );
    return null;
  }
  if (roles && !roles.includes(caller.role)) {
    say(`This page is for ${roles.join(' or ')}; you are signed in as ${caller.role}.`, 'bad');
    return null;
  }
  return caller;
}

/** The sign-in page, coming back here afterwards. */
export function signInHref() {
  const here = location.pathname.split('/').pop() + location.search;
  return `sign-in.html?next=${encodeURIComponent(here)}`;
}

/** Shows a page-level message in the live status region. */
export function say(message, tone = '') {
  const box = document.getElementById('status');
  if (!box) return;
  box.className = `status ${tone}`.trim();
  fill(box, message);
}

/** Loads something for the page; shows the API's message (and a sign-in link on 401) on failure. */
export async function load(path) {
  try {
    return await api('GET', path);
  } catch (err) {
    showLoadError(err);
    return null;
  }
}

function showLoadError(err) {
  const message = err instanceof ApiError ? err.message : String(err);
  if (err instanceof ApiError && err.status === 401)
    say(h('span', {}, `${message}. `, h('a', { href: signInHref() }, 'Sign in again')), 'bad');
  else say(err instanceof ApiError ? `${err.status}: ${message}` : message, 'bad');
}

/** The notice fields of a reporting form (reminders, first escalation, kind of report), with their defaults. */
export function noticeInputs() {
  return {
    remind: h('input', { name: 'remindBefore', value: 'P7D, P1D', autocomplete: 'off' }),
    escalate: h('input', { name: 'escalateAfter', value: 'P1D', autocomplete: 'off' }),
    kind: h('input', { name: 'reportKind', maxlength: 100, placeholder: 'annual, interim, final…' }),
  };
}

/**
 * The labelled notice fields of {@link noticeInputs}, in the order the forms show them.
 * @param {{ remind: HTMLElement, escalate: HTMLElement, kind: HTMLElement }} inputs
 */
export function noticeFields({ remind, escalate, kind }) {
  return [
    field(
      'Reminders before the due date',
      remind,
      'ISO 8601 durations separated by commas, e.g. P7D, P1D (empty: none)',
    ),
    field('First escalation after the due date', escalate, 'An ISO 8601 duration, e.g. P1D (empty: none)'),
    field('Kind of report', kind, 'Optional'),
  ];
}

/**
 * Adds a reporting form's optional notice fields to its body: reminders (durations separated by
 * commas), the first escalation and the kind of report. Throws the form's message when the
 * reminders are not durations, so nothing is sent.
 * @param {Record<string, unknown>} body
 * @param {{ remind: HTMLInputElement, escalate: HTMLInputElement, kind: HTMLInputElement }} fields
 */
export function addNoticeFields(body, { remind, escalate, kind }) {
  if (remind.value.trim()) {
    const spans = durationList(remind.value);
    if (!spans) throw new Error('Reminders must be durations such as P7D, separated by commas');
    body.remindBefore = spans;
  }
  if (escalate.value.trim()) body.escalateAfter = escalate.value.trim();
  if (kind.value.trim()) body.reportKind = kind.value.trim();
}

/**
 * Start-up of a page that shows one item named by `?id=`: the header and the caller (null when
 * not signed in), the id (empty when the URL names none) and the item's API path below `base`.
 * @param {string} base e.g. `/decisions`
 */
export async function startItemPage(base) {
  const caller = await startPage();
  const id = param('id') ?? '';
  return { caller, id, path: `${base}/${encodeURIComponent(id)}` };
}

/**
 * The last step of an item page: nothing without a caller; without an id, says which URL the
 * page wants (`No decision given (decision.html?id=…).`); else runs `show`.
 * @param {{ caller: unknown, id: string }} page
 * @param {string} what e.g. `decision`
 * @param {string} file e.g. `decision.html`
 * @param {() => Promise<unknown>} show
 */
export async function showItem({ caller, id }, what, file, show) {
  if (!caller) return;
  if (!id) say(`No ${what} given (${file}?id=…).`, 'bad');
  else await show();
}

/**
 * Loads `path` and, when that worked, draws it; the API's message is shown otherwise.
 * @template T
 * @param {string} path
 * @param {(item: T) => void} render
 * @returns {Promise<T | null>}
 */
export async function loadAndRender(path, render) {
  const item = await load(path);
  if (item) render(item);
  return item;
}

/**
 * Sets the page's heading and the tab's title (the pages' HTML always has an `<h1>`).
 * @param {string} title
 */
export function setTitle(title) {
  const heading = document.querySelector('h1');
  if (heading) heading.textContent = title;
  document.title = `${title} · Board governance`;
}

/**
 * What to tell the reader about a failure: the API's status and message when it refused, the
 * error's own message otherwise.
 * @param {unknown} err
 */
export function errorText(err) {
  if (err instanceof ApiError) return `${err.status ? `Refused (${err.status}): ` : ''}${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

// ---- forms ------------------------------------------------------------------------------------

let fieldSeq = 0;

/** A labelled field: `field('Title', h('input', { name: 'title', required: true }), 'hint')`. */
export function field(label, control, hint) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  const hintEl = hint ? h('small', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

/** A `<select>` with `[value, text]` options. */
export function select(name, options, attrs = {}) {
  return h(
    'select',
    { name, ...attrs },
    options.map(([value, text]) =>
      h('option', { value, selected: value === attrs.value ? true : false }, text),
    ),
  );
}

/** The decision rule: the board's default (empty value) or one of the five rules. */
export function ruleSelect() {
  return select(
    'rule',
    [
      ['', "The board's default"],
      ['simple', 'Simple majority'],
      ['absolute', 'Absolute majority'],
      ['two-thirds', 'Two-thirds majority'],
      ['unanimity', 'Unanimity'],
      ['silence', 'Written procedure (silence)'],
    ],
    { value: '' },
  );
}

const units = [
  ['M', 'minutes', true],
  ['H', 'hours', true],
  ['D', 'days', false],
  ['W', 'weeks', false],
  ['S', 'seconds', true],
];

/**
 * Deadline fields for a `<prefix>At` / `<prefix>In` pair: "in N units" or "on a date". Returns
 * the fieldset and `read()`, which gives `{ <prefix>In: 'P14D' }` or `{ <prefix>At: ISO }`.
 */
export function deadlineFields(prefix, legend, { amount = 14, unit = 'D' } = {}) {
  const amountInput = h('input', {
    name: `${prefix}-amount`,
    type: 'number',
    min: 1,
    step: 1,
    value: amount,
    inputmode: 'numeric',
  });
  const unitSelect = select(
    `${prefix}-unit`,
    units.map(([code, text]) => [code, text]),
    { value: unit },
  );
  const at = h('input', { name: `${prefix}-at`, type: 'datetime-local' });
  const set = h(
    'fieldset',
    { class: 'deadline' },
    h('legend', {}, legend),
    h(
      'div',
      { class: 'row' },
      field('In', amountInput),
      field('Unit', unitSelect),
      field('Or on (your local time)', at, 'Leave empty to use the span on the left'),
    ),
  );
  const read = () => {
    if (at.value) return { [`${prefix}At`]: new Date(at.value).toISOString() };
    const [, , time] = units.find(([code]) => code === unitSelect.value) ?? units[2];
    return { [`${prefix}In`]: `P${time ? 'T' : ''}${amountInput.value}${unitSelect.value}` };
  };
  return { element: set, read };
}

/**
 * Wires a form: on submit, the browser's checks (the same limits as the API's), then `send()`
 * with a fresh Idempotency-Key per attempt; the button is disabled meanwhile, and a refusal
 * shows the API's message in the form's alert box, with the focus on it.
 */
export function onSubmit(form, send) {
  const errorBox = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  form.prepend(errorBox);
  let key = newIdempotencyKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    if (!form.reportValidity()) return;
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((b) => (b.disabled = true));
    try {
      await send(key, event.submitter);
      key = newIdempotencyKey();
    } catch (err) {
      key = newIdempotencyKey();
      fill(errorBox, errorText(err));
      errorBox.hidden = false;
      errorBox.focus();
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
  return form;
}

/**
 * A form that posts a reason (and, with `deadline`, the new date) to `${path}/${action}` under an
 * Idempotency-Key, draws the API's answer with `render` and says `done`: the pages' extend,
 * withdraw and waive forms.
 * @param {{
 *   id: string, heading: string, path: string, action: string, button: string, done: string,
 *   render: (answer: any) => void, hint?: string, danger?: boolean,
 *   deadline?: { element: HTMLElement, read: () => Record<string, string> },
 * }} form
 */
export function reasonForm({ id, heading, path, action, button, done, render, hint, danger, deadline }) {
  const reason = h('textarea', { name: 'reason', required: true, maxlength: 2000 });
  return onSubmit(
    h(
      'form',
      { class: 'panel', id },
      h('h2', {}, heading),
      deadline?.element,
      field('Reason', reason, hint),
      h('button', { type: 'submit', class: danger ? 'danger' : undefined }, button),
    ),
    async (key) => {
      const body = { ...deadline?.read(), reason: reason.value };
      render(await api('POST', `${path}/${action}`, body, { idempotencyKey: key }));
      say(done, 'good');
    },
  );
}

/** A definition list from `[term, value]` pairs (values may be elements). */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

/** A table: `table(['Seat', 'Amount'], rows)`, each row an array of cells. */
export function table(headings, rows, caption) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      caption ? h('caption', {}, caption) : null,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headings.map((x) => h('th', { scope: 'col' }, x)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((c) => h('td', {}, c)),
          ),
        ),
      ),
    ),
  );
}

/** The board's seats by code, loaded once per page. */
let boardPromise;
export function board() {
  boardPromise ??= api('GET', '/board').catch(() => ({ seats: [], themes: [], name: '' }));
  return boardPromise;
}

/** "DE — Germany". */
export function seatName(boardData, code) {
  const seat = boardData.seats.find((s) => s.code === code);
  return seat ? `${code} — ${seat.name}` : code;
}

/**
 * Who acted, as the record keeps it: "Anna Schmidt, alternate for DE" when the record names the
 * capacity, else the person's id (records made before the roster).
 * @param {string} by
 * @param {{ name: string, capacity: string } | undefined} actingAs
 * @param {string} seat
 */
export function actedBy(by, actingAs, seat) {
  return actingAs ? `${actingAs.name}, ${actingAs.capacity} for ${seat}` : by;
}

/**
 * A `datetime-local` field's value (the reader's local time) as an ISO instant; '' stays ''.
 * @param {string} value
 */
export function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : '';
}

/**
 * An ISO instant as a `datetime-local` field's value, in the reader's local time.
 * @param {string} iso
 */
export function toLocalInput(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A link to a file the API serves only with the bearer token (CSV, PDF, .ics), which a plain link
 * cannot send: a click fetches it and hands it to the browser as a download.
 * @param {string} href
 * @param {string} filename
 * @param {string} text
 * @param {Record<string, string>} [attrs]
 */
export function downloadLink(href, filename, text, attrs = {}) {
  const link = h('a', { href, ...attrs }, text);
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    try {
      const blob = await apiBlob(href);
      const a = h('a', { href: URL.createObjectURL(blob), download: filename });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) {
      say(`${filename} could not be downloaded: ${errorText(err)}`, 'bad');
    }
  });
  return link;
}
