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

const seeds = new Map<string, RosterSeedPerson[]>();

/** The seeded roster of a board file (default: BOARD_CONFIG, else config/ilo-board.json). */
export function seededPeople(
  boardConfigPath = loadAppConfig({ BOARD_CONFIG: process.env.BOARD_CONFIG }).boardConfigPath,
): RosterSeedPerson[] {
  let seed = seeds.get(boardConfigPath);
  if (!seed) {
    seed = (JSON.parse(readFileSync(boardConfigPath, 'utf8')) as { roster: RosterSeedPerson[] }).roster;
    seeds.set(boardConfigPath, seed);
  }
  return seed;
}

/** The roster id of the seeded person holding `who`'s place now. */
export function personIdFor(who: TestCaller, boardConfigPath?: string): string {
  const email = emailFor(who, boardConfigPath);
  return slug(seededPeople(boardConfigPath).find((p) => p.email === email)?.name ?? email);
}

/** The e-mail of the seeded person holding `who`'s place now; throws when nobody does. */
export function emailFor(who: TestCaller, boardConfigPath?: string): string {
  const now = Date.now();
  const holders = seededPeople(boardConfigPath).filter(
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
