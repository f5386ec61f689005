/**
 * The verified-token cache: a token is taken as verified until its exp and for at most a minute,
 * never by anything but the same token, and the cache stays within its bound.
 */
import { VerifiedTokenCache } from '../../src/auth/verified-token-cache';

const T0 = Date.UTC(2026, 11, 1, 12);

function cacheAt(opts: { maxEntries?: number; maxAgeMs?: number } = {}) {
  const clock = { now: T0 };
  const cache = new VerifiedTokenCache<string>({ ...opts, now: () => clock.now });
  return { cache, clock };
}

test('a verified token is known until its exp, and not a moment after', () => {
  const { cache, clock } = cacheAt();
  cache.set('token-a', 'anna', T0 / 1000 + 30);
  expect(cache.get('token-a')).toBe('anna');
  clock.now = T0 + 29_999;
  expect(cache.get('token-a')).toBe('anna');
  clock.now = T0 + 30_000;
  expect(cache.get('token-a')).toBeUndefined();
});

test('a long-lived token is checked again after the maximum age', () => {
  const { cache, clock } = cacheAt({ maxAgeMs: 60_000 });
  cache.set('token-a', 'anna', T0 / 1000 + 24 * 3600);
  clock.now = T0 + 59_999;
  expect(cache.get('token-a')).toBe('anna');
  clock.now = T0 + 60_000;
  expect(cache.get('token-a')).toBeUndefined();
});

test('only the very same token is known; an already expired one is not kept', () => {
  const { cache } = cacheAt();
  cache.set('token-a', 'anna', T0 / 1000 + 30);
  expect(cache.get('token-b')).toBeUndefined();
  expect(cache.get('token-a ')).toBeUndefined();
  cache.set('token-c', 'claire', T0 / 1000 - 1);
  expect(cache.get('token-c')).toBeUndefined();
});

test('past its bound it drops expired entries first, then the oldest', () => {
  const { cache, clock } = cacheAt({ maxEntries: 2 });
  cache.set('short', 's', T0 / 1000 + 1);
  cache.set('long-1', 'l1', T0 / 1000 + 50);
  clock.now = T0 + 2_000;
  cache.set('long-2', 'l2', T0 / 1000 + 50);
  expect(cache.get('long-1')).toBe('l1');
  expect(cache.get('long-2')).toBe('l2');
  cache.set('long-3', 'l3', T0 / 1000 + 50);
  expect(cache.get('long-1')).toBeUndefined();
  expect(cache.get('long-2')).toBe('l2');
  expect(cache.get('long-3')).toBe('l3');
});
