/** Hands the verified {@link Caller} to a controller method. */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Caller } from './caller';

export const CurrentCaller = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Caller => ctx.switchToHttp().getRequest<{ caller: Caller }>().caller,
);
