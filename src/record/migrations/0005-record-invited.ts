/**
 * The seats named on an item as invited (a decision's observers, a meeting's invited seats), so the
 * lists show a member of an observer seat only what it is invited to; filled in for the items
 * already projected. And an index for the lists by seat (requests, obligations), newest first,
 * which read past every other seat's items without it (bench/results.md, section 9).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('board_record')
    .addColumn('invited', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  for (const [kind, field] of [
    ['decision', 'observers'],
    ['meeting', 'invitedSeats'],
  ]) {
    await sql`update board_record
      set invited = array(select jsonb_array_elements_text(state->${field}))
      where kind = ${kind} and jsonb_typeof(state->${field}) = 'array'`.execute(db);
  }
  await db.schema
    .createIndex('board_record_kind_seat_opened')
    .on('board_record')
    .columns(['kind', 'seat', 'opened_at desc', 'id desc'])
    .where(sql.ref('seat'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('board_record_kind_seat_opened').execute();
  await db.schema.alterTable('board_record').dropColumn('invited').execute();
}
