/**
 * Tracking over Temporal's visibility: one list query per answer, sorted soonest first here
 * (the SQL visibility store has no ORDER BY on custom attributes). Eventually consistent: every
 * answer carries the instant it was read (`asOf`).
 */
import { BadRequestException, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { BoardDirectory } from '../../board/board-directory';
import { bySoonestDue, toPendingItem, trackedKinds, type PendingItem } from '../../tracking/pending-item';
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

@Injectable()
export class TrackingService {
  constructor(
    private readonly client: Client,
    private readonly board: BoardDirectory,
  ) {}

  /** Every open item matching `filter`, soonest first. */
  async list(filter: PendingFilter): Promise<PendingSnapshot> {
    if (filter.kind && !trackedKinds.includes(filter.kind)) {
      throw new BadRequestException(`kind must be one of ${trackedKinds.join(', ')}`);
    }
    if (filter.seat && !this.board.seat(filter.seat))
      throw new BadRequestException(`seat ${filter.seat} is not on this board`);
    const now = new Date();
    const items: PendingItem[] = [];
    for await (const info of this.client.workflow.list({
      query: pendingQuery(filter, now),
      pageSize: 1000,
    })) {
      items.push(toPendingItem(info, now.getTime()));
    }
    items.sort(bySoonestDue);
    return { items, asOf: now.toISOString() };
  }

  /**
   * The soonest `limit` items awaiting `seat`, after `cursor`: counts find a due-time cutoff
   * holding about a page (see cutoff-search.ts), then one list reads just those, so the cost
   * follows the page, not the seat's whole list. `total` is the number of items awaiting the seat.
   */
  async seatPage(
    seat: string,
    limit: number,
    cursor?: PageCursor,
  ): Promise<PendingSnapshot & { total: number; next?: PageCursor }> {
    const now = new Date();
    const window = (lower: number | undefined, before: number) =>
      pendingQuery(
        { seat, dueFrom: lower === undefined ? undefined : new Date(lower), dueBefore: new Date(before) },
        new Date(0),
      );
    const count = async (lower: number | undefined, before: number) =>
      (await this.client.workflow.count(window(lower, before))).count;
    let lower = cursor ? Date.parse(cursor.dueAt) : undefined;
    // The totals and the search's first probe do not depend on each other: ask them together.
    const probe = firstProbe(lower ?? now.getTime());
    const [{ count: total }, remaining, nearby] = await Promise.all([
      this.client.workflow.count(pendingQuery({ seat }, now)),
      cursor ? count(lower, END_OF_TIME) : Promise.resolve(-1),
      count(lower, probe),
    ]);
    let left = cursor ? remaining : total;
    // Ties with the cursor's due time come back again and are skipped: want one more.
    const want = cursor ? limit + 1 : limit;
    const items: PendingItem[] = [];
    let cutoff = lower ?? 0;
    // Only the first window's search starts from the probe counted up front.
    let known: CutoffCount[] = [{ cutoff: probe, count: nearby }];
    // A window left short of a page by skipped ties is followed by the next one.
    while (items.length < limit && cutoff < END_OF_TIME && left > 0) {
      const start = lower ?? now.getTime();
      const seen: CutoffCount[] = [{ cutoff: END_OF_TIME, count: left }, ...known];
      known = [];
      let step = nextCutoffStep(start, want, seen);
      while ('count' in step) {
        seen.push({ cutoff: step.count, count: await count(lower, step.count) });
        step = nextCutoffStep(start, want, seen);
      }
      cutoff = step.list;
      for await (const info of this.client.workflow.list({ query: window(lower, cutoff), pageSize: 1000 })) {
        left--;
        const item = toPendingItem(info, now.getTime());
        if (
          !cursor ||
          (item.dueAt as string) > cursor.dueAt ||
          (item.dueAt === cursor.dueAt && item.id > cursor.id)
        )
          items.push(item);
      }
      lower = cutoff;
    }
    items.sort(bySoonestDue);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    const more = items.length > limit || left > 0;
    return {
      items: page,
      total,
      asOf: now.toISOString(),
      next: more && last?.dueAt ? { dueAt: last.dueAt, id: last.id } : undefined,
    };
  }

  /** Items per awaited seat and per kind, over `items`. */
  counts(items: readonly PendingItem[]): { bySeat: Record<string, number>; byKind: Record<string, number> } {
    const bySeat: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    for (const item of items) {
      byKind[item.kind] = (byKind[item.kind] ?? 0) + 1;
      for (const seat of item.awaiting) bySeat[seat] = (bySeat[seat] ?? 0) + 1;
    }
    return { bySeat, byKind };
  }
}
