/**
 * `npm run bench`: how fast the API is against the same Temporal server driven directly by
 * `@temporalio/client` in the same run, and how tracking and the worker scale. It starts its own
 * dev server (own ports, own data folder), the worker as a separate process (so its memory is its
 * own) and the API in this process, then writes bench/results.md and bench/results.json.
 * `npm run bench:smoke` (BENCH_SMOKE=1) runs a few seconds' worth, so the benchmark cannot rot.
 */
import { Client } from '@temporalio/client';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createApiApp } from '../src/api/create-api-app';
import { signToken } from '../src/auth/token-signer';
import { loadBoard } from '../src/board/board-config';
import { BoardDirectory } from '../src/board/board-directory';
import { loadAppConfig } from '../src/config/env';
import { resolveTemporalCli } from '../src/temporal/binaries';
import { connectClient } from '../src/temporal/connection';
import { startDevServer } from '../src/temporal/dev-server';
import { castBallotUpdate } from '../workflows/decision/decision.messages';
import type { DecisionInput } from '../workflows/decision/decision.types';
import { decisionWorkflow } from '../workflows/decision/decision.workflow';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardStatusKey,
  boardTitleKey,
} from '../workflows/search-attributes';
import { medianRun, runConcurrently, type RunStats } from './measure';

const smoke = process.env.BENCH_SMOKE === '1';
const plan = smoke
  ? { rounds: 1, opens: 20, ballotDecisions: 2, pendingSizes: [50, 200], pendingRequests: 30, concurrency: 8 }
  : {
      rounds: 3,
      opens: 300,
      ballotDecisions: 12,
      pendingSizes: [500, 5000],
      pendingRequests: 300,
      concurrency: 16,
    };
const projectRoot = join(__dirname, '..', '..');
const outDir = smoke ? join(projectRoot, 'bench', 'out') : join(projectRoot, 'bench');

const DAY = 86_400_000;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

