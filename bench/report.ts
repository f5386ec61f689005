/** Turns the benchmark's figures into bench/results.md: tables, targets, and what they mean. */
import { ratio, round, type Comparison, type CpuPerOp, type Figures } from './kit';
import type { BurstArm, BurstResult } from './sections/ballot-burst';
import type { FundingArm } from './sections/funding-round';
import type { PendingRow } from './sections/pending';
import type { RecordBench, TimedQuery } from './sections/record';
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
  /** Absent from runs before the record's section existed. */
  record?: RecordBench;
}

/** Sections measured alone, at `date`. */
export interface PartialRun {
  date: string;
  sections: string[];
  /** The machine's 1-minute load average at the start and the end (2 cores, others' work included). */
  load?: number[];
}

/** When and how loaded: "ballots: measured alone on <date> under a load average of 12 → 15". */
function measuredAlone(p: PartialRun): string {
  const load = p.load ? ` under a load average of ${p.load.join(' → ')}` : '';
  return `${p.sections.join(', ')}: measured alone on ${p.date}${load}`;
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
  /** Sections measured again alone (`BENCH_ONLY`) and laid over this run's (bench/render.ts), by run. */
  partial?: PartialRun | PartialRun[];
}

const mark = (ok: boolean) => (ok ? '✓' : '✗ missed');

/** Where a run's pending lists were read (`PENDING_SOURCE`); older runs did not say, and read visibility. */
const sourceName = (source: PendingRow['source']) =>
  source === 'record'
    ? "the board's record (`PENDING_SOURCE=record`, the default)"
    : "Temporal's visibility (`PENDING_SOURCE=visibility`)";

/**
 * What profiles and switched-off runs of ballots through the API said (2026-12-01): written once, not
 * measured by every run.
 */
const ballotProfile = `Profiles of ballots through the API (\`BENCH_CPU_PROFILE=<dir>\` profiles the API arm alone; the HTTP load comes
from another process). Earlier (2026-12-01, loaded machine): the provider token's RS256 check was ~11% of the
API process's CPU per ballot; a verified token is now kept until its \`exp\` (at most a minute), and the
check for undeclared methods tries only the routes of the path's first segment (6.45/6.98 → 5.50/5.75 ms).

Then the audit log (2026-12-01 evening, idle machine, \`BENCH_ONLY=ballots\`, one run each, so ±1 ms; API
process CPU per ballot, the record's database thread included):

| build or switch | API process | ratio API/raw |
|---|---|---|
| entries begun one INSERT each, finished by group commit, the answer waiting for the finish | 6.7 ms | 0.59 |
| begins by group commit too, the record's replies in one socket write | 5.7, 5.6, 6.4 ms | 0.63, 0.60, 0.57 |
| (switch) no audit at all | 3.8 ms | 0.75 |
| (switch) no audit, helmet, metrics, throttler or validation pipe | 3.9 ms | 0.80 |
| (switch) validation pipe off / helmet, metrics and throttler off | 5.9 / 5.1 ms | 0.62 / 0.57 |
| (switch) entries begun but never finished | 4.4 ms | 0.70 |
| **now**: the answer no longer waits for the finish, which lingers 50 ms to share one UPDATE | 4.3, 5.2, 6.0 ms | 0.62, 0.60, 0.54 |
| the same build, 2026-12-02 (four arms) | 4.6, 5.6 ms | 0.55, 0.64 |
| (switch) no request log (pino-http and its AsyncLocalStorage) | 4.9 ms | 0.65 |
| (switch) no request log and no audit | 3.6, 3.4 ms | 0.74, 0.73 |
| audit statements prepared once per connection (runs alternating with the build before it: 4.5, 5.2 ms; 0.63, 0.62) | 4.8, 4.6 ms | 0.60, 0.76 |

Prepared, a begin alone (one write at a time, as in a quiet live vote) costs 0.39 ms of CPU and 0.37 ms of
wall time against 1.09 and 0.88 ms parsed and planned each time; at saturation, where begins already share
statements, the difference is within the noise. The finish, not the begin, was the audit's larger share: one UPDATE per ballot at this rate (group commit
only merges calls that arrive while another is being written). Alone (16 writers at ~150/s, the
embedded store), the repository's begin now costs ~0.36 ms of CPU (0.55 as one INSERT each). What remains
between the API and the least HTTP front (1.5–1.9 ms, ratio 0.84–1.07 to the raw client) is the API's own
work, not the framework: the least NestJS front (a Nest application on Express with one controller, in the
same rounds since 2026-12-02) costs 2.3–2.5 ms against the least HTTP front's 1.7–2.0 ms, and its ratio to
the raw client (0.85–0.95) is within the rounds' noise of the least HTTP front's. Switched off on
2026-12-02, the request log showed no gain above that noise (pino-http's AsyncLocalStorage included); the
audit and the request log together took 1.0–2.2 ms off the API process and 1–2 ms off the server and the
worker, whose workflow tasks per ballot fell from 0.36 to 0.32–0.33 (the begin holds each write back by a
round trip to the record, so fewer Updates reach a decision together). Without them the API still costs
~1.1 ms more than the least NestJS front, spread over guards, validation, helmet, metrics, throttler and
the answer's view, each 1–3% of the profile. So no single part stands between the API and a ratio of 0.9:
the audit is the largest, and the record's guarantee (no accepted write unlogged, a write refused when its
entry cannot be begun) is what puts its begin before the write. The server's and the worker's CPU per
ballot is higher in the API arm for the same reason: fewer Updates in flight at once share fewer workflow
tasks. When the cores are the limit, the throughput ratio tends to the
ratio of the arms' CPU per ballot, all processes together (the table above).

The record's database thread is measured apart since 2026-12-02T05:41Z (the column "of which the record's
thread": its event loop's busy time, PGlite's synchronous work and any wait on the disk inside it). In that
run it was busy 1.7 ms per ballot in the API arm against 0.5–0.7 ms in the three others, whose record work
is the projection alone: the audit's begin and finish cost the embedded store about 1.1 ms per ballot, more
than the projection of the ballot itself. The API's own thread did 2.8 ms against the least NestJS
front's 1.5 ms. In the same run the least NestJS front itself reached only 0.80 of the raw client (the
least HTTP front 0.92): on these two shared cores a ratio of 0.9 is at the edge of what a bare Nest
application reaches, before any token check, validation or audit.

Nor is Express the part to change: on 2026-12-02 (10:51Z and 10:59Z, \`BENCH_ONLY=ballots\`) the same least
NestJS front on Fastify ran beside it in the same rounds. Its process cost 2.0 and 1.8 ms per ballot
against Express's 2.3 and 1.9 ms (node:http's 1.9 and 1.5), and its ratio to the raw client was 0.80 and
0.82 against Express's 0.72 and 0.82 (node:http's 0.84 and 0.91). Moving the API to Fastify would save
0.1–0.3 ms of its 4.3–5.8 ms per ballot, and a bare Nest application stays below 0.9 on either platform.
`;

