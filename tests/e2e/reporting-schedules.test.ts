/**
 * The list of reporting schedules over HTTP against the real stack (dev server, worker, API):
 * `GET /reporting-schedules` shows every schedule the API created, with its title, seats, rule,
 * state, next period and periods opened, by title then id, and not a schedule someone else made
 * in the same namespace; the secretariat and managers read it, a member gets 403; a deleted
 * schedule leaves the list and its page answers 404. Temporal lists schedules eventually, so the
 * test waits (boundedly) for the list to catch up, as a client would.
 */
import { Client, Connection } from '@temporalio/client';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string, de: string, manager: string;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  stack = await startStack();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  manager = stack.token({ sub: 'mia', role: 'manager' });
  connection = await Connection.connect({ address: stack.config.temporal.address });
  client = new Client({ connection, namespace: stack.config.temporal.namespace });
});

afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const create = async (body: Record<string, unknown>): Promise<any> => {
  const res = await stack.request('POST', '/reporting-schedules', {
    token: sec,
    body: { seats: ['DE', 'FR'], dueIn: 'P30D', ...body },
  });
  if (res.status !== 201)
    throw new Error(`POST /reporting-schedules: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const list = () => stack.request('GET', '/reporting-schedules', { token: manager });

/** Reads the list until `done` holds (Temporal's schedule list trails writes), at most 15 s. */
async function listUntil(done: (items: any[]) => boolean): Promise<any[]> {
  const deadline = Date.now() + 15_000;
  let last: unknown;
  while (Date.now() < deadline) {
    const res = await list();
    last = res.body;
    if (res.status === 200 && done(res.body.items)) return res.body.items;
    await sleep(250);
  }
  throw new Error(`the schedule list never caught up; last answer: ${JSON.stringify(last)}`);
}

test('the list shows our schedules with their rule, state, next period and periods opened, by title then id', async () => {
  const annual = await create({ title: 'Annual activity report', calendar: { month: 3, dayOfMonth: 31 } });
  const quarterlyA = await create({
    title: 'Quarterly network report',
    cron: '0 9 1 1,4,7,10 *',
    timezone: 'Europe/Brussels',
  });
  const quarterlyB = await create({ title: 'Quarterly network report', seats: ['NO'], cron: '0 9 15 * *' });
  // A fast one that opens periods, paused once two have opened, so its count holds still.
  const weekly = await create({ title: 'Budget follow-up', every: 'PT2S', dueIn: 'PT1H' });
  for (const until = Date.now() + 20_000; Date.now() < until; await sleep(250)) {
    const b = (await stack.request('GET', `/reporting-schedules/${weekly.id}`, { token: sec })).body;
    if (b.recentPeriods.length >= 2) break;
  }
  await stack.request('POST', `/reporting-schedules/${weekly.id}/pause`, {
    token: sec,
    body: { reason: 'Template revision' },
  });
  const pausedView = (await stack.request('GET', `/reporting-schedules/${weekly.id}`, { token: sec })).body;
  const opened = pausedView.recentPeriods.length;
  expect(opened).toBeGreaterThanOrEqual(2);
  // Fewer than Temporal's ten recent periods: the count and the recent list agree.
  expect(pausedView.periodsOpened).toBe(opened);

  // Someone else's schedule in the same namespace (not made by this API): never listed.
  const foreign = await client.schedule.create({
    scheduleId: `other-app-${Date.now()}`,
    spec: { intervals: [{ every: '1 day' }] },
    action: { type: 'startWorkflow', workflowType: 'somethingElse', taskQueue: 'elsewhere' },
    state: { paused: true },
  });

  const ours = [annual.id, quarterlyA.id, quarterlyB.id, weekly.id];
  const items = await listUntil((all) => ours.every((id) => all.some((i) => i.id === id)));
  expect(items.map((i) => i.id)).not.toContain(foreign.scheduleId);
  expect(items.every((i) => i.id.startsWith('rsc-'))).toBe(true);

  const quarterly = [quarterlyA.id, quarterlyB.id].sort();
  expect(items.map((i) => i.id)).toEqual([annual.id, weekly.id, ...quarterly]);

  const byId = Object.fromEntries(items.map((i) => [i.id, i]));
  const year = new Date().getUTCFullYear();
  const nextMarch31 =
    Date.now() < Date.parse(`${year}-03-31T00:00:00Z`) ? `${year}-03-31` : `${year + 1}-03-31`;
  expect(byId[annual.id]).toEqual({
    id: annual.id,
    title: 'Annual activity report',
    seats: ['DE', 'FR'],
    rule: 'on 31 March at 00:00 (UTC)',
    paused: false,
    note: null,
    nextPeriod: `${nextMarch31}T00:00:00.000Z`,
    periodsOpened: 0,
  });
  expect(byId[quarterlyA.id]).toMatchObject({
    title: 'Quarterly network report',
    rule: 'cron 0 9 1 1,4,7,10 * (Europe/Brussels)',
    paused: false,
    periodsOpened: 0,
  });
  // 09:00 in Brussels is 07:00 or 08:00 UTC, on the 1st of a quarter's month.
  expect(byId[quarterlyA.id].nextPeriod).toMatch(/^\d{4}-(01|04|07|10)-01T0[78]:00:00\.000Z$/);
  expect(byId[quarterlyB.id]).toMatchObject({ seats: ['NO'], rule: 'cron 0 9 15 * * (UTC)' });
  expect(byId[weekly.id]).toEqual({
    id: weekly.id,
    title: 'Budget follow-up',
    seats: ['DE', 'FR'],
    rule: 'every PT2S',
    paused: true,
    note: 'Template revision',
    nextPeriod: null,
    periodsOpened: opened,
  });
  // The page of each schedule shows the same sentence.
  expect((await stack.request('GET', `/reporting-schedules/${annual.id}`, { token: sec })).body.rule).toBe(
    'on 31 March at 00:00 (UTC)',
  );

  await foreign.delete();
  for (const id of ours) await stack.request('DELETE', `/reporting-schedules/${id}`, { token: sec });
});

test('the list says how fresh it is, is documented with its schema, and is for the secretariat and managers', async () => {
  const res = await list();
  expect(res.status).toBe(200);
  expect(Date.parse(res.headers.get('x-data-as-of') as string)).toBeLessThanOrEqual(Date.now());
  expect(res.headers.get('x-data-as-of')).toBe(res.body.asOf);
  expect(res.headers.get('x-consistency')).toMatch(/^eventual/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect((await stack.request('GET', '/reporting-schedules', { token: sec })).status).toBe(200);

  expect(await stack.request('GET', '/reporting-schedules', { token: de })).toMatchObject({
    status: 403,
    body: { message: 'this action is for secretariat or manager; Anna Schmidt is member for DE' },
  });
  expect((await stack.request('GET', '/reporting-schedules')).status).toBe(401);

  const doc = (await stack.request('GET', '/openapi.json')).body;
  expect(doc.paths['/reporting-schedules'].get.responses['200'].content['application/json'].schema).toEqual({
    $ref: '#/components/schemas/ScheduleListView',
  });
  expect(doc.components.schemas.ScheduleSummaryView.required).toEqual(
    expect.arrayContaining(['id', 'title', 'seats', 'rule', 'paused', 'nextPeriod', 'periodsOpened']),
  );
});

test('a deleted schedule leaves the list and its page answers 404; obligations it opened stay', async () => {
  const doomed = await create({ title: 'Interim report', every: 'PT2S', dueIn: 'PT1H' });
  const kept = await create({ title: 'Interim report (kept)', calendar: { dayOfMonth: 1 } });
  await listUntil((all) => all.some((i) => i.id === doomed.id) && all.some((i) => i.id === kept.id));
  // Let it open a period first, to show the period's obligations outlive the schedule.
  let period: any;
  for (const until = Date.now() + 20_000; !period && Date.now() < until; await sleep(250))
    period = (await stack.request('GET', `/reporting-schedules/${doomed.id}`, { token: sec })).body
      .recentPeriods[0];
  expect(period).toBeDefined();

  expect((await stack.request('DELETE', `/reporting-schedules/${doomed.id}`, { token: sec })).status).toBe(
    204,
  );
  expect(await stack.request('GET', `/reporting-schedules/${doomed.id}`, { token: manager })).toMatchObject({
    status: 404,
    body: { message: `reporting schedule ${doomed.id} not found` },
  });
  const after = await listUntil((all) => !all.some((i) => i.id === doomed.id));
  expect(after.map((i) => i.id)).toContain(kept.id);

  const stamp = new Date(period.scheduledAt)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  // The period run opens its obligations itself, a moment after the period is recorded.
  let obligation: any;
  for (const until = Date.now() + 15_000; Date.now() < until; await sleep(250)) {
    obligation = await stack.request('GET', `/reporting-obligations/rob-${doomed.id}-${stamp}-DE`, {
      token: manager,
    });
    if (obligation.status === 200) break;
  }
  expect(obligation).toMatchObject({ status: 200, body: { seat: 'DE', parentId: doomed.id } });

  await stack.request('DELETE', `/reporting-schedules/${kept.id}`, { token: sec });
});
