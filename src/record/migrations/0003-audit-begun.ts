/**
 * An audit entry is begun before the write it records and finished with the answer's status: a
 * write whose entry cannot be begun is refused, and an entry whose status is still empty is a write
 * begun whose outcome could not be recorded (the record went away in between, or the API stopped).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .alterColumn('status', (c) => c.dropNotNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db
    .deleteFrom('audit_log' as never)
    .where('status' as never, 'is', null)
    .execute();
  await db.schema
    .alterTable('audit_log')
    .alterColumn('status', (c) => c.setNotNull())
    .execute();
}
