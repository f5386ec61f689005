/**
 * The audit log: one row per accepted write through the API (who, what, on which item, when, with
 * which Idempotency-Key). A replay of the same keyed request is the same write: the unique index
 * keeps it once.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('seat', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('idempotency_key', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at desc', 'id desc']).execute();
  await db.schema.createIndex('audit_log_item').on('audit_log').column('item_id').execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').column('subject').execute();
  await db.schema
    .createIndex('audit_log_replay')
    .on('audit_log')
    .columns(['subject', 'route', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}
