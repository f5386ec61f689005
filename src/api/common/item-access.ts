/**
 * One item read by a member: refused when the lists would not show it to the caller's seat
 * (src/record/seat-visibility.ts), so that an id typed in reads no more than the lists give.
 */
import { ForbiddenException } from '@nestjs/common';
import type { Caller } from '../../auth/caller';
import type { BoardDirectory } from '../../board/board-directory';
import { summarizeRecord } from '../../record/record-summary';
import type { RecordKind } from '../../record/record.schema';
import { audienceOf, mayReadItem } from '../../record/seat-visibility';

/** Throws 403 unless `caller` may read the item of `kind` whose state is `state`. */
export function assertMayRead(
  caller: Caller,
  board: BoardDirectory,
  kind: RecordKind,
  id: string,
  state: unknown,
): void {
  const audience = audienceOf(caller, board);
  if (mayReadItem(audience, kind, summarizeRecord(kind, state))) return;
  throw new ForbiddenException(
    audience?.observer
      ? `seat ${audience.seat} is an observer: it reads only the items that invite it and its own, and ${id} is neither`
      : `seat ${audience?.seat} is not invited to ${id}`,
  );
}
