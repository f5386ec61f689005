/**
 * `npm run bench`: how fast the API is against the same Temporal server driven directly by
 * `@temporalio/client` in the same run, how tracking and the worker scale, and how fast years of
 * workflow time run on the time-skipping server. Writes bench/results.md and bench/results.json.
 * `npm run bench:smoke` (BENCH_SMOKE=1) runs a few seconds' worth of each, so it cannot rot.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { round } from './kit';
import { markdown, type Meta, type Results } from './report';
import { benchBallots, benchOpenDecisions } from './sections/api-vs-raw';
import { benchBallotBurst } from './sections/ballot-burst';
import { benchFundingRound } from './sections/funding-round';
import { benchMePending } from './sections/pending';
import { benchRecord } from './sections/record';
import { benchSimulatedTime } from './sections/simulated-time';
import { benchStorage } from './sections/storage';
import { benchWorkerMemory } from './sections/worker-memory';
import { projectRoot, startBenchStack } from './stack';

const smoke = process.env.BENCH_SMOKE === '1';

/** The numbers of open items section 4 measures at, when `BENCH_PENDING_SIZES` sets them. */
function pendingSizes(): number[] | undefined {
  const sizes = process.env.BENCH_PENDING_SIZES?.split(',').map(Number);
  if (!sizes) return undefined;
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('BENCH_PENDING_SIZES: whole numbers');
  return sizes;
}
const plan = smoke
  ? {
      apiVsRaw: { rounds: 1, opens: 20, ballotDecisions: 2, concurrency: 8 },
      funding: { requests: 12, concurrency: 8, window: 'PT8S' },
      pending: { rounds: 1, sizes: [60, 200], requests: 16 },
      memory: { sizes: [50, 100], caches: [undefined, 20] },
      storage: { rounds: 1, opens: 20, ballotDecisions: 1, concurrency: 8 },
      burst: { bursts: 1, windowMs: 1000 },
      record: { sizes: [100, 300], requests: 10, ballotRounds: 1, ballotDecisions: 1, concurrency: 8 },
    }
  : {
      apiVsRaw: { rounds: 5, opens: 300, ballotDecisions: 12, concurrency: 16 },
      funding: { requests: 200, concurrency: 16, window: 'PT45S' },
      // BENCH_PENDING_SIZES=1000,10000: the scale (the full run keeps a shorter one).
      pending: { rounds: 3, sizes: pendingSizes() ?? [500, 5000], requests: 320 },
      memory: { sizes: [1000, 10000], caches: [undefined, 1000] },
      storage: { rounds: 3, opens: 200, ballotDecisions: 6, concurrency: 16 },
      burst: { bursts: 10, windowMs: 1000 },
      record: { sizes: [1000, 10000], requests: 200, ballotRounds: 3, ballotDecisions: 6, concurrency: 16 },
    };
const outDir = join(projectRoot, 'bench', ...(smoke ? ['out'] : []));

/** `BENCH_ONLY=ballots` (a comma list of section names) runs just those, e.g. under a profiler. */
const only = process.env.BENCH_ONLY?.split(',');

async function runOnly(sections: string[]): Promise<void> {
  const out: Record<string, unknown> = {};
  // Sections with stacks of their own run before the shared one starts.
  if (sections.includes('storage')) out.storage = await benchStorage(plan.storage);
  if (sections.includes('record')) out.record = await benchRecord(plan.record);
  if (sections.includes('simulated')) out.simulatedTime = benchSimulatedTime();
  // The shared stack only when a section that runs on it was asked for.
  const shared = ['pending', 'opens', 'ballots', 'burst', 'funding', 'memory'];
  if (!sections.some((s) => shared.includes(s))) return writeOnly(out);
  const stack = await startBenchStack();
  try {
    if (sections.includes('pending')) out.mePending = await benchMePending(stack, plan.pending);
    if (sections.includes('opens')) out.openDecisions = await benchOpenDecisions(stack, plan.apiVsRaw);
    if (sections.includes('ballots')) out.ballots = await benchBallots(stack, plan.apiVsRaw);
    if (sections.includes('burst')) out.ballotBurst = await benchBallotBurst(stack, plan.burst);
    if (sections.includes('funding')) out.fundingRound = await benchFundingRound(stack, plan.funding);
    if (sections.includes('memory')) out.workerMemory = await benchWorkerMemory(stack, plan.memory);
    writeOnly(out);
  } finally {
    await stack.stop();
  }
}

/** The machine is shared: its 1-minute load average at the start and at the end says how busy it was. */
const loadAtStart = loadavg()[0];

/** Prints a `BENCH_ONLY` run's figures and keeps them for bench/render.ts --with-only. */
function writeOnly(out: Record<string, unknown>): void {
  console.log(JSON.stringify(out, null, 2));
  mkdirSync(join(projectRoot, 'bench', 'out'), { recursive: true });
  const load = [loadAtStart, loadavg()[0]].map(round);
  const only = { date: new Date().toISOString(), mode: smoke ? 'smoke' : 'full', plan, load, results: out };
  writeFileSync(join(projectRoot, 'bench', 'out', 'only.json'), JSON.stringify(only, null, 2) + '\n');
}

async function main(): Promise<void> {
  if (only) return runOnly(only);
  const stack = await startBenchStack();
  const results = {} as Results;
  try {
    // Tracking first, while the namespace holds only its own items.
    results.mePending = await benchMePending(stack, plan.pending);
    results.openDecisions = await benchOpenDecisions(stack, plan.apiVsRaw);
    results.ballots = await benchBallots(stack, plan.apiVsRaw);
    results.ballotBurst = await benchBallotBurst(stack, plan.burst);
    results.fundingRound = await benchFundingRound(stack, plan.funding);
    results.workerMemory = await benchWorkerMemory(stack, plan.memory);
  } finally {
    await stack.stop();
  }
  results.storage = await benchStorage(plan.storage);
  results.record = await benchRecord(plan.record);
  results.simulatedTime = benchSimulatedTime();

  const meta: Meta = {
    date: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 2 ** 30),
    node: process.version,
    temporalCli: execFileSync(stack.cliPath, ['--version']).toString().trim(),
    sdk: (
      JSON.parse(readFileSync(require.resolve('@temporalio/client/package.json'), 'utf8')) as {
        version: string;
      }
    ).version,
    plan: {
      rounds: plan.pending.rounds,
      apiVsRawRounds: plan.apiVsRaw.rounds,
      storageRounds: plan.storage.rounds,
    },
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify({ meta, plan, results }, null, 2) + '\n');
  writeFileSync(join(outDir, 'results.md'), markdown(meta, results));
  console.log(markdown(meta, results));
  // Failed requests mean the benchmark measured something broken: say so with the exit code.
  const errors =
    results.ballots.api.errors +
    results.ballots.raw.errors +
    results.openDecisions.api.errors +
    results.openDecisions.raw.errors +
    results.mePending.reduce((n, p) => n + p.errors, 0) +
    results.storage.reduce((n, s) => n + s.opens.errors + s.ballots.errors, 0);
  if (errors > 0) throw new Error(`${errors} requests failed during the benchmark`);
  // A ballot refused or missing from the record in a live vote is a failure, however fast.
  for (const arm of results.ballotBurst.arms) {
    if (arm.ballots.errors > 0 || arm.counted !== arm.sent)
      throw new Error(
        `live vote (${arm.arm}): ${arm.sent} ballots sent, ${arm.ballots.errors} refused, ${arm.counted} on record`,
      );
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
