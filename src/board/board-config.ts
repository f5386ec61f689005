/**
 * Loads and checks the board configuration file (BOARD_CONFIG, default config/ilo-board.json).
 * A bad file stops the start with one line naming the file, the field and the problem.
 */
import { readFileSync } from 'node:fs';
import { decisionRules } from '../../workflows/rules/decision-rules';
import { seatKinds, type Board, type Seat } from '../../workflows/shared/board.types';

/** Raised for an unreadable or invalid board file; the message is one line. */
export class BoardConfigError extends Error {
  override name = 'BoardConfigError';
}

/** Reads and validates a board file. */
export function loadBoard(path: string): Board {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new BoardConfigError(`Invalid board configuration ${path}: ${(err as Error).message}`);
  }
  try {
    return parseBoard(raw);
  } catch (err) {
    throw new BoardConfigError(`Invalid board configuration ${path}: ${(err as Error).message}`);
  }
}

/** Validates a parsed board document; throws an Error naming the first bad field. */
export function parseBoard(raw: unknown): Board {
  const doc = object(raw, 'the document');
  const seatsRaw = doc.seats;
  if (!Array.isArray(seatsRaw) || seatsRaw.length === 0) throw new Error('seats must be a non-empty array');
  const seats: Seat[] = seatsRaw.map((s, i) => parseSeat(s, `seats[${i}]`));
  const codes = new Set<string>();
  for (const seat of seats) {
    if (codes.has(seat.code)) throw new Error(`seat code ${seat.code} appears twice`);
    codes.add(seat.code);
  }
  if (!seats.some((s) => s.voting)) throw new Error('at least one seat must have a vote');
  const chairs = seats.filter((s) => s.chair);
  if (chairs.length > 1)
    throw new Error(`only one seat may chair the Board (${chairs.map((s) => s.code).join(', ')} do)`);
  const defaults = doc.defaults === undefined ? {} : object(doc.defaults, 'defaults');
  const rule = defaults.rule ?? 'absolute';
  if (!decisionRules.includes(rule as never))
    throw new Error(`defaults.rule must be one of ${decisionRules.join(', ')}`);
  const quorum = defaults.quorum ?? null;
  if (quorum !== null && (typeof quorum !== 'number' || quorum < 0 || quorum > 1)) {
    throw new Error('defaults.quorum must be null or a number from 0 to 1');
  }
  const themes = doc.themes ?? [];
  if (!Array.isArray(themes) || themes.some((t) => typeof t !== 'string' || t === '')) {
    throw new Error('themes must be an array of non-empty strings');
  }
  const meetings = doc.meetings === undefined ? {} : object(doc.meetings, 'meetings');
  const freezeDays = meetings.agendaFreezeDays ?? 10;
  if (typeof freezeDays !== 'number' || !Number.isInteger(freezeDays) || freezeDays < 0 || freezeDays > 365)
    throw new Error('meetings.agendaFreezeDays must be a whole number of days from 0 to 365');
  const attendanceQuorum = meetings.attendanceQuorum === undefined ? 0.5 : meetings.attendanceQuorum;
  if (
    attendanceQuorum !== null &&
    (typeof attendanceQuorum !== 'number' || attendanceQuorum < 0 || attendanceQuorum > 1)
  )
    throw new Error('meetings.attendanceQuorum must be null or a number from 0 to 1');
  const secretariat = doc.secretariat === undefined ? {} : object(doc.secretariat, 'secretariat');
  return {
    name: string(doc.name, 'name'),
    basis: doc.basis === undefined ? undefined : string(doc.basis, 'basis'),
    defaults: {
      rule: rule as Board['defaults']['rule'],
      quorum: quorum as number | null,
      recuseRequestingSeat: defaults.recuseRequestingSeat !== false,
    },
    themes: themes as string[],
    seats,
    chair: chairs[0]?.code ?? null,
    secretariat: {
      name: secretariat.name === undefined ? 'Secretariat' : string(secretariat.name, 'secretariat.name'),
      contact:
        secretariat.contact === undefined ? undefined : string(secretariat.contact, 'secretariat.contact'),
    },
    meetings: { agendaFreezeDays: freezeDays, attendanceQuorum: attendanceQuorum as number | null },
  };
}

function parseSeat(raw: unknown, where: string): Seat {
  const s = object(raw, where);
  const code = string(s.code, `${where}.code`);
  if (!/^[A-Z][A-Z0-9]{1,15}$/.test(code))
    throw new Error(`${where}.code must be upper-case letters and digits`);
  if (!seatKinds.includes(s.kind as never))
    throw new Error(`${where}.kind must be one of ${seatKinds.join(', ')}`);
  if (typeof s.voting !== 'boolean') throw new Error(`${where}.voting must be true or false`);
  if (s.chair !== undefined && typeof s.chair !== 'boolean')
    throw new Error(`${where}.chair must be true or false`);
  return {
    code,
    name: string(s.name, `${where}.name`),
    kind: s.kind as Seat['kind'],
    voting: s.voting,
    contact: s.contact === undefined ? undefined : string(s.contact, `${where}.contact`),
    ...(s.chair === true ? { chair: true } : {}),
  };
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function string(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error(`${where} must be a non-empty string`);
  return value;
}
