/**
 * Who is calling: a person of the board's roster, in the capacity of one appointment that holds
 * at the moment of the call. The token says who the person is; the roster says what they may do.
 */
import type { ActingAs, AppointmentRole, SeatCapacity } from '../../workflows/roster/roster.types';

export const roles = ['secretariat', 'member', 'manager'] as const satisfies readonly AppointmentRole[];
export type Role = (typeof roles)[number];

export interface Caller {
  /** The roster person's id (`anna-schmidt`): recorded as who acted. */
  sub: string;
  /** The person's name, for the record ("cast by Anna Schmidt, alternate for DE"). */
  name: string;
  role: Role;
  /** For members: the seat the appointment is for. */
  seat?: string;
  /** For members: member or alternate of {@link seat}. */
  capacity?: SeatCapacity;
  /** The appointment the caller acts under. */
  appointmentId?: string;
}

/** The capacity a member's write is recorded with (undefined for other callers). */
export function actingAs(caller: Caller): ActingAs | undefined {
  return caller.role === 'member' && caller.capacity
    ? { name: caller.name, capacity: caller.capacity }
    : undefined;
}
