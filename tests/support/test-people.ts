/**
 * Test callers by role and seat, as the tests have always named them (`{ role: 'member', seat:
 * 'DE' }`), turned into the roster person of the configuration's seed who holds that place: the
 * token says who the person is and the roster says what they may do, so a test asks for a person.
 * `sub` picks among several holders by first name ('bernd' is DE's alternate, 'samir' the second
 * secretariat); `capacity: 'alternate'` picks a seat's alternate.
 */
import { readFileSync } from 'node:fs';
import { loadAppConfig } from '../../src/config/env';
import { slug } from '../../workflows/roster/roster-record';
import type { RosterSeedPerson, SeatCapacity } from '../../workflows/roster/roster.types';
import type { Role } from '../../src/auth/caller';

export interface TestCaller {
  role: Role;
  seat?: string;
  capacity?: SeatCapacity;
  /** A first name, to choose among the holders (ignored when nobody by that name holds the place). */
  sub?: string;
}

let seed: RosterSeedPerson[] | undefined;

/** The seeded roster of the board file (BOARD_CONFIG, default config/ilo-board.json). */
export function seededPeople(): RosterSeedPerson[] {
  const path = loadAppConfig({ BOARD_CONFIG: process.env.BOARD_CONFIG }).boardConfigPath;
  seed ??= (JSON.parse(readFileSync(path, 'utf8')) as { roster: RosterSeedPerson[] }).roster;
  return seed;
}

/** The roster id of the seeded person holding `who`'s place now. */
export function personIdFor(who: TestCaller): string {
  const email = emailFor(who);
  return slug(seededPeople().find((p) => p.email === email)?.name ?? email);
}

/** The e-mail of the seeded person holding `who`'s place now; throws when nobody does. */
export function emailFor(who: TestCaller): string {
  const now = Date.now();
  const holders = seededPeople().filter(
    (p) =>
      p.kind !== 'service' &&
      p.appointments.some(
        (a) =>
          a.role === who.role &&
          (a.until === undefined || a.until === null || Date.parse(a.until) > now) &&
          (who.role !== 'member' ||
            (a.seat === who.seat && (!who.capacity || (a.capacity ?? 'member') === who.capacity))),
      ),
  );
  const firstName = (name: string) => name.split(' ')[0].toLowerCase();
  const named = who.sub ? holders.find((p) => firstName(p.name) === who.sub?.toLowerCase()) : undefined;
  const capacityOf = (p: RosterSeedPerson) =>
    p.appointments.find((a) => a.seat === who.seat)?.capacity ?? 'member';
  const chosen =
    named ?? holders.find((p) => who.role !== 'member' || capacityOf(p) === 'member') ?? holders[0];
  if (!chosen) throw new Error(`nobody in the seeded roster holds ${JSON.stringify(who)}`);
  return chosen.email;
}
