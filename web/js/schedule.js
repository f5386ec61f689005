/**
 * A recurring reporting obligation (GET /reporting-schedules/:id): its rule, the seats, when the
 * next periods open and the periods already opened; the secretariat pauses and unpauses it, and
 * deletes it after a confirm step (the obligations already opened stay).
 */
import { api } from './api.js';
import {
  badge,
  errorText,
  facts,
  field,
  fill,
  h,
  loadAndRender,
  onSubmit,
  say,
  setTitle,
  showItem,
  startItemPage,
  table,
  timeEl,
} from './ui.js';

const content = document.getElementById('content');
const page = await startItemPage('/reporting-schedules');
const { caller, path } = page;

function pauseForm(s) {
  if (caller?.role !== 'secretariat') return null;
  const reason = h('input', { name: 'reason', maxlength: 2000 });
  return onSubmit(
    h(
      'form',
      { class: 'panel', id: 'pause-form' },
      h('h2', {}, s.paused ? 'Unpause' : 'Pause'),
      s.paused ? null : field('Reason', reason, 'Optional; shown on the schedule'),
      h('button', { type: 'submit' }, s.paused ? 'Unpause the schedule' : 'Pause the schedule'),
    ),
    async () => {
      const body = s.paused ? {} : reason.value.trim() ? { reason: reason.value.trim() } : {};
      render(await api('POST', `${path}/${s.paused ? 'unpause' : 'pause'}`, body));
      say(s.paused ? 'Schedule running again.' : 'Schedule paused.', 'good');
    },
  );
}

/**
 * "Delete the schedule" for the secretariat: the first click opens a confirm panel (focus on
 * its first button, Escape or "Keep it" closes it); "Yes, delete it" sends DELETE and then
 * shows that it is gone. Two steps because a deleted schedule cannot be brought back.
 */
function deletePanel(s) {
  if (caller?.role !== 'secretariat') return null;
  const start = h(
    'button',
    { type: 'button', class: 'danger', 'aria-expanded': 'false' },
    'Delete the schedule',
  );
  const confirmButton = h('button', { type: 'button', class: 'danger' }, 'Yes, delete it');
  const keep = h('button', { type: 'button', class: 'secondary' }, 'Keep it');
  const errorBox = h('div', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
  const confirmBox = h(
    'div',
    { id: 'delete-confirm', role: 'group', 'aria-labelledby': 'delete-confirm-q', hidden: true },
    h('p', { id: 'delete-confirm-q' }, h('strong', {}, `Delete "${s.title}"?`)),
    h(
      'p',
      {},
      'No further period will open. The obligations already opened stay, each on its own page. ',
      'This cannot be undone.',
    ),
    errorBox,
    confirmButton,
    ' ',
    keep,
  );
  start.setAttribute('aria-controls', 'delete-confirm');
  const close = () => {
    confirmBox.hidden = true;
    errorBox.hidden = true;
    start.setAttribute('aria-expanded', 'false');
    start.focus();
  };
  start.addEventListener('click', () => {
    confirmBox.hidden = false;
    start.setAttribute('aria-expanded', 'true');
    confirmButton.focus();
  });
  keep.addEventListener('click', close);
  confirmBox.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  confirmButton.addEventListener('click', async () => {
    confirmButton.disabled = keep.disabled = true;
    errorBox.hidden = true;
    try {
      await api('DELETE', path);
      gone(s);
    } catch (err) {
      fill(errorBox, errorText(err));
      errorBox.hidden = false;
      errorBox.focus();
    } finally {
      confirmButton.disabled = keep.disabled = false;
    }
  });
  return h('section', { class: 'panel', id: 'delete-panel' }, h('h2', {}, 'Delete'), start, confirmBox);
}

/** After DELETE: the schedule is gone, the obligations of the periods it opened stay. */
function gone(s) {
  fill(
    content,
    h(
      'p',
      { id: 'deleted' },
      badge('deleted', 'bad'),
      ` No further period of "${s.title}" will open. `,
      s.periodsOpened
        ? [
            `The obligations of the ${s.periodsOpened} period${s.periodsOpened === 1 ? '' : 's'} it opened stay open, each on its own page and on the `,
            h('a', { href: 'pending.html?kind=reporting-obligation' }, 'pending board'),
            '.',
          ]
        : 'No period had opened, so it set no obligation.',
    ),
    h('p', {}, h('a', { href: 'schedules.html' }, 'All reporting schedules')),
  );
  say('Schedule deleted.', 'good');
  // The button that had the focus is gone: put it on the page's content.
  document.getElementById('main')?.focus();
}

function render(s) {
  setTitle(s.title);
  fill(
    content,
    h('p', {}, s.paused ? badge('paused', 'warn') : badge('running', 'good')),
    facts([
      ['Seats', s.seats.join(', ')],
      // The API's sentence, so this page and the list read alike.
      ['A period opens', s.rule],
      ['Each report is due', `${s.dueIn} after its period opens`],
      s.remindBefore.length ? ['Reminders', `${s.remindBefore.join(', ')} before`] : null,
      s.escalateAfter ? ['Escalation', `${s.escalateAfter} after`] : null,
      s.reportKind ? ['Kind', s.reportKind] : null,
      s.note ? ['Note', s.note] : null,
      ['Created', [`by ${s.createdBy}, `, timeEl(s.createdAt)]],
    ]),
    pauseForm(s),
    deletePanel(s),
    h('h2', {}, 'Next periods'),
    s.nextPeriods.length
      ? h(
          'ul',
          {},
          s.nextPeriods.map((at) => h('li', {}, timeEl(at))),
        )
      : h('p', {}, s.paused ? 'None while paused.' : 'None.'),
    h('h2', {}, `Periods opened (${s.periodsOpened})`),
    s.recentPeriods.length
      ? table(
          ['Scheduled', 'Opened', 'Run'],
          s.recentPeriods.map((r) => [timeEl(r.scheduledAt), timeEl(r.takenAt), r.workflowId]),
          // Temporal keeps only the latest periods.
          s.periodsOpened > s.recentPeriods.length ? `The latest ${s.recentPeriods.length}` : undefined,
        )
      : h('p', {}, 'No period has opened yet.'),
  );
}

await showItem(page, 'schedule', 'schedule.html', () => loadAndRender(path, render));
