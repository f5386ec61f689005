/**
 * The managers' meetings section, from the meetings' records: the meetings ahead with the
 * invitations still unanswered, the minutes not yet approved (draft, or before the Board by written
 * procedure), and the actions agreed that are still open. Pure: `now` decides what is overdue.
 */
import type { MeetingState } from '../../workflows/meetings/meeting.types';

export interface UpcomingMeeting {
  id: string;
  title: string;
  startsAt: string;
  status: string;
  /** Invited seats that have not answered (while it is convened). */
  awaitingAnswers: string[];
  invited: number;
}

export interface MinutesAwaitingApproval {
  id: string;
  title: string;
  closedAt: string | null;
  /** `draft`, or `written-procedure` while a decision on them runs. */
  stage: 'draft' | 'written-procedure';
  approvalDecision: string | null;
}

export interface OpenMeetingAction {
  meetingId: string;
  meetingTitle: string;
  n: number;
  text: string;
  ownerSeat: string;
  dueAt: string;
  overdue: boolean;
  followUp: 'reporting-obligation' | 'pending-action';
  obligationId: string | null;
}

export interface MeetingsOverview {
  upcoming: UpcomingMeeting[];
  /** Unanswered invitations over every upcoming meeting. */
  unansweredInvitations: number;
  minutesAwaitingApproval: MinutesAwaitingApproval[];
  openActions: OpenMeetingAction[];
}

/**
 * The overview of `states`. An action followed as a reporting obligation counts as open here:
 * the meeting's record does not learn when its report is accepted (the obligation's page says).
 */
export function meetingsOverview(states: readonly MeetingState[], now: number): MeetingsOverview {
  const upcoming = states
    .filter((s) => s.status === 'convened' || s.status === 'in-session')
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((s) => ({
      id: s.id,
      title: s.title,
      startsAt: s.startsAt,
      status: s.status,
      awaitingAnswers: [...s.awaitingAnswers],
      invited: s.invitedSeats.length,
    }));
  const minutesAwaitingApproval = states
    .filter((s) => s.status === 'closed' && s.minutes?.status === 'draft')
    .sort((a, b) => (a.closedAt ?? '').localeCompare(b.closedAt ?? ''))
    .map((s) => ({
      id: s.id,
      title: s.title,
      closedAt: s.closedAt,
      stage: s.minutes?.approvalDecision ? ('written-procedure' as const) : ('draft' as const),
      approvalDecision: s.minutes?.approvalDecision ?? null,
    }));
  const openActions = states
    .filter((s) => s.status !== 'cancelled')
    .flatMap((s) =>
      s.actions
        .filter((a) => a.status === 'open')
        .map((a) => ({
          meetingId: s.id,
          meetingTitle: s.title,
          n: a.n,
          text: a.text,
          ownerSeat: a.ownerSeat,
          dueAt: a.dueAt,
          overdue: Date.parse(a.dueAt) < now,
          followUp: a.followUp,
          obligationId: a.obligationId,
        })),
    )
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return {
    upcoming,
    unansweredInvitations: upcoming.reduce((n, m) => n + m.awaitingAnswers.length, 0),
    minutesAwaitingApproval,
    openActions,
  };
}
