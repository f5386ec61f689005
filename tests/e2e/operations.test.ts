/**
 * What an operator sees, on the compiled API and worker run as separate processes against a
 * Temporal server (as `npm run api` and `npm run worker` run in a deployment):
 *
 * - JSON log lines only, request lines with the request id (the caller's `X-Request-Id`), worker
 *   lines with the workflow id;
 * - Prometheus metrics: the API's by route, the worker's from the SDK and this project's counters
 *   (ballots cast, decisions opened, notifications sent);
 * - liveness and readiness probes of both;
 * - one OpenTelemetry trace from the HTTP request through the Temporal client into the workflow
 *   and its activity, received over OTLP/HTTP by a receiver started here;
 * - SIGTERM mid-request: the API turns unready, then refuses new connections, finishes the
 *   request in flight and exits 0; the worker drains and exits 0;
 * - a namespace that is not ready stops both with one line naming the command to run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmbeddedRecordServer,
  type EmbeddedRecordServer,
} from '../../src/record/embedded-record-server';
import { resolveTemporalCli } from '../../src/temporal/binaries';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { freePort } from '../../scripts/free-port';
import { TestIssuer } from '../support/test-issuer';
import { OtlpReceiver } from '../support/otlp-receiver';
import {
  buildProject,
  killAllProcesses,
  requestJson,
  runNode,
  spawnNode,
  waitForUrl,
  waitUntil,
  type SpawnedProcess,
} from '../support/processes';

const API = 'dist/src/api/main.js';
const WORKER = 'dist/src/worker/main.js';
const JWT_SECRET = 'operations-test-secret-of-more-than-32-chars';
/** The OpenID provider the API trusts, on a loopback port of this test process. */
const issuer = new TestIssuer();
let sec: string;
const member = (seat: string) => issuer.token({ role: 'member', seat });

const dataDir = mkdtempSync(join(tmpdir(), 'board-ops-e2e-'));
const receiver = new OtlpReceiver();
let devServer: DevServer;
let recordServer: EmbeddedRecordServer;
let api: SpawnedProcess;
let worker: SpawnedProcess;
let env: Record<string, string>;
let ports: { api: number; metrics: number; health: number; otlp: number };
let base: string;
let decisionId: string;

function startWorker(name: string): SpawnedProcess {
  return spawnNode(WORKER, [], { env, name });
}

/** Every output line parsed as JSON (fails on a line that is not). */
function jsonLines(proc: SpawnedProcess): Record<string, unknown>[] {
  return proc
    .stdout()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${proc.name} wrote a line that is not JSON: ${line}`);
      }
    });
}

/** The value of the first sample of `metric` whose labels include every pair of `labels`. */
function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? ([\d.e+-]+|NaN)$/.exec(line);
    if (!match || match[1] !== metric) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

beforeAll(async () => {
  await buildProject();
  const temporalPort = await freePort();
  ports = {
    api: await freePort(),
    metrics: await freePort(),
    health: await freePort(),
    otlp: await freePort(),
  };
  await receiver.start(ports.otlp);
  // The record: the API and the worker find it through DATA_DIR, as with npm start's.
  recordServer = await startEmbeddedRecordServer({ dataDir });
  await issuer.start();
  sec = issuer.token({ role: 'secretariat' });
  devServer = await startDevServer({
    cliPath: (await resolveTemporalCli({ install: true })) as string,
    dataDir,
    port: temporalPort,
    uiPort: await freePort(),
    namespace: 'default',
  });
  env = {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    PORT: String(ports.api),
    DATA_DIR: dataDir,
    JWT_SECRET,
    ...issuer.env,
    LOG_JSON: 'true',
    LOG_LEVEL: 'debug',
    WORKER_METRICS_PORT: String(ports.metrics),
    WORKER_HEALTH_PORT: String(ports.health),
    SHUTDOWN_DELAY_SECONDS: '2',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.otlp}`,
  };
  base = `http://127.0.0.1:${ports.api}`;
  worker = startWorker('worker');
  api = spawnNode(API, [], { env, name: 'api' });
  await waitForUrl(`http://127.0.0.1:${ports.health}/health/ready`, { process: worker, timeoutMs: 120_000 });
  await waitForUrl(`${base}/health/ready`, { process: api, timeoutMs: 120_000 });
});

