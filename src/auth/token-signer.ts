/** Signs tokens the {@link AuthGuard} accepts; used by `npm run token`, the tests and the benchmark. */
import { JwtService } from '@nestjs/jwt';
import type { Caller } from './caller';

/** A signed HS256 token for `caller`, valid for `expiresInSeconds` (default 12 hours). */
export function signToken(secret: string, caller: Caller, expiresInSeconds = 12 * 3600): string {
  const claims: Record<string, string> = { sub: caller.sub, role: caller.role };
  if (caller.seat) claims.seat = caller.seat;
  return new JwtService({ secret }).sign(claims, { algorithm: 'HS256', expiresIn: expiresInSeconds });
}
