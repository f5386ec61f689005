/**
 * Crash drills with real processes: a Temporal dev server (its own SQLite file), and the compiled
 * worker (`node dist/src/worker/main.js`) and API (`node dist/src/api/main.js`) as separate
 * processes, killed with SIGKILL at awkward moments. Each drill asserts exact counts:
 *
 * 1. The worker killed while a decision's 32 ballots and a funding round's 10 submissions are in
 *    flight, then restarted: every acknowledged ballot and submission is on the record exactly
 *    once, and the outcome, tally and requests equal those of the same run undisturbed.
 * 2. Two workers on one task queue, one killed mid-run: the other carries every ballot through.
 * 3. The API killed mid-request (at several moments between sending and answering), restarted,
 *    and the request retried with the same `Idempotency-Key`: one decision, one ballot.
 * 4. The worker killed as a funding decision closes and its awards are paid: one payment ledger
 *    line per tranche, and no notification key twice in the outbox. (The exact window, the worker
 *    dead between an activity's recorded effect and its completion, is crash-failpoints.test.ts.)
 * 5. The dev server stopped and restarted on the same SQLite file mid-decision: the decision
 *    takes ballots again and its deadline still fires on time.
 */
import {
  Cluster,
  duplicates,
  MEMBER_STATES,
  member,
  readUntil,
  sec,
  send,
  sleep,
  VOTING,
} from '../support/drill-cluster';
import { buildProject, killAllProcesses, waitUntil } from '../support/processes';

