/**
 * Prometheus metrics of the API (prom-client): requests, latencies and errors by route, plus
 * Node's own process metrics, on `GET /metrics`. The route is Express's pattern
 * (`/decisions/:id/ballots`), never the raw path, so ids do not explode the label set.
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The API's metrics, in their own registry (tests may build several apps in one process). */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'http_request_errors_total',
    help: 'HTTP requests answered with a 5xx status, by method and route',
    labelNames: ['method', 'route'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request to the end of its answer, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware that times every request and counts it when its answer is sent. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const stop = this.duration.startTimer();
    res.on('finish', () => {
      const route = routeOf(req);
      const method = req.method;
      stop({ method, route });
      this.requests.inc({ method, route, status: String(res.statusCode) });
      if (res.statusCode >= 500) this.errors.inc({ method, route });
    });
    next();
  };

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** The matched route's pattern; requests no route matched share one label. */
export function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}`;
  return req.path.startsWith('/app/') || req.path === '/app' ? '/app/*' : 'unmatched';
}
