/**
 * Pending deadlines and board meetings as an iCalendar feed, written by ical-generator (maintained,
 * RFC 5545). Each item is one event whose UID is stable for the item's life; when its deadline
 * moves, the event's DTSTART moves and its SEQUENCE rises, so calendar clients replace the old
 * time. A meeting is its own event, the same as its invitation's (moved: a higher SEQUENCE;
 * cancelled: STATUS:CANCELLED), whether or not its invitation is answered; the actions agreed at it
 * are events of their own.
 */
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { MeetingState } from '../../workflows/meetings/meeting.types';
import { addMeetingEvent } from '../meetings/meeting-invitation';
import type { PendingItem } from './pending-item';

/** The board's meetings, and the seat whose feed it is (the meetings it is invited to, its actions), if any. */
export interface FeedMeetings {
  meetings: readonly MeetingState[];
  seat?: string;
}

/** SEQUENCE from the due time: deadlines only move later (extensions, new due dates), so it rises. */
function sequenceFor(dueAt: Date): number {
  return Math.max(0, Math.floor((dueAt.getTime() - Date.UTC(2020, 0, 1)) / 60_000));
}

/**
 * An .ics document with one event per item that has a due date, one per meeting and one per
 * pending action agreed at a meeting (the seat's own, in a seat's feed).
 */
export function pendingCalendar(
  items: readonly PendingItem[],
  name: string,
  baseUrl: string,
  { meetings, seat }: FeedMeetings = { meetings: [] },
): string {
  const calendar = ical({
    name,
    prodId: { company: 'board-governance', product: 'deadlines', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const m of meetings) {
    if (seat !== undefined && !m.invitedSeats.includes(seat)) continue;
    addMeetingEvent(calendar, m, baseUrl, 'Secretariat');
    for (const a of m.actions) {
      if (a.followUp !== 'pending-action' || (seat !== undefined && a.ownerSeat !== seat)) continue;
      const due = new Date(a.dueAt);
      calendar.createEvent({
        id: `${m.id}-act${a.n}@board-governance`,
        start: due,
        end: due,
        summary: `${a.status === 'done' ? 'Done: ' : ''}${a.text} (action of ${a.ownerSeat})`,
        description: `Agreed at ${m.title} (${m.id})`,
        url: `${baseUrl}/meetings/${m.id}`,
      });
    }
  }
  for (const item of items) {
    // A meeting's own event and its actions' are above, from the meeting itself.
    if (!item.dueAt || item.kind === 'meeting') continue;
    const due = new Date(item.dueAt);
    calendar.createEvent({
      id: `${item.id}@board-governance`,
      sequence: sequenceFor(due),
      start: due,
      end: due,
      summary: `${item.title}: ${item.action}`,
      description: `${item.kind} ${item.id}, awaiting ${item.awaiting.join(', ') || 'nobody'}${item.overdue ? ' (overdue)' : ''}`,
      url: `${baseUrl}/${pathFor(item.kind)}/${item.id}`,
    });
  }
  return calendar.toString();
}

function pathFor(kind: string): string {
  return kind === 'reporting-obligation' ? 'reporting-obligations' : `${kind}s`;
}
