/**
 * Tracking over the board's record (src/tracking/record-pending.ts, the default), or over Temporal's
 * visibility when `PENDING_SOURCE=visibility`: same items, order, filters, cursor and counts. The pages (`page`: /me/pending and /pending) read only
 * about one page of rows, found by counting (see cutoff-search.ts); the exports (`list`: CSV,
 * calendar feeds) read every matching row. The SQL visibility store has no ORDER BY on custom
 * attributes, so rows are sorted soonest first here. Eventually consistent: every answer carries
 * the instant it was read (`asOf`).
 */
import { BadRequestException, Inject, Injectable, Optional } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { BoardDirectory } from '../../board/board-directory';
import { RecordPendingSource } from '../../tracking/record-pending';
import { mapBounded } from '../../tracking/bounded';
import {
  bySoonestDue,
  countPending,
  toPendingItem,
  trackedKinds,
  type PendingCounts,
  type PendingItem,
  type Viewer,
} from '../../tracking/pending-item';
import {
  END_OF_TIME,
  firstProbe,
  nextCutoffStep,
  type CutoffCount,
  type PageCursor,
} from '../../tracking/cutoff-search';
import { pendingQuery, type PendingFilter } from '../../tracking/visibility-query';

export interface PendingSnapshot {
  items: PendingItem[];
  asOf: string;
}

/** One page of a filtered pending list. */
export interface PendingPage extends PendingSnapshot {
  /** Items matching the filter, all pages. */
  total: number;
  /** Where the next page starts; absent on the last page. */
  next?: PageCursor;
  /** Every matching item, soonest first, when reading the page read them all (a first page of a short list). */
  every?: PendingItem[];
}

/** Count queries in flight at once for the per-seat and per-kind counts. */
const COUNT_CONCURRENCY = 8;

/** The filters a caller sets; the search's own bounds (dueFrom, undated…) are never taken from outside. */
function callerFilter(f: PendingFilter): PendingFilter {
  return { kind: f.kind, seat: f.seat, overdue: f.overdue, dueBefore: f.dueBefore };
}

@Injectable()
export class TrackingService {
  constructor(
    private readonly client: Client,
    private readonly board: BoardDirectory,
    /** Provided (CoreModule) when `PENDING_SOURCE=record`: the lists then read the record. */
    @Optional() @Inject(RecordPendingSource) private readonly record?: RecordPendingSource | null,
  ) {}

  /**
   * Every open item matching `filter`, soonest first. Reads every matching row: for the exports
   * (CSV, calendar feeds), which need them all; pages use {@link page}.
   */
  async list(filter: PendingFilter): Promise<PendingSnapshot> {
    this.check(filter);
    const now = new Date();
    if (this.record)
      return {
        items: await this.record.list(callerFilter(filter), now, this.viewer(filter)),
        asOf: now.toISOString(),
      };
    const items: PendingItem[] = [];
    for await (const info of this.client.workflow.list({
      query: pendingQuery(callerFilter(filter), now),
      pageSize: 1000,
    })) {
      items.push(toPendingItem(info, now.getTime(), this.viewer(filter)));
    }
    items.sort(bySoonestDue);
    return { items, asOf: now.toISOString() };
  }

  /**
   * The soonest `limit` items matching `filter`, after `cursor`: counts find a due-time cutoff
   * holding about a page (see cutoff-search.ts), then one list reads just those, so the cost
   * follows the page, not the whole list. Undated items sort last (as in {@link list}): once the
   * dated ones are done, they are listed together (there are few; visibility cannot sort them).
   */
  async page(filter: PendingFilter, limit: number, cursor?: PageCursor): Promise<PendingPage> {
    this.check(filter);
    const now = new Date();
    if (this.record) return this.recordPage(filter, limit, now, cursor);
    const base = callerFilter(filter);
    // A due bound (overdue, dueBefore) leaves undated items out, as the visibility query does.
    const undatedToo = !base.overdue && !base.dueBefore;
    // Every cutoff at or past the filter's own bound counts everything left: no need to ask.
    const bound = Math.min(
      base.overdue ? now.getTime() : Infinity,
      base.dueBefore ? base.dueBefore.getTime() : Infinity,
    );
    const window = (lower: number | undefined, before: number) =>
      pendingQuery(
        {
          ...base,
          dueFrom: lower === undefined ? undefined : new Date(lower),
          dueBefore: new Date(Math.min(before, bound)),
        },
        now,
      );
    const count = async (query: string) => (await this.client.workflow.count(query)).count;
    const datedCursor = cursor?.dueAt ? { dueAt: cursor.dueAt, id: cursor.id } : undefined;
    // An undated cursor means the dated items are all behind.
    const datedDone = cursor !== undefined && !datedCursor;
    let lower = datedCursor ? Date.parse(datedCursor.dueAt) : undefined;
    // The totals and the search's first probe do not depend on each other: ask them together.
    const probe = firstProbe(lower ?? now.getTime());
    const [total, undated, remaining, nearby] = await Promise.all([
      count(pendingQuery(base, now)),
      undatedToo && !datedDone ? count(pendingQuery({ ...base, undated: true }, now)) : 0,
      datedCursor ? count(window(lower, END_OF_TIME)) : undefined,
      !datedDone && probe < bound ? count(window(lower, probe)) : undefined,
    ]);
    // Dated items left from `lower` on.
    let left = datedDone ? 0 : (remaining ?? total - undated);
    // Ties with the cursor's due time come back again and are skipped: want one more.
    const want = datedCursor ? limit + 1 : limit;
    const items: PendingItem[] = [];
    let cutoff = lower ?? 0;
    // Only the first window's search starts from the probe counted up front.
    let known: CutoffCount[] = nearby === undefined ? [] : [{ cutoff: probe, count: nearby }];
    // A window left short of a page by skipped ties is followed by the next one.
    while (items.length < limit && cutoff < END_OF_TIME && left > 0) {
      const start = lower ?? now.getTime();
      const seen: CutoffCount[] = [{ cutoff: END_OF_TIME, count: left }, ...known];
      known = [];
      let step = nextCutoffStep(start, want, seen);
      while ('count' in step) {
        const upTo = step.count;
        seen.push({ cutoff: upTo, count: upTo >= bound ? left : await count(window(lower, upTo)) });
        step = nextCutoffStep(start, want, seen);
      }
      cutoff = step.list;
      for await (const info of this.client.workflow.list({ query: window(lower, cutoff), pageSize: 1000 })) {
        left--;
        const item = toPendingItem(info, now.getTime(), this.viewer(filter));
        if (
          !datedCursor ||
          (item.dueAt as string) > datedCursor.dueAt ||
          (item.dueAt === datedCursor.dueAt && item.id > datedCursor.id)
        )
          items.push(item);
      }
      lower = cutoff;
    }
    // Short of a page once the dated items are done: the undated ones follow, by id.
    const readUndated = undatedToo && items.length < limit && (datedDone || undated > 0);
    if (readUndated) {
      const query = pendingQuery({ ...base, undated: true }, now);
      for await (const info of this.client.workflow.list({ query, pageSize: 1000 })) {
        const item = toPendingItem(info, now.getTime(), this.viewer(filter));
        if (!datedDone || item.id > (cursor as PageCursor).id) items.push(item);
      }
    }
    items.sort(bySoonestDue);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    const more = items.length > limit || left > 0 || (!readUndated && undated > 0);
    return {
      items: page,
      total,
      asOf: now.toISOString(),
      next: more && last ? { dueAt: last.dueAt, id: last.id } : undefined,
      every: !cursor && left <= 0 && (readUndated || undated === 0) ? items : undefined,
    };
  }

