/**
 * How a process finds and opens the record: `DATABASE_URL` when set; otherwise the embedded store
 * that `npm start` serves for the same data directory, whose address it writes to
 * <DATA_DIR>/record/server-url while it runs. The schema is migrated on every connection.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';
import { migrateRecord, openRecordDatabase, type RecordDatabase } from './record-database';

/** Where the embedded store publishes its address while it runs. */
export const embeddedUrlFile = (dataDir: string) => join(dataDir, 'record', 'server-url');

/** The record's URL for a process that does not serve the embedded store itself. */
export function resolveRecordUrl(config: AppConfig): string {
  if (config.record.url) return config.record.url;
  let url: string | undefined;
  try {
    url = readFileSync(embeddedUrlFile(config.dataDir), 'utf8').trim();
  } catch {
    // reported below
  }
  if (url) return url;
  throw Object.assign(
    new Error(
      `DATABASE_URL is not set and no embedded record store is running for DATA_DIR ${config.dataDir}; ` +
        'set DATABASE_URL to a PostgreSQL server, or run `npm start` with the same DATA_DIR',
    ),
    { name: 'StartupError' },
  );
}

/** Opens the record at `url` and brings its schema up to date; fails with one line when unreachable. */
export async function connectRecord(
  url: string,
  opts: { maxConnections?: number } = {},
): Promise<RecordDatabase> {
  const db = openRecordDatabase(url, opts);
  try {
    await migrateRecord(db);
    return db;
  } catch (err) {
    await db.destroy().catch(() => undefined);
    if (err instanceof Error && err.name === 'RecordMigrationError') throw err;
    const reason = err instanceof Error ? err.message || err.name : String(err);
    throw Object.assign(new Error(`cannot reach the record at ${redact(url)}: ${reason}`), {
      name: 'StartupError',
    });
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
