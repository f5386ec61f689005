/** The pending list as CSV for spreadsheets, written by csv-stringify (quoting, RFC 4180). */
import { stringify } from 'csv-stringify/sync';
import type { PendingItem } from './pending-item';

export function pendingCsv(items: readonly PendingItem[]): string {
  return stringify(
    items.map((i) => ({
      ...i,
      awaiting: i.awaiting.join(' '),
      dueAt: i.dueAt ?? '',
      parentId: i.parentId ?? '',
    })),
    {
      header: true,
      columns: ['kind', 'id', 'title', 'action', 'status', 'awaiting', 'dueAt', 'overdue', 'parentId'],
      cast: { boolean: (b) => (b ? 'yes' : 'no') },
    },
  );
}
