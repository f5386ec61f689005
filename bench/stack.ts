/**
 * What every benchmark section runs against: its own dev server (own ports, own data folder), the
 * worker as separate processes (so their memory and CPU are their own), the API in this process,
 * a raw Temporal client beside it, and signed tokens for every kind of caller.
 */
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { freePort } from '../scripts/free-port';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApiApp } from '../src/api/create-api-app';
import { startTestIssuer } from '../tests/support/test-issuer';
import { loadBoard } from '../src/board/board-config';
import { BoardDirectory } from '../src/board/board-directory';
import { loadAppConfig, type AppConfig } from '../src/config/env';
import { startEmbeddedRecordServer } from '../src/record/embedded-record-server';
import { connectRecord } from '../src/record/record-connection';
import type { RecordDatabase } from '../src/record/record-database';
import { resolveTemporalCli } from '../src/temporal/binaries';
import { connectClient } from '../src/temporal/connection';
import {
  DevServerError,
  startDevServer,
  type DevServer,
  type DevServerOptions,
} from '../src/temporal/dev-server';

export const projectRoot = join(__dirname, '..', '..');

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** CPU seconds a process has used (user + system). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface BenchWorker {
  process: ChildProcess;
  rssMb(): number;
  /** CPU seconds it has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface CpuSample {
  bench: number;
  /** The record's database thread, a part of `bench`. */
  recordThread: number;
  server: number;
  worker: number;
}

export interface BenchStack {
  config: AppConfig;
  cliPath: string;
  /** The raw arm's client: `@temporalio/client` with the SDK's defaults (the API has its own). */
  client: Client;
  board: BoardDirectory;
  base: string;
  server: DevServer;
  worker: BenchWorker;
  /** Tokens of a member of each voting seat, by seat code. */
  memberTokens: Record<string, string>;
  secretariatToken: string;
  /** The record's database, as the API reads it (the embedded store, in this process). */
  record: RecordDatabase;
  /**
   * Starts another worker process, e.g. on its own task queue with its own cache size; `script`
   * (compiled, relative to dist/) replaces the worker's own main, e.g. bench/writeless-worker.js.
   */
  spawnWorker(env: Record<string, string>, script?: string): Promise<BenchWorker>;
  /** Sends a request; throws unless the status is `expect`; returns the parsed body. */
  call<T = unknown>(method: string, path: string, token: string, body: unknown, expect: number): Promise<T>;
  /** CPU seconds used so far by this process (the API, the clients, the record's thread), the server and the first worker. */
  cpu(): CpuSample;
  /** Waits until the server and every worker have gone quiet (< 10% CPU over a second). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** How a stack's dev server differs from the embedded server of `npm start` (a section compares). */
export type BenchServerSettings = Pick<DevServerOptions, 'sqlitePragmas' | 'dynamicConfig'>;

let stacks = 0;

/**
 * Starts a stack. The ports are free when chosen but the machine is shared, so another process can
 * take one before the server binds it: such a start is tried again with new ports.
 */
export async function startBenchStack(settings: BenchServerSettings = {}): Promise<BenchStack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStackOnce(settings);
    } catch (err) {
      if (!(err instanceof DevServerError) || !/already in use/.test(err.message) || attempt === 3) throw err;
      console.error(`bench: a port was taken before the dev server bound it; trying new ports`);
    }
  }
}

