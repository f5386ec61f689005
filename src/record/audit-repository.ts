/** The audit log's reads and writes (table `audit_log`, migration 0002). */
import { sql } from 'kysely';
import { GroupCommit } from './group-commit';
import { runPrepared, type PreparedStatement, type RecordDatabase } from './record-database';
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
  /** The answer's HTTP status; null when the write was begun and its outcome could not be recorded. */
  status: number | null;
  idempotencyKey: string | null;
}

/** What is known of a write before it is made. */
export type BegunAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'status'>;

/** A begun entry, as {@link AuditRepository.finish} and {@link AuditRepository.abandon} need it. */
export interface AuditTicket {
  id: number;
  /** Made by this begin (not an entry of an earlier request with the same key). */
  inserted: boolean;
  /** The entry of an earlier, finished request with the same key: this one is its replay. */
  replay: boolean;
}

export interface AuditFilter {
  subject?: string;
  itemId?: string;
  /** An action (`decisions.castBallot`) or its prefix before the dot (`decisions`). */
  action?: string;
  from?: string;
  to?: string;
}

/** One entry's finish, as a batch writes it. */
interface Finish {
  id: number;
  status: number;
  itemId: string | null;
}

/**
 * How long finishes wait for others to share their UPDATE. The answer does not wait for them, so
 * this is how long after it another process's read may still see the entry begun (this process's
 * reads wait: {@link AuditRepository.settled}).
 */
export const FINISH_LINGER_MS = 50;

/** Pauses between the attempts to finish an entry. */
export const FINISH_RETRIES_MS = [50, 250, 1000];

/**
 * Begins a batch of entries (see {@link AuditRepository.beginAll}), given as arrays, one element per
 * entry and `ord` numbering them: one text for any batch, so each connection prepares it once.
 */
const BEGIN_STATEMENT: PreparedStatement = {
  name: 'audit-begin-v1',
  text: `WITH v AS (
      SELECT t.*, nextval(pg_get_serial_sequence('audit_log', 'id')) AS id
      FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
        AS t(ord, subject, role, seat, action, route, item_id, idempotency_key)
    ), ins AS (
      INSERT INTO audit_log (id, subject, role, seat, action, route, item_id, status, idempotency_key)
      SELECT id, subject, role, seat, action, route, item_id, NULL, idempotency_key FROM v
      ON CONFLICT (subject, route, idempotency_key) WHERE idempotency_key IS NOT NULL
      DO UPDATE SET idempotency_key = excluded.idempotency_key
      RETURNING id, subject, route, idempotency_key, status, xmax = 0 AS inserted
    )
    SELECT v.ord, ins.id, ins.status, ins.inserted FROM v JOIN ins
      ON ins.id = v.id OR (v.idempotency_key IS NOT NULL AND ins.subject = v.subject
        AND ins.route = v.route AND ins.idempotency_key = v.idempotency_key)`,
};

/** Finishes a batch of begun entries, given as arrays; an entry already finished keeps its status. */
const FINISH_STATEMENT: PreparedStatement = {
  name: 'audit-finish-v1',
  text: `UPDATE audit_log SET status = v.status, item_id = COALESCE(audit_log.item_id, v.item_id)
    FROM unnest($1::bigint[], $2::int[], $3::text[]) AS v(id, status, item_id)
    WHERE audit_log.id = v.id AND audit_log.status IS NULL`,
};

export class AuditRepository {
  /** Begins and finishes that arrive together are each written in one statement (see GroupCommit). */
  private readonly begins = new GroupCommit<BegunAuditEntry, AuditTicket>((batch) => this.beginEach(batch));
  private readonly finishes = new GroupCommit<Finish>(
    (batch) => this.finishAll(batch),
    256,
    FINISH_LINGER_MS,
  );
  /** Finishes not yet written or given up. */
  private readonly finishing = new Set<Promise<void>>();

  constructor(private readonly db: RecordDatabase) {}

  /**
   * Begins the entry of a write about to be made (status still empty). A keyed replay of a write
   * already logged gets that entry back instead of a second one: `replay` says so when it was
   * finished, and then the replay neither finishes nor abandons it.
   */
  async begin(entry: BegunAuditEntry): Promise<AuditTicket> {
    return this.begins.write(entry);
  }

