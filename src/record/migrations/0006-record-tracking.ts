/**
 * What the pending lists read per item, beside its state: the tracking status, the awaited seats and
 * the due time its workflow publishes as search attributes, and whether the workflow still runs
 * (src/record/record-tracking.ts). Filled for the items already projected, from their state; a
 * round's awaited seats need the board's member-state seats, which a migration does not know, so an
 * open round already projected shows none until its next change is projected. Two indexes partial to
 * running items: the awaited seats (GIN, for a seat's list and its counts) and the due time (B-tree,
 * for the soonest first).
 */
import { sql, type Kysely } from 'kysely';
import { trackRecord } from '../record-tracking';
import type { RecordKind } from '../record.schema';

/** Rows filled per statement. */
const BATCH = 500;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('board_record')
    .addColumn('tracked_status', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('awaiting', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('due_at', 'timestamptz')
    .addColumn('running', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string; kind: RecordKind; state: unknown }>`
      select id, kind, state from board_record where id > ${after} order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const values = rows.map((r) => {
      const t = trackRecord(r.kind, r.state, { memberStateSeats: [] });
      return { id: r.id, status: t.status, awaiting: t.awaiting, due_at: t.dueAt, running: t.running };
    });
    await sql`update board_record b
      set tracked_status = v.status, awaiting = v.awaiting, due_at = v.due_at, running = v.running
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as v(id text, status text, awaiting text[], due_at timestamptz, running boolean)
      where b.id = v.id`.execute(db);
  }
  await db.schema
    .createIndex('board_record_running_awaiting')
    .on('board_record')
    .using('gin')
    .column('awaiting')
    .where(sql.ref('running'), '=', true)
    .execute();
  await db.schema
    .createIndex('board_record_running_due')
    .on('board_record')
    .columns(['due_at', 'id'])
    .where(sql.ref('running'), '=', true)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('board_record_running_due').execute();
  await db.schema.dropIndex('board_record_running_awaiting').execute();
  await db.schema
    .alterTable('board_record')
    .dropColumn('running')
    .dropColumn('due_at')
    .dropColumn('awaiting')
    .dropColumn('tracked_status')
    .execute();
}
