/** Turns the benchmark's figures into bench/results.md: tables, targets, and what they mean. */
import { ratio, round, type Comparison, type CpuPerOp, type Figures } from './kit';
import type { BurstArm, BurstResult } from './sections/ballot-burst';
import type { FundingArm } from './sections/funding-round';
import type { PendingRow } from './sections/pending';
import type { SimulatedTime } from './sections/simulated-time';
import type { StorageRow } from './sections/storage';
import type { MemoryRow } from './sections/worker-memory';

export interface Results {
  ballots: Comparison;
  ballotBurst: BurstResult;
  openDecisions: Comparison;
  fundingRound: Record<'api' | 'raw', FundingArm>;
  mePending: PendingRow[];
  workerMemory: MemoryRow[];
  simulatedTime: SimulatedTime;
  storage: StorageRow[];
}

export interface Meta {
  date: string;
  mode: string;
  cpus: number;
  cpuModel?: string;
  memoryGb: number;
  node: string;
  temporalCli: string;
  sdk: string;
  plan: { rounds: number; apiVsRawRounds: number; storageRounds: number };
  /** Sections measured again alone (`BENCH_ONLY`) and laid over this run's (bench/render.ts). */
  partial?: { date: string; sections: string[] };
}

const mark = (ok: boolean) => (ok ? '✓' : '✗ missed');

/**
 * What a CPU profile of the ballots section said (\`node --cpu-prof\`, \`BENCH_ONLY=ballots\`, 1,920
 * ballots per arm, 2026-12-01): written once, not measured by every run.
 */
const ballotProfile = `Profile of a ballot through the API (\`BENCH_ONLY=ballots node --cpu-prof dist/bench/run.js\`, 2026-12-01):
the API's extra CPU is spread over the Nest/Express pipeline with no hot spot: answering with JSON
(stringify, ETag, write; ~0.5 ms a ballot), the validation pipe on a one-field body (class-transformer and
class-validator; ~0.3 ms), the token check (jsonwebtoken, HS256; ~0.2 ms), body parsing, routing and
helmet's headers. The Temporal call itself costs the same in both arms. Until that run the HTTP arm's own
client was \`fetch\` (undici), which cost the benchmark process ~2 ms of CPU per request on the same two
cores; it is now \`node:http\` with kept-alive sockets. When the cores are the limit, the throughput ratio
tends to the ratio of the arms' CPU per ballot, all processes together (the table above).
`;

/** Where a ballot's CPU went, by process, in each arm: what the throughput ratio is made of. */
function cpuTable(c: Comparison): string {
  if (!c.cpuMsPerOp) return '';
  const { api, raw } = c.cpuMsPerOp;
  const row = (name: string, a: CpuPerOp) =>
    `| ${name} | ${a.bench} ms | ${a.server} ms | ${a.worker} ms | ${round(a.bench + a.server + a.worker)} ms |`;
  return `
CPU per ballot, by process (2 cores in all; the benchmark process holds the API and its HTTP client in
the API arm, the Temporal client in the raw arm, and the record's database thread in both):

| arm | benchmark process | Temporal server | worker | all |
|---|---|---|---|---|
${row('API', api)}
${row('raw client', raw)}
`;
}