async function startStackOnce(settings: BenchServerSettings): Promise<BenchStack> {
  const dataDir = join(projectRoot, 'bench', 'out', `data-${process.pid}-${++stacks}`);
  rmSync(dataDir, { recursive: true, force: true });
  const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  // PORT only satisfies the configuration: the API listens on a port the system picks (below).
  const secret = 'bench-secret-bench-secret-bench-secret-0123';
  // People sign in through an OpenID provider on a loopback port (keys in this process).
  const issuer = await startTestIssuer();
  const env = {
    ...issuer.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    JWT_SECRET: secret,
    LOG_LEVEL: 'error',
    TASK_QUEUE: 'bench',
    // The limiter stays in the path (its cost is measured) but never refuses the benchmark.
    RATE_LIMIT_WRITES: '100000000',
    // Which source the pending lists read (`PENDING_SOURCE=record BENCH_ONLY=pending`): compared by running both.
    ...(process.env.PENDING_SOURCE ? { PENDING_SOURCE: process.env.PENDING_SOURCE } : {}),
  };
  const config = loadAppConfig(env);
  const cliPath = (await resolveTemporalCli({ install: true })) as string;
  const server = await startDevServer({
    cliPath,
    dataDir,
    port: temporalPort,
    uiPort,
    namespace: 'default',
    ...settings,
  });
  // The embedded record store in this process, as `npm start` serves it; workers reach it by URL.
  const recordServer = await startEmbeddedRecordServer({ dataDir });
  const record = await connectRecord(recordServer.url);
  const external = {
    ...process.env,
    ...env,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    DATABASE_URL: recordServer.url,
  };
  const workers: BenchWorker[] = [];
  const spawnWorker = async (extra: Record<string, string>, script?: string): Promise<BenchWorker> => {
    const main = join(__dirname, '..', ...(script ?? 'src/worker/main.js').split('/'));
    const child = spawn(process.execPath, [main], {
      env: { ...external, ...extra },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Never outlive the benchmark (it may end on an error before stop()): an orphaned worker would
    // poll a stopped server, and write to our stderr, for ever.
    const killOnExit = (): void => void child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => d.toString().includes('polling') && resolve());
      child.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
    });
    const worker: BenchWorker = {
      process: child,
      rssMb: () => rssMb(child.pid as number),
      cpuSeconds: () => cpuSeconds(child.pid as number),
      stop: async () => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      },
    };
    workers.push(worker);
    return worker;
  };
  const worker = await spawnWorker({});
  // The API's client as the API makes it; the raw arm's as a plain user of the SDK makes it.
  const api = await connectClient({ ...config, temporal: { ...config.temporal, embedded: false } });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  let app: INestApplication | undefined;
  try {
    app = await createApiApp(
      { config, board, client: api.client, record, signingSecret: secret },
      { shutdownHooks: false },
    );
    // Port 0: the system picks a free one as it binds, so the dev server's own ports cannot race it.
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await Promise.all(workers.map((w) => w.stop()));
    await record.destroy();
    await recordServer.stop();
    await server.stop();
    throw err;
  }
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const memberTokens = Object.fromEntries(
    board.board.seats.map(({ code: s }) => [s, issuer.token({ role: 'member', seat: s }, 24 * 3600)]),
  );
  // node:http with kept-alive sockets rather than fetch: fetch (undici, WHATWG streams) cost the
  // benchmark process about 2 ms of CPU per request, on the cores the API is measured on, which
  // a member's browser on another machine does not (bench/results.md, the API's share).
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const call = <T>(
    method: string,
    path: string,
    token: string,
    body: unknown,
    expect: number,
    resent = false,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      const req = request(base + path, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== expect) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          else resolve((text ? JSON.parse(text) : undefined) as T);
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the API closed as idle just as this request went out on it (the race
        // Node's documentation describes): the request never reached the API, so it is sent again.
        if (req.reusedSocket && err.code === 'ECONNRESET' && !resent)
          resolve(call<T>(method, path, token, body, expect, true));
        else reject(err);
      });
      req.end(payload);
    });
  const settle = async () => {
    const running = workers.filter((w) => w.process.exitCode === null).map((w) => w.process.pid);
    const pids = [server.pid, ...running].filter((pid): pid is number => pid !== undefined);
    for (let i = 0; i < 120; i++) {
      const before = pids.map(cpuSeconds);
      await new Promise((r) => setTimeout(r, 1000));
      const busy = pids.map((pid, j) => cpuSeconds(pid) - before[j]);
      if (busy.every((s) => s < 0.1)) return;
    }
  };
  return {
    config,
    cliPath,
    client,
    board,
    base,
    server,
    worker,
    memberTokens,
    record,
    secretariatToken: issuer.token({ role: 'secretariat' }, 24 * 3600),
    spawnWorker,
    call,
    cpu: () => {
      const own = process.cpuUsage();
      return {
        bench: (own.user + own.system) / 1e6,
        recordThread: recordServer.busySeconds(),
        server: cpuSeconds(server.pid as number),
        worker: cpuSeconds(worker.process.pid as number),
      };
    },
    settle,
    stop: async () => {
      agent.destroy();
      await app?.close();
      await Promise.all(workers.map((w) => w.stop()));
      await connection.close();
      await api.connection.close();
      await record.destroy();
      await recordServer.stop();
      await server.stop();
      await issuer.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
