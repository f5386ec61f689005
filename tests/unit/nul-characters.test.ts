/** Where a client's input holds the NUL character, which the board's record cannot store. */
import { nulCharacterAt } from '../../src/api/common/nul-characters';

test('finds the first string holding U+0000 and names its field path', () => {
  expect(nulCharacterAt({ title: 'Budget', text: 'clean' }, '')).toBeNull();
  expect(nulCharacterAt({ title: 'a\u0000b' }, '')).toBe('title');
  expect(nulCharacterAt({ agenda: [{ title: 'ok' }, { title: 'x\u0000' }] }, '')).toBe('agenda[1].title');
  expect(nulCharacterAt({ remindBefore: ['P3D', 'P1D\u0000'] }, '')).toBe('remindBefore[1]');
  expect(nulCharacterAt('dec-1\u0000', 'id')).toBe('id');
  expect(nulCharacterAt({ q: 'budget\u0000' }, '')).toBe('q');
  expect(nulCharacterAt({ 'a\u0000': 1 }, '')).toBe('"a\\u0000"');
});

test('leaves numbers, booleans, null and the escaped text "\\u0000" alone', () => {
  expect(nulCharacterAt({ n: 0, yes: false, none: null, list: [1, 2] }, '')).toBeNull();
  expect(nulCharacterAt({ text: 'a literal \\u0000 is six characters' }, '')).toBeNull();
  expect(nulCharacterAt(undefined, '')).toBeNull();
});
