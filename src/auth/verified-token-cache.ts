/**
 * Tokens already verified, so a member's next request skips the signature check (an RSA or EC
 * verification costs the API more CPU than anything else in a ballot it answers). Keyed by the
 * token's SHA-256, so the cache holds no bearer token. An entry lives until the token's `exp`, and
 * at most `maxAgeMs` (a minute by default): a key the provider withdraws from its JWKS stops
 * admitting its tokens within that time. Bounded to `maxEntries`, the oldest dropped first.
 */
import { createHash } from 'node:crypto';

export interface VerifiedTokenCacheOptions {
  maxEntries?: number;
  maxAgeMs?: number;
  /** The clock, in epoch milliseconds (tests). */
  now?: () => number;
}

export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(opts: VerifiedTokenCacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.maxAgeMs = opts.maxAgeMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** What `token` was verified as, while that still holds. */
  get(token: string): T | undefined {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() < entry.until) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Remembers `value` for `token`, whose `exp` (epoch seconds) the verification checked. */
  set(token: string, value: T, exp: number): void {
    const now = this.now();
    const until = Math.min(exp * 1000, now + this.maxAgeMs);
    if (until <= now) return;
    if (this.entries.size >= this.maxEntries) this.evict(now);
    this.entries.set(keyOf(token), { value, until });
  }

  /** Drops what has expired; if that frees nothing, the oldest entry. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}

function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
