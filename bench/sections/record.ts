/**
 * Section 9: the board's record at scale, and what it costs a ballot, on a stack of its own.
 *
 * 1. The archive lists through the API (first page, one request at a time) with the record holding
 *    N open decisions and N/2 closed ones and N/2 funding requests, at each N of the plan: no
 *    filter, filters, words (`q`), a date window.
 * 2. What the pending lists would cost if the record answered them instead of Temporal's
 *    visibility: the queries `GET /me/pending` and `GET /pending` would send (first page and its
 *    counts), on the schema as it stands and with the two indexes such a move would add.
 * 3. The projection's cost per ballot: ballots through the API on the real worker against the same
 *    ballots on a worker whose projection activity writes nothing (bench/writeless-worker.ts), in
 *    turns, same run: throughput, latency, CPU per ballot by process, history events per ballot.
 *
 * The seeded items are written through the projection's own upsert (RecordRepository.project), so
 * they are rows as the worker writes them; their state holds what the lists and queries read.
 */
import { sql } from 'kysely';
import { loadavg } from 'node:os';
import { RecordRepository } from '../../src/record/record-repository';
import {
  castBallotApi,
  decisionInput,
  medianRun,
  pick,
  round,
  runConcurrently,
  spread,
  startDecision,
  type Figures,
  type RunStats,
} from '../kit';
import { startBenchStack, type BenchStack, type BenchWorker } from '../stack';

export interface RecordPlan {
  /** Open items in the record at each step (closed ones and requests come in proportion). */
  sizes: number[];
  /** Requests per list and per query, one at a time. */
  requests: number;
  /** Rounds of the ballot arms (each arm once per round, order alternating). */
  ballotRounds: number;
  /** Decisions per arm and round, every voting seat casting one ballot on each. */
  ballotDecisions: number;
  concurrency: number;
}

/** One list or query, timed. */
export interface TimedQuery {
  name: string;
  /** The request (a path) or the SQL's purpose. */
  what: string;
  figures: Figures;
  /** CPU of the benchmark process per request (the API, its client and the record's database thread). */
  cpuMs: number;
}

export interface RecordSizeRow {
  openItems: number;
  rows: number;
  /** Projections written per second while seeding (concurrency 8). */
  seedPerSecond: number;
  lists: TimedQuery[];
  /** The pending lists' queries on the record as the schema stands, then with the indexes added. */
  pending: TimedQuery[];
  pendingIndexed: TimedQuery[];
}

export interface ProjectionArm {
  arm: string;
  ballots: Figures;
  spread: string;
  /** CPU per ballot: benchmark process (API, client, record thread), Temporal server, the arm's worker. */
  cpuMsPerBallot: { bench: number; server: number; worker: number; all: number };
  /** History events per ballot on one decision of the arm. */
  eventsPerBallot: number;
  /** Ballots cast in the arm, all rounds. */
  ballotsCast: number;
  /**
   * Projections the record applied for the arm's decisions (0 on the writeless worker): fewer than
   * the ballots, since a write that finds a newer state already stored changes nothing.
   */
  projectedWrites: number;
}

export interface RecordBench {
  sizes: RecordSizeRow[];
  projection: ProjectionArm[];
  /** The machine's 1-minute load average when the section started and ended (2 cores). */
  loadAverage: [number, number];
}

const WORDS = ['budget', 'travel', 'liaison', 'training', 'equipment', 'audit', 'return', 'smuggling'];
const PRIORITIES = ['migrant-smuggling', 'return-and-readmission', 'capacity-building'];
const DAY = 86_400_000;

