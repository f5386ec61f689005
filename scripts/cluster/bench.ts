/**
 * `npm run bench:cluster`: the benchmark's ballot and /me/pending sections (bench/sections) on the
 * local cluster (./local-cluster.ts: PostgreSQL, the four Temporal services, two API and two worker
 * replicas) instead of the embedded dev server. The API arm calls the first API replica over HTTP;
 * the raw arm is a Temporal client in this process. Prints the figures as JSON and writes them to
 * bench/out/cluster-results.json; `BENCH_SMOKE=1` runs a few seconds' worth.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchBallots } from '../../bench/sections/api-vs-raw';
import { benchMePending } from '../../bench/sections/pending';
import type { BenchStack } from '../../bench/stack';
import { startTestIssuer } from '../../tests/support/test-issuer';
import { loadBoard } from '../../src/board/board-config';
import { BoardDirectory } from '../../src/board/board-directory';
import { loadAppConfig } from '../../src/config/env';
import { connectClient } from '../../src/temporal/connection';
import { LocalCluster } from './local-cluster';

const smoke = process.env.BENCH_SMOKE === '1';
const plan = smoke
  ? {
      apiVsRaw: { rounds: 1, opens: 20, ballotDecisions: 2, concurrency: 8 },
      pending: { rounds: 1, sizes: [60, 200], requests: 16 },
    }
  : {
      apiVsRaw: { rounds: 5, opens: 300, ballotDecisions: 12, concurrency: 16 },
      pending: { rounds: 3, sizes: [500, 5000], requests: 320 },
    };
const secret = 'bench-cluster-secret-bench-cluster-secret-0123';

const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const dataDir = mkdtempSync(join(tmpdir(), 'board-cluster-bench-'));
  // People sign in through an OpenID provider on a loopback port (keys in this process).
  const issuer = await startTestIssuer();
  const cluster = new LocalCluster({
    root,
    dataDir,
    log: (line) => console.error(`cluster: ${line}`),
    // As the embedded benchmark: the limiter in the path, never refusing.
    appEnv: { ...issuer.env, JWT_SECRET: secret, LOG_LEVEL: 'error', RATE_LIMIT_WRITES: '100000000' },
  });
  await cluster.start();
  const config = loadAppConfig({
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: cluster.temporalAddress,
    DATABASE_URL: cluster.recordUrl,
    JWT_SECRET: secret,
  });
  const { client, connection } = await connectClient(config);
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  const base = cluster.apiUrls[0];
  const proc = (name: string) => cluster.processes.get(name)!;
  const busyPids = () =>
    ['frontend', 'history', 'matching', 'worker-1', 'worker-2', 'api-1'].map((n) => proc(n).pid);
  const stack = {
    config,
    client,
    board,
    base,
    server: { address: cluster.temporalAddress, pid: proc('history').pid, stop: async () => undefined },
    worker: {
      process: proc('worker-1').child,
      rssMb: () => rssMb(proc('worker-1').pid),
      stop: async () => undefined,
    },
    memberTokens: Object.fromEntries(
      board.votingSeatCodes().map((s) => [s, issuer.token({ role: 'member', seat: s }, 24 * 3600)]),
    ),
    secretariatToken: issuer.token({ role: 'secretariat' }, 24 * 3600),
    cliPath: '',
    spawnWorker: () => Promise.reject(new Error('not on the cluster')),
    async call<T>(method: string, path: string, token: string, body: unknown, expect: number): Promise<T> {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async settle() {
      const pids = busyPids();
      for (let i = 0; i < 120; i++) {
        const before = pids.map(cpuSeconds);
        await new Promise((r) => setTimeout(r, 1000));
        if (pids.every((pid, j) => cpuSeconds(pid) - before[j] < 0.1)) return;
      }
    },
    // CPU seconds so far: this process and the API replica it calls; the four Temporal services; both workers.
    cpu: () => {
      const own = process.cpuUsage();
      const sum = (names: string[]) => names.reduce((total, n) => total + cpuSeconds(proc(n).pid), 0);
      return {
        bench: (own.user + own.system) / 1e6 + sum(['api-1']),
        server: sum(['frontend', 'history', 'matching', 'worker']),
        worker: sum(['worker-1', 'worker-2']),
      };
    },
    stop: async () => undefined,
  } as unknown as BenchStack;
  try {
    // Tracking first, while the namespace holds only its own items (as bench/run.ts does).
    const out = join(root, 'bench', 'out');
    mkdirSync(out, { recursive: true });
    const results: Record<string, unknown> = {
      at: new Date().toISOString(),
      smoke,
      plan,
      timings: cluster.timings,
    };
    // Written after each section, so a later failure keeps what was measured.
    const save = () =>
      writeFileSync(join(out, 'cluster-results.json'), JSON.stringify(results, null, 2) + '\n');
    results.mePending = await benchMePending(stack, plan.pending);
    save();
    results.ballots = await benchBallots(stack, plan.apiVsRaw);
    save();
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await connection.close();
    await cluster.stop();
    await issuer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? String(err));
  process.exit(1);
});