async function main(): Promise<void> {
  const dataDir = join(projectRoot, 'bench', 'out', `data-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const secret = 'bench-secret-bench-secret-bench-secret-0123';
  const env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    JWT_SECRET: secret,
    LOG_LEVEL: 'error',
    TASK_QUEUE: 'bench',
  };
  const config = loadAppConfig(env);
  const cliPath = (await resolveTemporalCli({ install: true })) as string;
  const server = await startDevServer({ cliPath, dataDir, port: temporalPort, uiPort, namespace: 'default' });
  const external = { ...process.env, ...env, TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}` };
  const worker = spawn(process.execPath, [join(__dirname, '..', 'src', 'worker', 'main.js')], {
    env: external,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) =>
    worker.stdout?.on('data', (d: Buffer) => d.toString().includes('polling') && resolve()),
  );
  const { client, connection } = await connectClient({
    ...config,
    temporal: { ...config.temporal, embedded: false },
  });
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  const app = await createApiApp({ config, board, client, signingSecret: secret }, { shutdownHooks: false });
  await app.listen(port, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const seats = board.votingSeatCodes();
  const tokens = Object.fromEntries(
    seats.map((s) => [s, signToken(secret, { sub: `${s}-m`, role: 'member', seat: s })]),
  );
  const secToken = signToken(secret, { sub: 'bench-sec', role: 'secretariat' });
  const results = {} as Results;
  const post = async (path: string, token: string, body: unknown, expect: number) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expect) throw new Error(`${path}: ${res.status} ${text}`);
    return text;
  };
  let serial = 0;
  const input = (electorate: string[], closesInDays = 30): DecisionInput => ({
    id: `dec-bench-${process.pid}-${++serial}`,
    title: `Bench decision ${serial}`,
    text: '',
    rule: 'simple',
    quorum: null,
    objectionThreshold: 1,
    closesAt: new Date(Date.now() + closesInDays * DAY).toISOString(),
    electorate,
    recused: seats.filter((s) => !electorate.includes(s)),
    closeEarly: false,
    openedBy: 'bench',
  });
  const rawStart = (i: DecisionInput) =>
    client.workflow.start(decisionWorkflow, {
      workflowId: i.id,
      taskQueue: config.temporal.taskQueue,
      args: [i],
      typedSearchAttributes: [
        { key: boardKindKey, value: 'decision' },
        { key: boardStatusKey, value: 'open' },
        { key: boardAwaitingKey, value: i.electorate },
        { key: boardDueAtKey, value: new Date(i.closesAt) },
        { key: boardTitleKey, value: i.title },
      ],
    });

  try {
    // 1. /me/pending at growing numbers of open items, each awaiting one seat (round robin), and
    //    the worker's resident memory with that many open decisions.
    const pending: PendingRow[] = [];
    let open = 0;
    for (const size of plan.pendingSizes) {
      const creation = await runConcurrently(size - open, 32, async (i) => {
        // Deadlines spread over a year, as a board's are.
        const n = open + i;
        await rawStart(input([seats[n % seats.length]], 1 + ((n * 7919) % 365)));
      });
      open = size;
      await waitForVisibility(client, size);
      const rounds: RunStats[] = [];
      for (let r = 0; r < plan.rounds; r++) {
        rounds.push(
          await runConcurrently(plan.pendingRequests, 1, async (i) => {
            const seat = seats[i % seats.length];
            const res = await fetch(`${base}/me/pending`, {
              headers: { authorization: `Bearer ${tokens[seat]}` },
            });
            const items = (await res.json()) as unknown[];
            const expected = Math.min(25, Math.floor(size / seats.length));
            if (res.status !== 200 || items.length < expected)
              throw new Error(`pending ${res.status} ${items.length}`);
          }),
        );
      }
      pending.push({
        openItems: size,
        creationPerSecond: round(creation.perSecond),
        ...pick(medianRun(rounds)),
        workerRssMb: round(rssMb(worker.pid as number)),
      });
    }
    results.mePending = pending;

    // 2. Opening decisions: POST /decisions against client.workflow.start.
    const opens: Record<string, RunStats[]> = { api: [], raw: [] };
    for (let r = 0; r < plan.rounds; r++) {
      opens.api.push(
        await runConcurrently(plan.opens, plan.concurrency, async () => {
          await post(
            '/decisions',
            secToken,
            { title: 'Bench', rule: 'simple', closesIn: 'P30D', closeEarly: false },
            201,
          );
        }),
      );
      opens.raw.push(
        await runConcurrently(plan.opens, plan.concurrency, async () => void (await rawStart(input(seats)))),
      );
    }
    results.openDecisions = compare(opens);

    // 3. Ballots: every voting seat on fresh decisions, through the API and as raw Updates.
    const ballots: Record<string, RunStats[]> = { api: [], raw: [] };
    for (let r = 0; r < plan.rounds; r++) {
      for (const arm of ['api', 'raw'] as const) {
        const ids: string[] = [];
        for (let d = 0; d < plan.ballotDecisions; d++) ids.push((await rawStart(input(seats))).workflowId);
        const casts = ids.flatMap((id) => seats.map((seat) => ({ id, seat })));
        ballots[arm].push(
          await runConcurrently(casts.length, plan.concurrency, async (i) => {
            const { id, seat } = casts[i];
            if (arm === 'api') await post(`/decisions/${id}/ballots`, tokens[seat], { choice: 'yes' }, 200);
            else
              await client.workflow
                .getHandle(id)
                .executeUpdate(castBallotUpdate, { args: [{ seat, choice: 'yes', by: `${seat}-m` }] });
          }),
        );
      }
    }
    results.ballots = compare(ballots);
    results.workerRssMbAtEnd = round(rssMb(worker.pid as number));
  } finally {
    await app.close();
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    await connection.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const meta = {
    date: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 2 ** 30),
    node: process.version,
    temporalCli: execFileSync(cliPath, ['--version']).toString().trim(),
    sdk: (
      JSON.parse(readFileSync(require.resolve('@temporalio/client/package.json'), 'utf8')) as {
        version: string;
      }
    ).version,
    plan,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify({ meta, results }, null, 2) + '\n');
  writeFileSync(join(outDir, 'results.md'), markdown(meta, results));
  console.log(markdown(meta, results));
  // Failed requests mean the benchmark measured something broken: say so with the exit code.
  const errors =
    results.ballots.api.errors +
    results.ballots.raw.errors +
    results.openDecisions.api.errors +
    results.openDecisions.raw.errors +
    results.mePending.reduce((n, p) => n + p.errors, 0);
  if (errors > 0) throw new Error(`${errors} requests failed during the benchmark`);
}

