/** The audit log's reads and writes (table `audit_log`, migration 0002). */
import { sql } from 'kysely';
import type { RecordDatabase } from './record-database';
import { InvalidCursorError } from './record-repository';

/** One accepted write. */
export interface AuditEntry {
  id: number;
  at: string;
  subject: string;
  role: string;
  seat: string | null;
  action: string;
  route: string;
  itemId: string | null;
  status: number;
  idempotencyKey: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditFilter {
  subject?: string;
  itemId?: string;
  /** An action (`decisions.castBallot`) or its prefix before the dot (`decisions`). */
  action?: string;
  from?: string;
  to?: string;
}

export class AuditRepository {
  constructor(private readonly db: RecordDatabase) {}

  /** Appends `entry`; a keyed replay of a write already logged is not logged again. */
  async append(entry: NewAuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        subject: entry.subject,
        role: entry.role,
        seat: entry.seat,
        action: entry.action,
        route: entry.route,
        item_id: entry.itemId,
        status: entry.status,
        idempotency_key: entry.idempotencyKey,
      })
      .onConflict((oc) =>
        oc
          .columns(['subject', 'route', 'idempotency_key'])
          .where('idempotency_key', 'is not', null)
          .doNothing(),
      )
      .execute();
  }

  /** Newest first; `limit` rows after the cursor, and the cursor of the next page. */
  async list(
    filter: AuditFilter,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    let query = this.filtered(filter);
    if (page.cursor) {
      const before = Number(page.cursor);
      if (!/^\d{1,15}$/.test(page.cursor) || !Number.isSafeInteger(before)) {
        throw new InvalidCursorError('cursor is not one this API handed out; start again without it');
      }
      query = query.where('id', '<', before);
    }
    const rows = await query
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const items = rows.slice(0, page.limit).map(toEntry);
    return {
      items,
      nextCursor: rows.length > page.limit ? String(items[items.length - 1].id) : null,
    };
  }

  /** Every matching entry, oldest first (the CSV export). */
  async all(filter: AuditFilter): Promise<AuditEntry[]> {
    return (await this.filtered(filter).orderBy('id').execute()).map(toEntry);
  }

  private filtered(f: AuditFilter) {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (f.subject) query = query.where('subject', '=', f.subject);
    if (f.itemId) query = query.where('item_id', '=', f.itemId);
    if (f.action) {
      const action = f.action;
      query = query.where((eb) =>
        action.includes('.')
          ? eb('action', '=', action)
          : eb('action', 'like', sql<string>`${action} || '.%'`),
      );
    }
    if (f.from) query = query.where('at', '>=', new Date(f.from));
    if (f.to) query = query.where('at', '<', new Date(f.to));
    return query;
  }
}

type AuditRow = {
  id: number;
  at: Date;
  subject: string;
  role: string;
  seat: string | null;
  action: string;
  route: string;
  item_id: string | null;
  status: number;
  idempotency_key: string | null;
};

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at.toISOString(),
    subject: row.subject,
    role: row.role,
    seat: row.seat,
    action: row.action,
    route: row.route,
    itemId: row.item_id,
    status: row.status,
    idempotencyKey: row.idempotency_key,
  };
}
