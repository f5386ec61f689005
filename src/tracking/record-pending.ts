/**
 * The pending lists read from the board's record instead of Temporal's visibility: the same items
 * (what each workflow publishes for tracking, kept beside its state by the projection; see
 * src/record/record-tracking.ts), in the same order (soonest due first, undated last, then by id),
 * with the same filters, cursor and counts. SQL sorts and pages, so a page reads about a page of
 * rows whatever the number of open items; the counts per kind and seat of the whole list are kept
 * by the record (migration 0007), those of a filtered list counted over the rows it selects.
 */
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { RecordDatabase } from '../record/record-database';
import type { RecordSchema } from '../record/record.schema';
import { RESPONSES_DUE } from '../record/record-tracking';
import type { PageCursor } from './cutoff-search';
import { pendingAction, type PendingCounts, type PendingItem, type Viewer } from './pending-item';
import type { PendingFilter } from './visibility-query';

type Query = SelectQueryBuilder<RecordSchema, 'board_record', object>;

interface PendingRow {
  kind: string;
  id: string;
  title: string;
  tracked_status: string;
  awaiting: string[];
  due_at: Date | null;
  parent: string | null;
}

/** One page, soonest first, and how many items match the filter in all. */
export interface RecordPendingPage {
  items: PendingItem[];
  total: number;
  /** True when items follow the page. */
  more: boolean;
}

export class RecordPendingSource {
  constructor(private readonly db: RecordDatabase) {}

  /** Every running item matching `filter` at `now`, soonest first. */
  async list(filter: PendingFilter, now: Date, viewer?: Viewer): Promise<PendingItem[]> {
    const rows = await this.ordered(this.matching(filter, now)).execute();
    return rows.map((row) => toItem(row, now, viewer));
  }

  /** The `limit` items after `cursor`, and the filter's total (cursor aside). */
  async page(
    filter: PendingFilter,
    now: Date,
    limit: number,
    cursor?: PageCursor,
    viewer?: Viewer,
  ): Promise<RecordPendingPage> {
    let rows = this.matching(filter, now);
    if (cursor) rows = rows.where((eb) => after(eb, cursor));
    const [found, total] = await Promise.all([
      this.ordered(rows)
        .limit(limit + 1)
        .execute(),
      this.total(filter, now),
    ]);
    return {
      items: found.slice(0, limit).map((row) => toItem(row, now, viewer)),
      total,
      more: found.length > limit,
    };
  }

  /**
   * How many running items match `filter`: from the kept counts when the filter is at most a kind,
   * or one awaited seat (a member's own list) with at most a kind, so the total costs the same
   * whatever the number of open items; counted otherwise.
   */
  private async total(filter: PendingFilter, now: Date): Promise<number> {
    if (kept(filter))
      return this.keptCounts(filter, now).then((c) => Object.values(c.byKind).reduce((a, b) => a + b, 0));
    const seat = keptSeat(filter);
    // A decision whose responses fell due awaits no seat, so no seat's kept count holds one.
    if (seat) return (await this.keptCounts({ kind: filter.kind }, now)).bySeat[seat] ?? 0;
    const counted = await this.matching(filter, now)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(counted.n);
  }

