/**
 * The managers' meetings section of the pending board (GET /meetings/overview): meetings ahead
 * and who has not answered their invitation, minutes awaiting approval, actions agreed still open.
 */
import { badge, h, seatList, table, timeEl } from './ui.js';

const meetingLink = (id, title) => h('a', { href: `meetings.html?id=${encodeURIComponent(id)}` }, title);

/** @param {any} o the overview as the API gives it */
export function meetingsSection(o) {
  return h(
    'section',
    { id: 'meetings-overview', 'aria-labelledby': 'meetings-overview-heading' },
    h('h2', { id: 'meetings-overview-heading' }, 'Meetings'),
    h('h3', {}, `Ahead (${o.upcoming.length}; ${o.unansweredInvitations} invitations unanswered)`),
    o.upcoming.length
      ? table(
          ['Meeting', 'Starts', 'Status', 'Not answered'],
          o.upcoming.map((m) => [
            meetingLink(m.id, m.title),
            timeEl(m.startsAt),
            badge(m.status),
            `${m.awaitingAnswers.length} of ${m.invited}: ${seatList(m.awaitingAnswers)}`,
          ]),
        )
      : h('p', {}, 'No meeting convened.'),
    h('h3', {}, `Minutes awaiting approval (${o.minutesAwaitingApproval.length})`),
    o.minutesAwaitingApproval.length
      ? table(
          ['Meeting', 'Closed', 'Stage'],
          o.minutesAwaitingApproval.map((m) => [
            meetingLink(m.id, m.title),
            timeEl(m.closedAt),
            m.approvalDecision
              ? h(
                  'a',
                  { href: `decision.html?id=${encodeURIComponent(m.approvalDecision)}` },
                  'before the Board by written procedure',
                )
              : 'draft',
          ]),
        )
      : h('p', {}, 'None.'),
    h('h3', {}, `Actions agreed, open (${o.openActions.length})`),
    o.openActions.length
      ? table(
          ['Meeting', 'Action', 'Owner', 'Due', ''],
          o.openActions.map((a) => [
            meetingLink(a.meetingId, a.meetingTitle),
            a.text,
            a.ownerSeat,
            timeEl(a.dueAt),
            a.overdue ? badge('overdue', 'bad') : '',
          ]),
        )
      : h('p', {}, 'None.'),
  );
}