afterAll(async () => {
  await killAllProcesses();
  await devServer?.stop();
  await recordServer?.stop();
  await issuer.stop();
  await receiver.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('probes, JSON logs with request and workflow ids, metrics, and one trace from HTTP to the activity', async () => {
  expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
  expect(await (await fetch(`http://127.0.0.1:${ports.health}/health/live`)).json()).toEqual({
    status: 'ok',
  });

  const opened = await requestJson(base, 'POST', '/decisions', {
    token: sec,
    body: { title: 'Observe the board', rule: 'absolute', closesIn: 'P7D' },
    headers: { 'X-Request-Id': 'ops-open-1' },
  });
  expect(opened.status).toBe(201);
  decisionId = opened.body.id;
  const ballot = await requestJson(base, 'POST', `/decisions/${decisionId}/ballots`, {
    token: member('DE'),
    body: { choice: 'yes' },
  });
  expect(ballot.status).toBe(200);

  // Logs: JSON only; the request line carries the caller's id; nothing logs the token.
  const apiLines = jsonLines(api);
  expect(apiLines.find((l) => l.reqId === 'ops-open-1')).toMatchObject({ msg: 'POST /decisions 201' });
  expect(api.stdout()).not.toContain(sec);
  // The worker's lines from the SDK (activities, workflows) name the workflow they belong to.
  await waitUntil(
    'a worker line with the workflow id',
    async () => (jsonLines(worker).some((l) => l.workflowId === decisionId) ? true : undefined),
    30_000,
  );

  // The API's metrics, by route pattern.
  const apiMetrics = await (await fetch(`${base}/metrics`)).text();
  expect(
    sample(apiMetrics, 'http_requests_total', { method: 'POST', route: '/decisions', status: '201' }),
  ).toBe(1);
  expect(
    sample(apiMetrics, 'http_requests_total', {
      method: 'POST',
      route: '/decisions/:id/ballots',
      status: '200',
    }),
  ).toBe(1);
  expect(sample(apiMetrics, 'http_request_duration_seconds_count', { route: '/decisions' })).toBe(1);

  // The worker's: the SDK's own and this project's counters, once the notice has gone out.
  const workerMetrics = await waitUntil(
    'the notification counted',
    async () => {
      const text = await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
      return sample(text, 'board_notifications_sent_total', {}) ? text : undefined;
    },
    30_000,
  );
  expect(sample(workerMetrics, 'board_ballots_cast_total', { kind: 'decision' })).toBe(1);
  expect(sample(workerMetrics, 'board_workflows_opened_total', { kind: 'decision' })).toBe(1);
  expect(workerMetrics).toMatch(/^temporal_workflow_task_execution_latency/m);

  // One trace: the HTTP span, the client's start, the workflow run and its notification activity.
  const trace = await waitUntil(
    'the spans of one trace',
    async () => {
      const http = receiver.spans.find((s) => s.name === 'POST /decisions');
      if (!http) return undefined;
      const same = receiver.spans.filter((s) => s.traceId === http.traceId);
      const names = same.map((s) => s.name);
      return names.includes('RunActivity:sendNotification') &&
        names.includes('StartActivity:sendNotification')
        ? same
        : undefined;
    },
    30_000,
  ).catch((err: Error) => {
    const received = receiver.spans.map((s) => `${s.service} ${s.name} ${s.traceId}`);
    throw new Error(`${err.message}; received: ${received.join(', ')}`);
  });
  const names = trace.map((s) => `${s.service} ${s.name}`);
  expect(names).toEqual(
    expect.arrayContaining([
      'board-api POST /decisions',
      'board-api StartWorkflow:decisionWorkflow',
      // The workflow's own span ends with the decision; its activity's start is recorded now.
      'board-worker StartActivity:sendNotification',
      'board-worker RunActivity:sendNotification',
    ]),
  );
  const httpSpan = trace.find((s) => s.name === 'POST /decisions')!;
  expect(trace.find((s) => s.name === 'StartWorkflow:decisionWorkflow')!.parentSpanId).toBe(httpSpan.spanId);
  // The ballot's request is a trace of its own, into the workflow's update handler.
  const ballotTrace = await waitUntil(
    "the ballot's trace",
    async () => {
      const ballotSpan = receiver.spans.find((s) => s.name === 'POST /decisions/:id/ballots');
      const names = receiver.spans.filter((s) => s.traceId === ballotSpan?.traceId).map((s) => s.name);
      return names.includes('HandleUpdate:castBallot') ? names : undefined;
    },
    30_000,
  );
  expect(ballotTrace).toEqual(
    expect.arrayContaining(['StartWorkflowUpdate:castBallot', 'HandleUpdate:castBallot']),
  );
});

test('SIGTERM: the API finishes the request in flight and refuses new ones; the worker drains; both exit 0', async () => {
  // With the worker gone, a ballot waits: a request that is still in flight when SIGTERM comes.
  worker.signal('SIGTERM');
  expect(await worker.waitForExit(60_000)).toEqual({ code: 0, signal: null });
  // Its own fetch: it waits as long as a worker takes to come back (bundling the workflows takes a while).
  const inFlight = fetch(`${base}/decisions/${decisionId}/ballots`, {
    method: 'POST',
    headers: { authorization: `Bearer ${member('FR')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ choice: 'no' }),
    signal: AbortSignal.timeout(120_000),
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));

  api.signal('SIGTERM');
  // Not ready at once (the load balancer takes it out), still answering during the delay ...
  await waitForUrl(`${base}/health/ready`, { status: 503, timeoutMs: 2_000 });
  // ... then no new connection is taken.
  await waitUntil(
    'connections refused',
    async () => {
      try {
        await fetch(`${base}/health/live`, { signal: AbortSignal.timeout(1_000) });
        return undefined;
      } catch {
        return true;
      }
    },
    10_000,
  );
  expect(api.exitStatus).toBeUndefined();

  // A worker comes back: the ballot in flight is answered, then the API exits cleanly.
  worker = startWorker('worker (again)');
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  expect(((await answer.json()) as { tally: object }).tally).toMatchObject({ yes: 1, no: 1 });
  expect(await api.waitForExit(30_000)).toEqual({ code: 0, signal: null });
  expect(jsonLines(api).map((l) => l.msg)).toEqual(
    expect.arrayContaining(['SIGTERM, draining (2 s before refusing connections)', 'stopped']),
  );
});

test('a namespace that is not ready stops the API and the worker with one line saying what to run', async () => {
  const results = await Promise.all(
    [API, WORKER].map((script) =>
      runNode(script, [], {
        env: {
          ...env,
          LOG_JSON: 'false',
          TEMPORAL_NAMESPACE: 'not-created',
          PORT: '1',
          WORKER_METRICS_PORT: '',
          WORKER_HEALTH_PORT: '',
          OTEL_EXPORTER_OTLP_ENDPOINT: '',
        },
        timeoutMs: 60_000,
      }),
    ),
  );
  for (const [result, name] of results.map((r, i) => [r, ['api', 'worker'][i]] as const)) {
    expect(result.code).toBe(1);
    const line = result.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe(
      `${name}: Temporal at ${env.TEMPORAL_ADDRESS} is not ready for this application: namespace "not-created" does not exist; ` +
        'search attributes not registered: BoardKind, BoardStatus, BoardAwaiting, BoardDueAt, BoardParent, BoardTitle. ' +
        `Run: temporal operator --address ${env.TEMPORAL_ADDRESS} namespace create --namespace not-created --retention 3650d && ` +
        [
          'BoardKind Keyword',
          'BoardStatus Keyword',
          'BoardAwaiting KeywordList',
          'BoardDueAt Datetime',
          'BoardParent Keyword',
          'BoardTitle Text',
        ]
          .map(
            (nt) =>
              `temporal operator --address ${env.TEMPORAL_ADDRESS} search-attribute create --namespace not-created --name ${nt.split(' ')[0]} --type ${nt.split(' ')[1]}`,
          )
          .join(' && '),
    );
  }
  // The retention asked for is more than the namespace keeps.
  const longer = await runNode(API, [], {
    env: { ...env, RECORD_RETENTION: 'P20Y', PORT: '1', OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    timeoutMs: 60_000,
  });
  expect(longer.code).toBe(1);
  expect(longer.stderr).toContain('keeps closed workflows 3650 days, less than RECORD_RETENTION (7305 days)');
  expect(longer.stderr).toContain('namespace update --namespace default --retention 7305d');
});
