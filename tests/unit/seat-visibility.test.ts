/** Whose lists are narrowed to a seat, and how: src/record/seat-visibility.ts. */
import { join } from 'node:path';
import { loadBoard } from '../../src/board/board-config';
import { BoardDirectory } from '../../src/board/board-directory';
import { audienceOf, mayReadItem } from '../../src/record/seat-visibility';

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

describe('mayReadItem', () => {
  const observer = { seat: 'UNHCR', observer: true };
  const member = { seat: 'DE', observer: false };
  const item = (seat: string | null, invited: string[] = []) => ({ seat, invited });

  it('gives the secretariat and managers every item', () => {
    expect(mayReadItem(undefined, 'meeting', item(null))).toBe(true);
    expect(mayReadItem(undefined, 'decision', item(null))).toBe(true);
  });

  it('gives an observer seat only what invites it or is its own', () => {
    expect(mayReadItem(observer, 'decision', item(null, ['UNHCR']))).toBe(true);
    expect(mayReadItem(observer, 'decision', item(null))).toBe(false);
    expect(mayReadItem(observer, 'reporting-obligation', item('UNHCR'))).toBe(true);
    expect(mayReadItem(observer, 'reporting-obligation', item('FR'))).toBe(false);
    expect(mayReadItem(observer, 'funding-round', item(null))).toBe(false);
    expect(mayReadItem(observer, 'meeting', item(null, ['UNHCR', 'DE']))).toBe(true);
  });

  it('gives a board seat every item but the meetings it is not invited to', () => {
    expect(mayReadItem(member, 'decision', item(null))).toBe(true);
    expect(mayReadItem(member, 'funding-request', item('FR'))).toBe(true);
    expect(mayReadItem(member, 'meeting', item(null, ['FR']))).toBe(false);
    expect(mayReadItem(member, 'meeting', item(null, ['DE']))).toBe(true);
  });
});
