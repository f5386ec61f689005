/**
 * A reporting obligation: due date, reminders, escalations, reports and reviews. The owing seat
 * submits its report; the secretariat reviews it (accept, or reject with a new due date),
 * extends the due date or waives the obligation.
 */
import { api } from './api.js';
import {
  badge,
  deadlineFields,
  facts,
  field,
  fill,
  h,
  loadAndRender,
  onSubmit,
  reasonForm,
  say,
  setTitle,
  showItem,
  startItemPage,
  actedBy,
  table,
  timeEl,
} from './ui.js';

const content = document.getElementById('content');
const page = await startItemPage('/reporting-obligations');
const { caller, path } = page;
const tone = { pending: '', submitted: 'warn', accepted: 'good', overdue: 'bad', waived: '' };
const open = (o) => o.status === 'pending' || o.status === 'overdue';

function submitForm(o) {
  if (caller.role !== 'member' || caller.seat !== o.seat || !open(o)) return null;
  const summary = h('textarea', { name: 'summary', required: true, maxlength: 20000 });
  const url = h('input', { name: 'documentUrl', type: 'url', placeholder: 'https://…' });
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'report-form' },
      h('h2', {}, `Submit the report of ${o.seat}`),
      field('Summary', summary),
      field('Link to the document', url, 'Optional; an http(s) address'),
      h('button', { type: 'submit' }, 'Submit the report'),
    ),
    async (key) => {
      const body = { summary: summary.value };
      if (url.value) body.documentUrl = url.value;
      render(await api('POST', `${path}/submissions`, body, { idempotencyKey: key }));
      say('Report submitted.', 'good');
    },
  );
}

function reviewForm(o) {
  if (caller.role !== 'secretariat' || o.status !== 'submitted') return null;
  const accept = h('input', {
    type: 'radio',
    name: 'accepted',
    value: 'true',
    id: 'accept-yes',
    checked: true,
  });
  const reject = h('input', { type: 'radio', name: 'accepted', value: 'false', id: 'accept-no' });
  const comment = h('textarea', { name: 'comment', maxlength: 5000 });
  const due = deadlineFields('newDue', 'If rejected: resubmission due', { amount: 14, unit: 'D' });
  const sync = () => (due.element.hidden = !reject.checked);
  accept.addEventListener('change', sync);
  reject.addEventListener('change', sync);
  sync();
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'review-form' },
      h('h2', {}, 'Review the report'),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Decision'),
        h('label', { for: accept.id }, accept, ' Accept'),
        ' ',
        h('label', { for: reject.id }, reject, ' Reject and ask for a new report'),
      ),
      field('Comment', comment),
      due.element,
      h('button', { type: 'submit' }, 'Record the review'),
    ),
    async (key) => {
      const body = { accepted: accept.checked, comment: comment.value };
      if (!accept.checked) Object.assign(body, due.read());
      render(await api('POST', `${path}/review`, body, { idempotencyKey: key }));
      say('Review recorded.', 'good');
    },
  );
}

function secretariatForms(o) {
  if (caller.role !== 'secretariat' || !open(o)) return null;
  const due = deadlineFields('due', 'New due date', { amount: 14, unit: 'D' });
  return [
    reasonForm({
      id: 'extend-form',
      heading: 'Extend the due date',
      deadline: due,
      button: 'Extend',
      path,
      action: 'extend',
      render,
      done: 'Due date extended.',
    }),
    reasonForm({
      id: 'waive-form',
      heading: 'Waive the obligation',
      button: 'Waive',
      danger: true,
      path,
      action: 'waive',
      render,
      done: 'Obligation waived.',
    }),
  ];
}

function render(o) {
  setTitle(o.title);
  fill(
    content,
    h('p', {}, badge(o.status, tone[o.status]), ' ', `Owed by ${o.seat}`),
    facts([
      ['Due', timeEl(o.dueAt)],
      o.overdueSince ? ['Overdue since', timeEl(o.overdueSince)] : null,
      o.reportKind ? ['Kind', o.reportKind] : null,
      o.remindBefore.length ? ['Reminders', o.remindBefore.join(', ') + ' before'] : null,
      o.escalateAfter ? ['Escalation', `${o.escalateAfter} after`] : null,
      o.waiver ? ['Waived', `${o.waiver.reason} (by ${o.waiver.by})`] : null,
    ]),
    submitForm(o),
    reviewForm(o),
    secretariatForms(o),
    o.submissions.length
      ? [
          h('h2', {}, 'Reports'),
          o.submissions.map((s) =>
            h(
              'article',
              { class: 'panel' },
              h(
                'p',
                {},
                `${actedBy(s.by, s.actingAs, s.seat)}, `,
                timeEl(s.at),
                s.late ? [' ', badge('late', 'bad')] : null,
              ),
              h('p', { class: 'pre' }, s.summary),
              s.documentUrl
                ? h('p', {}, h('a', { href: s.documentUrl, rel: 'noopener noreferrer' }, 'Document'))
                : null,
            ),
          ),
        ]
      : null,
    o.reviews.length
      ? [
          h('h2', {}, 'Reviews'),
          table(
            ['When', 'Result', 'Comment', 'By'],
            o.reviews.map((r) => [timeEl(r.at), r.accepted ? 'accepted' : 'rejected', r.comment, r.by]),
          ),
        ]
      : null,
    o.reminders.length || o.escalations.length
      ? [
          h('h2', {}, 'Notices sent'),
          table(
            ['When', 'What', 'To'],
            [
              ...o.reminders.map((r) => [timeEl(r.at), `reminder (${r.offset} before)`, r.to.join(', ')]),
              ...o.escalations.map((e) => [timeEl(e.at), `escalation ${e.sequence}`, e.to.join(', ')]),
            ],
          ),
        ]
      : null,
    o.extensions.length
      ? [
          h('h2', {}, 'Extensions'),
          table(
            ['From', 'To', 'Reason', 'By'],
            o.extensions.map((e) => [timeEl(e.from), timeEl(e.to), e.reason, e.by]),
          ),
        ]
      : null,
  );
}

await showItem(page, 'obligation', 'obligation.html', () => loadAndRender(path, render));