async function waitForVisibility(client: Client, atLeast: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { count } = await client.workflow.count(`ExecutionStatus = 'Running' AND BoardKind = 'decision'`);
    if (count >= atLeast) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`visibility did not reach ${atLeast} items`);
}

const round = (n: number) => Math.round(n * 10) / 10;
const pick = (s: RunStats) => ({
  perSecond: round(s.perSecond),
  p50ms: round(s.p50ms),
  p95ms: round(s.p95ms),
  p99ms: round(s.p99ms),
  errors: s.errors,
});

function compare(runs: Record<string, RunStats[]>) {
  const api = medianRun(runs.api);
  const raw = medianRun(runs.raw);
  return {
    api: pick(api),
    raw: pick(raw),
    throughputRatio: round((api.perSecond / raw.perSecond) * 100) / 100,
    p99Ratio: round((api.p99ms / raw.p99ms) * 100) / 100,
  };
}

type Comparison = ReturnType<typeof compare>;
interface PendingRow extends ReturnType<typeof pick> {
  openItems: number;
  creationPerSecond: number;
  workerRssMb: number;
}
interface Results {
  mePending: PendingRow[];
  openDecisions: Comparison;
  ballots: Comparison;
  workerRssMbAtEnd: number;
}

function markdown(meta: Record<string, unknown> & { plan: { rounds: number } }, results: Results): string {
  const rows = (name: string, c: Comparison) =>
    `| ${name} | ${c.api.perSecond} /s | ${c.raw.perSecond} /s | **${c.throughputRatio}** | ${c.api.p50ms} / ${c.api.p99ms} ms | ${c.raw.p50ms} / ${c.raw.p99ms} ms | **${c.p99Ratio}** |`;
  const pendingRows = results.mePending
    .map(
      (p) =>
        `| ${p.openItems} | ${p.p50ms} ms | ${p.p95ms} ms | ${p.p99ms} ms | ${p.workerRssMb} MB | ${p.creationPerSecond} /s |`,
    )
    .join('\n');
  const first = results.mePending[0];
  const last = results.mePending[results.mePending.length - 1];
  return `# Benchmark results (${meta.mode})

${meta.date} · ${meta.cpus} CPUs (${meta.cpuModel}), ${meta.memoryGb} GB · Node ${meta.node} · ${String(meta.temporalCli).split('\n')[0]} · TS SDK ${meta.sdk}
Each figure is the median of ${meta.plan.rounds} round(s); the raw client runs against the same server in the same run.

## API against the raw Temporal client

| what | API throughput | raw throughput | ratio API/raw | API p50 / p99 | raw p50 / p99 | p99 ratio |
|---|---|---|---|---|---|---|
${rows('cast a ballot (Update)', results.ballots)}
${rows('open a decision (start)', results.openDecisions)}

Targets: ballot throughput ratio ≥ 0.8, ballot p99 ratio ≤ 1.5.

## GET /me/pending (first page of 25, one request at a time, random seats; items each await one of 32 seats, deadlines spread over a year)

| open items | p50 | p95 | p99 | worker RSS | creation rate |
|---|---|---|---|---|---|
${pendingRows}

p95 at ${last.openItems} over p95 at ${first.openItems}: **${round((last.p95ms / first.p95ms) * 100) / 100}** (target ≤ 1.5; p95 target < 100 ms).
Worker RSS after the ballots: ${results.workerRssMbAtEnd} MB.
`;
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
