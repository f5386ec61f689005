/**
 * Crash drill at the exact window (issue 7): the worker dies AFTER an activity's effect is
 * recorded and BEFORE its completion reaches Temporal, so the activity is retried by another
 * worker process. The failpoints of activities/failpoints.ts force it: the first worker is
 * started with `FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE` and `FAILPOINT_KILL_AFTER_LEDGER_WRITE`
 * (and so is every restart), dies by SIGKILL at the first armed point it reaches, and each point
 * fires once across restarts (its marker file). Exact counts: one outbox line per notification
 * key, one ledger line per tranche key, the activity ran at least twice for that key (its
 * attempts, from the workflow's history), and the request shows the tranche paid once.
 */
import { Client, Connection } from '@temporalio/client';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FailpointMarker } from '../../activities/failpoints';
import { PAYMENT_LEDGER } from '../../activities/payments/payments';
import { Cluster, duplicates, member, readUntil, send, VOTING } from '../support/drill-cluster';
import { buildProject, killAllProcesses, waitUntil, type SpawnedProcess } from '../support/processes';

/** One activity of a workflow's history, as its events tell it. */
interface ActivityRun {
  /** The `key` of the activity's argument (payment instruction or notification). */
  key: string;
  /** The attempt that ran last (ActivityTaskStarted); null while it has not ended. */
  attempt: number | null;
  completed: boolean;
  /** Why the attempt before it failed, when one did. */
  lastFailure: string | null;
}

/** The runs of `activity` in the history of `workflowId`, from its events. */
async function activityRuns(client: Client, workflowId: string, activity: string): Promise<ActivityRun[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const runs = new Map<string, ActivityRun>();
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled && scheduled.activityType?.name === activity) {
      const payload = scheduled.input?.payloads?.[0]?.data;
      const arg = JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as { key: string };
      runs.set(String(event.eventId), { key: arg.key, attempt: null, completed: false, lastFailure: null });
    }
    const started = event.activityTaskStartedEventAttributes;
    const run = started && runs.get(String(started.scheduledEventId));
    if (run) {
      // Written once the activity ends, with the attempt that ended it.
      run.attempt = started.attempt ?? null;
      run.lastFailure = started.lastFailure?.message ?? null;
    }
    const completed = event.activityTaskCompletedEventAttributes;
    const done = completed && runs.get(String(completed.scheduledEventId));
    if (done) done.completed = true;
  }
  return [...runs.values()];
}

/** Waits until the run of `activity` for `key` in `workflowId` has completed, and returns it. */
function completedRun(client: Client, workflowId: string, activity: string, key: string, timeoutMs: number) {
  return waitUntil(
    `${activity} for ${key} to complete`,
    async () => (await activityRuns(client, workflowId, activity)).find((r) => r.key === key && r.completed),
    timeoutMs,
  );
}

/** The marker a fired failpoint left, or undefined. */
const markerAt = (path: string): FailpointMarker | undefined =>
  existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as FailpointMarker) : undefined;

beforeAll(async () => {
  await buildProject();
});

afterAll(async () => {
  await killAllProcesses();
});

