/**
 * Writes the audit log: every write the API accepts (POST, PUT, PATCH, DELETE answered below 400)
 * has one entry with who (subject, role, seat), what (the controller and handler, and the
 * request), on which item (the route's `:id`, or the item a creation returns), when, and the
 * Idempotency-Key.
 *
 * The entry is begun before the write and finished with the answer's status after it, so no
 * accepted write goes unlogged: when the entry cannot be begun (the record is unreachable) the
 * write is refused with 503 before anything is done. A refused write's entry is removed, so it
 * never appears as done. The answer does not wait for the finish, which the repository writes
 * within about 50 ms, together with the other answers' (one statement a round trip fewer per
 * write). When the write is made but its entry cannot be finished, or the process dies in those
 * milliseconds, the entry stays with an empty status: a write whose outcome the log could not
 * record, and an operator's alarm.
 */
import {
  Injectable,
  Logger,
  ServiceUnavailableException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, tap, throwError, type Observable } from 'rxjs';
import type { Caller } from '../../auth/caller';
import { AuditRepository, type AuditTicket } from '../../record/audit-repository';
import { routeOf } from '../common/idempotency-key.decorator';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Seconds a refused caller is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('audit');

  constructor(private readonly audit: AuditRepository) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { caller?: Caller }>();
    // Public writes (the development sign-in) have no caller to hold to account.
    if (!WRITES.has(req.method.toUpperCase()) || !req.caller) return next.handle();
    const res = ctx.switchToHttp().getResponse<Response>();
    return from(this.begin(req, req.caller, ctx, res)).pipe(
      mergeMap((ticket) =>
        next.handle().pipe(
          // The answer does not wait for the entry's status (the repository finishes it soon after).
          tap((body: unknown) => this.finish(ticket, req, res, body)),
          catchError((err: unknown) =>
            from(this.abandon(ticket)).pipe(mergeMap(() => throwError(() => err))),
          ),
        ),
      ),
    );
  }

  private async begin(
    req: Request,
    caller: Caller,
    ctx: ExecutionContext,
    res: Response,
  ): Promise<AuditTicket> {
    const base: unknown = Reflect.getMetadata('path', ctx.getClass());
    const action = `${typeof base === 'string' && base !== '' && base !== '/' ? base.replace(/\//g, '.') : ctx.getClass().name}.${ctx.getHandler().name}`;
    const key = req.headers['idempotency-key'];
    try {
      return await this.audit.begin({
        subject: caller.sub,
        role: caller.role,
        seat: caller.seat ?? null,
        action,
        route: routeOf(req),
        itemId: typeof req.params.id === 'string' ? req.params.id : null,
        idempotencyKey: typeof key === 'string' ? key : null,
      });
    } catch (err) {
      this.logger.error(`audit entry not begun for ${routeOf(req)} by ${caller.sub}: ${String(err)}`);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new ServiceUnavailableException(
        'the audit log cannot be written just now, so nothing was done; try again shortly',
      );
    }
  }

  private finish(ticket: AuditTicket, req: Request, res: Response, body: unknown): void {
    const created =
      body && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string'
        ? (body as { id: string }).id
        : null;
    this.audit.finish(ticket, res.statusCode, created).catch((err: unknown) => {
      // The write is done and answered: its entry stays begun, with an empty status.
      this.logger.error(`audit entry ${ticket.id} not finished for ${routeOf(req)}: ${String(err)}`);
    });
  }

  private async abandon(ticket: AuditTicket): Promise<void> {
    try {
      await this.audit.abandon(ticket);
    } catch (err) {
      // The refusal stands; its entry stays begun, never shown as done.
      this.logger.error(`audit entry ${ticket.id} of a refused write not removed: ${String(err)}`);
    }
  }
}
