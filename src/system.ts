/**
 * The whole system in one process, wired once for `npm start`, the end-to-end tests and the
 * benchmark: the embedded Temporal dev server (unless TEMPORAL_ADDRESS points elsewhere), the
 * embedded record store (unless DATABASE_URL points elsewhere), the worker and the API. `stop()` closes them in reverse order of starting: API, client connection,
 * worker (drained), its connection, server; a failed start undoes what it had started the same way.
 */
import type { INestApplication } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createApiApp } from './api/create-api-app';
import { startEmbeddedSignIn } from './auth/embedded-provider';
import { loadSigningSecret } from './auth/signing-secret';
import { RosterDirectory } from './roster/roster-directory';
import { loadRosterSeed } from './roster/roster-seed';
import { loadBoard } from './board/board-config';
import { startEmbeddedRecordServer, type EmbeddedRecordServer } from './record/embedded-record-server';
import { connectRecord } from './record/record-connection';
import type { RecordDatabase } from './record/record-database';
import { RecordRepository } from './record/record-repository';
import { BoardDirectory } from './board/board-directory';
import { memberStateSeatsOf } from './record/record-tracking';
import type { AppConfig } from './config/env';
import { resolveTemporalCli } from './temporal/binaries';
import { connectClient, connectWorkerConnection } from './temporal/connection';
import { startDevServer, type DevServer } from './temporal/dev-server';
import { createWorker } from './worker/create-worker';
import { startWorkerHealthServer } from './worker/health-server';

export interface RunningSystem {
  config: AppConfig;
  client: Client;
  app: INestApplication;
  worker: Worker;
  /** Resolves when the worker stops (shutdown, or a fatal worker error). */
  workerRun: Promise<void>;
  devServer?: DevServer;
  /** The embedded record store, unless DATABASE_URL points elsewhere. */
  recordServer?: EmbeddedRecordServer;
  /** The board's record (its URL: `DATABASE_URL` or the embedded store's). */
  record: RecordDatabase;
  recordUrl: string;
  signingSecret: string;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Interface the API binds to (default: all). */
  host?: string;
  /** Workflows kept in the worker's cache. */
  maxCachedWorkflows?: number;
  log?: (line: string) => void;
  /** The API's logger (default: one made from the configuration). */
  logger?: Logger;
}

/** Starts everything and returns once the API listens. */
export async function startSystem(config: AppConfig, opts: SystemOptions = {}): Promise<RunningSystem> {
  const log = opts.log ?? (() => undefined);
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  let devServer: DevServer | undefined;
  if (config.temporal.embedded) {
    const cliPath = (await resolveTemporalCli({ install: true })) as string;
    log(`Temporal dev server on ${config.temporal.address}, state in ${config.dataDir}`);
    devServer = await startDevServer({
      cliPath,
      dataDir: config.dataDir,
      port: config.temporal.port,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
    });
  }
  // What has been started so far, undone in reverse if a later step fails: a worker left polling
  // a stopped server would keep this process alive for ever.
  const undo: (() => Promise<void>)[] = [async () => devServer?.stop()];
  try {
    let recordServer: EmbeddedRecordServer | undefined;
    if (!config.record.url) {
      recordServer = await startEmbeddedRecordServer({
        dataDir: config.dataDir,
        port: config.record.embeddedPort,
      });
      undo.unshift(() => recordServer!.stop());
      log(`record store (embedded PostgreSQL) on ${recordServer.url}, files in ${config.dataDir}/record`);
    }
    const recordUrl = config.record.url ?? recordServer!.url;
    const record = await connectRecord(recordUrl);
    undo.unshift(() => record.destroy());
    // The worker's projection: rounds projected before it kept their awaited seats get them now.
    const projection = new RecordRepository(record, {
      memberStateSeats: memberStateSeatsOf(board.board.seats),
    });
    await projection.refreshRoundTracking();
    const workerConnection = await connectWorkerConnection(config);
    undo.unshift(() => workerConnection.close());
    const worker = await createWorker({
      connection: workerConnection,
      config,
      maxCachedWorkflows: opts.maxCachedWorkflows,
      record: projection,
    });
    const workerRun = worker.run();
    undo.unshift(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
    });
    // The worker's own probes, as `npm run worker` serves them, when WORKER_HEALTH_PORT is set.
    if (config.workerHealthPort !== undefined) {
      const health = await startWorkerHealthServer(worker, config.workerHealthPort);
      undo.unshift(async () => void health.close());
      log(`worker probes on port ${config.workerHealthPort} (/health/live, /health/ready)`);
    }
    const { client, connection } = await connectClient(config);
    undo.unshift(() => connection.close());
    const signingSecret = loadSigningSecret(config);
    const roster = new RosterDirectory(client, {
      taskQueue: config.temporal.taskQueue,
      seed: loadRosterSeed(config.boardConfigPath, board),
      maxAgeMs: config.rosterMaxAgeMs,
    });
    // The embedded default signs people in through its own OpenID provider, on its own port.
    const signIn = await startEmbeddedSignIn(config, roster, signingSecret);
    if (signIn.provider) {
      undo.unshift(() => signIn.provider?.stop() ?? Promise.resolve());
      log(`OpenID provider (development sign-in) on ${signIn.provider.issuer}`);
    }
    const app = await createApiApp(
      { config: signIn.config, board, client, record, signingSecret, roster, logger: opts.logger },
      { shutdownHooks: false },
    );
    undo.unshift(() => app.close());
    await app.listen(config.port, opts.host ?? '0.0.0.0').catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err;
      throw Object.assign(new Error(`PORT ${config.port} is already in use; set PORT to a free port`), {
        name: 'StartupError',
      });
    });
    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= undoAll(undo));
    return {
      config,
      client,
      app,
      worker,
      workerRun,
      devServer,
      recordServer,
      record,
      recordUrl,
      signingSecret,
      stop,
    };
  } catch (err) {
    await undoAll(undo).catch(() => undefined);
    throw err;
  }
}

/** Runs every step in order, even after one fails; then fails with the first failure. */
async function undoAll(steps: (() => Promise<void>)[]): Promise<void> {
  let first: unknown;
  for (const step of steps) {
    await step().catch((err: unknown) => {
      first ??= err;
    });
  }
  if (first !== undefined) throw first;
}
