/**
 * Pending deadlines as an iCalendar feed, written by ical-generator (maintained, RFC 5545).
 * Each item is one event whose UID is stable for the item's life; when its deadline moves, the
 * event's DTSTART moves and its SEQUENCE rises, so calendar clients replace the old time.
 */
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { PendingItem } from './pending-item';

/** SEQUENCE from the due time: deadlines only move later (extensions, new due dates), so it rises. */
function sequenceFor(dueAt: Date): number {
  return Math.max(0, Math.floor((dueAt.getTime() - Date.UTC(2020, 0, 1)) / 60_000));
}

/** An .ics document with one event per item that has a due date. */
export function pendingCalendar(items: readonly PendingItem[], name: string, baseUrl: string): string {
  const calendar = ical({
    name,
    prodId: { company: 'board-governance', product: 'deadlines', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const item of items) {
    if (!item.dueAt) continue;
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
