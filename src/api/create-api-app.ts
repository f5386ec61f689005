/**
 * Builds the configured Nest application: JSON logs with request ids (nestjs-pino), Prometheus
 * metrics by route, a trace span per request when tracing is on, security headers, a body size
 * limit, the OpenAPI document at /openapi.json and Swagger UI at /docs, graceful shutdown. Used
 * by every entry point and by the tests, so they all serve exactly the same app.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { createLogger } from '../observability/logger';
import { HttpMetrics } from '../observability/http-metrics';
import { activeTracing, httpTracingMiddleware } from '../observability/tracing';
import { servePages } from '../web/serve-pages';
import { AppModule, type ApiDependencies } from './app.module';
import { answerUndeclaredMethods } from './common/method-not-allowed';
import { documentErrorResponses } from './common/openapi-errors';
import { documentRequestRules } from './common/openapi-requests';

/** A ready-to-listen API application. `shutdownHooks` false leaves signal handling to the caller. */
export async function createApiApp(
  deps: ApiDependencies,
  opts: { shutdownHooks?: boolean } = {},
): Promise<INestApplication> {
  const logger = deps.logger ?? createLogger('api', deps.config);
  const metrics = new HttpMetrics();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps, { logger, metrics }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Counted and traced before anything else runs, so refusals (401, 413, 429) are seen too.
  app.use(metrics.middleware);
  if (activeTracing()) app.use(httpTracingMiddleware());
  app.useBodyParser('json', { limit: '256kb' });
  // Swagger UI needs inline scripts and styles; everything else gets helmet's strict defaults.
  app.use(helmet({ contentSecurityPolicy: false }));
  // The web pages under /app/, with their own strict policy (self-hosted scripts only).
  servePages(app);
  // Standalone, Nest closes on SIGTERM; embedded (src/start.ts) orders the shutdown itself.
  if (opts.shutdownHooks ?? true) app.enableShutdownHooks();
  const document = documentRequestRules(
    documentErrorResponses(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Board governance API')
          .setDescription('Board decisions, funding rounds, priorities and reporting, on Temporal workflows.')
          .setVersion('0.1.0')
          .addBearerAuth()
          .build(),
      ),
    ),
  );
  // Before the routes are mounted: a documented path answers an undeclared method with 405.
  answerUndeclaredMethods(app, document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  return app;
}
