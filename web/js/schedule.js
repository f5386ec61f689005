/**
 * A recurring reporting obligation (GET /reporting-schedules/:id): its rule, the seats, when the
 * next periods open and the periods already opened; the secretariat pauses and unpauses it.
 */
import { api } from './api.js';
import {
  badge,
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
const page = startItemPage('/reporting-schedules');
const { caller, path } = page;

/** The rule as a sentence. */
function ruleText(s) {
  if (s.every) return `every ${s.every}`;
  if (s.cron) return `cron ${s.cron}`;
  const c = s.calendar ?? {};
  const at = `${String(c.hour ?? 0).padStart(2, '0')}:${String(c.minute ?? 0).padStart(2, '0')}`;
  const day = c.dayOfMonth ? `day ${c.dayOfMonth}` : 'every day';
  const month = c.month ? `of month ${c.month}` : 'of every month';
  return `${day} ${month} at ${at}`;
}

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

function render(s) {
  setTitle(s.title);
  fill(
    content,
    h('p', {}, s.paused ? badge('paused', 'warn') : badge('running', 'good')),
    facts([
      ['Seats', s.seats.join(', ')],
      ['A period opens', `${ruleText(s)} (${s.timezone})`],
      ['Each report is due', `${s.dueIn} after its period opens`],
      s.remindBefore.length ? ['Reminders', `${s.remindBefore.join(', ')} before`] : null,
      s.escalateAfter ? ['Escalation', `${s.escalateAfter} after`] : null,
      s.reportKind ? ['Kind', s.reportKind] : null,
      s.note ? ['Note', s.note] : null,
      ['Created', [`by ${s.createdBy}, `, timeEl(s.createdAt)]],
    ]),
    pauseForm(s),
    h('h2', {}, 'Next periods'),
    s.nextPeriods.length
      ? h(
          'ul',
          {},
          s.nextPeriods.map((at) => h('li', {}, timeEl(at))),
        )
      : h('p', {}, s.paused ? 'None while paused.' : 'None.'),
    h('h2', {}, 'Periods opened'),
    s.recentPeriods.length
      ? table(
          ['Scheduled', 'Opened', 'Run'],
          s.recentPeriods.map((r) => [timeEl(r.scheduledAt), timeEl(r.takenAt), r.workflowId]),
        )
      : h('p', {}, 'No period has opened yet.'),
  );
}

await showItem(page, 'schedule', 'schedule.html', () => loadAndRender(path, render));
