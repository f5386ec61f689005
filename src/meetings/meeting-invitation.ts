/**
 * A meeting's calendar invitation (RFC 5546 iTIP), written by ical-generator: `METHOD:REQUEST`
 * with one event whose UID is the same for the meeting's whole life, its SEQUENCE raised each time
 * the meeting moves, so a calendar client replaces the event; `METHOD:CANCEL` once it is cancelled.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MeetingState } from '../../workflows/meetings/meeting.types';

/** The event's UID: stable per meeting. */
export function meetingUid(id: string): string {
  return `${id}@board-governance`;
}

/** The invitation as an .ics document. */
export function meetingInvitation(s: Readonly<MeetingState>, baseUrl: string, organizer: string): string {
  const cancelled = s.status === 'cancelled';
  const calendar = ical({
    name: s.title,
    prodId: { company: 'board-governance', product: 'meetings', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
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
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
