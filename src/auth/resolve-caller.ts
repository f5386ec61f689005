/**
 * From a verified identity to a {@link Caller}: the roster person it names and the appointment
 * they act under at `now`. 403 naming the reason when the person is not on the roster, holds no
 * appointment now (ended, or not begun), or holds none the route allows.
 */
import { ForbiddenException } from '@nestjs/common';
import { capacityLabel } from '../../workflows/roster/roster-record';
import type { Appointment } from '../../workflows/roster/roster.types';
import type { RosterView } from '../roster/roster-view';
import type { Caller, Role } from './caller';
import type { TokenIdentity } from './token-verifier';

export interface ResolveOptions {
  /** The route's roles (undefined: any appointment). */
  allowed?: Role[];
}

export function resolveCaller(
  identity: TokenIdentity,
  roster: RosterView,
  now: number,
  opts: ResolveOptions = {},
): Caller {
  const person =
    identity.kind === 'service' ? roster.person(identity.personId) : roster.personByEmail(identity.value);
  if (!person) {
    const who = identity.kind === 'service' ? `service account ${identity.personId}` : identity.value;
    throw new ForbiddenException(`${who} is not on the board's roster`);
  }
  let held = roster.appointmentsAt(person.id, now);
  if (held.length === 0) throw new ForbiddenException(roster.whyNothingAt(person, now));
  if (identity.kind === 'service') {
    held = held.filter((a) => a.tokens);
    if (held.length === 0)
      throw new ForbiddenException(
        `${person.name} signs in through the identity provider: npm run token is for service accounts and appointments that allow tokens`,
      );
  }
  const acting: Appointment | undefined = opts.allowed
    ? held.find((a) => opts.allowed?.includes(a.role))
    : held[0];
  if (!acting)
    throw new ForbiddenException(
      `this action is for ${opts.allowed?.join(' or ')}; ${person.name} is ${held.map(capacityLabel).join(' and ')}`,
    );
  return {
    sub: person.id,
    name: person.name,
    role: acting.role,
    ...(acting.role === 'member' ? { seat: acting.seat, capacity: acting.capacity } : {}),
    appointmentId: acting.id,
  };
}
