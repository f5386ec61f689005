/**
 * The board's record: one row per item (decision, round, request, cycle, obligation) with the
 * columns the lists filter on, the full state as JSON, and a full-text index over title and text
 * ('simple' configuration: no stemming, the board writes in many languages).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('board_record')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('writes', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('open', 'boolean', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parent_id', 'text')
    .addColumn('seat', 'text')
    .addColumn('priority', 'text')
    .addColumn('rule', 'text')
    .addColumn('outcome', 'text')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('projected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('search', sql`tsvector`, (c) =>
      c.generatedAlwaysAs(sql`to_tsvector('simple', title || ' ' || body)`).stored(),
    )
    .execute();
  // Lists: one kind, newest first, paged by (opened_at, id).
  await db.schema
    .createIndex('board_record_kind_opened')
    .on('board_record')
    .columns(['kind', 'opened_at desc', 'id desc'])
    .execute();
  await db.schema.createIndex('board_record_parent').on('board_record').column('parent_id').execute();
  await db.schema
    .createIndex('board_record_search')
    .on('board_record')
    .using('gin')
    .column('search')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('board_record').execute();
}
