import { routeOf } from '../../src/api/common/idempotency-key.decorator';
import { idempotencyToken } from '../../src/api/common/idempotency';

describe('the route an Idempotency-Key is bound to', () => {
  test('is the method and the matched route with its parameters filled in', () => {
    const req = { method: 'post', path: '/decisions/dec-1/ballots', params: { id: 'dec-1' } };
    expect(routeOf({ ...req, route: { path: '/decisions/:id/ballots' } })).toBe(
      'POST /decisions/dec-1/ballots',
    );
    expect(
      routeOf({
        method: 'POST',
        path: '/priority-cycles/pc-1/proposals/p-2/amend',
        params: { id: 'pc-1', proposalId: 'p-2' },
        route: { path: '/priority-cycles/:id/proposals/:proposalId/amend' },
      }),
    ).toBe('POST /priority-cycles/pc-1/proposals/p-2/amend');
  });

  test('has no trailing slash, so /decisions/ and /decisions share keys', () => {
    expect(routeOf({ method: 'POST', path: '/decisions/', params: {}, route: { path: '/decisions/' } })).toBe(
      'POST /decisions',
    );
    expect(routeOf({ method: 'POST', path: '/', params: {} })).toBe('POST /');
  });

  test('the same key on two routes gives two hashes; on one route with one body, one', () => {
    const a = idempotencyToken('k-1', 'anna', 'POST /decisions/dec-1/ballots', { choice: 'yes' });
    const b = idempotencyToken('k-1', 'anna', 'POST /decisions/dec-2/ballots', { choice: 'yes' });
    const again = idempotencyToken('k-1', 'anna', 'POST /decisions/dec-1/ballots', { choice: 'yes' });
    expect(a?.keyHash).not.toBe(b?.keyHash);
    expect(again).toEqual(a);
  });

  test('a key outside the documented rule is refused with a message naming the header', () => {
    expect(() => idempotencyToken('', 'anna', 'POST /decisions', {})).toThrow(
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
    );
    expect(() => idempotencyToken('a b', 'anna', 'POST /decisions', {})).toThrow(/Idempotency-Key/);
    expect(idempotencyToken(undefined, 'anna', 'POST /decisions', {})).toBeUndefined();
  });
});
