/**
 * The record's tables as Kysely sees them. The migrations in ./migrations create them; this file
 * only types the queries, so a column added by a migration is added here too.
 */
import type { ColumnType, Generated } from 'kysely';
import type { RecordKind } from '../../workflows/record/record-projection';

export { recordKinds, type RecordKind } from '../../workflows/record/record-projection';

/** A timestamp column: written as an ISO string or a Date, read as a Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** One item of the board: the latest projection of its workflow's state. */
export interface BoardRecordTable {
  id: string;
  kind: RecordKind;
  /** Orders the projections of one item: a write with a version not above this one changes nothing. */
  version: number;
  /** How many projections were applied (each version once); the crash drill reads it. */
  writes: Generated<number>;
  /** The workflow's own status word (`voting`, `accepted`, ...). */
  status: string;
  /** False once the item is closed (decided, ended, withdrawn, accepted ...). */
  open: boolean;
  title: string;
  /** The item's text, searched with its title. */
  body: string;
  parent_id: string | null;
  seat: string | null;
  /** Seats named on the item as invited: a decision's observers, a meeting's invited seats. */
  invited: ColumnType<string[], string[] | undefined, string[]>;
  priority: string | null;
  rule: string | null;
  outcome: string | null;
  opened_at: Timestamp;
  closed_at: Timestamp | null;
  /** What the workflow publishes as BoardStatus (src/record/record-tracking.ts). */
  tracked_status: string;
  /** What it publishes as BoardAwaiting: the seats whose action it awaits. */
  awaiting: ColumnType<string[], string[] | undefined, string[]>;
  /** What it publishes as BoardDueAt. */
  due_at: Timestamp | null;
  /** True while its workflow runs (what the pending lists hold). */
  running: boolean;
  /** The state exactly as the workflow's query returns it. */
  state: ColumnType<unknown, string, string>;
  projected_at: Generated<Date>;
}

/** One accepted write through the API. */
export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  /** The token's `sub`. */
  subject: string;
  role: string;
  seat: string | null;
  /** What was done, e.g. `decisions.castBallot`. */
  action: string;
  /** The request, e.g. `POST /decisions/dec-1/ballots`. */
  route: string;
  /** The item written (the one created, for an opening). */
  item_id: string | null;
  /** The HTTP status of the answer; null while the write is under way, or when its outcome could not be recorded. */
  status: number | null;
  idempotency_key: string | null;
}

/** A person's calendar feed: the hash of the secret token in its URL. */
export interface CalendarFeedTable {
  /** The roster person's id. */
  person_id: string;
  /** SHA-256 of the token, hex. */
  token_hash: string;
  issued_at: Generated<Date>;
}

/** Running items per kind and awaited seat (`seat = ''`: the kind's total), kept by a trigger. */
export interface PendingCountTable {
  kind: string;
  seat: string;
  n: number;
}

/** The database as Kysely types it. */
export interface RecordSchema {
  board_record: BoardRecordTable;
  audit_log: AuditLogTable;
  calendar_feed: CalendarFeedTable;
  pending_count: PendingCountTable;
}
