/**
 * Reads and writes of the board's record. The projection is written by the worker's activity
 * ({@link RecordRepository.project}); the API reads items and lists from here.
 */
import type { RecordWriter } from '../../activities/record/record-writer';
import { sql, type ExpressionBuilder } from 'kysely';
import type { RecordProjection } from '../../workflows/record/record-projection';
import type { RecordDatabase } from './record-database';
import type { BoardRecordTable, RecordKind, RecordSchema } from './record.schema';
import { summarizeRecord } from './record-summary';
import { trackRecord, type TrackingContext } from './record-tracking';
import type { RecordAudience } from './seat-visibility';

export type { RecordProjection } from '../../workflows/record/record-projection';

/** An item as the record holds it. */
export interface StoredRecord {
  id: string;
  kind: RecordKind;
  version: number;
  writes: number;
  status: string;
  open: boolean;
  title: string;
  parentId: string | null;
  seat: string | null;
  priority: string | null;
  rule: string | null;
  outcome: string | null;
  openedAt: string;
  closedAt: string | null;
  state: unknown;
}

/** What a list may be narrowed to; every field is optional. */
export interface RecordFilter {
  status?: 'open' | 'closed' | 'any';
  /** Words that must all appear in the title or the text. */
  q?: string;
  openedFrom?: string;
  openedTo?: string;
  closedFrom?: string;
  closedTo?: string;
  rule?: string;
  outcome?: string;
  seat?: string;
  priority?: string;
  parentId?: string;
  /** The workflow's own status word (`voting`, `overdue` ...). */
  state?: string;
  /** Only what a member of this seat may see (./seat-visibility); absent: everything. */
  audience?: RecordAudience;
}

