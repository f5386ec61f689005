/**
 * OpenTelemetry traces, on only when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: spans are batched and sent by OTLP/HTTP (JSON) to
 * that collector. One trace follows a request from the API's HTTP span (this file) through the
 * Temporal client, into the workflow and its activities (@temporalio/interceptors-opentelemetry,
 * wired in src/temporal/connection.ts and src/worker/create-worker.ts). The exporter reads the
 * standard `OTEL_EXPORTER_OTLP_*` variables itself (headers, timeout); `OTEL_SERVICE_NAME`
 * overrides the service name.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { NextFunction, Request, Response } from 'express';
import { redactUrl } from './http-logging';
import { routeOf } from './http-metrics';

/** The process's tracing, once {@link startTracing} turned it on. */
export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Sends what is buffered, then stops. */
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

/** True when the environment asks for traces. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Registers the global tracer provider once per process (the API and the worker share it under
 * `npm start`); undefined when tracing is not requested.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!tracingRequested(env)) return undefined;
  if (current) return current;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Also installs the async-local-storage context manager and W3C trace-context propagation.
  provider.register();
  current = { resource, spanProcessor, shutdown: () => provider.shutdown() };
  return current;
}

/** The tracing {@link startTracing} turned on, if any. */
export function activeTracing(): Tracing | undefined {
  return current;
}

/**
 * Express middleware: a server span per request (continuing a `traceparent` the caller sent),
 * active while the request is handled, so the Temporal client's spans become its children.
 */
export function httpTracingMiddleware() {
  const tracer = trace.getTracer('board-api');
  return (req: Request, res: Response, next: NextFunction): void => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      req.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'url.path': redactUrl(req.path) },
      },
      parent,
    );
    res.on('finish', () => {
      const route = routeOf(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
