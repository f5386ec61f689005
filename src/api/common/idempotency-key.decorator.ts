/**
 * `@IdempotencyKey()`: hands a write's {@link IdempotencyToken} (undefined without the header) to
 * a controller method. The route in the key's hash comes from the request itself (method and the
 * matched route with its parameters filled in, e.g. `POST /decisions/dec-1/ballots`), so no route
 * is typed twice; the header and its rule are added to the operation in the OpenAPI document.
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Caller } from '../../auth/caller';
import { IDEMPOTENCY_KEY_PATTERN, idempotencyToken, type IdempotencyToken } from './idempotency';

/** The request as the guards leave it: the verified caller is set. */
type CalledRequest = Request & { caller: Caller };

/** `POST /decisions/dec-1/ballots`: the method and the matched route, its parameters filled in. */
export function routeOf(req: Pick<Request, 'method' | 'params' | 'path'> & { route?: { path?: unknown } }) {
  const pattern = typeof req.route?.path === 'string' ? req.route.path : req.path;
  const path = pattern.replace(/:(\w+)/g, (_, name: string) => String(req.params[name] ?? ''));
  return `${req.method.toUpperCase()} ${path.length > 1 ? path.replace(/\/$/, '') : path}`;
}

/** Declares the header on the method the parameter belongs to. */
function documentHeader(target: object, key: string | symbol | undefined): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Replaying the same key and body returns the first answer; the same key with another body is refused (422). ' +
      '1 to 255 visible ASCII characters.',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN.source },
  })(target, key, descriptor);
}

export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): IdempotencyToken | undefined => {
    const req = ctx.switchToHttp().getRequest<CalledRequest>();
    return idempotencyToken(req.header('idempotency-key'), req.caller.sub, routeOf(req), req.body ?? {});
  },
  [documentHeader],
);
