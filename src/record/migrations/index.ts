/**
 * Every schema migration, by name, in the order they apply. Listed in code rather than read from
 * a folder, so the compiled API and worker carry them and no file lookup can miss one. A new
 * migration is a new file here with the next number; a landed one is never edited.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as boardRecord from './0001-board-record';
import * as auditLog from './0002-audit-log';
import * as auditBegun from './0003-audit-begun';
import * as calendarFeeds from './0004-calendar-feeds';
import * as recordInvited from './0005-record-invited';
import * as recordTracking from './0006-record-tracking';
import * as pendingCounts from './0007-pending-counts';

const migrations: Record<string, Migration> = {
  '0001-board-record': boardRecord,
  '0002-audit-log': auditLog,
  '0003-audit-begun': auditBegun,
  '0004-calendar-feeds': calendarFeeds,
  '0005-record-invited': recordInvited,
  '0006-record-tracking': recordTracking,
  '0007-pending-counts': pendingCounts,
};

/** The provider the Migrator reads. */
export const recordMigrations: MigrationProvider = { getMigrations: async () => migrations };
