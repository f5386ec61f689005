/**
 * A crash drill on the production-shaped cluster (scripts/cluster/local-cluster.ts): PostgreSQL,
 * the four Temporal services as separate processes, two API and two worker replicas. A careful
 * client spreads a vote's 32 ballots over both API replicas, 4 at a time, each with its
 * Idempotency-Key; once 10 are acknowledged, one API replica, one worker and the history service
 * are killed with SIGKILL, then started again. Exact counts afterwards: every seat's ballot once,
 * the tally and outcome of the undisturbed vote, no notification sent twice.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCluster } from '../../scripts/cluster/local-cluster';
import { waitUntil } from '../support/processes';
import { TestIssuer } from '../support/test-issuer';

const JWT_SECRET = 'cluster-drill-secret-of-more-than-32-characters';
/** The OpenID provider the API replicas trust, on a loopback port of this test process. */
const issuer = new TestIssuer();
let sec: string;
const member = (seat: string) => issuer.token({ role: 'member', seat });
const VOTING = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV',
  'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'COM1', 'COM2', 'FRONTEX',
  'EUROPOL', 'EUAA',
]; // prettier-ignore
// A vote of 75 seconds, a kill and restart of three processes, and the cluster's start.
jest.setTimeout(480_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dataDir = mkdtempSync(join(tmpdir(), 'board-cluster-drill-'));
chmodSync(dataDir, 0o755);
/** The replicas' environment; the provider's address is added once it listens. */
const appEnv: Record<string, string> = { JWT_SECRET, LOG_LEVEL: 'warn' };
const cluster = new LocalCluster({
  root: join(__dirname, '..', '..'),
  dataDir,
  appEnv,
});
/** Which replica each request went to, to show that both took their share. */
const served = new Map<string, number>();
let turn = 0;

/**
 * A careful client behind a load balancer: each request goes to the next API replica; on a lost
 * connection, a timeout or a 5xx it is sent again (to the next replica) with the same key.
 */
async function send(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; key?: string } = {},
) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const base = cluster.apiUrls[turn++ % cluster.apiUrls.length];
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? sec}` };
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      if (opts.key) headers['idempotency-key'] = opts.key;
      const res = await fetch(base + path, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.status < 500) {
        served.set(base, (served.get(base) ?? 0) + 1);
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
      }
    } catch {
      // Refused, reset or timed out: that replica (or Temporal's history) is down; try again.
    }
    if (Date.now() > deadline) throw new Error(`${method} ${path}: no answer below 500 in 120 s`);
    await sleep(300);
  }
}

beforeAll(async () => {
  await issuer.start();
  Object.assign(appEnv, issuer.env);
  sec = issuer.token({ role: 'secretariat' });
  await cluster.start();
});

afterAll(async () => {
  await cluster.stop();
  await issuer.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('one API replica, one worker and the history service killed mid-vote: every ballot once, the same outcome', async () => {
  const opened = await send('POST', '/decisions', {
    body: { title: 'Cluster drill', rule: 'simple', closesIn: 'PT75S', closeEarly: false },
    key: 'cluster-drill-decision',
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;

  let acknowledged = 0;
  let disturbance: Promise<void> | undefined;
  const disturb = async () => {
    await Promise.all([cluster.kill('api-1'), cluster.kill('worker-1'), cluster.kill('history')]);
    await sleep(3_000);
    await cluster.startService('history');
    await Promise.all([cluster.startWorker(0), cluster.startApi(0)]);
  };
  const ballots = VOTING.map((seat, i) => async () => {
    const answer = await send('POST', `/decisions/${id}/ballots`, {
      token: member(seat),
      body: { choice: i < 20 ? 'yes' : 'no' },
      key: `cluster-drill-${seat}`,
    });
    expect({ seat, status: answer.status }).toEqual({ seat, status: 200 });
    if (++acknowledged === 10) disturbance = disturb();
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < ballots.length) await ballots[next++]();
    }),
  );
  await disturbance;
  // Every process is back.
  expect([...cluster.processes.values()].filter((p) => !p.running).map((p) => p.name)).toEqual([]);

  const decision = await waitUntil(
    'the decision to close at its deadline',
    async () => {
      const r = await send('GET', `/decisions/${id}`);
      return r.body?.status === 'closed' ? r.body : undefined;
    },
    150_000,
  );
  expect(decision.outcome).toBe('adopted');
  expect(decision.tally).toMatchObject({ yes: 20, no: 12, abstain: 0 });
  expect(decision.ballots.map((b: { seat: string }) => b.seat).sort()).toEqual([...VOTING].sort());
  // Each ballot recorded once: no retry became a second ballot.
  expect(decision.ballotHistory).toHaveLength(32);
  // Both replicas answered a share of the requests.
  expect([...served.values()].every((n) => n >= 5)).toBe(true);
  expect(served.size).toBe(2);

  // Notifications: opened and outcome notices, none twice, whichever worker sent them.
  const outbox = await waitUntil(
    'the outcome notice in the outbox',
    async () => {
      const lines = readFileSync(join(dataDir, 'outbox.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { key: string; kind: string });
      return lines.some((l) => l.key.includes(id) && /outcome|closed|adopted/.test(l.key + l.kind))
        ? lines
        : undefined;
    },
    60_000,
  );
  const keys = outbox.map((l) => l.key);
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);

  // Tracking reads PostgreSQL visibility (eventually consistent): the closed decision leaves the list.
  await waitUntil(
    'the closed decision to leave GET /pending',
    async () => {
      const pending = await send('GET', '/pending');
      expect(pending.status).toBe(200);
      return pending.body.items.some((i: { id: string }) => i.id === id) ? undefined : true;
    },
    60_000,
  );
});
