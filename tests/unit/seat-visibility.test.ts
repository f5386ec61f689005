/** Whose lists are narrowed to a seat, and how: src/record/seat-visibility.ts. */
import { join } from 'node:path';
import { loadBoard } from '../../src/board/board-config';
import { BoardDirectory } from '../../src/board/board-directory';
import { audienceOf } from '../../src/record/seat-visibility';

const ilo = loadBoard(join(__dirname, '..', '..', 'config', 'ilo-board.json'));
const board = new BoardDirectory({
  ...ilo,
  seats: [...ilo.seats, { code: 'UNHCR', name: 'UN Refugee Agency', kind: 'observer', voting: false }],
});

describe('audienceOf', () => {
  it('leaves the secretariat and managers every item', () => {
    expect(audienceOf({ role: 'secretariat' }, board)).toBeUndefined();
    expect(audienceOf({ role: 'manager' }, board)).toBeUndefined();
  });

  it('narrows a member to the seat, an observer seat to what names it', () => {
    expect(audienceOf({ role: 'member', seat: 'DE' }, board)).toEqual({ seat: 'DE', observer: false });
    expect(audienceOf({ role: 'member', seat: 'NO' }, board)).toEqual({ seat: 'NO', observer: false });
    expect(audienceOf({ role: 'member', seat: 'UNHCR' }, board)).toEqual({ seat: 'UNHCR', observer: true });
  });
});
