/**
 * Tracking over Temporal's visibility: one list query per answer, sorted soonest first here
 * (the SQL visibility store has no ORDER BY on custom attributes). Eventually consistent: every
 * answer carries the instant it was read (`asOf`).
 */
import { BadRequestException, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { BoardDirectory } from '../../board/board-directory';
import { bySoonestDue, toPendingItem, trackedKinds, type PendingItem } from '../../tracking/pending-item';
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
