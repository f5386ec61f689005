/**
 * The pending lists' counts per kind and per awaited seat, kept rather than recounted: counting
 * them on each request expands every running item's awaited seats, a cost that grows with the
 * number of open items (docs/record.md, "The pending lists"). A trigger on the record keeps them in
 * the statement that projects an item (one row per kind and seat, `seat = ''` for the kind's total),
 * touching only the rows whose count changes, in a fixed order so two projections cannot deadlock.
 * Also an index for the lists' order with ids compared byte-wise, as the API orders them, and one
 * for the decisions whose responses have fallen due.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pending_count')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('seat', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('pending_count_pk', ['kind', 'seat'])
    .execute();
  await sql`create function board_record_pending_count() returns trigger language plpgsql as $$
    begin
      insert into pending_count (kind, seat, n)
      select d.kind, d.seat, sum(d.delta) from (
        select OLD.kind as kind, s as seat, -1 as delta
          from unnest(case when TG_OP <> 'INSERT' and OLD.running
            then array_append(OLD.awaiting, '') else '{}'::text[] end) s
        union all
        select NEW.kind, s, 1
          from unnest(case when TG_OP <> 'DELETE' and NEW.running
            then array_append(NEW.awaiting, '') else '{}'::text[] end) s
      ) d
      group by d.kind, d.seat
      having sum(d.delta) <> 0
      order by d.kind, d.seat
      on conflict (kind, seat) do update set n = pending_count.n + excluded.n;
      return null;
    end $$`.execute(db);
  await sql`create trigger board_record_pending_count
    after insert or update of running, awaiting or delete on board_record
    for each row execute function board_record_pending_count()`.execute(db);
  await sql`insert into pending_count (kind, seat, n)
    select kind, a.code, count(*) from board_record, unnest(array_append(awaiting, '')) as a(code)
    where running group by kind, a.code`.execute(db);
  await sql`create index board_record_running_order on board_record (due_at, id collate "C")
    where running`.execute(db);
  // Decisions whose responses fell due stay running in the record (no change of state ends them):
  // the lists leave them out, and the kept counts are corrected by these few rows.
  await sql`create index board_record_responses_due on board_record (due_at)
    where running and tracked_status = 'responses-due'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index board_record_responses_due`.execute(db);
  await sql`drop index board_record_running_order`.execute(db);
  await sql`drop trigger board_record_pending_count on board_record`.execute(db);
  await sql`drop function board_record_pending_count()`.execute(db);
  await db.schema.dropTable('pending_count').execute();
}
