/**
 * Calls that reach the member states, over HTTP on the real stack: the open calls for funding
 * (window, envelope, priorities, cap) as each kind of seat reads them.
 */
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string;
const member = (seat: string) => stack.token({ sub: `${seat.toLowerCase()}-member`, role: 'member', seat });

beforeAll(async () => {
  stack = await startStack();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
});

afterAll(async () => {
  await stack?.stop();
});

/** Polls `read` until `done` holds (visibility trails writes by about a second). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const openRound = (title: string, closesIn = 'P30D') =>
  stack.request('POST', '/funding-rounds', {
    token: sec,
    body: {
      title,
      envelopeCents: 50_000_000,
      maxRequestCents: 2_000_000,
      closesIn,
      priorities: ['migrant-smuggling', 'return-and-readmission'],
      decision: { rule: 'absolute', votingIn: 'P7D' },
    },
  });

test('GET /calls lists the open rounds with window, envelope, priorities and cap, and what the seat did', async () => {
  const later = await openRound('Call 2027: smuggling routes', 'P60D');
  const sooner = await openRound('Call 2027: returns', 'P20D');
  expect(later.status).toBe(201);
  const calls = await until(
    async () => (await stack.request('GET', '/calls', { token: member('DE') })).body,
    (list) => Array.isArray(list) && list.length >= 2,
  );
  // Soonest closing first.
  expect(calls.map((c: { id: string }) => c.id)).toEqual([sooner.body.id, later.body.id]);
  expect(calls[1]).toEqual({
    id: later.body.id,
    title: 'Call 2027: smuggling routes',
    openedAt: expect.any(String),
    closesAt: later.body.closesAt,
    envelopeCents: 50_000_000,
    maxRequestCents: 2_000_000,
    priorities: ['migrant-smuggling', 'return-and-readmission'],
    mayRequest: true,
    yourRequests: [],
  });

  const submitted = await stack.request('POST', `/funding-rounds/${later.body.id}/requests`, {
    token: member('DE'),
    body: {
      title: 'Liaison on the Balkan route',
      amountCents: 1_000_000,
      priority: 'migrant-smuggling',
      description: 'Two ILOs',
    },
  });
  expect(submitted.status).toBe(201);
  const mine = (await stack.request('GET', '/calls', { token: member('DE') })).body;
  expect(mine.find((c: { id: string }) => c.id === later.body.id).yourRequests).toEqual([submitted.body.id]);
  // France has not submitted; Norway may not request; a manager reads the calls too.
  const france = (await stack.request('GET', '/calls', { token: member('FR') })).body;
  expect(france.find((c: { id: string }) => c.id === later.body.id).yourRequests).toEqual([]);
  const norway = (await stack.request('GET', '/calls', { token: member('NO') })).body;
  expect(norway.every((c: { mayRequest: boolean }) => c.mayRequest === false)).toBe(true);
  const manager = await stack.request('GET', '/calls', {
    token: stack.token({ sub: 'mia', role: 'manager' }),
  });
  expect(manager.status).toBe(200);
  expect(manager.body).toHaveLength(2);
});