/** What was measured of a shorter back-off from a busy workflow (2026-12-01): written once. */
const busyBackOffNote = `Where the limit stays at 10, both clients keep the SDK's back-off (1.7 s, then 2.9 s, ±20%). The API's
client used to retry a busy workflow after 85 ms, growing by 1.7 to the SDK's 5 s, which put 12.7 s on the
slowest ballots of a saturated run. Capped (five retries jittered ±50%, growing to at most 400 ms, then the
SDK's), a raw client with it measured p50 483 ms, p95 4186 ms, p99 4596 ms against the SDK back-off's
761 / 2563 / 3037 ms in the same run (10 bursts each, load average ~18 on 2 cores): better at the median,
worse in the tail, as short retries add refused calls to a saturated workflow and let late ballots overtake
early ones. So it was removed; a call still refused after the SDK's retries is answered 503 with Retry-After.
`;

/** Where a ballot's CPU went, by process, in each arm: what the throughput ratio is made of. */
function cpuTable(c: Comparison): string {
  if (!c.cpuMsPerOp) return '';
  const cpuOf = c.cpuMsPerOp;
  // Runs from before the HTTP client had a process of its own counted it in the benchmark process.
  const ownClient = cpuOf.api.client !== undefined;
  // Runs from before the record's thread was measured apart have no figure for it.
  const thread = cpuOf.api.recordThread !== undefined;
  const history = c.historyPerBallot;
  const arms = {
    API: 'api',
    'least NestJS front': 'nest',
    'least NestJS front on Fastify': 'fastify',
    'least HTTP front': 'floor',
    'raw client': 'raw',
  } as const;
  const row = (name: keyof typeof arms, a: CpuPerOp) => {
    const h = history?.[arms[name]];
    return `| ${name} | ${a.bench} ms |${thread ? ` ${a.recordThread ?? '—'} ms |` : ''}${ownClient ? ` ${a.client ? `${a.client} ms` : '—'} |` : ''} ${a.server} ms | ${a.worker} ms | ${round(a.bench + a.server + a.worker)} ms |${history ? ` ${h ? `${h.workflowTasks} / ${h.events}` : '—'} |` : ''}`;
  };
  // The arms measured in this run, in the table's order (runs from before an arm was added lack it).
  const rows = (Object.keys(arms) as (keyof typeof arms)[])
    .flatMap((name) => {
      const a = cpuOf[arms[name]];
      return a ? [row(name, a)] : [];
    })
    .join('\n');
  const holds = ownClient
    ? `the benchmark process holds the API, or a least front, in the HTTP arms (their HTTP client runs in a
process of its own, as a member's browser runs on another machine), the Temporal client in the raw arm, and
the record's database thread in every arm; "all" leaves the HTTP client out`
    : `the benchmark process holds the API and its HTTP client in the API arm, the Temporal client in the raw
arm, and the record's database thread in both`;
  return `
CPU per ballot, by process (2 cores in all; ${holds}):

| arm | benchmark process |${thread ? " of which the record's thread |" : ''}${ownClient ? ' HTTP client |' : ''} Temporal server | worker | all |${history ? ' workflow tasks / history events per ballot |' : ''}
|---|---|${thread ? '---|' : ''}${ownClient ? '---|' : ''}---|---|---|${history ? '---|' : ''}
${rows}
${
  history
    ? `
Workflow tasks and history events are counted over each arm's decisions (their opening and end included):
Updates that reach a decision while its workflow task runs share the next task, so an arm whose ballots
arrive less close together pays more tasks, and more server and worker CPU, per ballot.
`
    : ''
}`;
}

