/**
 * The connection to the record: a Kysely query builder over a `pg` pool, whichever PostgreSQL it
 * is (a server through DATABASE_URL, or the embedded store of ./embedded-record-server). One SQL
 * dialect for both, so every query is tested once against each.
 */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import { recordMigrations } from './migrations';
import type { RecordSchema } from './record.schema';

/** The record's query builder. */
export type RecordDatabase = Kysely<RecordSchema>;

// bigint (int8) columns arrive as strings by default: counts and sums here fit a JS number.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

/** Opens a pool on `url` (nothing connects until the first query). */
export function openRecordDatabase(url: string, opts: { maxConnections?: number } = {}): RecordDatabase {
  const pool = new Pool({ connectionString: url, max: opts.maxConnections ?? 10 });
  // An idle client's error (the server went away) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return new Kysely<RecordSchema>({ dialect: new PostgresDialect({ pool }) });
}

/** The record's schema could not be brought up to date; the message says which migration failed. */
export class RecordMigrationError extends Error {
  override name = 'RecordMigrationError';
}

/**
 * Applies every migration not yet applied, in order. Safe from several processes at once: the
 * Migrator holds a PostgreSQL advisory lock while it runs. Returns the names it applied.
 */
export async function migrateRecord(db: RecordDatabase): Promise<string[]> {
  const migrator = new Migrator({ db, provider: recordMigrations });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new RecordMigrationError(
      `the record's schema could not be migrated${failed ? ` (${failed})` : ''}: ${reason}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
