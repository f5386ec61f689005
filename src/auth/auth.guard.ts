/**
 * The one guard on every route: finds who is calling (a bearer token, or the pages' session
 * cookie, whose writes must carry its CSRF token), then what they may do from the roster at this moment (see {@link resolveCaller}).
 * 401 when the caller cannot be identified (no token, expired, not ours); 403 when they are
 * identified but the roster does not allow it, with the reason. Seat-level rules (a voting seat,
 * the owning seat) are checked where the seat matters.
 */
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RosterDirectory } from '../roster/roster-directory';
import type { Caller, Role } from './caller';
import { IS_PUBLIC } from './public.decorator';
import { QUERY_TOKEN } from './query-token.decorator';
import { resolveCaller } from './resolve-caller';
import { ROLES } from './roles.decorator';
import { csrfHeader, sessionCookie, SessionSealer, type Session } from './session-cookie';
import { TokenVerifier, type TokenIdentity } from './token-verifier';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly roster: RosterDirectory,
    private readonly sealer: SessionSealer,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = ctx.switchToHttp().getRequest<{
      method: string;
      headers: Record<string, string | undefined>;
      query: Record<string, unknown>;
      cookies?: Record<string, string>;
      caller?: Caller;
    }>();
    const queryToken = request.query?.access_token;
    const header =
      request.headers.authorization ??
      (typeof queryToken === 'string' && this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN, targets)
        ? `Bearer ${queryToken}`
        : undefined);
    let identity: TokenIdentity;
    const session = header ? undefined : await this.sealer.open<Session>(request.cookies?.[sessionCookie]);
    if (session) {
      // The pages' session cookie: a write must echo its CSRF token, which only this origin can read.
      if (!safeMethods.has(request.method) && request.headers[csrfHeader] !== session.csrf)
        throw new ForbiddenException(
          `missing or wrong CSRF token (${csrfHeader} must echo GET /auth/session)`,
        );
      identity = session.identity;
    } else {
      const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
      if (!match) throw new UnauthorizedException('missing bearer token (Authorization: Bearer <JWT>)');
      identity = await this.verifier.verify(match[1]);
    }
    request.caller = resolveCaller(identity, await this.roster.current(), Date.now(), {
      allowed: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets),
    });
    return true;
  }
}
