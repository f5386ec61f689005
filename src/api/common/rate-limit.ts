/**
 * Rate limiting on writes (issue 7): each caller may send at most `RATE_LIMIT_WRITES` POST, PUT,
 * PATCH or DELETE requests per `RATE_LIMIT_WINDOW_SECONDS`; the next one is answered
 * `429 Too Many Requests` with a message that says the limit and a `Retry-After` header. Reads are
 * never limited: they change nothing, and the tracking pages poll.
 *
 * The caller is the token's `sub` (the guard runs after {@link AuthGuard}, which sets it), so a
 * board's members sharing one office address never throttle each other; a request without a
 * verified caller never gets this far (401).
 */
import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Caller } from '../../auth/caller';
import type { AppConfig } from '../../config/env';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The throttler named `default` answers with the standard `Retry-After` header (others get a suffix).
const THROTTLER = 'default';

interface TrackedRequest {
  method: string;
  ip?: string;
  caller?: Caller;
}

/** True for a request the limit does not apply to: a read, or the limit is off. */
function skipped(context: ExecutionContext, config: AppConfig): boolean {
  if (config.rateLimit.writes === 0) return true;
  return !WRITES.has(context.switchToHttp().getRequest<TrackedRequest>().method.toUpperCase());
}

/** The options of `ThrottlerModule.forRoot` for {@link AppConfig.rateLimit}. */
export function writeThrottlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const { writes, windowSeconds } = config.rateLimit;
  return {
    throttlers: [{ name: THROTTLER, limit: Math.max(writes, 1), ttl: windowSeconds * 1000 }],
    skipIf: (context) => skipped(context, config),
    // One budget per caller across every write route (the default counts each route apart).
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    errorMessage: (_context, detail) =>
      `too many writes: at most ${writes} per ${windowSeconds} s for each caller; ` +
      `retry in ${Math.max(detail.timeToBlockExpire, 1)} s`,
  };
}

/** The throttler guard, tracking callers by their token's subject (the address only without one). */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const { caller, ip } = req as unknown as TrackedRequest;
    return Promise.resolve(caller ? `sub:${caller.sub}` : `ip:${ip ?? 'unknown'}`);
  }
}