  /**
   * Begins a batch in one statement; when that fails, each entry alone, so that one request's bad
   * entry (or a batch the database refuses) fails only the requests it must.
   */
  private async beginEach(batch: BegunAuditEntry[]): Promise<(AuditTicket | Error)[]> {
    try {
      return await this.beginAll(batch);
    } catch (err) {
      if (batch.length === 1) throw err;
      const alone = await Promise.allSettled(batch.map(async (e) => (await this.beginAll([e]))[0]));
      return alone.map((r) =>
        r.status === 'fulfilled'
          ? r.value
          : r.reason instanceof Error
            ? r.reason
            : new Error(String(r.reason)),
      );
    }
  }

  /**
   * Begins a batch of entries in one statement. Each row's id is drawn first, so every entry finds
   * its own row back; a keyed entry whose key is already logged finds that row instead (a no-op
   * update returns it). A key repeated within the batch is sent once, since one statement cannot
   * touch a row twice, and its repeats get the same entry, as a later request would.
   */
  private async beginAll(batch: BegunAuditEntry[]): Promise<AuditTicket[]> {
    // Each entry's first occurrence in the batch: itself, or the earlier entry with the same key.
    const firstWithKey = new Map<string, number>();
    const firstOf = batch.map((e, i) => {
      if (e.idempotencyKey === null) return i;
      const key = JSON.stringify([e.subject, e.route, e.idempotencyKey]);
      if (!firstWithKey.has(key)) firstWithKey.set(key, i);
      return firstWithKey.get(key)!;
    });
    // The entries sent, by their index in the batch; `ord` in the statement is their place here.
    const sentIndex = firstOf.filter((first, i) => first === i);
    const sent = sentIndex.map((i) => batch[i]);
    const column = <K extends keyof BegunAuditEntry>(k: K) => sent.map((e) => e[k]);
    const rows = await runPrepared<{ ord: number; id: string; status: number | null; inserted: boolean }>(
      this.db,
      BEGIN_STATEMENT,
      [
        sent.map((_, ord) => ord),
        column('subject'),
        column('role'),
        column('seat'),
        column('action'),
        column('route'),
        column('itemId'),
        column('idempotencyKey'),
      ],
    );
    const bySent = new Map(rows.map((r) => [sentIndex[Number(r.ord)], r]));
    return firstOf.map((first, i) => {
      const row = bySent.get(first);
      if (!row) throw new Error(`audit entry ${i} of a batch of ${batch.length} was not returned`);
      return { id: Number(row.id), inserted: first === i && row.inserted, replay: row.status !== null };
    });
  }

  /**
   * Finishes a begun entry with the answer's status (and the item a creation returned). The answer
   * does not wait for it: finishes linger {@link FINISH_LINGER_MS} so that a live vote's share one
   * UPDATE, and a failed one is tried again ({@link FINISH_RETRIES_MS}). Resolves once written;
   * rejects once every attempt failed, and then the entry stays begun, with an empty status.
   */
  finish(ticket: AuditTicket, status: number, itemId: string | null): Promise<void> {
    if (ticket.replay) return Promise.resolve();
    const done = this.finishWithRetries({ id: ticket.id, status, itemId });
    this.finishing.add(done);
    const forget = () => void this.finishing.delete(done);
    done.then(forget, forget);
    return done;
  }

  private async finishWithRetries(finish: Finish): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.finishes.write(finish);
      } catch (err) {
        if (attempt >= FINISH_RETRIES_MS.length) throw err;
        await new Promise((resolve) => setTimeout(resolve, FINISH_RETRIES_MS[attempt]));
      }
    }
  }

  /** Resolves once every finish begun so far has been written or given up: reads wait for it. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.finishing]);
  }

  /** Nest's shutdown: the finishes still lingering are written before the record closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  /** Finishes a batch of begun entries in one UPDATE; an entry already finished keeps its status. */
  private async finishAll(batch: Finish[]): Promise<void> {
    await runPrepared(this.db, FINISH_STATEMENT, [
      batch.map((f) => f.id),
      batch.map((f) => f.status),
      batch.map((f) => f.itemId),
    ]);
  }

  /** Removes a begun entry whose write was refused: nothing a refused request tried appears. */
  async abandon(ticket: AuditTicket): Promise<void> {
    if (!ticket.inserted || ticket.replay) return;
    await this.db.deleteFrom('audit_log').where('id', '=', ticket.id).where('status', 'is', null).execute();
  }

  /** Newest first; `limit` rows after the cursor, and the cursor of the next page. */
  async list(
    filter: AuditFilter,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    await this.settled();
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
    await this.settled();
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
  status: number | null;
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
