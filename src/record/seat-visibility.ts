/**
 * What a member's seat may see of the board's record, as the item reads allow it: every item of
 * the board, except a meeting its seat is not invited to; and for an observer seat (invited per
 * item, Regulation (EU) 2019/1240, Article 7), only the items that name it: the decisions and
 * meetings it is invited to, and its own requests and reports. The secretariat and managers see
 * everything.
 */
import type { Caller } from '../auth/caller';
import type { BoardDirectory } from '../board/board-directory';
import type { RecordSummary } from './record-summary';
import type { RecordKind } from './record.schema';

/** The seat a list is narrowed to, and whether it is an observer seat. */
export interface RecordAudience {
  seat: string;
  observer: boolean;
}

/** The audience of `caller`'s lists; undefined when the caller sees every item. */
export function audienceOf(
  caller: Pick<Caller, 'role' | 'seat'>,
  board: BoardDirectory,
): RecordAudience | undefined {
  if (caller.role !== 'member' || !caller.seat) return undefined;
  return { seat: caller.seat, observer: board.seat(caller.seat)?.kind === 'observer' };
}

/**
 * Whether `audience` may read one item, by the lists' rule ({@link audienceOf}; undefined: every
 * item): an observer seat what names it (its own, or invited), a board seat all but the meetings
 * it is not invited to. The lists state the same rule in SQL (record-repository.ts).
 */
export function mayReadItem(
  audience: RecordAudience | undefined,
  kind: RecordKind,
  item: Pick<RecordSummary, 'seat' | 'invited'>,
): boolean {
  if (!audience) return true;
  const invited = item.invited.includes(audience.seat);
  return audience.observer ? item.seat === audience.seat || invited : kind !== 'meeting' || invited;
}