/** The least fronts' figures beside the API's (runs from before they were measured have none). */
function floorLine(c: Comparison): string {
  if (!c.floor) return '';
  const figures = (f: NonNullable<Comparison['floor']>) =>
    `${f.perSecond} /s (${f.spread}), p50 / p99 ${f.p50ms} / ${f.p99ms} ms, ratio to the raw client **${f.throughputRatio}**`;
  const nest = c.nest
    ? `
The least NestJS front (\`bench/nest-floor-server.ts\`: a Nest application on Express, as the API is, with
one controller making the same Update; none of the API's guards, pipes, interceptors, middleware or logs),
in the same rounds: ${figures(c.nest)}. Between it and the least HTTP front is what the framework alone
costs here: the API, a Nest application on Express, cannot go below it.
`
    : '';
  const fastify = c.fastify
    ? `
The same least NestJS front on Fastify (\`@nestjs/platform-fastify\` instead of Express; the same module and
controller), in the same rounds: ${figures(c.fastify)}. Between the two least NestJS fronts is what the choice
of HTTP platform under Nest costs here.
`
    : '';
  return `
The least HTTP front (\`bench/floor-server.ts\`: node:http, the body parsed, the same Update, the answer as JSON;
no framework, token check, validation, audit or log), sent the same ballots from the same client process in
the same rounds: ${figures(c.floor)}. What separates it from the raw client is what any HTTP front costs here (the HTTP
client's process and the sockets on the same two cores); what separates the API from it is what the API adds.
${nest}${fastify}`;
}

/**
 * Section 10: the local cluster's figures (\`npm run bench:cluster\`, bench/cluster-results.json), measured
 * on their own and written once, so that rendering the report again keeps them.
 */