export function markdown(meta: Meta, r: Results): string {
  const row = (name: string, c: Comparison) =>
    `| ${name} | ${c.api.perSecond} /s${c.spread ? ` (${c.spread.api})` : ''} | ${c.raw.perSecond} /s${c.spread ? ` (${c.spread.raw})` : ''} | **${c.throughputRatio}** | ${c.api.p50ms} / ${c.api.p99ms} ms | ${c.raw.p50ms} / ${c.raw.p99ms} ms | **${c.p99Ratio}** |`;
  const first = r.mePending[0];
  const last = r.mePending[r.mePending.length - 1];
  const pendingRatio = ratio(last.p95ms, first.p95ms);
  const managerRow = (open: number, filter: string, m: Figures) =>
    `| ${open} | ${filter} | ${m.p50ms} ms | ${m.p95ms} ms | ${m.p99ms} ms | ${m.perSecond} /s |`;
  const f = r.fundingRound;
  const storageRow = (s: StorageRow) =>
    `| ${s.setting} | \`${s.pragmas}\` | ${s.opens.perSecond} /s (${s.opensSpread}) | ${s.opens.p50ms} / ${s.opens.p99ms} ms | ${s.ballots.perSecond} /s (${s.ballotsSpread}) | ${s.ballots.p50ms} / ${s.ballots.p99ms} ms |`;
  const [rollback, durable, relaxed] = r.storage;
  const b = r.ballotBurst;
  const burstRow = (a: BurstArm) =>
    `| ${a.arm} | ${a.ballots.p50ms} ms | ${a.ballots.p95ms} ms | ${a.ballots.p99ms} ms | ${a.sent} | ${a.ballots.errors} | ${a.counted} |`;
  const target = b.arms[0];
  const allKept = b.arms.every((a) => a.counted === a.sent && a.ballots.errors === 0);
  const fundingRow = (name: string, a: FundingArm) =>
    `| ${name} | ${a.submissions.perSecond} /s | ${a.submissions.p50ms} / ${a.submissions.p99ms} ms | ${a.submitSeconds} s | ${a.allocationToAwardsSeconds} s | ${a.awarded} | ${a.windowWaitSeconds} s |`;
  return `# Benchmark results (${meta.mode})

${meta.partial ? `**${meta.partial.sections.join(', ')}: measured alone on ${meta.partial.date} (\`BENCH_ONLY\`, same machine kind); the other sections are from the full run of ${meta.date}.**\n\n` : ''}${meta.date} · ${meta.cpus} CPUs (${meta.cpuModel}), ${meta.memoryGb} GB · Node ${meta.node} · ${meta.temporalCli.split('\n')[0]} · TS SDK ${meta.sdk}
Each figure is the median of its rounds (API against raw: ${meta.plan.apiVsRawRounds}, taking turns at going first; /me/pending: ${meta.plan.rounds});
the raw client runs against the same server in the same run, and every measured phase starts once the server
and workers are idle.

## 1–2. API against the raw Temporal client

| what | API throughput (rounds' range) | raw throughput (rounds' range) | ratio API/raw | API p50 / p99 | raw p50 / p99 | p99 ratio |
|---|---|---|---|---|---|---|
${row('cast a ballot (Update)', r.ballots)}
${row('open a decision (start)', r.openDecisions)}

Targets: ballot throughput ratio ≥ 0.9 (${mark(r.ballots.throughputRatio >= 0.9)}), ballot p99 ratio ≤ 1.2 (${mark(r.ballots.p99Ratio <= 1.2)}).
${cpuTable(r.ballots)}
${ballotProfile}

## 3. A funding round of ${f.api.requests} requests, launch to awards

| arm | submissions | submission p50 / p99 | launch → last submission | allocation → all awarded | awarded | idle: window still open |
|---|---|---|---|---|---|---|
${fundingRow('API', f.api)}
${fundingRow('raw client', f.raw)}

## 4. GET /me/pending (first page of 25, one request at a time, every seat in turn)

Items: one in ten a decision awaiting every voting seat, the rest awaiting one seat each; deadlines spread over a year.

| open items | items per seat | p50 | p95 | p99 | worker RSS | creation rate |
|---|---|---|---|---|---|---|
${r.mePending.map((p) => `| ${p.openItems} | ${p.itemsPerSeat} | ${p.p50ms} ms | ${p.p95ms} ms | ${p.p99ms} ms | ${p.workerRssMb} MB | ${p.creationPerSecond} /s |`).join('\n')}

p95 at ${last.openItems}: ${last.p95ms} ms (target < 100 ms: ${mark(last.p95ms < 100)}); over p95 at ${first.openItems}: **${pendingRatio}** (target ≤ 1.5: ${mark(pendingRatio <= 1.5)}).

GET /pending, the manager view (first page of 100 with its counts per seat and per kind, one request at a time):

| open items | filter | p50 | p95 | p99 | throughput |
|---|---|---|---|---|---|
${r.mePending.flatMap((p) => [managerRow(p.openItems, 'none', p.manager), managerRow(p.openItems, 'kind=decision', p.managerByKind)]).join('\n')}

## 5. Worker memory with open decisions

| workflow cache | open decisions | worker RSS |
|---|---|---|
${r.workerMemory.map((m) => `| ${m.cache} | ${m.openDecisions} | ${m.workerRssMb} MB |`).join('\n')}

The cache is \`WORKER_MAX_CACHED_WORKFLOWS\`; workflows beyond it are replayed from history when next needed.

## 6. Simulated time (time-skipping test server)

${r.simulatedTime.rows.map((s) => `- ${s.what}: **${s.wallSeconds} s** of wall time for ${s.simulated} of workflow time`).join('\n')}

## 7. The embedded server's storage (SQLite settings, raw client)

Each setting on its own server and worker, measured in turn within each round (order rotating);
the median of ${meta.plan.storageRounds} rounds. Ballots are spread over several decisions, so this is the storage's rate.

| setting | pragmas | starts (rounds' range) | start p50 / p99 | ballots (rounds' range) | ballot p50 / p99 |
|---|---|---|---|---|---|
${r.storage.map(storageRow).join('\n')}

Write-ahead log synced at every commit against the rollback journal: starts **${ratio(durable.opens.perSecond, rollback.opens.perSecond)}x**, ballots **${ratio(durable.ballots.perSecond, rollback.ballots.perSecond)}x**.
Syncing only at checkpoints would add starts ${ratio(relaxed.opens.perSecond, durable.opens.perSecond)}x, ballots ${ratio(relaxed.ballots.perSecond, durable.ballots.perSecond)}x, and can lose acknowledged writes on a power cut, so it is not used.

## 8. A live vote: ${b.seats} seats on one decision within ${b.windowMs / 1000} s

Each of ${b.bursts} bursts per arm opens a decision awaiting every voting seat; each seat sends its ballot at a
random moment of the window (or all at the same moment). Latency is per ballot, end to end; afterwards the
records are counted. The embedded server admits 100 Updates per workflow at once; the last two arms run on
a server left at Temporal's default of 10.

| arm | p50 | p95 | p99 | ballots sent | refused | on record |
|---|---|---|---|---|---|---|
${b.arms.map(burstRow).join('\n')}

Target: p99 through the API within ${b.windowMs / 1000} s below 300 ms (${mark(target.ballots.p99ms < 300)}), every ballot of every arm on record (${mark(allKept)}).
`;
}
