/**
 * The Temporal worker runtime of a process, installed once before the first connection: its
 * logger is the process's pino logger, so the SDK's records (and the workflow and activity
 * loggers') come out as the same JSON lines, with `workflowId`, `runId`, `workflowType` and
 * `activityType` fields; and when a metrics port is given, the SDK serves its own Prometheus
 * metrics there (task latencies, slots, polls, sticky cache...) together with this project's
 * counters (workflows/metrics-interceptors.ts, src/worker/activity-metrics.ts).
 */
import { Runtime, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/worker';
import type { Logger } from 'pino';

const pinoLevel = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Temporal's logger interface over pino. */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    // pino serializes an Error (message, stack) only under `err`; the SDK passes it as `error`.
    const { error, ...rest } = meta ?? {};
    const fields = error instanceof Error ? { ...rest, err: error } : (meta ?? {});
    this.logger[pinoLevel[level] ?? 'info'](fields, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

export interface WorkerRuntimeOptions {
  /** Port of the Prometheus endpoint (`/metrics`); none when undefined. */
  metricsPort?: number;
  /** Signals on which the runtime drains every worker (default: SIGINT, SIGTERM, SIGQUIT, SIGUSR2). */
  shutdownSignals?: NodeJS.Signals[];
}

/** Installs the runtime; call once per process, before connecting a worker. */
export function installWorkerRuntime(logger: Logger, opts: WorkerRuntimeOptions = {}): Runtime {
  return Runtime.install({
    // Never the SDK's TRACE: it dumps every activation with its payloads (ballots, titles...).
    logger: new PinoTemporalLogger(
      logger.child(
        { component: 'temporal' },
        { level: logger.isLevelEnabled('trace') ? 'debug' : logger.level },
      ),
    ),
    ...(opts.shutdownSignals ? { shutdownSignals: opts.shutdownSignals } : {}),
    telemetryOptions: {
      // The SDK's native (Rust) records go through the same logger instead of straight to stderr.
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(opts.metricsPort === undefined
        ? {}
        : {
            metrics: {
              prometheus: {
                bindAddress: `0.0.0.0:${opts.metricsPort}`,
                countersTotalSuffix: true,
                useSecondsForDurations: true,
              },
            },
          }),
    },
  });
}
