/**
 * Request logging for the API with nestjs-pino (pino-http underneath): one record per request with
 * its id, method, route, status and duration, and every log line written while handling a request
 * carries the same `reqId`. The id is the caller's `X-Request-Id` when it is a sane token
 * (a load balancer's), else a new UUID, and is sent back in `X-Request-Id`.
 *
 * Only the method and the path are logged, with `access_token` taken out of the query string and
 * a calendar feed's token out of its path: no header (Authorization, cookies) and no body ever reaches the log.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Routes polled by probes and scrapers: not worth a line each. */
const quietPaths = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/** `url` without the value of any `access_token` query parameter, nor a calendar feed's secret token. */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&]access_token=)[^&#]*/gi, '$1[redacted]')
    .replace(/(\/calendar-feeds\/)[^/?#]*/gi, '$1[redacted]');
}

/** The request id of `req`, set once (pino-http calls this first). */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** nestjs-pino's options around the process's root logger. */
export function httpLoggingParams(logger: Logger): Params {
  return {
    pinoHttp: {
      logger,
      genReqId: requestId,
      // Every line logged while handling the request (Nest's too) carries `reqId`.
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'reqId' },
      autoLogging: { ignore: (req) => quietPaths.has((req.url ?? '').split('?')[0]) },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      customSuccessMessage: (req, res) => `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode}`,
      customErrorMessage: (req, res) => `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode}`,
      serializers: {
        req: (req: { method?: string; url?: string }) => ({
          method: req.method,
          url: redactUrl(req.url ?? ''),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