const clusterSection = `
## 10. On the local cluster (\`npm run bench:cluster\`)

2026-12-01T18:30Z, the same machine under a load average of 30–38 (other work ran beside it), so these
figures are noisy and lower than a quiet run's. The cluster of \`npm run cluster\`: Temporal server 1.32.0
built from its Go module, PostgreSQL 15 (persistence and visibility), frontend, history, matching and
worker services as four processes, two API replicas and two workers; the API arm calls replica 1 over
HTTP, the raw arm is a Temporal client in the benchmark's process. Same plan as the full run above
(ballots: 5 rounds, 12 decisions × 32 seats, 16 at a time; /me/pending: 3 rounds of 320). Source:
\`bench/cluster-results.json\`.

| what | embedded dev server (SQLite) | cluster (PostgreSQL) |
|---|---|---|
| ballots, API throughput | 62.6 /s | 26.7 /s |
| ballots, raw throughput | 62.6 /s | 31.1 /s |
| ballots, throughput ratio API/raw | **1.00** | **0.86** (target ≥ 0.8 ✓) |
| ballots, API p50 / p99 | 86.4 / 2102.8 ms | 420.4 / 2533.6 ms |
| ballots, raw p50 / p99 | 71.8 / 2047.6 ms | 255.4 / 4425.3 ms |
| ballots, p99 ratio API/raw | **1.03** | **0.57** (target ≤ 1.5 ✓) |
| CPU per ballot, API arm (bench+API / server / workers) | — | 5.1 / 8.7 / 5.9 ms |
| /me/pending at 5,000 open items, p50 / p95 / p99 | 47.2 / 72.3 / 88.9 ms | 71 / 186.3 / 421.5 ms |
| /me/pending at 500, p95 | 58.5 ms | 156 ms |
| GET /pending at 5,000, p50 / p95 | 590.7 / 713.5 ms | 328.8 / 801.2 ms |
| items created per second (5,000) | 60.1 /s | 41.6 /s |

The API stays within its targets against the raw client on the cluster too; the cluster's absolute
figures are those of nine processes on two loaded cores (a ballot costs about 23 ms of CPU across
them). Its start, for the record: PostgreSQL 11 s (first initdb), schemas 12 s, the four services 3 s,
namespace 1.5 s, two workers and two APIs 29 s; the Go build of the server and the schema tool took
20 min on the loaded machine the first time (6.5 min of CPU), and is reused after.
`;

