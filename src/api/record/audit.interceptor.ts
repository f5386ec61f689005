/**
 * Writes the audit log: every write the API accepts (POST, PUT, PATCH, DELETE answered below 400)
 * becomes one entry with who (subject, role, seat), what (the controller and handler, and the
 * request), on which item (the route's `:id`, or the item a creation returns), when, and the
 * Idempotency-Key. A refused request throws before this runs, so it never appears as done.
 */
import {
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';
import type { Caller } from '../../auth/caller';
import { AuditRepository } from '../../record/audit-repository';
import { routeOf } from '../common/idempotency-key.decorator';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('audit');

  constructor(private readonly audit: AuditRepository) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { caller?: Caller }>();
    if (!WRITES.has(req.method.toUpperCase())) return next.handle();
    const base: unknown = Reflect.getMetadata('path', ctx.getClass());
    const action = `${typeof base === 'string' && base !== '' && base !== '/' ? base.replace(/\//g, '.') : ctx.getClass().name}.${ctx.getHandler().name}`;
    return next
      .handle()
      .pipe(mergeMap((body: unknown) => from(this.record(req, ctx, action, body).then(() => body))));
  }

  private async record(
    req: Request & { caller?: Caller },
    ctx: ExecutionContext,
    action: string,
    body: unknown,
  ) {
    const caller = req.caller;
    // Public writes (the development sign-in) have no caller to hold to account.
    if (!caller) return;
    const res = ctx.switchToHttp().getResponse<Response>();
    const created =
      body && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string'
        ? (body as { id: string }).id
        : null;
    const key = req.headers['idempotency-key'];
    try {
      await this.audit.append({
        subject: caller.sub,
        role: caller.role,
        seat: caller.seat ?? null,
        action,
        route: routeOf(req),
        itemId: typeof req.params.id === 'string' ? req.params.id : created,
        status: res.statusCode,
        idempotencyKey: typeof key === 'string' ? key : null,
      });
    } catch (err) {
      // The write itself is done and answered; a lost audit line is an operator's alarm, not the caller's error.
      this.logger.error(`audit entry not written for ${routeOf(req)} by ${caller.sub}: ${String(err)}`);
    }
  }
}