  /**
   * Running items matching `filter` per awaited seat and per kind (none left out as zero): read
   * from the kept counts when the filter is at most a kind, counted otherwise (a seat's items, or
   * those due in a window, are found through an index).
   */
  async counts(filter: PendingFilter, now: Date): Promise<PendingCounts> {
    if (kept(filter)) return this.keptCounts(filter, now);
    const [seats, kinds] = await Promise.all([
      this.db
        .selectFrom(
          this.matching(filter, now)
            .select(sql<string>`unnest(awaiting)`.as('seat'))
            .as('a'),
        )
        .select(['a.seat', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('a.seat')
        .execute(),
      this.matching(filter, now)
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('kind')
        .execute(),
    ]);
    return {
      bySeat: Object.fromEntries(seats.map((r) => [r.seat, Number(r.n)])),
      byKind: Object.fromEntries(kinds.map((r) => [r.kind, Number(r.n)])),
    };
  }

  /** The counts the record keeps (migration 0007), less the decisions whose responses fell due. */
  private async keptCounts(filter: PendingFilter, now: Date): Promise<PendingCounts> {
    let counts = this.db.selectFrom('pending_count').select(['kind', 'seat', 'n']).where('n', '>', 0);
    let lapsed = this.db
      .selectFrom('board_record')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('running', '=', true)
      .where('tracked_status', '=', RESPONSES_DUE)
      .where('due_at', '<=', now)
      .groupBy('kind');
    if (filter.kind) {
      counts = counts.where('kind', '=', filter.kind);
      lapsed = lapsed.where('kind', '=', filter.kind as never);
    }
    const [rows, gone] = await Promise.all([counts.execute(), lapsed.execute()]);
    const bySeat: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    for (const r of rows) {
      if (r.seat === '') byKind[r.kind] = r.n;
      else bySeat[r.seat] = (bySeat[r.seat] ?? 0) + r.n;
    }
    // A lapsed decision awaits no seat (decision-tracking.ts): only its kind's total is less.
    for (const g of gone) {
      const left = (byKind[g.kind] ?? 0) - Number(g.n);
      if (left > 0) byKind[g.kind] = left;
      else delete byKind[g.kind];
    }
    return { bySeat, byKind };
  }

  /**
   * Running items matching `filter`: visibility's `ExecutionStatus = 'Running'` is `running`, and
   * a decision awaiting responses stops running once they are due.
   */
  private matching(filter: PendingFilter, now: Date): Query {
    let q: Query = this.db
      .selectFrom('board_record')
      .where('running', '=', true)
      .where((eb) => eb.or([eb('tracked_status', '<>', RESPONSES_DUE), eb('due_at', '>', now)]));
    if (filter.kind) q = q.where('kind', '=', filter.kind as never);
    for (const seat of new Set([filter.seat, filter.alsoAwaiting]))
      if (seat) q = q.where(sql<boolean>`awaiting @> array[${seat}]::text[]`);
    const before = [filter.overdue ? now : undefined, filter.dueBefore].filter(
      (d): d is Date => d !== undefined,
    );
    if (before.length) q = q.where('due_at', '<', new Date(Math.min(...before.map((d) => d.getTime()))));
    if (filter.dueFrom) q = q.where('due_at', '>=', filter.dueFrom);
    if (filter.undated) q = q.where('due_at', 'is', null);
    return q;
  }

  /** Soonest first, undated last, then by id compared as the API compares strings (code units). */
  private ordered(q: Query) {
    return q
      .select([
        'kind',
        'id',
        'title',
        'tracked_status',
        'awaiting',
        'due_at',
        // A cycle shows the cycle before it as its parent (priority-series.workflow.ts), not its series.
        sql<
          string | null
        >`case when kind = 'priority-cycle' then state->>'previousCycleId' else parent_id end`.as('parent'),
      ])
      .orderBy(sql`due_at asc nulls last`)
      .orderBy(sql`id collate "C"`)
      .$castTo<PendingRow>();
  }
}

/** True when the counts kept per kind and seat answer `filter`: no filter, or a kind alone. */
function kept(filter: PendingFilter): boolean {
  return (
    !filter.seat &&
    !filter.alsoAwaiting &&
    !filter.overdue &&
    !filter.dueBefore &&
    !filter.dueFrom &&
    !filter.undated
  );
}

/** The one awaited seat of a filter whose total the kept counts give (at most a kind besides); else undefined. */
function keptSeat(filter: PendingFilter): string | undefined {
  const seats = new Set([filter.seat, filter.alsoAwaiting].filter((s): s is string => !!s));
  if (seats.size !== 1) return undefined;
  return kept({ ...filter, seat: undefined, alsoAwaiting: undefined }) ? [...seats][0] : undefined;
}

/** After the cursor in the lists' order: a later due time, or the same and a later id; undated last. */
function after(eb: ExpressionBuilder<RecordSchema, 'board_record'>, cursor: PageCursor) {
  const laterId = sql<boolean>`id collate "C" > ${cursor.id}`;
  if (cursor.dueAt === null) return eb.and([eb('due_at', 'is', null), laterId]);
  const due = new Date(cursor.dueAt);
  return eb.or([eb('due_at', '>', due), eb.and([eb('due_at', '=', due), laterId]), eb('due_at', 'is', null)]);
}

function toItem(row: PendingRow, now: number | Date, viewer?: Viewer): PendingItem {
  const at = typeof now === 'number' ? now : now.getTime();
  return {
    kind: row.kind,
    id: row.id,
    title: row.title,
    action: pendingAction(row.kind, row.tracked_status, viewer),
    status: row.tracked_status,
    awaiting: [...row.awaiting],
    dueAt: row.due_at ? row.due_at.toISOString() : null,
    overdue: row.due_at !== null && row.due_at.getTime() < at,
    parentId: row.parent ?? null,
  };
}