/** Section 9: the record at scale, the pending lists if the record answered them, the projection's cost. */
function recordSection(r: Results): string {
  const rec = r.record;
  if (!rec) return '';
  const first = rec.sizes[0];
  const last = rec.sizes[rec.sizes.length - 1];
  const q = (t: TimedQuery) =>
    `| ${t.name} | \`${t.what}\` | ${t.figures.p50ms} ms | ${t.figures.p95ms} ms | ${t.figures.p99ms} ms | ${t.cpuMs} ms |`;
  const listRows = rec.sizes
    .flatMap((s) => s.lists.map((t) => q({ ...t, name: `${s.openItems} open / ${s.rows} rows: ${t.name}` })))
    .join('\n');
  const pendingRows = rec.sizes
    .flatMap((s) => [
      ...s.pending.map((t) => q({ ...t, name: `${s.openItems}: ${t.name}, without the two indexes` })),
      ...s.pendingIndexed.map((t) => q({ ...t, name: `${s.openItems}: ${t.name}, with the two indexes` })),
    ])
    .join('\n');
  const [me, manager] = [0, 1].map((i) => ({
    at: last.pendingIndexed[i].figures.p95ms,
    ratio: ratio(last.pendingIndexed[i].figures.p95ms, first.pendingIndexed[i].figures.p95ms),
  }));
  const visibility = r.mePending[r.mePending.length - 1];
  const arm = (a: RecordBench['projection'][number]) =>
    `| ${a.arm} | ${a.ballots.perSecond} /s (${a.spread}) | ${a.ballots.p50ms} / ${a.ballots.p99ms} ms | ${a.cpuMsPerBallot.bench} / ${a.cpuMsPerBallot.server} / ${a.cpuMsPerBallot.worker} ms | **${a.cpuMsPerBallot.all} ms** | ${a.eventsPerBallot} | ${a.projectedWrites} of ${a.ballotsCast} |`;
  const [written, writeless] = rec.projection;
  return `
## 9. The board's record at ${last.openItems.toLocaleString('en-GB')} open items

Measured on the embedded store (PGlite served over the wire protocol in the benchmark's process, as
\`npm start\` runs it). Items are written through the projection's own upsert: N open decisions (one in
ten awaiting every voting seat, the rest one seat each, deadlines over a year), N/2 closed decisions and N/2
funding requests, on a stack of its own. Wall-clock figures were **measured on a shared, loaded
machine** (1-minute load average ${rec.loadAverage[0]} at the start, ${rec.loadAverage[1]} at the end, on 2 cores: other work ran
beside it), so read their p95 and p99 as upper bounds; the CPU columns are this process's CPU time per
request (the API, its HTTP client and the record's database thread together), which load changes far less.

Archive lists through the API, first page (50), one request at a time:

| list | request | p50 | p95 | p99 | CPU per request |
|---|---|---|---|---|---|
${listRows}

The study behind the move of the pending lists to the record (docs/record.md): the SQL over the stored
state that \`GET /me/pending\` (first 25 with the total) and \`GET /pending\` (first 100 with its counts per
seat and per kind) would have sent, timed alone, on the schema of the time and with two indexes (GIN over
the awaited seats and a B-tree on the due time, both partial to open items). The lists as shipped read the
tracking columns and kept counts of migrations 0006 and 0007 instead; section 4 measures them through the API.

| at / query | what | p50 | p95 | p99 | CPU per request |
|---|---|---|---|---|---|
${pendingRows}

With the indexes, at ${last.openItems}: \`/me/pending\` p95 ${me.at} ms (target < 50 ms: ${mark(me.at < 50)}; ×${me.ratio} of its figure at ${first.openItems}, target ≤ 1.5: ${mark(me.ratio <= 1.5)}),
\`/pending\` p95 ${manager.at} ms (target < 150 ms: ${mark(manager.at < 150)}; ×${manager.ratio}, target ≤ 1.5: ${mark(manager.ratio <= 1.5)}).
Section 4, read from ${sourceName(visibility.source)}, at ${visibility.openItems} open items: \`/me/pending\` p95 ${visibility.p95ms} ms, \`/pending\` p95 ${visibility.manager.p95ms} ms.
The decision, with these figures, is in docs/record.md ("The pending lists: visibility or the record").

What the projection costs a ballot (through the API, ${rec.projection.length} arms in turns, same run; CPU per
ballot: benchmark process (API and record thread) / Temporal server / the arm's worker):

| arm | ballots (rounds' range) | p50 / p99 | CPU per ballot | CPU in all | history events per ballot | projections applied, of ballots |
|---|---|---|---|---|---|---|
${arm(written)}
${arm(writeless)}

The database write costs ${round(written.cpuMsPerBallot.all - writeless.cpuMsPerBallot.all)} ms of CPU per ballot in all, all processes together (throughput
×${ratio(written.ballots.perSecond, writeless.ballots.perSecond)}, wall clock under load). Ballots that land together are projected together: a projection
carries the newest state, and one that finds a newer state stored changes nothing, hence fewer
projections applied than ballots. The activity itself runs in both arms (runs that have
\`patched('record-projection')\` cannot drop it): a projection is an activity's three events and the
workflow task that takes its result, coalesced in the same way, so it is inside both arms' events per ballot.
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

${
  meta.partial
    ? `**${[meta.partial]
        .flat()
        .map(measuredAlone)
        .join(
          '; ',
        )} (\`BENCH_ONLY\`, same machine kind; a load average well above the ${meta.cpus} cores means other work ran beside it, so wall-clock figures are lower and noisier than a quiet machine's, CPU per ballot less so); the other sections are from the full run of ${meta.date}.**\n\n`
    : ''
}${meta.date} · ${meta.cpus} CPUs (${meta.cpuModel}), ${meta.memoryGb} GB · Node ${meta.node} · ${meta.temporalCli.split('\n')[0]} · TS SDK ${meta.sdk}
Each figure is the median of its rounds (API against raw: ${meta.plan.apiVsRawRounds}, taking turns at going first; /me/pending: ${meta.plan.rounds});
the raw client runs against the same server in the same run, and every measured phase starts once the server
and workers are idle.

## 1–2. API against the raw Temporal client

| what | API throughput (rounds' range) | raw throughput (rounds' range) | ratio API/raw | API p50 / p99 | raw p50 / p99 | p99 ratio |
|---|---|---|---|---|---|---|
${row('cast a ballot (Update)', r.ballots)}
${row('open a decision (start)', r.openDecisions)}

Targets: ballot throughput ratio ≥ 0.9 (${mark(r.ballots.throughputRatio >= 0.9)}), ballot p99 ratio ≤ 1.2 (${mark(r.ballots.p99Ratio <= 1.2)}).
${floorLine(r.ballots)}${cpuTable(r.ballots)}
${ballotProfile}

## 3. A funding round of ${f.api.requests} requests, launch to awards

| arm | submissions | submission p50 / p99 | launch → last submission | allocation → all awarded | awarded | idle: window still open |
|---|---|---|---|---|---|---|
${fundingRow('API', f.api)}
${fundingRow('raw client', f.raw)}

## 4. GET /me/pending (first page of 25, one request at a time, every seat in turn)

Items: one in ten a decision awaiting every voting seat, the rest awaiting one seat each; deadlines spread over a year.
Read from ${sourceName(first.source)}.

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

Each is one workflow test's duration as Jest reports it, the start of its own test server and worker included.

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

${busyBackOffNote}${recordSection(r)}${clusterSection}`;
}
