/**
 * The archive lists, read from the board's record: open and closed items alike, newest first,
 * paged by an opaque cursor. Every role reads them; a member sees what the seat may see
 * (src/record/seat-visibility.ts).
 */
import { BadRequestException, Injectable } from '@nestjs/common';
import type { Caller } from '../../auth/caller';
import { BoardDirectory } from '../../board/board-directory';
import type { RecordKind } from '../../record/record.schema';
import { audienceOf } from '../../record/seat-visibility';
import { InvalidCursorError, RecordRepository, type RecordFilter } from '../../record/record-repository';
import type { ArchiveItemView, ArchivePageView, ArchiveQueryDto } from './archive.dto';

const DEFAULT_LIMIT = 50;

/** Any kind's query: the shared filters and whichever of the kind-specific ones it has. */
type ArchiveQuery = ArchiveQueryDto &
  Partial<Record<'rule' | 'outcome' | 'seat' | 'priority' | 'parentId' | 'roundId', string>>;

@Injectable()
export class ArchiveService {
  constructor(
    private readonly record: RecordRepository,
    private readonly board: BoardDirectory,
  ) {}

  async list(caller: Caller, kind: RecordKind, query: ArchiveQuery): Promise<ArchivePageView> {
    for (const [from, to] of [
      ['openedFrom', 'openedTo'],
      ['closedFrom', 'closedTo'],
    ] as const) {
      if (query[from] && query[to] && Date.parse(query[from]) >= Date.parse(query[to])) {
        throw new BadRequestException(`${from} must be before ${to}`);
      }
    }
    const filter: RecordFilter = {
      status: query.status,
      q: query.q,
      openedFrom: query.openedFrom,
      openedTo: query.openedTo,
      closedFrom: query.closedFrom,
      closedTo: query.closedTo,
      state: query.state,
      rule: query.rule,
      outcome: query.outcome,
      seat: query.seat,
      priority: query.priority,
      parentId: query.parentId ?? query.roundId,
      audience: audienceOf(caller, this.board),
    };
    try {
      const page = await this.record.list(kind, filter, {
        limit: query.limit ?? DEFAULT_LIMIT,
        cursor: query.cursor,
      });
      return {
        items: page.items.map((r): ArchiveItemView => ({
          kind: r.kind,
          id: r.id,
          title: r.title,
          status: r.status,
          open: r.open,
          outcome: r.outcome,
          openedAt: r.openedAt,
          closedAt: r.closedAt,
          rule: r.rule,
          seat: r.seat,
          priority: r.priority,
          parentId: r.parentId,
        })),
        nextCursor: page.nextCursor,
      };
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new BadRequestException(err.message);
      throw err;
    }
  }
}
