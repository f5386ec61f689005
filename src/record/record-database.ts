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

/** The pool under each database {@link openRecordDatabase} opened, for {@link runPrepared}. */
const pools = new WeakMap<RecordDatabase, Pool>();

/** Opens a pool on `url` (nothing connects until the first query). */
export function openRecordDatabase(url: string, opts: { maxConnections?: number } = {}): RecordDatabase {
  const pool = new Pool({ connectionString: url, max: opts.maxConnections ?? 10 });
  // An idle client's error (the server went away) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<RecordSchema>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/** A statement whose text never changes, run as a prepared statement: see {@link runPrepared}. */
export interface PreparedStatement {
  /** Unique per text: each connection prepares it under this name the first time it runs it. */
  name: string;
  text: string;
}

/**
 * Runs `statement` with `values` as a named prepared statement: each connection parses and plans it
 * once, then only binds and executes it. For the statements of every write (the audit log's), whose
 * parsing and planning cost more than their execution on the embedded store.
 */
export async function runPrepared<R>(
  db: RecordDatabase,
  statement: PreparedStatement,
  values: unknown[],
): Promise<R[]> {
  const pool = pools.get(db);
  if (!pool)
    throw new Error(
      `prepared statement ${statement.name}: the database was not opened by openRecordDatabase`,
    );
  return (await pool.query({ name: statement.name, text: statement.text, values })).rows as R[];
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
