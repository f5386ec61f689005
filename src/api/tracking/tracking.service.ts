/**
 * Tracking over Temporal's visibility: one list query per answer, sorted soonest first here
 * (the SQL visibility store has no ORDER BY on custom attributes). Eventually consistent: every
 * answer carries the instant it was read (`asOf`).
 */
import { BadRequestException, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { BoardDirectory } from '../../board/board-directory';
import { bySoonestDue, toPendingItem, trackedKinds, type PendingItem } from '../../tracking/pending-item';
import { dueWindows, type PageCursor } from '../../tracking/due-windows';
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
   * The soonest `limit` items awaiting `seat`, after `cursor`: read window by window (see
   * due-windows.ts) so the cost follows the page, not the seat's whole list. `total` is the
   * number of items awaiting the seat (a cheap count).
   */
  async seatPage(
    seat: string,
    limit: number,
    cursor?: PageCursor,
  ): Promise<PendingSnapshot & { total: number; next?: PageCursor }> {
    const now = new Date();
    const base: PendingFilter = { seat, dueFrom: cursor ? new Date(cursor.dueAt) : undefined };
    const [{ count: total }, { count: remaining }] = await Promise.all([
      this.client.workflow.count(pendingQuery({ seat }, now)),
      cursor ? this.client.workflow.count(pendingQuery(base, now)) : Promise.resolve({ count: -1 }),
    ]);
    const left = cursor ? remaining : total;
    const items: PendingItem[] = [];
    let fetched = 0;
    for (const window of dueWindows(now.getTime(), cursor ? Date.parse(cursor.dueAt) : undefined)) {
      const query = pendingQuery(
        {
          seat,
          dueFrom: window.from === undefined ? undefined : new Date(window.from),
          dueBefore: new Date(window.to),
        },
        new Date(0),
      );
      for await (const info of this.client.workflow.list({ query, pageSize: 1000 })) {
        fetched++;
        const item = toPendingItem(info, now.getTime());
        if (
          !cursor ||
          (item.dueAt as string) > cursor.dueAt ||
          (item.dueAt === cursor.dueAt && item.id > cursor.id)
        ) {
          items.push(item);
        }
      }
      if (items.length >= limit || fetched >= left) break;
    }
    items.sort(bySoonestDue);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    const more = items.length > limit || fetched < left;
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
