/**
 * The one guard on every route: verifies the bearer token (401 when missing, expired or not
 * ours), checks its claims against the board (a member's seat must exist), then the route's
 * roles (403). Seat-level rules (a voting seat, the owning seat) are checked where the seat matters.
 */
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { BoardDirectory } from '../board/board-directory';
import { roles, type Caller, type Role } from './caller';
import { IS_PUBLIC } from './public.decorator';
import { QUERY_TOKEN } from './query-token.decorator';
import { ROLES } from './roles.decorator';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly board: BoardDirectory,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = ctx.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      query: Record<string, unknown>;
      caller?: Caller;
    }>();
    const queryToken = request.query?.access_token;
    const header =
      request.headers.authorization ??
      (typeof queryToken === 'string' && this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN, targets)
        ? `Bearer ${queryToken}`
        : undefined);
    const caller = await this.verify(header);
    request.caller = caller;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (allowed && !allowed.includes(caller.role)) {
      throw new ForbiddenException(
        `this action is for ${allowed.join(' or ')}; the caller is ${caller.role}`,
      );
    }
    return true;
  }

  private async verify(header: string | undefined): Promise<Caller> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw new UnauthorizedException('missing bearer token (Authorization: Bearer <JWT>)');
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync(match[1], { algorithms: ['HS256'] });
    } catch (err) {
      const name = (err as Error).name;
      throw new UnauthorizedException(name === 'TokenExpiredError' ? 'token expired' : 'invalid token');
    }
    const { sub, role, seat } = claims;
    if (typeof sub !== 'string' || sub === '') throw new UnauthorizedException('invalid token: no sub claim');
    if (!roles.includes(role as Role))
      throw new UnauthorizedException(`invalid token: role must be one of ${roles.join(', ')}`);
    if (role === 'member') {
      if (typeof seat !== 'string')
        throw new UnauthorizedException('invalid token: a member token needs a seat claim');
      if (!this.board.seat(seat)) throw new ForbiddenException(`seat ${seat} is not on this board`);
      return { sub, role, seat };
    }
    return { sub, role: role as Role };
  }
}