/** Writes the `n`th seeded item(s): an open decision; every other n a closed decision and a request. */
async function seedOne(repo: RecordRepository, seats: string[], n: number, version: number): Promise<number> {
  const opened = new Date(Date.now() - ((n * 104729) % (3 * 365)) * DAY).toISOString();
  const words = `${WORDS[n % WORDS.length]} ${WORDS[(n * 3 + 1) % WORDS.length]}`;
  const base = {
    title: `Seeded ${words} ${n}`,
    text: `On the ${WORDS[(n * 5 + 2) % WORDS.length]} of the network`,
    rule: 'absolute',
    parentId: null,
    openedAt: opened,
  };
  const writes = [
    repo.project({
      kind: 'decision',
      version,
      state: {
        ...base,
        id: `dec-seed-open-${n}`,
        status: 'open',
        outcome: null,
        closedAt: null,
        closesAt: new Date(Date.now() + (1 + ((n * 7919) % 365)) * DAY).toISOString(),
        awaiting: n % 10 === 0 ? seats : [seats[n % seats.length]],
      },
    }),
  ];
  if (n % 2 === 0) {
    const closed = new Date(Date.parse(opened) + 14 * DAY).toISOString();
    writes.push(
      repo.project({
        kind: 'decision',
        version,
        state: {
          ...base,
          id: `dec-seed-closed-${n}`,
          status: 'closed',
          outcome: n % 4 === 0 ? 'adopted' : 'rejected',
          closedAt: closed,
          closesAt: closed,
          awaiting: [],
        },
      }),
      repo.project({
        kind: 'funding-request',
        version,
        state: {
          id: `req-seed-${n}`,
          status: 'awarded',
          title: base.title,
          description: base.text,
          roundId: `round-seed-${n % 20}`,
          seat: seats[n % seats.length],
          priority: PRIORITIES[n % PRIORITIES.length],
          submittedAt: opened,
          closedAt: closed,
        },
      }),
    );
  }
  await Promise.all(writes);
  return writes.length;
}

/** Times `task` `requests` times, one at a time, with the benchmark process's CPU per request. */
async function timed(
  name: string,
  what: string,
  requests: number,
  task: () => Promise<unknown>,
): Promise<TimedQuery> {
  const before = process.cpuUsage();
  const run = await runConcurrently(requests, 1, async () => void (await task()));
  const used = process.cpuUsage(before);
  if (run.errors > 0) throw new Error(`record section: ${name}: ${run.errors} of ${requests} failed`);
  return { name, what, figures: pick(run), cpuMs: round((used.user + used.system) / 1000 / requests) };
}

/** The archive lists as a reader asks for them (first page each). */
function listQueries(seats: string[]): [string, string][] {
  const month = new Date(Date.now() - 400 * DAY);
  const next = new Date(month.getTime() + 30 * DAY);
  return [
    ['decisions, no filter', '/decisions'],
    ['decisions, closed and adopted', '/decisions?status=closed&outcome=adopted'],
    ['decisions, one word', '/decisions?q=budget'],
    ['decisions, two words, open', '/decisions?q=budget%20travel&status=open'],
    [
      'decisions opened within a month',
      `/decisions?openedFrom=${month.toISOString()}&openedTo=${next.toISOString()}`,
    ],
    // The seat and priority of the first seeded request (n = 0).
    [
      'funding requests of a seat and priority',
      `/funding-requests?seat=${seats[0]}&priority=${PRIORITIES[0]}`,
    ],
  ];
}

/** Due time of an open item in the record, as tracking would sort it (a decision's close). */
const due = sql<string>`(state->>'closesAt')`;

/**
 * The queries the pending lists would send to the record: `/me/pending`'s first page of 25 with its
 * total, and `/pending`'s first page of 100 with its counts per seat and per kind.
 */
function pendingQueries(
  stack: BenchStack,
  seats: string[],
): [string, string, (i: number) => Promise<unknown>][] {
  const db = stack.record;
  const awaiting = (seat: string) => sql<boolean>`state->'awaiting' ? ${seat}`;
  return [
    [
      '/me/pending: first 25 and total',
      'open items awaiting the seat, soonest due first; count of them',
      (i) => {
        const seat = seats[(i * 7) % seats.length];
        return Promise.all([
          db
            .selectFrom('board_record')
            .select(['id', 'kind', 'title', due.as('due')])
            .where('open', '=', true)
            .where(awaiting(seat))
            .orderBy(due)
            .orderBy('id')
            .limit(25)
            .execute(),
          db
            .selectFrom('board_record')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('open', '=', true)
            .where(awaiting(seat))
            .executeTakeFirst(),
        ]);
      },
    ],
    [
      '/pending: first 100, counts per seat and per kind',
      'open items soonest due first; counts grouped by awaited seat and by kind',
      () =>
        Promise.all([
          db
            .selectFrom('board_record')
            .select(['id', 'kind', 'title', due.as('due')])
            .where('open', '=', true)
            .orderBy(due)
            .orderBy('id')
            .limit(100)
            .execute(),
          sql`select s.seat, count(*) from board_record, jsonb_array_elements_text(state->'awaiting') as s(seat)
              where open group by s.seat`.execute(db),
          db
            .selectFrom('board_record')
            .select(['kind', (eb) => eb.fn.countAll().as('n')])
            .where('open', '=', true)
            .groupBy('kind')
            .execute(),
        ]),
    ],
  ];
}

