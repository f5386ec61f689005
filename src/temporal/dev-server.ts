/**
 * The embedded Temporal server of `npm start`: the CLI's `temporal server start-dev`, persisted in
 * a SQLite file under the data directory, with the project's search attributes registered and the
 * namespace's retention raised so closed governance records are kept.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Duration, SearchAttributeType } from '@temporalio/common';
import { msToNumber, msToTs } from '@temporalio/common/lib/time';
import { allSearchAttributeKeys } from '../../workflows/search-attributes';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** Absolute path of the Temporal CLI (see `resolveTemporalCli` in ./binaries). */
  cliPath: string;
  /** Directory of `temporal.sqlite`; created if missing. */
  dataDir: string;
  /** Front-end gRPC port, bound on 127.0.0.1. */
  port: number;
  /** Web UI port, bound on 127.0.0.1. */
  uiPort: number;
  /** Namespace created at start (the `default` namespace always exists too). */
  namespace: string;
  /**
   * How long closed workflows are kept. start-dev has no flag for it and creates namespaces with
   * 24 h, so it is set through the API after every start. Default `3650d`.
   */
  retention?: Duration;
  /** Receives each line the server prints (stdout and stderr). */
  log?: (line: string) => void;
  /** How long to wait for the server to accept requests. Default 30 s. */
  startTimeoutMs?: number;
  /** SQLite pragmas, instead of {@link durableSqlitePragmas} (the benchmark compares settings). */
  sqlitePragmas?: Record<string, string>;
  /** Dynamic config values laid over {@link devServerDynamicConfig}. */
  dynamicConfig?: Record<string, string | number | boolean>;
}

/** A running dev server, returned by {@link startDevServer}. */
export interface DevServer {
  /** `host:port` of its front end. */
  address: string;
  /** Process id of the server (the benchmark reads its CPU time). */
  pid?: number;
  /** Stops it: SIGTERM, then SIGKILL if it is still running after 10 s. Safe to call twice. */
  stop(): Promise<void>;
}

/** The dev server could not start (port taken, binary failed); the message says why in a line or two. */
export class DevServerError extends Error {
  override name = 'DevServerError';
}

/** The CLI's names for the SDK's search attribute types (`temporal server start-dev --help`). */
const cliSearchAttributeTypes: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;
const OUTPUT_LINES_KEPT = 20;

/**
 * The SQLite file's settings. A write-ahead log turns each commit into one append and lets reads
 * go on beside the writer; synchronous=FULL still syncs the log at every commit, so a write the
 * server has acknowledged (a ballot answered 200) survives a power cut. synchronous=NORMAL is
 * faster and can lose the last commits on a power cut, so it is not used (bench/results.md
 * measures the three settings; README, Guarantees).
 */
export const durableSqlitePragmas: Readonly<Record<string, string>> = {
  journal_mode: 'wal',
  synchronous: 'full',
};

/**
 * Dynamic config of the embedded server (`--dynamic-config-value`); on a cluster, the same keys go
 * in its dynamic config file (README).
 */
export const devServerDynamicConfig: Readonly<Record<string, string | number | boolean>> = {
  // The dev server limits visibility calls per namespace to a few dozen a second and makes the
  // rest wait (~2 s stalls, retried silently by the client). Tracking answers from visibility
  // (counts and one list per page), so on one machine that limit, not the work, set its p99.
  'frontend.namespaceRPS.visibility': 1000,
  'frontend.namespaceBurstRatio.visibility': 2,
  // A workflow admits 10 Updates at once by default and refuses the rest for the client to retry
  // later (RESOURCE_EXHAUSTED); in a live vote every seat's ballot reaches one decision within a
  // second. Above a board's seats, so a vote never meets it (bench/, section 8).
  'history.maxInFlightUpdates': 100,
};

/**
 * The `temporal server start-dev` arguments for `opts`. Registering the search attributes on every
 * start is safe: on an existing SQLite file the CLI accepts attributes that are already there.
 */
