/**
 * The roster on the ballot path: requests take the copy in hand while a timer re-reads it, so a slow
 * roster query never delays a ballot; an appointment ended through this process is refused at once,
 * through another within the staleness bound.
 */
import { ForbiddenException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { resolveCaller } from '../../src/auth/resolve-caller';
import { RosterDirectory } from '../../src/roster/roster-directory';
import { RosterRecord } from '../../workflows/roster/roster-record';
import type { RosterState } from '../../workflows/roster/roster.types';

const t0 = Date.now() - 1000;
const bernd = { kind: 'provider' as const, claim: 'email', value: 'bernd.keller@ilo-board.example' };

/**
 * The roster workflow as a client sees it: a query that takes `queryMs` (or, once `stall` is set,
 * does not answer until it is released), Updates answered at once.
 */
function fakeTemporal(queryMs: number) {
  const record = RosterRecord.seeded(
    [
      {
        name: 'Bernd Keller',
        email: 'bernd.keller@ilo-board.example',
        appointments: [
          { role: 'member', seat: 'DE', capacity: 'alternate', from: new Date(t0).toISOString() },
        ],
      },
    ],
    t0,
  );
  const snapshot = (): RosterState => JSON.parse(JSON.stringify(record.view())) as RosterState;
  const calls = { queries: 0, stall: undefined as Promise<void> | undefined };
  const handle = {
    query: async () => {
      calls.queries++;
      const state = snapshot();
      await new Promise((resolve) => setTimeout(resolve, queryMs));
      await calls.stall;
      return state;
    },
    executeUpdate: async (_def: unknown, opts: { args: [never] }) => {
      record.end(opts.args[0], Date.now());
      return snapshot();
    },
  };
  const client = { workflow: { start: async () => undefined, getHandle: () => handle } } as unknown as Client;
  return { client, calls };
}

const directories: RosterDirectory[] = [];
function directory(client: Client, maxAgeMs: number): RosterDirectory {
  const d = new RosterDirectory(client, { taskQueue: 'q', seed: [], maxAgeMs });
  directories.push(d);
  return d;
}
afterEach(() => directories.splice(0).forEach((d) => d.close()));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('after the first read, no request waits for the roster query, even one that does not answer', async () => {
  const { client, calls } = fakeTemporal(0);
  const roster = directory(client, 200);
  const first = await roster.current();
  let release = () => {};
  calls.stall = new Promise<void>((resolve) => (release = resolve));
  // Across two staleness periods (the copy in hand still within twice the bound), every look-up
  // answers from the copy while the re-read hangs.
  for (let i = 0; i < 7; i++) {
    expect(await roster.current()).toBe(first);
    await sleep(50);
  }
  expect(calls.queries).toBeGreaterThan(1);
  release();
});

test('an appointment ended through this process is refused on the next request; through another, within the bound', async () => {
  const { client } = fakeTemporal(20);
  const here = directory(client, 400);
  const elsewhere = directory(client, 400);
  const ok = resolveCaller(bernd, await elsewhere.current(), Date.now());
  expect(ok).toMatchObject({ sub: 'bernd-keller', seat: 'DE', capacity: 'alternate' });

  await here.end({ appointmentId: 'a-1', reason: 'moved to another post', by: 'sofia-marin' });
  const afterEnd = await here.current();
  expect(() => resolveCaller(bernd, afterEnd, Date.now())).toThrow(ForbiddenException);
  expect(() => resolveCaller(bernd, afterEnd, Date.now())).toThrow(/moved to another post/);

  // The other process still has its copy, and refuses within the staleness bound.
  const ended = Date.now();
  for (;;) {
    const view = await elsewhere.current();
    try {
      resolveCaller(bernd, view, Date.now());
    } catch (err) {
      expect((err as Error).message).toMatch(/Bernd Keller's appointment as alternate for DE ended on/);
      break;
    }
    // Within the bound while Temporal answers; twice it at worst (see roster-directory.ts).
    expect(Date.now() - ended).toBeLessThan(800);
    await sleep(20);
  }
});