/** The indexes a move of the pending lists to the record would add (partial: open items only). */
async function addPendingIndexes(stack: BenchStack): Promise<void> {
  await sql`create index bench_open_awaiting on board_record using gin ((state->'awaiting')) where open`.execute(
    stack.record,
  );
  await sql`create index bench_open_due on board_record ((state->>'closesAt'), id) where open`.execute(
    stack.record,
  );
  await sql`analyze board_record`.execute(stack.record);
}

async function dropPendingIndexes(stack: BenchStack): Promise<void> {
  await sql`drop index if exists bench_open_awaiting`.execute(stack.record);
  await sql`drop index if exists bench_open_due`.execute(stack.record);
}

async function benchSize(
  stack: BenchStack,
  plan: RecordPlan,
  size: number,
  seeded: { next: number },
): Promise<RecordSizeRow> {
  const seats = stack.board.votingSeatCodes();
  const repo = new RecordRepository(stack.record);
  const openNow = async () =>
    Number(
      (
        await stack.record
          .selectFrom('board_record')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('open', '=', true)
          .executeTakeFirstOrThrow()
      ).n,
    );
  // Open decisions of the ballot arms count too: the figure is the record's size.
  const missing = Math.max(0, size - (await openNow()));
  const from = seeded.next;
  let written = 0;
  const seeding = await runConcurrently(missing, 8, async (i) => {
    written += await seedOne(repo, seats, from + i, 1);
  });
  seeded.next += missing;
  if (seeding.errors > 0) throw new Error(`record section: ${seeding.errors} seeded items failed`);
  await sql`analyze board_record`.execute(stack.record);
  const rows = Number(
    (
      await stack.record
        .selectFrom('board_record')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

  const lists: TimedQuery[] = [];
  for (const [name, path] of listQueries(seats)) {
    const first = await stack.call<{ items: unknown[] }>('GET', path, stack.secretariatToken, undefined, 200);
    if (first.items.length === 0) throw new Error(`record section: ${path} found nothing to page`);
    lists.push(
      await timed(name, path, plan.requests, () =>
        stack.call('GET', path, stack.secretariatToken, undefined, 200),
      ),
    );
  }
  const pendingRun = async () => {
    const out: TimedQuery[] = [];
    let i = 0;
    for (const [name, what, run] of pendingQueries(stack, seats))
      out.push(await timed(name, what, plan.requests, () => run(i++)));
    return out;
  };
  const pending = await pendingRun();
  await addPendingIndexes(stack);
  const pendingIndexed = await pendingRun();
  await dropPendingIndexes(stack);
  return {
    openItems: await openNow(),
    rows,
    seedPerSecond: round(written / seeding.seconds),
    lists,
    pending,
    pendingIndexed,
  };
}

/** Ballots through the API on decisions run by `worker` (on `taskQueue`); CPU by process. */
async function ballotArm(
  stack: BenchStack,
  plan: RecordPlan,
  worker: BenchWorker,
  taskQueue: string,
): Promise<{ run: RunStats; cpu: { bench: number; server: number; worker: number }; ids: string[] }> {
  const seats = stack.board.votingSeatCodes();
  const ids: string[] = [];
  for (let d = 0; d < plan.ballotDecisions; d++)
    ids.push((await startDecision(stack, decisionInput(stack, seats), taskQueue)).workflowId);
  const casts = ids.flatMap((id) => seats.map((seat) => ({ id, seat })));
  await stack.settle();
  const sample = () => ({ ...stack.cpu(), worker: worker.cpuSeconds() });
  const before = sample();
  const run = await runConcurrently(casts.length, plan.concurrency, async (i) => {
    await castBallotApi(stack, casts[i].id, casts[i].seat);
  });
  // Until the server and workers are quiet again: the projections a ballot left behind count too.
  await stack.settle();
  const after = sample();
  return {
    run,
    cpu: {
      bench: after.bench - before.bench,
      server: after.server - before.server,
      worker: after.worker - before.worker,
    },
    ids,
  };
}

async function benchProjection(stack: BenchStack, plan: RecordPlan): Promise<ProjectionArm[]> {
  const writelessQueue = `${stack.config.temporal.taskQueue}-writeless`;
  const writeless = await stack.spawnWorker({ TASK_QUEUE: writelessQueue }, 'bench/writeless-worker.js');
  const arms = [
    { arm: 'projection written (as shipped)', worker: stack.worker, queue: stack.config.temporal.taskQueue },
    { arm: 'projection activity, no database write', worker: writeless, queue: writelessQueue },
  ];
  const results = arms.map(() => ({
    runs: [] as RunStats[],
    cpu: { bench: 0, server: 0, worker: 0 },
    ids: [] as string[],
  }));
  try {
    for (let r = 0; r < plan.ballotRounds; r++) {
      for (const a of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const { run, cpu, ids } = await ballotArm(stack, plan, arms[a].worker, arms[a].queue);
        if (run.errors > 0) throw new Error(`record section: ${run.errors} ballots failed (${arms[a].arm})`);
        results[a].runs.push(run);
        results[a].ids.push(...ids);
        for (const k of ['bench', 'server', 'worker'] as const) results[a].cpu[k] += cpu[k];
      }
    }
  } finally {
    await writeless.stop();
  }
  const ballots = plan.ballotRounds * plan.ballotDecisions * stack.board.votingSeatCodes().length;
  return Promise.all(
    arms.map(async ({ arm }, a) => {
      const { runs, cpu, ids } = results[a];
      const per = (s: number) => round((s * 1000) / ballots);
      const history = await stack.client.workflow.getHandle(ids[0]).describe();
      const projected = await stack.record
        .selectFrom('board_record')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('writes'), sql<number>`0`).as('n'))
        .where('id', 'in', ids)
        .executeTakeFirstOrThrow();
      return {
        arm,
        ballots: pick(medianRun(runs)),
        spread: spread(runs),
        cpuMsPerBallot: {
          bench: per(cpu.bench),
          server: per(cpu.server),
          worker: per(cpu.worker),
          all: per(cpu.bench + cpu.server + cpu.worker),
        },
        eventsPerBallot: round(history.historyLength / stack.board.votingSeatCodes().length),
        ballotsCast: ballots,
        projectedWrites: Number(projected.n),
      };
    }),
  );
}

/** On a stack of its own, so the record holds only what the section put there. */
export async function benchRecord(plan: RecordPlan): Promise<RecordBench> {
  const stack = await startBenchStack();
  try {
    return await benchRecordOn(stack, plan);
  } finally {
    await stack.stop();
  }
}

async function benchRecordOn(stack: BenchStack, plan: RecordPlan): Promise<RecordBench> {
  const loadAtStart = round(loadavg()[0]);
  const seeded = { next: 0 };
  const sizes: RecordSizeRow[] = [];
  for (const size of plan.sizes) sizes.push(await benchSize(stack, plan, size, seeded));
  const projection = await benchProjection(stack, plan);
  // The arms must measure what they say: the shipped worker wrote every ballot, the other none.
  const [written, writeless] = projection;
  if (written.projectedWrites === 0 || writeless.projectedWrites !== 0)
    throw new Error(
      `record section: ${written.projectedWrites} projections for the shipped worker, ${writeless.projectedWrites} for the writeless one`,
    );
  return { sizes, projection, loadAverage: [loadAtStart, round(loadavg()[0])] };
}