/** One page of a list, newest first. */
export interface RecordPage {
  items: StoredRecord[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

/** A malformed cursor: the caller sent something this API never handed out. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

type Row = Omit<
  BoardRecordTable,
  'version' | 'writes' | 'state' | 'projected_at' | 'opened_at' | 'closed_at'
> & {
  version: number;
  writes: number;
  state: unknown;
  opened_at: Date;
  closed_at: Date | null;
};

const columns = [
  'id',
  'kind',
  'version',
  'writes',
  'status',
  'open',
  'title',
  'parent_id',
  'seat',
  'priority',
  'rule',
  'outcome',
  'opened_at',
  'closed_at',
  'state',
] as const;

/**
 * The state as the record can hold it, and its JSON: PostgreSQL's text and jsonb cannot hold the
 * NUL character, so one that reached a workflow (the API refuses it now) is stored as U+FFFD
 * rather than failing the projection for good.
 */
function storable(state: unknown): { state: unknown; json: string } {
  const json = JSON.stringify(state);
  // JSON writes U+0000 as this escape; the rare false alarm (a literal backslash before it) costs a parse.
  if (!json.includes('\\u0000')) return { state, json };
  const clean: unknown = JSON.parse(json, (_key, value: unknown) =>
    typeof value === 'string' ? value.replaceAll('\0', '\uFFFD') : value,
  );
  return { state: clean, json: JSON.stringify(clean) };
}

export class RecordRepository implements RecordWriter {
  /** `tracking`: what the board tells the projection (a round's member-state seats); none by default. */
  constructor(
    private readonly db: RecordDatabase,
    private readonly tracking: TrackingContext = { memberStateSeats: [] },
  ) {}

  /**
   * Stores `projection` unless the record already holds this version or a later one. One
   * statement, so two writers racing (a retry and a late first attempt) cannot both win. True
   * when it was applied.
   */
  async project(projection: RecordProjection): Promise<boolean> {
    const { state, json } = storable(projection.state);
    const s = summarizeRecord(projection.kind, state);
    const t = trackRecord(projection.kind, state, this.tracking);
    const values = {
      id: s.id,
      kind: projection.kind,
      version: projection.version,
      status: s.status,
      open: s.open,
      title: s.title,
      body: s.body,
      parent_id: s.parentId,
      seat: s.seat,
      invited: s.invited,
      priority: s.priority,
      rule: s.rule,
      outcome: s.outcome,
      opened_at: s.openedAt,
      closed_at: s.closedAt,
      tracked_status: t.status,
      awaiting: t.awaiting,
      due_at: t.dueAt,
      running: t.running,
      state: json,
    };
    const { id: _id, ...changes } = values;
    const result = await this.db
      .insertInto('board_record')
      .values(values)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            ...changes,
            writes: sql<number>`${eb.ref('board_record.writes')} + 1`,
            projected_at: sql<Date>`now()`,
          }))
          .where('board_record.version', '<', projection.version),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Recomputes the awaited seats of running funding rounds with this repository's member-state
   * seats: a round projected before the record kept its tracking (migration 0006, which cannot know
   * the board's seats) is then in the lists of the member states yet to request. A round projected
   * meanwhile keeps its newer row (the version is checked). Returns how many rounds changed.
   */
  async refreshRoundTracking(): Promise<number> {
    if (this.tracking.memberStateSeats.length === 0) return 0;
    const rounds = await this.db
      .selectFrom('board_record')
      .select(['id', 'version', 'state', 'awaiting'])
      .where('kind', '=', 'funding-round')
      .where('running', '=', true)
      .execute();
    let changed = 0;
    for (const round of rounds) {
      const { awaiting } = trackRecord('funding-round', round.state, this.tracking);
      if (awaiting.join(',') === round.awaiting.join(',')) continue;
      const result = await this.db
        .updateTable('board_record')
        .set({ awaiting })
        .where('id', '=', round.id)
        .where('version', '=', round.version)
        .executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
    return changed;
  }

  /** The item `id` of `kind`, or undefined when the record has never seen it. */
  async get(kind: RecordKind, id: string): Promise<StoredRecord | undefined> {
    const row = await this.db
      .selectFrom('board_record')
      .select(columns)
      .where('kind', '=', kind)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toStored(row as unknown as Row);
  }

  /** One page of `kind`'s items matching `filter`, newest first (opening time, then id). */
  async list(
    kind: RecordKind,
    filter: RecordFilter,
    page: { limit: number; cursor?: string },
  ): Promise<RecordPage> {
    let query = this.db
      .selectFrom('board_record')
      .select(columns)
      .where('kind', '=', kind)
      .where((eb) => eb.and(conditions(eb, filter)));
    if (page.cursor) {
      const [openedAt, id] = decodeCursor(page.cursor);
      query = query.where((eb) =>
        eb(eb.refTuple('opened_at', 'id'), '<', eb.tuple(sql<Date>`${openedAt}::timestamptz`, id)),
      );
    }
    const rows = (await query
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute()) as unknown as Row[];
    const items = rows.slice(0, page.limit).map(toStored);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > page.limit && last ? encodeCursor(last.openedAt, last.id) : null,
    };
  }
  /** Every item of `kind` closed in [from, to), in the order they closed (the register). */
  async closedBetween(kind: RecordKind, from: string, to: string): Promise<StoredRecord[]> {
    const rows = await this.db
      .selectFrom('board_record')
      .select(columns)
      .where('kind', '=', kind)
      .where('closed_at', '>=', new Date(from))
      .where('closed_at', '<', new Date(to))
      .orderBy('closed_at')
      .orderBy('id')
      .execute();
    return (rows as unknown as Row[]).map(toStored);
  }

  /** Every item of `kind` opened in [from, to) (either bound optional), oldest first (the reports). */
  async openedBetween(kind: RecordKind, from?: string, to?: string): Promise<StoredRecord[]> {
    let query = this.db.selectFrom('board_record').select(columns).where('kind', '=', kind);
    if (from) query = query.where('opened_at', '>=', new Date(from));
    if (to) query = query.where('opened_at', '<', new Date(to));
    const rows = await query.orderBy('opened_at').orderBy('id').execute();
    return (rows as unknown as Row[]).map(toStored);
  }

  /** Every item of `kind` that belongs to `parentId` (a round's requests and decisions), oldest first. */
  async children(kind: RecordKind, parentId: string): Promise<StoredRecord[]> {
    const rows = await this.db
      .selectFrom('board_record')
      .select(columns)
      .where('kind', '=', kind)
      .where('parent_id', '=', parentId)
      .orderBy('opened_at')
      .orderBy('id')
      .execute();
    return (rows as unknown as Row[]).map(toStored);
  }
}

/** The WHERE conditions of `filter` (all must hold). */
function conditions(eb: ExpressionBuilder<RecordSchema, 'board_record'>, f: RecordFilter) {
  const all = [];
  if (f.status === 'open') all.push(eb('open', '=', true));
  if (f.status === 'closed') all.push(eb('open', '=', false));
  if (f.q?.trim()) all.push(sql<boolean>`search @@ plainto_tsquery('simple', ${f.q})`);
  if (f.openedFrom) all.push(eb('opened_at', '>=', new Date(f.openedFrom)));
  if (f.openedTo) all.push(eb('opened_at', '<', new Date(f.openedTo)));
  if (f.closedFrom) all.push(eb('closed_at', '>=', new Date(f.closedFrom)));
  if (f.closedTo) all.push(eb('closed_at', '<', new Date(f.closedTo)));
  if (f.rule) all.push(eb('rule', '=', f.rule));
  if (f.outcome) all.push(eb('outcome', '=', f.outcome));
  if (f.seat) all.push(eb('seat', '=', f.seat));
  if (f.priority) all.push(eb('priority', '=', f.priority));
  if (f.parentId) all.push(eb('parent_id', '=', f.parentId));
  if (f.state) all.push(eb('status', '=', f.state));
  if (f.audience) {
    const { seat, observer } = f.audience;
    const invited = sql<boolean>`${seat} = any(invited)`;
    // A meeting only for the seats it invites; for an observer seat, only what names it
    // (the same rule for one item: mayReadItem in seat-visibility.ts).
    all.push(
      observer ? eb.or([eb('seat', '=', seat), invited]) : eb.or([eb('kind', '<>', 'meeting'), invited]),
    );
  }
  return all;
}

function toStored(row: Row): StoredRecord {
  return {
    id: row.id,
    kind: row.kind,
    version: Number(row.version),
    writes: row.writes,
    status: row.status,
    open: row.open,
    title: row.title,
    parentId: row.parent_id,
    seat: row.seat,
    priority: row.priority,
    rule: row.rule,
    outcome: row.outcome,
    openedAt: row.opened_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    state: row.state,
  };
}

const encodeCursor = (openedAt: string, id: string) =>
  Buffer.from(JSON.stringify([openedAt, id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string'
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // reported below
  }
  throw new InvalidCursorError('cursor is not one this API handed out; start again without it');
}