describe('failpoints: the worker killed after recording an effect, before reporting it', () => {
  const cluster = new Cluster();
  const noticeMarker = join(cluster.dataDir, 'notification.marker');
  const ledgerMarker = join(cluster.dataDir, 'ledger.marker');
  let connection: Connection | undefined;
  let client: Client;

  beforeAll(async () => {
    // Every worker of this cluster, restarts included, has both failpoints armed: the markers make
    // each fire exactly once.
    cluster.workerEnv = {
      FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE: noticeMarker,
      FAILPOINT_KILL_AFTER_LEDGER_WRITE: ledgerMarker,
    };
    await cluster.start();
    connection = await Connection.connect({ address: cluster.env.TEMPORAL_ADDRESS });
    client = new Client({ connection });
  });

  afterAll(async () => {
    await connection?.close();
    await cluster.stop();
  });

  const ledgerLines = () => cluster.lines(PAYMENT_LEDGER) as { key: string; paymentId: string }[];

  /** Waits for `worker` to end by itself, and checks it was the failpoint's SIGKILL. */
  async function diesByFailpoint(worker: SpawnedProcess, marker: string): Promise<FailpointMarker> {
    expect(await worker.waitForExit(60_000)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(worker.stderr()).toMatch(/failpoint FAILPOINT_KILL_AFTER_\w+: killing process/);
    const fired = markerAt(marker);
    expect(fired).toMatchObject({ pid: worker.pid });
    return fired!;
  }

  test('a notice and a payment retried by another worker process: one outbox line, one ledger line, each run twice', async () => {
    // 1. A funding round opens: its call notice to the member states is written to the outbox,
    // and the worker dies before the activity's completion reaches Temporal.
    const [first] = cluster.workers;
    expect(cluster.lines('outbox.jsonl')).toEqual([]);
    const round = await send(cluster, 'POST', '/funding-rounds', {
      body: {
        title: 'Drill failpoints',
        envelopeCents: 1_000_000,
        // Long enough for the worker's restart and both submissions.
        closesIn: 'PT45S',
        priorities: ['migrant-smuggling'],
        decision: { rule: 'absolute', votingIn: 'PT120S' },
      },
      key: 'failpoints-round',
    });
    expect(round.status).toBe(201);
    const roundId = round.body.id as string;
    const notice = await diesByFailpoint(first, noticeMarker);
    expect(notice).toMatchObject({
      failpoint: 'killAfterNotificationWrite',
      variable: 'FAILPOINT_KILL_AFTER_NOTIFICATION_WRITE',
    });
    expect(notice.key).toBe(`${roundId}:call-opened`);
    expect(cluster.lines('outbox.jsonl').map((l) => l.key)).toEqual([notice.key]);
    expect(markerAt(ledgerMarker)).toBeUndefined();

    // 2. The same worker started again (failpoints still set): the notice's failpoint has fired.
    await cluster.startWorker();
    const noticeWorkflow = roundId;
    const requests: string[] = [];
    for (const seat of ['DE', 'FR']) {
      const r = await send(cluster, 'POST', `/funding-rounds/${roundId}/requests`, {
        token: member(seat),
        body: {
          title: `Failpoint ${seat}`,
          amountCents: 400_000,
          priority: 'migrant-smuggling',
          description: 'ILOs',
        },
        key: `failpoints-request-${seat}`,
      });
      expect(r.status).toBe(201);
      requests.push(r.body.id);
    }
    await readUntil(cluster, `/funding-rounds/${roundId}`, (r) => r.status === 'assessing', 90_000);

    // 3. The awards are adopted (the 17th yes closes the vote; the requesting seats are recused):
    // the first tranche's ledger line is written and the second worker dies before returning.
    const second = cluster.workers[1];
    const proposed = await send(cluster, 'POST', `/funding-rounds/${roundId}/allocation`, {
      body: { awards: requests.map((requestId) => ({ requestId, amountCents: 400_000 })) },
      key: 'failpoints-allocation',
    });
    expect(proposed.status).toBe(201);
    const decisionId = proposed.body.decisionId as string;
    // The seats without a vote say they have no opinion: then the vote may close early.
    for (const seat of ['IS', 'LI', 'NO', 'CH']) {
      const declined = await send(cluster, 'POST', `/decisions/${decisionId}/opinions/decline`, {
        token: member(seat),
        key: `failpoints-decline-${seat}`,
      });
      expect(declined.status).toBe(200);
    }
    for (const seat of VOTING.filter((s) => s !== 'DE' && s !== 'FR').slice(0, 17)) {
      const ballot = await send(cluster, 'POST', `/decisions/${decisionId}/ballots`, {
        token: member(seat),
        body: { choice: 'yes' },
        key: `failpoints-ballot-${seat}`,
      });
      expect([200, 409]).toContain(ballot.status);
    }
    const payment = await diesByFailpoint(second, ledgerMarker);
    const trancheKeys = requests.map((id) => `${id}:tranche:1`);
    expect(payment).toMatchObject({
      failpoint: 'killAfterLedgerWrite',
      variable: 'FAILPOINT_KILL_AFTER_LEDGER_WRITE',
    });
    expect(trancheKeys).toContain(payment.key);
    const written = ledgerLines().filter((l) => l.key === payment.key);
    expect(written).toHaveLength(1);

    // 4. A third worker process (failpoints still set, both fired) retries both activities.
    const third = await cluster.startWorker();
    const closed = await readUntil(
      cluster,
      `/funding-rounds/${roundId}`,
      (r) => r.status === 'closed',
      150_000,
    );
    expect(closed.payments).toEqual({ paidCents: 480_000, heldBackCents: 320_000 });

    // One ledger line per tranche key; the one written before the kill is the one paid.
    const ledger = ledgerLines();
    expect(ledger.map((l) => l.key).sort()).toEqual([...trancheKeys].sort());
    const paidRequest = requests[trancheKeys.indexOf(payment.key)];
    const request = (await send(cluster, 'GET', `/funding-requests/${paidRequest}`)).body;
    expect(request.tranches[0]).toMatchObject({
      n: 1,
      status: 'paid',
      paymentKey: payment.key,
      paymentId: written[0].paymentId,
    });
    expect(request.history.filter((e: { kind: string }) => e.kind === 'tranche-paid')).toHaveLength(1);

    // The payment ran at least twice for its key: the attempt on the killed worker, then the retry.
    const paymentRun = await completedRun(client, paidRequest, 'instructPayment', payment.key, 30_000);
    expect(paymentRun.attempt).toBeGreaterThanOrEqual(2);
    expect(paymentRun.lastFailure).toMatch(/timeout/i);
    expect((await activityRuns(client, paidRequest, 'instructPayment')).map((r) => r.key)).toEqual([
      payment.key,
    ]);

    // The notice too, and still one outbox line for its key; no key twice in the whole outbox.
    const noticeRun = await completedRun(client, noticeWorkflow, 'sendNotification', notice.key, 90_000);
    expect(noticeRun.attempt).toBeGreaterThanOrEqual(2);
    expect(noticeRun.lastFailure).toMatch(/timeout/i);
    const outbox = cluster.lines('outbox.jsonl');
    expect(outbox.filter((l) => l.key === notice.key)).toHaveLength(1);
    expect(duplicates(outbox)).toEqual([]);

    // Each failpoint fired once: the third worker, armed like the others, is still running.
    expect(third.exitStatus).toBeUndefined();
  }, 240_000);
});
