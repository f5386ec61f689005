/** The board file: the ILO default loads as docs/domain.md describes it; a bad file names its problem. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoardConfigError, loadBoard, parseBoard } from '../../src/board/board-config';
import { BoardDirectory } from '../../src/board/board-directory';

const defaultBoard = join(__dirname, '..', '..', 'config', 'ilo-board.json');

test('the default ILO board: 36 seats, 32 voting, Schengen-associated states without a vote', () => {
  const board = loadBoard(defaultBoard);
  expect(board.seats).toHaveLength(36);
  const directory = new BoardDirectory(board);
  expect(directory.votingSeatCodes()).toHaveLength(32);
  for (const code of ['IS', 'LI', 'NO', 'CH'])
    expect(directory.seat(code)).toMatchObject({ kind: 'schengen-associated', voting: false });
  for (const code of ['COM1', 'COM2', 'FRONTEX', 'EUROPOL', 'EUAA', 'GR', 'DE'])
    expect(directory.seat(code)?.voting).toBe(true);
  expect(board.seats.filter((s) => s.kind === 'member-state')).toHaveLength(27);
  expect(board.defaults).toEqual({ rule: 'absolute', quorum: null, recuseRequestingSeat: true });
  expect(board.themes).toContain('migrant-smuggling');
  // A Commission representative chairs; the chair has no vote beyond its seat's.
  expect(board.chair).toBe('COM1');
  expect(directory.chairCode()).toBe('COM1');
  expect(directory.opinionSeatCodes()).toEqual(['IS', 'LI', 'NO', 'CH']);
});

test('the chair is optional, at most one seat holds it', () => {
  expect(parseBoard({ name: 'B', seats: [seat] }).chair).toBeNull();
  expect(() =>
    parseBoard({
      name: 'B',
      seats: [
        { ...seat, chair: true },
        { ...seat, code: 'BB', chair: true },
      ],
    }),
  ).toThrow('only one seat may chair the Board (AA, BB do)');
  expect(() => parseBoard({ name: 'B', seats: [{ ...seat, chair: 'yes' }] })).toThrow(
    'seats[0].chair must be true or false',
  );
});

const seat = { code: 'AA', name: 'A', kind: 'member-state', voting: true };

test.each([
  [{ name: 'B', seats: [] }, 'seats must be a non-empty array'],
  [{ name: 'B', seats: [seat, seat] }, 'seat code AA appears twice'],
  [{ name: 'B', seats: [{ ...seat, voting: false }] }, 'at least one seat must have a vote'],
  [{ name: 'B', seats: [{ ...seat, kind: 'king' }] }, 'seats[0].kind must be one of'],
  [{ name: 'B', seats: [{ ...seat, code: 'de' }] }, 'seats[0].code must be upper-case letters and digits'],
  [{ name: 'B', seats: [seat], defaults: { rule: 'majority' } }, 'defaults.rule must be one of'],
  [
    { name: 'B', seats: [seat], defaults: { quorum: 2 } },
    'defaults.quorum must be null or a number from 0 to 1',
  ],
  [{ seats: [seat] }, 'name must be a non-empty string'],
])('%j is refused: %s', (doc, message) => {
  expect(() => parseBoard(doc)).toThrow(message);
});

test('a file that is not JSON gives one line naming the file', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'board-')), 'board.json');
  writeFileSync(file, '{ not json');
  expect(() => loadBoard(file)).toThrow(BoardConfigError);
  expect(() => loadBoard(file)).toThrow(new RegExp(`^Invalid board configuration ${file}: `));
});

test('meetings: the agenda freezes 10 days ahead and half the voting seats make the quorum, unless configured', () => {
  expect(loadBoard(defaultBoard).meetings).toEqual({ agendaFreezeDays: 10, attendanceQuorum: 0.5 });
  const base = { name: 'B', seats: [{ code: 'AT', name: 'Austria', kind: 'member-state', voting: true }] };
  expect(
    parseBoard({ ...base, meetings: { agendaFreezeDays: 14, attendanceQuorum: null } }).meetings,
  ).toEqual({
    agendaFreezeDays: 14,
    attendanceQuorum: null,
  });
  expect(() => parseBoard({ ...base, meetings: { agendaFreezeDays: -1 } })).toThrow(
    'meetings.agendaFreezeDays must be a whole number of days from 0 to 365',
  );
  expect(() => parseBoard({ ...base, meetings: { attendanceQuorum: 2 } })).toThrow(
    'meetings.attendanceQuorum must be null or a number from 0 to 1',
  );
});