/** Runs `tasks` with `concurrency` at a time. */
async function runAll(tasks: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

/**
 * The outbox once every decision in `ids` has its opening and outcome notices in it. The record
 * shows a decision closed before its outcome notice's activity has run, so the notices are awaited.
 */
async function outboxWithNotices(cluster: Cluster, ids: string[]): Promise<{ key: string }[]> {
  const keys = ids.flatMap((id) => [`${id}:opened`, `${id}:outcome`]);
  return waitUntil(
    `the opening and outcome notices of ${ids.join(', ')}`,
    async () => {
      const outbox = cluster.lines('outbox.jsonl');
      return keys.every((key) => outbox.some((l) => l.key === key)) ? outbox : undefined;
    },
    30_000,
  );
}

/** What a vote and a round with submissions came to, without ids and times. */
interface ScenarioResult {
  decision: { outcome: string; tally: unknown; ballots: string[]; history: number };
  requests: string[];
  decisionId: string;
  roundId: string;
  /** Writes the API acknowledged (2xx). */
  acknowledged: number;
  /** Writes still unanswered when the disturbance began. */
  inFlightAtDisturbance?: number;
}

/**
 * Opens a decision (all 32 seats vote: 20 yes, 12 no; adopted at its deadline) and a funding
 * round (10 member states submit one request each), sends the 42 writes 6 at a time with
 * Idempotency-Keys, and calls `disturb` once 10 of them are acknowledged.
 */
async function scenario(
  cluster: Cluster,
  label: string,
  disturb?: () => Promise<void>,
): Promise<ScenarioResult> {
  const opened = await send(cluster, 'POST', '/decisions', {
    // Closing at its deadline, not early, so that every ballot lands while it is open.
    body: { title: `Drill ${label}`, rule: 'simple', closesIn: 'PT40S', closeEarly: false },
    key: `${label}-decision`,
  });
  expect(opened.status).toBe(201);
  const round = await send(cluster, 'POST', '/funding-rounds', {
    body: {
      title: `Drill round ${label}`,
      envelopeCents: 10_000_000,
      closesIn: 'P1D',
      priorities: ['migrant-smuggling'],
      decision: { rule: 'absolute', votingIn: 'P7D' },
    },
    key: `${label}-round`,
  });
  expect(round.status).toBe(201);
  const decisionId = opened.body.id as string;
  const roundId = round.body.id as string;

  let acknowledged = 0;
  let inFlight = 0;
  let inFlightAtDisturbance: number | undefined;
  let disturbance: Promise<void> | undefined;
  const write = (path: string, token: string, body: unknown, key: string, ok: number) => async () => {
    inFlight++;
    const answer = await send(cluster, 'POST', path, { token, body, key });
    inFlight--;
    expect({ path, status: answer.status, body: answer.status === ok ? null : answer.body }).toEqual({
      path,
      status: ok,
      body: null,
    });
    acknowledged++;
    if (disturb && acknowledged === 10) {
      inFlightAtDisturbance = inFlight;
      disturbance = disturb();
    }
  };
  const ballots = VOTING.map((seat, i) =>
    write(
      `/decisions/${decisionId}/ballots`,
      member(seat),
      { choice: i < 20 ? 'yes' : 'no' },
      `${label}-ballot-${seat}`,
      200,
    ),
  );
  const submissions = MEMBER_STATES.slice(0, 10).map((seat, i) =>
    write(
      `/funding-rounds/${roundId}/requests`,
      member(seat),
      {
        title: `Request of ${seat}`,
        amountCents: (i + 1) * 10_000,
        priority: 'migrant-smuggling',
        description: 'ILOs',
      },
      `${label}-request-${seat}`,
      201,
    ),
  );
  // Interleaved, so the worker dies with both workflows busy.
  const tasks = ballots.flatMap((ballot, i) => (submissions[i] ? [ballot, submissions[i]] : [ballot]));
  await runAll(tasks, 6);
  await disturbance;

  const decision = await readUntil(cluster, `/decisions/${decisionId}`, (d) => d.status === 'closed');
  const roundNow = (await send(cluster, 'GET', `/funding-rounds/${roundId}`)).body;
  return {
    decision: {
      outcome: decision.outcome,
      tally: decision.tally,
      ballots: decision.ballots.map((b: any) => `${b.seat}:${b.choice}:${b.castBy}`).sort(),
      history: decision.ballotHistory.length,
    },
    requests: roundNow.requests.map((r: any) => `${r.seat}:${r.amountCents}:${r.status}`).sort(),
    decisionId,
    roundId,
    acknowledged,
    inFlightAtDisturbance,
  };
}

beforeAll(async () => {
  await buildProject();
});

afterAll(async () => {
  await killAllProcesses();
});

/** The seats without a vote say they give no opinion, so the decision may close early. */
async function declineOpinions(cluster: Cluster, decisionId: string) {
  for (const seat of ['IS', 'LI', 'NO', 'CH']) {
    const declined = await send(cluster, 'POST', `/decisions/${decisionId}/opinions/decline`, {
      token: member(seat),
    });
    expect(declined.status).toBe(200);
  }
}

describe('worker, API and activities killed with SIGKILL', () => {
  const cluster = new Cluster();

  beforeAll(async () => {
    await cluster.start();
  });

  afterAll(async () => {
    await cluster.stop();
  });

  test('the worker killed with ballots and submissions in flight, then restarted: each exactly once, same outcome as undisturbed', async () => {
    const undisturbed = await scenario(cluster, 'undisturbed');
    expect(undisturbed.decision).toMatchObject({
      outcome: 'adopted',
      tally: { yes: 20, no: 12, abstain: 0, objections: 0 },
      history: 32,
    });
    expect(undisturbed.requests).toHaveLength(10);

    let killedAt = 0;
    const disturbed = await scenario(cluster, 'disturbed', async () => {
      const [worker] = cluster.workers.splice(0, 1);
      await worker.kill();
      killedAt = Date.now();
      expect(worker.exitStatus).toEqual({ code: null, signal: 'SIGKILL' });
      await sleep(1_000);
      await cluster.startWorker();
    });
    expect(killedAt).toBeGreaterThan(0);
    // The kill came with writes unanswered, and all 42 were acknowledged in the end.
    expect(disturbed.inFlightAtDisturbance).toBeGreaterThan(0);
    expect(disturbed.acknowledged).toBe(42);
    expect(disturbed.decision).toEqual(undisturbed.decision);
    expect(disturbed.requests).toEqual(undisturbed.requests);
    expect(disturbed.decision.ballots).toHaveLength(32);
    expect(disturbed.decision.history).toBe(32);

    // Notices: each decision's opening and outcome went out exactly once.
    const outbox = await outboxWithNotices(cluster, [undisturbed.decisionId, disturbed.decisionId]);
    expect(duplicates(outbox)).toEqual([]);
    for (const id of [undisturbed.decisionId, disturbed.decisionId]) {
      expect(outbox.filter((l) => l.key === `${id}:opened`)).toHaveLength(1);
      expect(outbox.filter((l) => l.key === `${id}:outcome`)).toHaveLength(1);
    }
  });

  test('two workers on one task queue, one killed mid-run: the other carries every ballot', async () => {
    await cluster.startWorker();
    expect(cluster.workers).toHaveLength(2);
    const opened = await send(cluster, 'POST', '/decisions', {
      body: { title: 'Drill two workers', rule: 'absolute', closesIn: 'P1D' },
    });
    const id = opened.body.id as string;
    // Early close waits for the seats without a vote to speak or decline (Article 7); they decline,
    // so the last ballot closes it.
    await declineOpinions(cluster, id);
    let killed: Promise<void> | undefined;
    const tasks = VOTING.map((seat, i) => async () => {
      const answer = await send(cluster, 'POST', `/decisions/${id}/ballots`, {
        token: member(seat),
        body: { choice: i < 16 ? 'yes' : 'abstain' },
        key: `two-workers-${seat}`,
      });
      expect(answer.status).toBe(200);
      if (i === 8) killed = cluster.workers.splice(0, 1)[0].kill();
    });
    await runAll(tasks, 4);
    await killed;
    expect(cluster.workers).toHaveLength(1);
    const decision = await readUntil(cluster, `/decisions/${id}`, (d) => d.status === 'closed');
    // 16 yes of 32 is not more than half: rejected once every seat has voted.
    expect(decision).toMatchObject({ outcome: 'rejected', tally: { yes: 16, no: 0, abstain: 16 } });
    expect(decision.ballotHistory).toHaveLength(32);
    expect(new Set(decision.ballots.map((b: any) => b.seat)).size).toBe(32);
  });

  test('the API killed mid-request, restarted, the request retried with the same Idempotency-Key: one effect', async () => {
    const target = await send(cluster, 'POST', '/decisions', {
      body: { title: 'Drill API kill ballots', rule: 'simple', closesIn: 'P1D', closeEarly: false },
    });
    const decisionId = target.body.id as string;
    // Moments between sending and the answer: before the API read it, while it waits for Temporal, after.
    const delays = [0, 10, 30, 60, 120, 250];
    const opened: string[] = [];
    for (const [i, delay] of delays.entries()) {
      const key = `api-kill-${i}`;
      const seat = VOTING[i];
      const body = { title: `Drill API kill ${i}`, rule: 'simple', closesIn: 'P1D' };
      const headers = {
        authorization: `Bearer ${sec()}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      };
      const ballotHeaders = { ...headers, authorization: `Bearer ${member(seat)}` };
      // Both requests go out; the API dies `delay` ms later, whatever it was doing.
      const lost = [
        fetch(`${cluster.base}/decisions`, { method: 'POST', headers, body: JSON.stringify(body) }),
        fetch(`${cluster.base}/decisions/${decisionId}/ballots`, {
          method: 'POST',
          headers: ballotHeaders,
          body: JSON.stringify({ choice: 'yes' }),
        }),
      ].map((p) => p.then((r) => r.status).catch(() => 'lost'));
      await sleep(delay);
      await cluster.api.kill();
      await Promise.all(lost);
      await cluster.startApi();
      const retried = await send(cluster, 'POST', '/decisions', { body, key });
      expect(retried.status).toBe(201);
      opened.push(retried.body.id);
      const again = await send(cluster, 'POST', `/decisions/${decisionId}/ballots`, {
        token: member(seat),
        body: { choice: 'yes' },
        key,
      });
      expect(again.status).toBe(200);
      // The same key once more: the first answer, nothing new.
      expect((await send(cluster, 'POST', '/decisions', { body, key })).body.id).toBe(retried.body.id);
    }
    expect(new Set(opened).size).toBe(delays.length);
    const decision = (await send(cluster, 'GET', `/decisions/${decisionId}`)).body;
    expect(decision.ballotHistory.map((b: any) => b.seat).sort()).toEqual(
      VOTING.slice(0, delays.length).sort(),
    );
    expect(decision.tally).toMatchObject({ yes: delays.length });
    // One opening notice per decision: no decision was opened twice under another id.
    await waitUntil('the opening notices', async () =>
      opened.every((id) => cluster.lines('outbox.jsonl').some((l) => l.key === `${id}:opened`))
        ? true
        : undefined,
    );
    const titles = cluster
      .lines('outbox.jsonl')
      .filter((l) => l.key.endsWith(':opened'))
      .map((l) => JSON.stringify(l))
      .filter((line) => /Drill API kill \d/.test(line));
    expect(titles).toHaveLength(delays.length);
  });

  test('the worker killed as awards are paid: one ledger line per tranche, no notification twice', async () => {
    const round = await send(cluster, 'POST', '/funding-rounds', {
      body: {
        title: 'Drill payments',
        envelopeCents: 1_000_000,
        closesIn: 'PT3S',
        priorities: ['migrant-smuggling'],
        decision: { rule: 'absolute', votingIn: 'PT120S' },
      },
    });
    const roundId = round.body.id as string;
    const requests: string[] = [];
    for (const seat of ['DE', 'FR']) {
      const r = await send(cluster, 'POST', `/funding-rounds/${roundId}/requests`, {
        token: member(seat),
        body: {
          title: `Payments ${seat}`,
          amountCents: 400_000,
          priority: 'migrant-smuggling',
          description: 'ILOs',
        },
      });
      expect(r.status).toBe(201);
      requests.push(r.body.id);
    }
    await readUntil(cluster, `/funding-rounds/${roundId}`, (r) => r.status === 'assessing');
    const proposed = await send(cluster, 'POST', `/funding-rounds/${roundId}/allocation`, {
      body: { awards: requests.map((requestId) => ({ requestId, amountCents: 400_000 })) },
    });
    expect(proposed.status).toBe(201);
    const decisionId = proposed.body.decisionId as string;
    // The 17th yes adopts it at once (the seats without a vote have said they give no opinion);
    // the worker dies while the awards are being paid. The requesting seats are recused from the
    // vote on their own requests.
    await declineOpinions(cluster, decisionId);
    for (const seat of VOTING.filter((s) => s !== 'DE' && s !== 'FR').slice(0, 17)) {
      const ballot = await send(cluster, 'POST', `/decisions/${decisionId}/ballots`, {
        token: member(seat),
        body: { choice: 'yes' },
      });
      expect([200, 409]).toContain(ballot.status);
    }
    for (const worker of cluster.workers.splice(0)) await worker.kill();
    await sleep(500);
    await cluster.startWorker();
    const closed = await readUntil(
      cluster,
      `/funding-rounds/${roundId}`,
      (r) => r.status === 'closed',
      90_000,
    );
    expect(closed.payments).toEqual({ paidCents: 480_000, heldBackCents: 320_000 });

    const ledger = cluster.lines('payments-ledger.jsonl');
    expect(ledger.map((l) => l.key).sort()).toEqual(requests.map((id) => `${id}:tranche:1`).sort());
    expect(duplicates(cluster.lines('outbox.jsonl'))).toEqual([]);
  });
});

describe('the dev server stopped and restarted on the same SQLite file', () => {
  const cluster = new Cluster();

  beforeAll(async () => {
    await cluster.start();
  });

  afterAll(async () => {
    await cluster.stop();
  });

  test('mid-decision: ballots are kept, new ones accepted, and the deadline still fires on time', async () => {
    const opened = await send(cluster, 'POST', '/decisions', {
      body: { title: 'Drill server restart', rule: 'simple', closesIn: 'PT25S', closeEarly: false },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    for (const [seat, choice] of [
      ['DE', 'yes'],
      ['FR', 'no'],
      ['IT', 'yes'],
    ]) {
      expect(
        (await send(cluster, 'POST', `/decisions/${id}/ballots`, { token: member(seat), body: { choice } }))
          .status,
      ).toBe(200);
    }

    await cluster.devServer.stop();
    await sleep(2_000);
    await cluster.startServer();
    // The worker and the API reconnect by themselves; neither was restarted.
    expect(cluster.workers.every((w) => w.exitStatus === undefined)).toBe(true);
    expect(cluster.api.exitStatus).toBeUndefined();

    const after = await send(cluster, 'POST', `/decisions/${id}/ballots`, {
      token: member('ES'),
      body: { choice: 'yes' },
      key: 'after-restart-ES',
    });
    expect(after.status).toBe(200);
    expect(after.body.tally).toMatchObject({ yes: 3, no: 1 });

    const closed = await readUntil(cluster, `/decisions/${id}`, (d) => d.status === 'closed', 60_000);
    expect(closed).toMatchObject({
      outcome: 'adopted',
      closedAt: opened.body.closesAt,
      tally: { yes: 3, no: 1, abstain: 0 },
    });
    expect(closed.ballotHistory).toHaveLength(4);
    const outbox = await outboxWithNotices(cluster, [id]);
    expect(outbox.filter((l) => l.key === `${id}:opened`)).toHaveLength(1);
    expect(outbox.filter((l) => l.key === `${id}:outcome`)).toHaveLength(1);
    expect(duplicates(outbox)).toEqual([]);
  });
});
