/**
 * A meeting's calendar event (RFC 5546 iTIP), written by ical-generator: one event whose UID is the
 * same for the meeting's whole life, its SEQUENCE raised each time the meeting moves (and at its
 * cancellation), so a calendar client replaces the event. The invitation is that event under
 * `METHOD:REQUEST`, or `METHOD:CANCEL` once cancelled; the calendar feeds carry the same event.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import type { MeetingState } from '../../workflows/meetings/meeting.types';

/** The event's UID: stable per meeting. */
export function meetingUid(id: string): string {
  return `${id}@board-governance`;
}

/** Adds the meeting's event to `calendar`: CONFIRMED, or CANCELLED once cancelled. */
export function addMeetingEvent(
  calendar: ICalCalendar,
  s: Readonly<MeetingState>,
  baseUrl: string,
  organizer: string,
): void {
  const agenda = s.agenda.map((item, i) => `${i + 1}. ${item.title} (${item.kind})`).join('\n');
  calendar.createEvent({
    id: meetingUid(s.id),
    sequence: s.sequence,
    start: new Date(s.startsAt),
    end: new Date(s.endsAt),
    summary: s.title,
    location: s.place ?? s.onlineLink ?? undefined,
    description: `${agenda}${s.onlineLink ? `\n\nOnline: ${s.onlineLink}` : ''}`,
    url: `${baseUrl}/meetings/${s.id}`,
    organizer: { name: organizer, email: 'secretariat@board-governance.invalid' },
    status: s.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

/** The invitation as an .ics document. */
export function meetingInvitation(s: Readonly<MeetingState>, baseUrl: string, organizer: string): string {
  const calendar = ical({
    name: s.title,
    prodId: { company: 'board-governance', product: 'meetings', language: 'EN' },
    method: s.status === 'cancelled' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  addMeetingEvent(calendar, s, baseUrl, organizer);
  return calendar.toString();
}