export function devServerArgs(opts: DevServerOptions): string[] {
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(path.resolve(opts.dataDir), 'temporal.sqlite'),
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--namespace',
    opts.namespace,
    '--ip',
    HOST,
    '--log-level',
    'warn',
  ];
  for (const [pragma, value] of Object.entries(opts.sqlitePragmas ?? durableSqlitePragmas)) {
    args.push('--sqlite-pragma', `${pragma}=${value}`);
  }
  for (const [key, value] of Object.entries({ ...devServerDynamicConfig, ...opts.dynamicConfig })) {
    // The CLI takes each value as JSON.
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  for (const key of allSearchAttributeKeys) {
    args.push('--search-attribute', `${key.name}=${cliSearchAttributeTypes[key.type]}`);
  }
  return args;
}

/**
 * Starts `temporal server start-dev` and resolves once its front end serves the namespace, with
 * the retention applied. Fails with the server's last output lines if it exits or does not come
 * up within the timeout, and fails at once if a port is taken.
 *
 * Call {@link DevServer.stop} on SIGINT/SIGTERM: a normal exit of this process stops the server,
 * but a signal that kills it does not, and the server would live on holding its ports.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const address = `${HOST}:${opts.port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  // Checked up front: otherwise a server already on the port would answer our readiness probe.
  await assertPortFree(opts.port, 'TEMPORAL_PORT');
  await assertPortFree(opts.uiPort, 'TEMPORAL_UI_PORT');
  fs.mkdirSync(opts.dataDir, { recursive: true });

  const child = spawn(opts.cliPath, devServerArgs(opts), { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (line.trim() === '') continue;
      output.push(line);
      if (output.length > OUTPUT_LINES_KEPT) output.shift();
      opts.log?.(line);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  // Set once the process is gone: how it ended, for error messages.
  let ended: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      ended ??= `could not run: ${error.message}`;
      resolve();
    });
    child.once('exit', (code, signal) => {
      ended ??= signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });
  // If this process dies without stop(), do not leave an orphan holding the ports and the database.
  const killOnExit = (): void => void child.kill('SIGTERM');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      process.off('exit', killOnExit);
      if (ended !== undefined) return;
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(kill);
    })());

  const fail = async (reason: string): Promise<never> => {
    await stop();
    const tail = output.length > 0 ? `\nLast server output:\n${output.join('\n')}` : '';
    throw new DevServerError(`Temporal dev server (${opts.cliPath}) ${reason}.${tail}`);
  };

  const notRunning = (): string | undefined =>
    ended === undefined ? undefined : `${ended} before accepting connections`;

  // TCP first: gRPC's reconnect backoff would slow the probe down while the port is still closed.
  while (!(await canConnect(opts.port))) {
    const reason = notRunning();
    if (reason) return fail(reason);
    if (Date.now() > deadline) return fail(`did not accept connections on ${address} in time`);
    await sleep(200);
  }

  try {
    await applyRetention(address, opts.namespace, opts.retention ?? '3650d', deadline);
  } catch (error) {
    return fail(notRunning() ?? `did not serve namespace "${opts.namespace}": ${(error as Error).message}`);
  }
  return { address, pid: child.pid, stop };
}

/**
 * Waits until the namespace is served, then sets its retention if it differs. Doubles as the
 * readiness probe: the front end can accept TCP before the namespace is registered.
 */
async function applyRetention(address: string, namespace: string, retention: Duration, deadline: number) {
  const connection = await Connection.connect({
    address,
    connectTimeout: Math.max(deadline - Date.now(), 1),
  });
  try {
    for (;;) {
      try {
        const described = await connection.withDeadline(Date.now() + 2_000, () =>
          connection.workflowService.describeNamespace({ namespace }),
        );
        const current = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
        if (current * 1000 !== msToNumber(retention)) {
          await connection.workflowService.updateNamespace({
            namespace,
            config: { workflowExecutionRetentionTtl: msToTs(retention) },
          });
        }
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  } finally {
    await connection.close();
  }
}

/** Fails with a message naming the variable when `port` is taken on 127.0.0.1. */
function assertPortFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new DevServerError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${HOST} is already in use (is another Temporal server running?). ` +
                `Stop it, choose another port with ${variable}, or set TEMPORAL_ADDRESS to use that server.`
            : `Cannot bind ${HOST}:${port} (${variable}): ${error.message}`,
        ),
      ),
    );
    server.listen({ host: HOST, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
