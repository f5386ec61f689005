/**
 * Reporting over HTTP against the real stack (dev server, worker, API): an obligation due a few
 * seconds away goes through reminder, overdue, escalation, submission and acceptance, each seen
 * through GET; the notifications land in the outbox; every error code with its message; recurring
 * schedules created, run, paused, unpaused, backfilled over three years, and deleted.
 */
import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string, de: string, deAlternate: string, fr: string, manager: string;

beforeAll(async () => {
  stack = await startStack();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  deAlternate = stack.token({ sub: 'bernd', role: 'member', seat: 'DE' });
  fr = stack.token({ sub: 'claire', role: 'member', seat: 'FR' });
  manager = stack.token({ sub: 'mia', role: 'manager' });
});

afterAll(async () => {
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls GET `path` until `done` holds for the body (or fails after `timeoutMs`). */
async function waitFor(path: string, done: (body: any) => boolean, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    const res = await stack.request('GET', path, { token: manager });
    last = res.body;
    if (res.status === 200 && done(res.body)) return res.body;
    await sleep(250);
  }
  throw new Error(`timed out waiting on ${path}; last answer: ${JSON.stringify(last)}`);
}

const outbox = (): any[] => {
  const file = join(stack.config.dataDir, 'outbox.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
};

const open = (body: Record<string, unknown>, headers?: Record<string, string>, token = sec) =>
  stack.request('POST', '/reporting-obligations', {
    token,
    body: { title: 'Annual activity report', seat: 'DE', ...body },
    headers,
  });

test('reminder, overdue, escalation, submission and acceptance, each visible through GET', async () => {
  const opened = await open({
    dueIn: 'PT4S',
    remindBefore: ['PT2S'],
    escalateAfter: 'PT1S',
    escalateEvery: 'PT2S',
  });
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({ status: 'pending', seat: 'DE', reminders: [], escalations: [] });
  const id = opened.body.id as string;
  const path = `/reporting-obligations/${id}`;

  const reminded = await waitFor(path, (b) => b.reminders.length === 1);
  expect(reminded.status).toBe('pending');
  expect(reminded.reminders[0]).toMatchObject({
    offset: 'PT2S',
    dueAt: opened.body.dueAt,
    to: ['DE'],
    delivery: 'sent',
  });

  const overdue = await waitFor(path, (b) => b.status === 'overdue');
  expect(overdue.overdueSince).toBe(opened.body.dueAt);
  expect(overdue.awaiting).toEqual(['DE']);

  const escalated = await waitFor(path, (b) => b.escalations.length >= 2);
  expect(escalated.escalations[0]).toMatchObject({ sequence: 1, to: ['DE', 'secretariat'] });
  expect(escalated.escalations[1].sequence).toBe(2);
  const gap =
    Date.parse(escalated.escalations[1].scheduledFor) - Date.parse(escalated.escalations[0].scheduledFor);
  expect(gap).toBe(2000);

  const wrongSeat = await stack.request('POST', `${path}/submissions`, {
    token: fr,
    body: { summary: 'Not ours' },
  });
  expect(wrongSeat).toMatchObject({
    status: 403,
    body: { message: 'only seat DE owes this report; seat FR cannot submit it' },
  });
  const bySecretariat = await stack.request('POST', `${path}/submissions`, {
    token: sec,
    body: { summary: 'x' },
  });
  expect(bySecretariat.status).toBe(403);

  const submitted = await stack.request('POST', `${path}/submissions`, {
    token: deAlternate,
    body: { summary: 'The network met four times.', documentUrl: 'https://docs.example/de-2027.pdf' },
  });
  expect(submitted.status).toBe(201);
  expect(submitted.body).toMatchObject({ status: 'submitted', awaiting: [] });
  expect(submitted.body.submissions[0]).toMatchObject({
    by: 'bernd-keller',
    actingAs: { name: 'Bernd Keller', capacity: 'alternate' },
    seat: 'DE',
    late: true,
  });
  const escalationsAtSubmission = submitted.body.escalations.length;

  const noNewDue = await stack.request('POST', `${path}/review`, {
    token: sec,
    body: { accepted: false, comment: 'Annex missing' },
  });
  expect(noNewDue).toMatchObject({
    status: 400,
    body: { message: 'newDueAt or newDueIn is required when rejecting a report' },
  });
  const memberReview = await stack.request('POST', `${path}/review`, {
    token: de,
    body: { accepted: true, comment: '' },
  });
  expect(memberReview.status).toBe(403);

  const accepted = await stack.request('POST', `${path}/review`, {
    token: sec,
    body: { accepted: true, comment: 'Thank you' },
  });
  expect(accepted.status).toBe(200);
  expect(accepted.body.status).toBe('accepted');
  await sleep(2500);
  const final = await waitFor(path, (b) => b.status === 'accepted');
  expect(final.escalations).toHaveLength(escalationsAtSubmission);
  expect(final.reviews).toEqual([expect.objectContaining({ accepted: true, by: 'sofia-marin' })]);

  const again = await stack.request('POST', `${path}/submissions`, { token: de, body: { summary: 'Again' } });
  expect(again.status).toBe(409);
  expect(again.body.message).toMatch(/is accepted/);

  // What went out, once each: the reminder to DE, the escalations to DE and the secretariat.
  const sent = outbox().filter((n) => n.ref.id === id);
  expect(sent.map((n) => n.kind)).toEqual(['reminder', ...final.escalations.map(() => 'escalation')]);
  expect(sent[0].recipients).toEqual(['de@ilo-board.example']);
  expect(sent[1].recipients).toContain('de@ilo-board.example');
  expect(sent[1].recipients.length).toBe(2);
  expect(new Set(sent.map((n) => n.key)).size).toBe(sent.length);
});

test('rejection with a new due date, extension and waiver over HTTP', async () => {
  const opened = await open({ dueIn: 'PT1H', remindBefore: ['PT30M'] });
  const path = `/reporting-obligations/${opened.body.id}`;
  await stack.request('POST', `${path}/submissions`, { token: de, body: { summary: 'Draft' } });
  const rejected = await stack.request('POST', `${path}/review`, {
    token: sec,
    body: { accepted: false, comment: 'Figures missing', newDueIn: 'PT2H' },
  });
  expect(rejected.status).toBe(200);
  expect(rejected.body).toMatchObject({ status: 'pending', awaiting: ['DE'] });
  expect(Date.parse(rejected.body.dueAt)).toBeGreaterThan(Date.parse(opened.body.dueAt));

  const earlier = await stack.request('POST', `${path}/extend`, {
    token: sec,
    body: { dueIn: 'PT1H', reason: 'x' },
  });
  expect(earlier.status).toBe(422);
  expect(earlier.body.message).toMatch(/must move the due date later/);
  const extended = await stack.request('POST', `${path}/extend`, {
    token: sec,
    body: { dueIn: 'P7D', reason: 'Elections' },
  });
  expect(extended.status).toBe(200);
  expect(extended.body.extensions).toEqual([
    expect.objectContaining({ reason: 'Elections', by: 'sofia-marin' }),
  ]);

  const noReason = await stack.request('POST', `${path}/waive`, { token: sec, body: {} });
  expect(noReason.status).toBe(400);
  const waived = await stack.request('POST', `${path}/waive`, {
    token: sec,
    body: { reason: 'Network dissolved' },
  });
  expect(waived.body).toMatchObject({ status: 'waived', waiver: { reason: 'Network dissolved' } });
  const after = await stack.request('POST', `${path}/extend`, {
    token: sec,
    body: { dueIn: 'P8D', reason: 'x' },
  });
  expect(after.status).toBe(409);
});

test('errors: 400 naming the field, 401, 403, 404; Idempotency-Key replays', async () => {
  const doc = await stack.request('GET', '/openapi.json');
  expect(Object.keys(doc.body.paths)).toEqual(
    expect.arrayContaining([
      '/reporting-obligations',
      '/reporting-obligations/{id}',
      '/reporting-obligations/{id}/submissions',
      '/reporting-obligations/{id}/review',
      '/reporting-obligations/{id}/extend',
      '/reporting-obligations/{id}/waive',
      '/reporting-schedules',
      '/reporting-schedules/{id}',
      '/reporting-schedules/{id}/pause',
      '/reporting-schedules/{id}/unpause',
    ]),
  );
  expect(await open({ seat: 'XX', dueIn: 'P1D' })).toMatchObject({
    status: 400,
    body: { message: 'seat: unknown seat XX' },
  });
  expect((await open({ dueIn: 'P1D', remindBefore: ['P3D', 'soon'] })).body.message).toEqual([
    'remindBefore[1] must be a positive ISO 8601 duration such as P14D or PT30S',
  ]);
  expect((await open({})).body).toMatchObject({ statusCode: 400, message: 'dueAt or dueIn is required' });
  expect((await open({ dueAt: '2020-01-01T00:00:00Z' })).body.message).toBe('dueAt must be in the future');
  expect((await open({ dueIn: 'P1D', escalateEvery: 'P7D' })).body.message).toMatch(
    /escalateEvery needs escalateAfter/,
  );
  expect((await open({ dueIn: 'P1D', notify: ['ZZ'] })).body.message).toMatch(/notify: unknown seat ZZ/);
  expect((await open({ dueIn: 'P1D', extra: 1 })).status).toBe(400);
  expect((await open({ dueIn: 'P1D' }, undefined, de)).status).toBe(403);
  expect((await stack.request('GET', '/reporting-obligations/rob-nope', { token: manager })).status).toBe(
    404,
  );
  expect((await stack.request('GET', '/reporting-obligations/xyz', { token: manager })).status).toBe(404);
  expect((await stack.request('GET', '/reporting-obligations/rob-nope')).status).toBe(401);

  const key = { 'Idempotency-Key': `open-${Date.now()}` };
  const first = await open({ dueIn: 'P30D' }, key);
  const replay = await open({ dueIn: 'P30D' }, key);
  expect(first.status).toBe(201);
  expect(replay.body.id).toBe(first.body.id);
  const reused = await open({ dueIn: 'P31D' }, key);
  expect(reused.status).toBe(422);

  const submitKey = { 'Idempotency-Key': 'submit-1' };
  const path = `/reporting-obligations/${first.body.id}/submissions`;
  const s1 = await stack.request('POST', path, {
    token: de,
    body: { summary: 'Report' },
    headers: submitKey,
  });
  const s2 = await stack.request('POST', path, {
    token: de,
    body: { summary: 'Report' },
    headers: submitKey,
  });
  expect(s1.status).toBe(201);
  expect(s2.status).toBe(201);
  expect(s2.body.submissions).toHaveLength(1);
});

describe('recurring schedules', () => {
  const createSchedule = (body: Record<string, unknown>) =>
    stack.request('POST', '/reporting-schedules', {
      token: sec,
      body: { title: 'Quarterly network report', seats: ['DE', 'FR'], dueIn: 'PT1H', ...body },
    });

  test('every PT2S opens one obligation per seat and period; pause stops it, unpause resumes, delete ends it', async () => {
    const created = await createSchedule({ every: 'PT2S', remindBefore: ['PT10M'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ seats: ['DE', 'FR'], every: 'PT2S', paused: false, dueIn: 'PT1H' });
    const id = created.body.id as string;
    const path = `/reporting-schedules/${id}`;
    const ran = await waitFor(path, (b) => b.recentPeriods.length >= 2);
    const period = ran.recentPeriods[0];
    const stamp = new Date(period.scheduledAt)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
    for (const seat of ['DE', 'FR']) {
      const obligation = await waitFor(`/reporting-obligations/rob-${id}-${stamp}-${seat}`, () => true);
      expect(obligation).toMatchObject({
        seat,
        status: 'pending',
        parentId: id,
        title: 'Quarterly network report',
      });
      expect(Date.parse(obligation.dueAt)).toBe(Date.parse(period.scheduledAt) + 3600_000);
    }

    const paused = await stack.request('POST', `${path}/pause`, {
      token: sec,
      body: { reason: 'Template revision' },
    });
    expect(paused.body).toMatchObject({ paused: true, note: 'Template revision' });
    await sleep(500);
    const countAtPause = (await stack.request('GET', path, { token: manager })).body.recentPeriods.length;
    await sleep(4500);
    const whilePaused = (await stack.request('GET', path, { token: manager })).body;
    expect(whilePaused.recentPeriods.length).toBe(countAtPause);

    const unpaused = await stack.request('POST', `${path}/unpause`, { token: sec, body: {} });
    expect(unpaused.body.paused).toBe(false);
    await waitFor(path, (b) => b.recentPeriods.length > countAtPause);

    expect((await stack.request('POST', `${path}/pause`, { token: de, body: {} })).status).toBe(403);
    expect((await stack.request('DELETE', path, { token: sec })).status).toBe(204);
    expect((await stack.request('GET', path, { token: manager })).status).toBe(404);
    expect((await stack.request('DELETE', path, { token: sec })).status).toBe(404);
  });

  test('a calendar rule { month: 3, dayOfMonth: 31 } backfilled over three years opens one obligation per seat and year', async () => {
    const created = await createSchedule({ calendar: { month: 3, dayOfMonth: 31 }, dueIn: 'P30D' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.calendar).toEqual({ month: 3, dayOfMonth: 31 });
    expect(created.body.nextPeriods[0]).toMatch(/^\d{4}-03-31T00:00:00\.000Z$/);

    // Three past years through the server's own schedule machinery (a backfill takes the
    // actions the calendar rule would have taken), overlapping allowed so none is skipped.
    const connection = await Connection.connect({ address: stack.config.temporal.address });
    try {
      const client = new Client({ connection, namespace: stack.config.temporal.namespace });
      await client.schedule.getHandle(id).backfill({
        start: new Date('2023-01-01T00:00:00Z'),
        end: new Date('2025-12-31T00:00:00Z'),
        overlap: ScheduleOverlapPolicy.ALLOW_ALL,
      });
    } finally {
      await connection.close();
    }
    const ran = await waitFor(`/reporting-schedules/${id}`, (b) => b.recentPeriods.length >= 3);
    expect(ran.recentPeriods.map((p: any) => p.scheduledAt)).toEqual([
      '2023-03-31T00:00:00.000Z',
      '2024-03-31T00:00:00.000Z',
      '2025-03-31T00:00:00.000Z',
    ]);
    for (const year of [2023, 2024, 2025]) {
      for (const seat of ['DE', 'FR']) {
        const o = await waitFor(`/reporting-obligations/rob-${id}-${year}0331T000000Z-${seat}`, () => true);
        expect(o).toMatchObject({
          seat,
          parentId: id,
          dueAt: `${year}-04-30T00:00:00.000Z`,
          status: 'overdue',
        });
      }
    }
    await stack.request('DELETE', `/reporting-schedules/${id}`, { token: sec });
  });

  test('schedule errors name the field', async () => {
    expect((await createSchedule({})).body.message).toBe(
      'give exactly one of calendar, cron or every (when each period opens)',
    );
    expect((await createSchedule({ cron: '0 9 31 3 *', every: 'P1D' })).status).toBe(400);
    expect((await createSchedule({ every: 'P1D', seats: ['DE', 'XX'] })).body.message).toBe(
      'seats: unknown seat XX',
    );
    expect((await createSchedule({ every: 'P1D', dueIn: 'soon' })).body.message).toEqual([
      'dueIn must be a positive ISO 8601 duration such as P14D or PT30S',
    ]);
    expect((await createSchedule({ calendar: { month: 13 } })).status).toBe(400);
    expect((await createSchedule({ every: 'P1M' })).body.message).toMatch(/^every must be a fixed span/);
    expect((await createSchedule({ cron: 'every day' })).body.message).toMatch(/^cron must have 5 fields/);
    expect((await createSchedule({ every: 'P1D', timezone: 'Mars/Olympus' })).body.message).toMatch(
      /^timezone/,
    );
    expect((await stack.request('GET', '/reporting-schedules/rsc-nope', { token: manager })).status).toBe(
      404,
    );
    const cron = await createSchedule({ cron: '0 9 31 3 *' });
    expect(cron.status).toBe(201);
    expect(cron.body.nextPeriods[0]).toMatch(/-03-31T09:00:00\.000Z$/);
    await stack.request('DELETE', `/reporting-schedules/${cron.body.id}`, { token: sec });
  });
});
