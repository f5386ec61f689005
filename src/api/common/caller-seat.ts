/** The seat a write is made for: the caller's own, which only a member of a seat has. */
import { ForbiddenException } from '@nestjs/common';
import type { Caller } from '../../auth/caller';

/** The caller's seat code; 403 for a caller who is not a member of a seat. */
export function requireSeat(caller: Caller): string {
  if (caller.role !== 'member' || !caller.seat)
    throw new ForbiddenException('only a member of a seat can do this');
  return caller.seat;
}
