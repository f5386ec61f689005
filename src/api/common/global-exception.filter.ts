/**
 * The one exception filter: every error leaves as `{ statusCode, error, message }` (docs/api-conventions.md).
 * Refusals from workflows arrive as ApplicationFailures whose `type` is a rule-error kind;
 * Temporal's own errors map to 404/409/503; anything else is a 500 that shows no internals.
 * A call Temporal still refuses as too busy after the client's retries (a workflow with too many
 * Updates in flight, a rate limit) is a 503 with Retry-After: nothing was written; try again.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  ServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Response } from 'express';
import type { RuleErrorKind } from '../../../workflows/rules/rule-error';

const statusForKind: Record<RuleErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  refused: HttpStatus.UNPROCESSABLE_ENTITY,
};

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The 4xx status of an error the body parser raises before any route runs (a body over the size
 * limit, an unsupported charset), which carries its status and is safe to show (`expose`).
 */
function clientErrorStatus(exception: unknown): number | undefined {
  const { status, expose } = (exception ?? {}) as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}

/** gRPC's RESOURCE_EXHAUSTED: the server, or one workflow, takes no more calls for now. */
const RESOURCE_EXHAUSTED = 8;

/** Seconds a caller waits before sending again a write Temporal was too busy to take. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/** Whether Temporal turned the call away as too busy (after the client's own retries). */
function isBusyRefusal(exception: unknown): boolean {
  return (
    exception instanceof ServiceError &&
    (exception.cause as { code?: unknown } | undefined)?.code === RESOURCE_EXHAUSTED
  );
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error((exception as Error)?.stack ?? String(exception));
    const res = host.switchToHttp().getResponse<Response>();
    if (isBusyRefusal(exception)) res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
    // Explicitly JSON: a route that declares another type (CSV, iCalendar) has set it already.
    res.status(body.statusCode).type('json').json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      return this.body(status, message);
    }
    if (exception instanceof WorkflowUpdateFailedError && exception.cause instanceof ApplicationFailure) {
      const status = statusForKind[exception.cause.type as RuleErrorKind];
      if (status) return this.body(status, exception.cause.message);
    }
    const parserStatus = clientErrorStatus(exception);
    if (parserStatus) return this.body(parserStatus, (exception as Error).message);
    if (exception instanceof WorkflowNotFoundError) return this.body(404, 'not found');
    if (exception instanceof WorkflowExecutionAlreadyStartedError) return this.body(409, 'already exists');
    if (isBusyRefusal(exception))
      return this.body(503, 'the workflow is busy with other requests; nothing was written, try again');
    if (
      exception instanceof ServiceError &&
      /UNAVAILABLE|DEADLINE_EXCEEDED|connect/i.test(exception.message)
    ) {
      return this.body(503, 'the workflow service is unavailable; try again');
    }
    return this.body(500, 'Internal server error');
  }

  private body(statusCode: number, message: string | string[]): ErrorBody {
    return { statusCode, error: reasons[statusCode] ?? 'Error', message };
  }
}
