/**
 * What a meeting publishes for tracking (the pending lists and calendar feeds read it from
 * visibility): its status, the seats it awaits (invitations not yet answered while it is ahead;
 * owners of open actions once it has been held) and when the next thing is due (the start, then
 * the earliest open action). Pure.
 */
import type { MeetingState } from './meeting.types';

export function meetingTracked(s: Readonly<MeetingState>): {
  status: string;
  awaiting: string[];
  dueAt: string;
} {
  if (s.status === 'convened')
    return { status: s.status, awaiting: [...s.awaitingAnswers], dueAt: s.startsAt };
  if (s.status === 'cancelled' || s.status === 'in-session')
    return { status: s.status, awaiting: [], dueAt: s.status === 'cancelled' ? s.startsAt : s.endsAt };
  const open = s.actions.filter((a) => a.status === 'open' && a.followUp === 'pending-action');
  const awaiting = [...new Set(open.map((a) => a.ownerSeat))];
  const dueAt = open.map((a) => a.dueAt).sort()[0] ?? s.closedAt ?? s.endsAt;
  return { status: s.status, awaiting, dueAt };
}
