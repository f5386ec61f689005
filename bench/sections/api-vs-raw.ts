/**
 * Sections 1 and 2: casting ballots and opening decisions through the HTTP API (token check,
 * validation, Temporal call, answer) against the same work sent by `@temporalio/client` directly.
 * The ballots' HTTP client runs in a process of its own (../http-load.ts), so the benchmark
 * process's CPU per ballot is the API's in one arm and the Temporal client's in the other.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LoadPlan, LoadResult } from '../http-load';
import {
  castBallotRaw,
  compareRuns,
  medianRun,
  pick,
  ratio,
  spread,
  openDecisions,
  decisionInput,
  runConcurrently,
  startDecision,
  round,
  statsOf,
  type Comparison,
  type CpuPerOp,
  type HistoryPerOp,
  type LeastFront,
  type RunStats,
} from '../kit';
import { startFloorServer } from '../floor-server';
import { startNestFloorServer } from '../nest-floor-server';
import { profiled } from '../profile';
import type { BenchStack, CpuSample } from '../stack';

export interface ApiVsRawPlan {
  rounds: number;
  opens: number;
  ballotDecisions: number;
  concurrency: number;
}

/** Which arm goes first alternates, so neither always runs on the fuller server. */
function armsInTurn(round: number): ('api' | 'raw')[] {
  return round % 2 === 0 ? ['api', 'raw'] : ['raw', 'api'];
}

export async function benchOpenDecisions(stack: BenchStack, plan: ApiVsRawPlan): Promise<Comparison> {
  const seats = stack.board.votingSeatCodes();
  const runs: Record<'api' | 'raw', RunStats[]> = { api: [], raw: [] };
  for (let r = 0; r < plan.rounds; r++) {
    for (const arm of armsInTurn(r)) {
      await stack.settle();
      runs[arm].push(
        await runConcurrently(plan.opens, plan.concurrency, async () => {
          if (arm === 'raw') return void (await startDecision(stack, decisionInput(stack, seats)));
          const body = { title: 'Bench', rule: 'simple', closesIn: 'P30D', closeEarly: false };
          await stack.call('POST', '/decisions', stack.secretariatToken, body, 201);
        }),
      );
    }
  }
  return compareRuns(runs);
}

/** Sends `plan` from a child process (../http-load.ts); its timings and its CPU. */
async function postFromOwnProcess(plan: LoadPlan): Promise<LoadResult> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'http-load.js')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin.end(JSON.stringify(plan));
  const code = await exited;
  if (code !== 0) throw new Error(`bench: the HTTP load process exited with ${code}`);
  return JSON.parse(out) as LoadResult;
}

/** The ballots' arms, each round in another order, so none always runs on the fullest server. */
const BALLOT_ARMS = ['api', 'nest', 'fastify', 'floor', 'raw'] as const;
type BallotArm = (typeof BALLOT_ARMS)[number];

