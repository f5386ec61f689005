/**
 * What a meeting tells people: the invitation (and its update when the meeting moves), the
 * cancellation, and the draft minutes. Pure: each returns the request for the notification
 * activity, keyed so the activity never sends the same notice twice.
 */
import type { NotificationRequest } from '../shared/notification-request';
import type { MeetingState } from './meeting.types';

const when = (s: Readonly<MeetingState>) =>
  `${s.startsAt.slice(0, 16).replace('T', ' ')}-${s.endsAt.slice(11, 16)} UTC${s.place ? `, ${s.place}` : ''}${
    s.onlineLink ? ` (online: ${s.onlineLink})` : ''
  }`;

const ref = (s: Readonly<MeetingState>) => ({ kind: 'meeting', id: s.id });

/**
 * The invitation, sent at convening (sequence 0) and again at each move (a higher sequence), to
 * every invited seat; `added`: only to seats invited since (observers invited for an item when the
 * agenda changes), keyed by them.
 */
export function invitationNotice(s: Readonly<MeetingState>, added?: readonly string[]): NotificationRequest {
  const agenda = s.agenda.map((item, i) => `${i + 1}. ${item.title} (${item.kind})`).join('\n');
  return {
    key: `${s.id}/invitation/${s.sequence}${added ? `/${added.join('+')}` : ''}`,
    kind: s.sequence === 0 || added ? 'meeting-invitation' : 'meeting-moved',
    to: [...(added ?? s.invitedSeats)],
    subject: `${s.sequence === 0 ? 'Invitation' : 'Moved'}: ${s.title}, ${when(s)}`,
    text:
      `${s.title}\n${when(s)}\n\nAgenda:\n${agenda}\n\n` +
      `Please confirm attendance (in person, online, the alternate attends, or absent). ` +
      `The calendar invitation is at /meetings/${s.id}/invitation.ics.`,
    ref: ref(s),
  };
}

/** The cancellation. */
export function cancellationNotice(s: Readonly<MeetingState>): NotificationRequest {
  return {
    key: `${s.id}/cancelled`,
    kind: 'meeting-cancelled',
    to: [...s.invitedSeats],
    subject: `Cancelled: ${s.title}, ${when(s)}`,
    text: `${s.title} is cancelled: ${s.cancellation?.reason ?? ''}`,
    ref: ref(s),
  };
}

/** The draft minutes, to the secretariat, at the close. */
export function draftMinutesNotice(s: Readonly<MeetingState>): NotificationRequest {
  return {
    key: `${s.id}/minutes-draft`,
    kind: 'meeting-minutes-draft',
    to: ['secretariat'],
    subject: `Draft minutes: ${s.title}`,
    text: s.minutes?.text ?? '',
    ref: ref(s),
  };
}
