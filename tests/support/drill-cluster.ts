/**
 * The cluster the crash drills run on (tests/e2e/crash-drills.test.ts,
 * tests/e2e/crash-failpoints.test.ts): a Temporal dev server with its own data folder, and the
 * compiled worker and API as separate processes that a drill kills and starts again; plus the
 * careful HTTP client the drills use (same `Idempotency-Key` again on a lost answer).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTemporalCli } from '../../src/temporal/binaries';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import {
  startEmbeddedRecordServer,
  type EmbeddedRecordServer,
} from '../../src/record/embedded-record-server';
import { freePort } from '../../scripts/free-port';
import { TestIssuer } from './test-issuer';
import { spawnNode, waitForOutput, waitForUrl, waitUntil, type SpawnedProcess } from './processes';

/** The OpenID provider every drill cluster's API trusts, on a loopback port of this test process. */
export const drillIssuer = new TestIssuer();
/** The token signing secret of every drill cluster. */
export const JWT_SECRET = 'crash-drill-secret-of-more-than-32-characters';
const WORKER = 'dist/src/worker/main.js';
const API = 'dist/src/api/main.js';

/** The 32 voting seats of config/ilo-board.json. */
export const VOTING = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV',
  'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'COM1', 'COM2', 'FRONTEX',
  'EUROPOL', 'EUAA',
]; // prettier-ignore
/** The 27 member states among {@link VOTING}. */
export const MEMBER_STATES = VOTING.slice(0, 27);

/** A secretariat token for the drill clusters (once a cluster has started). */
export const sec = () => drillIssuer.token({ role: 'secretariat' });
/** A token of the member of `seat` for the drill clusters (once a cluster has started). */
export const member = (seat: string) => drillIssuer.token({ role: 'member', seat });
/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One Temporal dev server with its data folder, and the processes around it. */
export class Cluster {
  devServer!: DevServer;
  /** The embedded record store; the worker and the API find it through the data folder, as `npm run worker` does. */
  recordServer!: EmbeddedRecordServer;
  api!: SpawnedProcess;
  readonly workers: SpawnedProcess[] = [];
  readonly dataDir = mkdtempSync(join(tmpdir(), 'board-drill-'));
  /** Variables every worker of this cluster gets on top of {@link env} (set before {@link start}). */
  workerEnv: Record<string, string> = {};
  private serial = 0;
  private ports!: { temporal: number; ui: number; api: number };

  get base(): string {
    return `http://127.0.0.1:${this.ports.api}`;
  }

  get env(): Record<string, string> {
    return {
      TEMPORAL_ADDRESS: `127.0.0.1:${this.ports.temporal}`,
      PORT: String(this.ports.api),
      DATA_DIR: this.dataDir,
      JWT_SECRET,
      ...drillIssuer.env,
      LOG_LEVEL: 'warn',
    };
  }

  async start(): Promise<void> {
    this.ports = { temporal: await freePort(), ui: await freePort(), api: await freePort() };
    await drillIssuer.start();
    await this.startServer();
    await Promise.all([this.startWorker(), this.startApi()]);
  }

  async startServer(): Promise<void> {
    this.devServer = await startDevServer({
      cliPath: (await resolveTemporalCli({ install: true })) as string,
      dataDir: this.dataDir,
      port: this.ports.temporal,
      uiPort: this.ports.ui,
      namespace: 'default',
    });
    this.recordServer ??= await startEmbeddedRecordServer({ dataDir: this.dataDir });
  }

  async startWorker(): Promise<SpawnedProcess> {
    const worker = spawnNode(WORKER, [], {
      env: { ...this.env, ...this.workerEnv },
      name: `worker ${++this.serial}`,
    });
    this.workers.push(worker);
    await waitForOutput(worker, /worker: polling task queue/);
    return worker;
  }

  async startApi(): Promise<void> {
    this.api = spawnNode(API, [], { env: this.env, name: `api ${++this.serial}` });
    await waitForUrl(`${this.base}/health`, { process: this.api });
  }

  /** Lines of a JSON-lines file in the data folder (none when it does not exist). */
  lines(file: string): { key: string }[] {
    try {
      return readFileSync(join(this.dataDir, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { key: string });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers, this.api].filter(Boolean).map((p) => p.kill()));
    await this.devServer?.stop();
    await this.recordServer?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** An HTTP answer: status and parsed body. */
export interface Answer {
  status: number;
  body: any;
}

/**
 * One HTTP call that a careful client makes: on a lost connection, a timeout or a 5xx it sends
 * the same request again, with the same `Idempotency-Key`, until it gets an answer below 500.
 */
export async function send(
  cluster: Cluster,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; key?: string } = {},
): Promise<Answer> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? sec()}` };
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      if (opts.key) headers['idempotency-key'] = opts.key;
      const res = await fetch(cluster.base + path, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.status < 500) return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      // Connection refused or reset, or a timeout: the process may be restarting.
    }
    if (Date.now() > deadline) throw new Error(`${method} ${path}: no answer below 500 in 90 s`);
    await sleep(300);
  }
}

/** Polls GET `path` until `done` holds for its body. */
export function readUntil(cluster: Cluster, path: string, done: (body: any) => boolean, timeoutMs = 60_000) {
  return waitUntil(
    `${path} to reach the expected state`,
    async () => {
      const r = await send(cluster, 'GET', path);
      return r.status === 200 && done(r.body) ? r.body : undefined;
    },
    timeoutMs,
  );
}

/** Keys that occur more than once in `lines`. */
export const duplicates = (lines: { key: string }[]) => {
  const seen = new Map<string, number>();
  for (const { key } of lines) seen.set(key, (seen.get(key) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
};