export async function benchBallots(stack: BenchStack, plan: ApiVsRawPlan): Promise<Comparison> {
  const seats = stack.board.votingSeatCodes();
  const seatOfToken = new Map(Object.entries(stack.memberTokens).map(([seat, token]) => [token, seat]));
  const seatOf = (token: string) => seatOfToken.get(token) ?? '';
  const floor = await startFloorServer(stack.client, seatOf);
  const nest = await startNestFloorServer(stack.client, seatOf);
  const fastify = await startNestFloorServer(stack.client, seatOf, 'fastify');
  const bases: Record<Exclude<BallotArm, 'raw'>, string> = {
    api: stack.base,
    nest: nest.base,
    fastify: fastify.base,
    floor: floor.base,
  };
  const perArm = <V>(make: (arm: BallotArm) => V) =>
    Object.fromEntries(BALLOT_ARMS.map((arm) => [arm, make(arm)])) as Record<BallotArm, V>;
  const runs = perArm<RunStats[]>(() => []);
  const cpu = perArm<CpuSample & { client: number }>(() => ({
    bench: 0,
    recordThread: 0,
    client: 0,
    server: 0,
    worker: 0,
  }));
  const decisions = perArm<string[]>(() => []);
  try {
    for (let r = 0; r < plan.rounds; r++) {
      for (const arm of [
        ...BALLOT_ARMS.slice(r % BALLOT_ARMS.length),
        ...BALLOT_ARMS.slice(0, r % BALLOT_ARMS.length),
      ]) {
        const ids = await openDecisions(stack, plan.ballotDecisions);
        decisions[arm].push(...ids);
        const casts = ids.flatMap((id) => seats.map((seat) => ({ id, seat })));
        await stack.settle();
        const before = stack.cpu();
        if (arm === 'raw') {
          runs.raw.push(
            await runConcurrently(casts.length, plan.concurrency, async (i) => {
              await castBallotRaw(stack, casts[i].id, casts[i].seat);
            }),
          );
        } else {
          const send = () =>
            postFromOwnProcess({
              base: bases[arm],
              concurrency: plan.concurrency,
              expect: 200,
              requests: casts.map(({ id, seat }) => ({
                path: `/decisions/${id}/ballots`,
                token: stack.memberTokens[seat],
                body: { choice: 'yes' },
              })),
            });
          const load = arm === 'api' ? await profiled('ballots-api', send) : await send();
          runs[arm].push(statsOf(load.latencies, load.seconds, load.errors));
          cpu[arm].client += load.cpuSeconds;
        }
        // Until the server and worker are quiet again, so work a ballot left behind is counted too.
        await stack.settle();
        const after = stack.cpu();
        for (const k of Object.keys(after) as (keyof CpuSample)[]) cpu[arm][k] += after[k] - before[k];
      }
    }
  } finally {
    await floor.close();
    await nest.close();
    await fastify.close();
  }
  const ballots = plan.rounds * plan.ballotDecisions * seats.length;
  const perOp = (c: CpuSample & { client: number }): CpuPerOp => ({
    bench: round((c.bench * 1000) / ballots),
    recordThread: round((c.recordThread * 1000) / ballots),
    client: round((c.client * 1000) / ballots),
    server: round((c.server * 1000) / ballots),
    worker: round((c.worker * 1000) / ballots),
  });
  const history = {} as Record<BallotArm, HistoryPerOp>;
  for (const arm of BALLOT_ARMS) history[arm] = await historyPerBallot(stack, decisions[arm]);
  const front = (arm: LeastFront) => {
    const median = medianRun(runs[arm]);
    return {
      ...pick(median),
      throughputRatio: ratio(median.perSecond, medianRun(runs.raw).perSecond),
      spread: spread(runs[arm]),
    };
  };
  return {
    ...compareRuns({ api: runs.api, raw: runs.raw }),
    floor: front('floor'),
    nest: front('nest'),
    fastify: front('fastify'),
    cpuMsPerOp: perArm((arm) => perOp(cpu[arm])),
    historyPerBallot: history,
  };
}

/**
 * History events and workflow tasks per ballot over an arm's decisions: Updates that arrive while a
 * workflow task runs share the next one, so fewer in flight at once means more tasks per ballot.
 */
async function historyPerBallot(stack: BenchStack, ids: string[]): Promise<HistoryPerOp> {
  let events = 0;
  let tasks = 0;
  let ballots = 0;
  for (const id of ids) {
    const history = await stack.client.workflow.getHandle(id).fetchHistory();
    for (const e of history.events ?? []) {
      events++;
      if (e.workflowTaskCompletedEventAttributes) tasks++;
      if (e.workflowExecutionUpdateAcceptedEventAttributes) ballots++;
    }
  }
  const hundredths = (n: number) => Math.round(n * 100) / 100;
  return { events: hundredths(events / ballots), workflowTasks: hundredths(tasks / ballots) };
}