  /**
   * A page of `filter` (see {@link page}) with the open items matching it per awaited seat and per
   * kind. When the page read every matching item, they are counted as read; otherwise one count
   * per seat of the board and per kind, {@link COUNT_CONCURRENCY} at a time, never a row read.
   * Counts are asked after the page, not beside it: every visibility call spends the namespace's
   * visibility rate limit, and a short list needs none of them.
   */
  async overview(
    filter: PendingFilter,
    limit: number,
    cursor?: PageCursor,
  ): Promise<PendingPage & { counts: PendingCounts }> {
    const page = await this.page(filter, limit, cursor);
    if (this.record)
      return { ...page, counts: await this.record.counts(callerFilter(filter), new Date(page.asOf)) };
    const counts = page.every
      ? countPending(page.every)
      : await this.countEach(filter, page.total, new Date(page.asOf));
    return { ...page, counts };
  }

  /**
   * One count per seat of the board and per kind over `filter`; `total` is the filter's own count
   * and `now` the page's (so `overdue` means the same instant in both).
   */
  private async countEach(filter: PendingFilter, total: number, now: Date): Promise<PendingCounts> {
    const bySeat: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    if (total === 0) return { bySeat, byKind };
    const base = callerFilter(filter);
    // The filter's own seat and kind are not asked: every item matching the filter has them.
    const asks = [
      ...this.board.board.seats
        .filter((s) => s.code !== base.seat)
        .map((s) => ({ seat: s.code, query: pendingQuery({ ...base, alsoAwaiting: s.code }, now) })),
      ...(base.kind ? [] : trackedKinds).map((kind) => ({
        kind,
        query: pendingQuery({ ...base, kind }, now),
      })),
    ];
    const answers = await mapBounded(
      asks,
      COUNT_CONCURRENCY,
      async (ask) => (await this.client.workflow.count(ask.query)).count,
    );
    if (base.seat) bySeat[base.seat] = total;
    if (base.kind) byKind[base.kind] = total;
    asks.forEach((ask, i) => {
      if (answers[i] === 0) return;
      if ('seat' in ask) bySeat[ask.seat] = answers[i];
      else byKind[ask.kind] = answers[i];
    });
    return { bySeat, byKind };
  }

  /** A page read from the record: SQL sorts and pages, so no counting search is needed. */
  private async recordPage(
    filter: PendingFilter,
    limit: number,
    now: Date,
    cursor?: PageCursor,
  ): Promise<PendingPage> {
    const source = this.record as RecordPendingSource;
    const read = await source.page(callerFilter(filter), now, limit, cursor, this.viewer(filter));
    const last = read.items[read.items.length - 1];
    return {
      items: read.items,
      total: read.total,
      asOf: now.toISOString(),
      next: read.more && last ? { dueAt: last.dueAt, id: last.id } : undefined,
    };
  }

  /** The seat whose list is read (a `seat` filter), so each item says what that seat has to do. */
  private viewer(filter: PendingFilter): Viewer | undefined {
    const seat = filter.seat ? this.board.seat(filter.seat) : undefined;
    return seat ? { code: seat.code, voting: seat.voting } : undefined;
  }

  /** A kind the project does not track, or a seat not on this board, is a 400 naming it. */
  private check(filter: PendingFilter): void {
    if (filter.kind && !trackedKinds.includes(filter.kind)) {
      throw new BadRequestException(`kind must be one of ${trackedKinds.join(', ')}`);
    }
    if (filter.seat && !this.board.seat(filter.seat))
      throw new BadRequestException(`seat ${filter.seat} is not on this board`);
  }
}
