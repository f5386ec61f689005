/**
 * Crash drill for the board's record: the worker dies between a workflow's change of state and its
 * projection (FAILPOINT_KILL_BEFORE_PROJECTION_WRITE), and again right after the projection is
 * written but before Temporal hears of it (FAILPOINT_KILL_AFTER_PROJECTION_WRITE). Workers started
 * again retry the activity: the record catches up, and the retried write of a version already
 * applied changes nothing, so every version is applied exactly once.
 */
import { Client, Connection } from '@temporalio/client';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openRecordDatabase, type RecordDatabase } from '../../src/record/record-database';
import { RecordRepository } from '../../src/record/record-repository';
import type { RecordProjection } from '../../workflows/record/record-projection';
import { Cluster, member, readUntil, send } from '../support/drill-cluster';
import { buildProject, killAllProcesses, waitUntil, type SpawnedProcess } from '../support/processes';

/** The projections a workflow scheduled, with the attempt that ran last and whether it completed. */
async function projections(client: Client, workflowId: string) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const runs = new Map<string, { version: number; attempt: number | null; completed: boolean }>();
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'projectRecord') {
      const arg = JSON.parse(
        Buffer.from(scheduled.input?.payloads?.[0]?.data ?? []).toString('utf8'),
      ) as RecordProjection;
      runs.set(String(event.eventId), { version: arg.version, attempt: null, completed: false });
    }
    const started = event.activityTaskStartedEventAttributes;
    const run = started && runs.get(String(started.scheduledEventId));
    if (run) run.attempt = started.attempt ?? null;
    const completed = event.activityTaskCompletedEventAttributes;
    const done = completed && runs.get(String(completed.scheduledEventId));
    if (done) done.completed = true;
  }
  return [...runs.values()];
}

beforeAll(async () => {
  await buildProject();
});

afterAll(async () => {
  await killAllProcesses();
});

describe('the record: the worker killed between a change of state and its projection', () => {
  const cluster = new Cluster();
  const before = join(cluster.dataDir, 'before-projection.marker');
  const after = join(cluster.dataDir, 'after-projection.marker');
  let connection: Connection | undefined;
  let client: Client;
  let db: RecordDatabase | undefined;

  beforeAll(async () => {
    cluster.workerEnv = {
      FAILPOINT_KILL_BEFORE_PROJECTION_WRITE: before,
      FAILPOINT_KILL_AFTER_PROJECTION_WRITE: after,
    };
    await cluster.start();
    connection = await Connection.connect({ address: cluster.env.TEMPORAL_ADDRESS });
    client = new Client({ connection });
    db = openRecordDatabase(cluster.recordServer.url);
  });

  afterAll(async () => {
    await db?.destroy();
    await connection?.close();
    await cluster.stop();
  });

  async function diesByFailpoint(worker: SpawnedProcess, marker: string): Promise<void> {
    expect(await worker.waitForExit(90_000)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(worker.stderr()).toMatch(/failpoint FAILPOINT_KILL_\w+_PROJECTION_WRITE: killing process/);
    expect(existsSync(marker)).toBe(true);
  }

  test('the record catches up after restarts, and applies every version exactly once', async () => {
    const record = new RecordRepository(db!);
    const opened = await send(cluster, 'POST', '/decisions', {
      body: { title: 'Drill projection', rule: 'simple', closesIn: 'P1D', closeEarly: false },
      key: 'drill-projection-open',
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;

    // 1. The opening's projection kills the worker before it writes: the record has not caught up.
    await diesByFailpoint(cluster.workers[0], before);
    expect(await record.get('decision', id)).toBeUndefined();

    // 2. Another worker retries it, writes it, and dies before reporting it.
    await diesByFailpoint(await cluster.startWorker(), after);
    expect(await record.get('decision', id)).toMatchObject({ writes: 1, open: true });

    // 3. A third retries it again (the record already has that version: nothing changes), then the decision runs on.
    await cluster.startWorker();
    for (const [seat, choice] of [
      ['DE', 'yes'],
      ['FR', 'no'],
    ]) {
      const ballot = await send(cluster, 'POST', `/decisions/${id}/ballots`, {
        token: member(seat),
        body: { choice },
        key: `drill-projection-${seat}`,
      });
      expect(ballot.status).toBe(200);
    }
    const withdrawn = await send(cluster, 'POST', `/decisions/${id}/withdraw`, {
      body: { reason: 'drill over' },
      key: 'drill-projection-withdraw',
    });
    expect(withdrawn.status).toBe(200);
    await client.workflow.getHandle(id).result();

    // The list, read from the record, shows the final state.
    const listed = await readUntil(
      cluster,
      '/decisions?q=drill%20projection',
      (b) => b.items[0]?.open === false,
    );
    expect(listed.items[0]).toMatchObject({ id, outcome: 'withdrawn' });

    const runs = await projections(client, id);
    expect(runs.every((r) => r.completed)).toBe(true);
    // The first projection ran three times (killed before, killed after, then completed).
    expect(runs[0].attempt).toBeGreaterThanOrEqual(3);
    const versions = runs.map((r) => r.version);
    const stored = await waitUntil(
      'the record to hold the last version',
      async () => {
        const s = await record.get('decision', id);
        return s?.version === Math.max(...versions) ? s : undefined;
      },
      30_000,
    );
    // Each version applied once: as many writes as distinct versions, the retried one not counted again.
    expect(new Set(versions).size).toBe(versions.length);
    expect(stored.writes).toBe(versions.length);
    expect(stored.state).toMatchObject({
      status: 'closed',
      outcome: 'withdrawn',
      ballots: [{ seat: 'DE' }, { seat: 'FR' }],
    });
  });
});
