/**
 * The benchmark's helpers, in one place for every section: a bounded-concurrency runner and
 * percentiles, the figures a section reports (rounded, API against raw), and decisions started
 * straight through the Temporal client (the raw arm, and tracked items). Sections import from here
 * and from ./stack; ./report imports only the sections' result types, so nothing imports in a circle.
 */
import { castBallotUpdate } from '../workflows/decision/decision.messages';
import type { DecisionInput, DecisionState } from '../workflows/decision/decision.types';
import { decisionWorkflow } from '../workflows/decision/decision.workflow';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardStatusKey,
  boardTitleKey,
} from '../workflows/search-attributes';
import type { BenchStack } from './stack';

// ---- timing ----

export interface RunStats {
  count: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  errors: number;
}

/** The q-quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Throughput and percentiles of `count` timed operations that took `seconds` in all. */
export function statsOf(latencies: number[], seconds: number, errors: number): RunStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50ms: quantile(sorted, 0.5),
    p95ms: quantile(sorted, 0.95),
    p99ms: quantile(sorted, 0.99),
    errors,
  };
}

/** Runs `task(i)` for i in 0..count-1, at most `concurrency` at a time; times each one. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<RunStats> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      try {
        await task(i);
      } catch (err) {
        if (errors++ === 0) console.error(`bench: first error: ${(err as Error).message}`);
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return statsOf(latencies, Number(process.hrtime.bigint() - started) / 1e9, errors);
}

/** The run whose throughput is the median of the rounds (so its latencies belong together). */
export function medianRun(runs: RunStats[]): RunStats {
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor(sorted.length / 2)];
}

// ---- figures ----

/** The lowest and highest throughput of the rounds: how noisy the machine was. */
export function spread(runs: RunStats[]): string {
  const rates = runs.map((r) => r.perSecond);
  return `${round(Math.min(...rates))}–${round(Math.max(...rates))}`;
}

export const round = (n: number) => Math.round(n * 10) / 10;
export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

export type Figures = ReturnType<typeof pick>;
export const pick = (s: RunStats) => ({
  perSecond: round(s.perSecond),
  p50ms: round(s.p50ms),
  p95ms: round(s.p95ms),
  p99ms: round(s.p99ms),
  errors: s.errors,
});

/** A decision's history per ballot cast on it (its opening and close included). */
export interface HistoryPerOp {
  events: number;
  workflowTasks: number;
}

/** CPU milliseconds per operation, by process: where the cores went. */
export interface CpuPerOp {
  /** The benchmark process: the API in the API arm, the Temporal client in the raw arm. */
  bench: number;
  /** Of `bench`, the record's database thread (absent from runs before it was measured). */
  recordThread?: number;
  /** The API arm's HTTP client, in a process of its own (absent from runs before it had one). */
  client?: number;
  server: number;
  worker: number;
}

/** The ballots section's least fronts (absent from runs before each was added). */
export type LeastFront = 'floor' | 'nest' | 'fastify';

export interface Comparison {
  api: Figures;
  raw: Figures;
  throughputRatio: number;
  p99Ratio: number;
  /** Lowest–highest throughput of each arm's rounds: how noisy the machine was. */
  spread?: Record<'api' | 'raw', string>;
  /** Over every round of each arm (ballots only). */
  cpuMsPerOp?: Record<'api' | 'raw', CpuPerOp> & Partial<Record<LeastFront, CpuPerOp>>;
  /** Ballots only: history events and workflow tasks per ballot, over each arm's decisions. */
  historyPerBallot?: Record<'api' | 'raw', HistoryPerOp> & Partial<Record<LeastFront, HistoryPerOp>>;
  /** Ballots only: the least HTTP front (../floor-server.ts), its ratio to the raw client. */
  floor?: Figures & { throughputRatio: number; spread: string };
  /** Ballots only: the least NestJS front (../nest-floor-server.ts), its ratio to the raw client. */
  nest?: Figures & { throughputRatio: number; spread: string };
  /** Ballots only: the same least NestJS front on Fastify instead of Express. */
  fastify?: Figures & { throughputRatio: number; spread: string };
}

/** The median rounds of each arm compared, with the rounds' spread. */
export function compareRuns(runs: Record<'api' | 'raw', RunStats[]>): Comparison {
  return {
    ...compare(medianRun(runs.api), medianRun(runs.raw)),
    spread: { api: spread(runs.api), raw: spread(runs.raw) },
  };
}

export function compare(api: RunStats, raw: RunStats): Comparison {
  return {
    api: pick(api),
    raw: pick(raw),
    throughputRatio: ratio(api.perSecond, raw.perSecond),
    p99Ratio: ratio(api.p99ms, raw.p99ms),
  };
}

// ---- decisions started through the Temporal client ----

const DAY = 86_400_000;
let serial = 0;

/** A decision awaiting `electorate`, closing `closesInDays` from now; the other voting seats recused. */
export function decisionInput(stack: BenchStack, electorate: string[], closesInDays = 30): DecisionInput {
  const id = `dec-bench-${process.pid}-${++serial}`;
  return {
    id,
    title: `Bench decision ${serial}`,
    text: '',
    rule: 'simple',
    quorum: null,
    objectionThreshold: 1,
    closesAt: new Date(Date.now() + closesInDays * DAY).toISOString(),
    electorate,
    recused: stack.board.votingSeatCodes().filter((s) => !electorate.includes(s)),
    closeEarly: false,
    openedBy: 'bench',
  };
}

/** Starts it as the API would (same search attributes), on `taskQueue`. */
export function startDecision(
  stack: BenchStack,
  input: DecisionInput,
  taskQueue = stack.config.temporal.taskQueue,
) {
  return stack.client.workflow.start(decisionWorkflow, {
    workflowId: input.id,
    taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: boardKindKey, value: 'decision' },
      { key: boardStatusKey, value: 'open' },
      { key: boardAwaitingKey, value: input.electorate },
      { key: boardDueAtKey, value: new Date(input.closesAt) },
      { key: boardTitleKey, value: input.title },
    ],
  });
}

/** A member of `seat` votes yes on decision `id`, straight through the Temporal client. */
export function castBallotRaw(stack: BenchStack, id: string, seat: string): Promise<DecisionState> {
  return stack.client.workflow
    .getHandle(id)
    .executeUpdate(castBallotUpdate, { args: [{ seat, choice: 'yes', by: `${seat}-m` }] });
}

/** The same ballot through the HTTP API, as the member's browser sends it. */
export function castBallotApi(stack: BenchStack, id: string, seat: string): Promise<DecisionState> {
  return stack.call('POST', `/decisions/${id}/ballots`, stack.memberTokens[seat], { choice: 'yes' }, 200);
}

/** Opens `count` decisions awaiting every voting seat (raw client); their ids. */
export async function openDecisions(stack: BenchStack, count: number): Promise<string[]> {
  const seats = stack.board.votingSeatCodes();
  const ids: string[] = [];
  for (let d = 0; d < count; d++)
    ids.push((await startDecision(stack, decisionInput(stack, seats))).workflowId);
  return ids;
}

/** Waits until visibility lists at least `atLeast` open decisions. */
export async function waitForOpenDecisions(stack: BenchStack, atLeast: number): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const { count } = await stack.client.workflow.count(
      `ExecutionStatus = 'Running' AND BoardKind = 'decision'`,
    );
    if (count >= atLeast) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`visibility did not reach ${atLeast} open decisions`);
}
