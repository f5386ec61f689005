/**
 * The initial roster from the board configuration file's `roster` list: who sits for whom when
 * the board's roster is first created. Checked at start-up with the roster's own rules, so a bad
 * seed stops the start with one line naming the person and the problem. Later changes are made
 * through the API and live in the roster workflow; editing the seed then changes nothing.
 */
import { readFileSync } from 'node:fs';
import { RosterRecord } from '../../workflows/roster/roster-record';
import type { RosterSeedPerson } from '../../workflows/roster/roster.types';
import { BoardConfigError } from '../board/board-config';
import type { BoardDirectory } from '../board/board-directory';

/** Reads and checks the seed of the board file at `path` (none: an empty roster). */
export function loadRosterSeed(path: string, board: BoardDirectory, now = Date.now()): RosterSeedPerson[] {
  const fail = (message: string): never => {
    throw new BoardConfigError(`Invalid board configuration ${path}: ${message}`);
  };
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { roster?: unknown };
  if (doc.roster === undefined) return [];
  if (!Array.isArray(doc.roster)) return fail('roster must be an array of people');
  const seed = doc.roster as RosterSeedPerson[];
  seed.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || !Array.isArray(p.appointments))
      fail(`roster[${i}] must be a person with an appointments array`);
    p.appointments.forEach((a, j) => {
      if (a.seat !== undefined && !board.seat(a.seat))
        fail(`roster[${i}].appointments[${j}].seat ${a.seat} is not on this board`);
    });
  });
  try {
    RosterRecord.seeded(seed, now);
  } catch (err) {
    fail(`${(err as Error).message}`);
  }
  return seed;
}
