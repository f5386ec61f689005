/**
 * The reporting obligation on the time-skipping test server: reminders at their workflow times,
 * escalations repeating until the report comes, rejection and resubmission, extensions moving
 * every later timer, waivers, refusals, the acceptance signal to a waiting workflow, and one
 * obligation per seat and period over three years of a recurring schedule's periods.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  extendObligationUpdate,
  getObligationQuery,
  reviewReportUpdate,
  submitReportUpdate,
  waiveObligationUpdate,
} from '../../workflows/reporting/obligation.messages';
import type { ObligationInput } from '../../workflows/reporting/obligation.types';
import type { NotificationRequest } from '../../workflows/shared/notification-request';
import { reportingObligationWorkflow } from '../../workflows/reporting/obligation.workflow';
import { reportingRoundWorkflow } from '../../workflows/reporting/reporting-round.workflow';
import { onOwnTestServer } from '../support/own-test-server';
import { sentReceipt } from '../support/mock-activities';
import { memoryRecord } from '../support/memory-record';

/** What the workflows project into the board's record (in memory). */
const record = memoryRecord();

const DAY = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let counter = 0;
/** Every notification the mocked activity received, in order. */
let sent: NotificationRequest[] = [];
/** Attempts per key, including the failed ones. */
let attempts: Record<string, number> = {};
/** Keys whose first attempt fails, to exercise retries. */
let failFirst = new Set<string>();
/** Keys the transport refuses for good. */
let refuse = new Set<string>();

// A test that ran into a stalled test server runs once more, on a server of its own (see onOwnTestServer).
jest.retryTimes(1, { logErrorsBeforeRetry: true });

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

beforeEach(() => {
  sent = [];
  attempts = {};
  failFirst = new Set();
  refuse = new Set();
});

const activities = {
  ...record.activities,
  async sendNotification(req: NotificationRequest) {
    attempts[req.key] = (attempts[req.key] ?? 0) + 1;
    if (failFirst.has(req.key) && attempts[req.key] === 1) throw new Error('transport down');
    if (refuse.has(req.key))
      throw ApplicationFailure.create({
        type: 'webhook-refused',
        message: 'webhook answered 400',
        nonRetryable: true,
      });
    sent.push(req);
    return sentReceipt(req.key, 'outbox');
  },
};

/** Runs `body` on a test server of its own, with a worker on a fresh task queue. */
async function withWorker(body: (taskQueue: string) => Promise<void>): Promise<void> {
  const taskQueue = `reporting-${++counter}`;
  await onOwnTestServer({ taskQueue, bundle, activities: () => activities }, async (server) => {
    env = server;
    await body(taskQueue);
  });
}

/** Sent at the notice's time, give or take the real time the activity took (the server does not skip during it). */
function expectNear(actual: string, expected: number): void {
  const delta = Date.parse(actual) - expected;
  expect(delta).toBeGreaterThanOrEqual(0);
  expect(delta).toBeLessThan(60_000);
}

const now = async () => Number(await env.currentTimeMs());

type Handle = WorkflowHandle<typeof reportingObligationWorkflow>;

async function open(taskQueue: string, overrides: Partial<ObligationInput> = {}): Promise<Handle> {
  const id = `rob-test-${++counter}`;
  const input: ObligationInput = {
    id,
    title: 'Annual activity report 2027',
    seat: 'DE',
    dueAt: iso((await now()) + 30 * DAY),
    remindBefore: ['P14D', 'P3D'],
    escalateAfter: 'P1D',
    escalateEvery: 'P7D',
    openedBy: 'sofia',
    ...overrides,
  };
  return env.client.workflow.start(reportingObligationWorkflow, { workflowId: id, taskQueue, args: [input] });
}

const state = (h: Handle) => h.query(getObligationQuery);

async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

test('reminders go out at P14D and P3D before the due date, on workflow time, to the owing seat', async () => {
  await withWorker(async (tq) => {
    const t0 = await now();
    const dueAt = t0 + 30 * DAY;
    const h = await open(tq, { dueAt: iso(dueAt), notify: ['secretariat'] });
    await env.sleep(16 * DAY + 60_000);
    let s = await state(h);
    expect(s.reminders).toHaveLength(1);
    expect(s.reminders[0]).toMatchObject({
      offset: 'P14D',
      scheduledFor: iso(dueAt - 14 * DAY),
      dueAt: iso(dueAt),
      to: ['DE', 'secretariat'],
      key: `${h.workflowId}:reminder:${iso(dueAt)}:P14D`,
    });
    expectNear(s.reminders[0].at, dueAt - 14 * DAY);
    expect(s.status).toBe('pending');
    await env.sleep(11 * DAY);
    s = await state(h);
    expect(s.reminders.map((r) => [r.offset, r.scheduledFor])).toEqual([
      ['P14D', iso(dueAt - 14 * DAY)],
      ['P3D', iso(dueAt - 3 * DAY)],
    ]);
    expect(sent.map((n) => n.kind)).toEqual(['reminder', 'reminder']);
    expect(sent[1].to).toEqual(['DE', 'secretariat']);
    expect(s.escalations).toEqual([]);
  });
});

test('past the due date it is overdue; escalations repeat every P7D until the report is submitted', async () => {
  await withWorker(async (tq) => {
    const t0 = await now();
    const dueAt = t0 + 10 * DAY;
    const h = await open(tq, { dueAt: iso(dueAt), remindBefore: ['P3D'] });
    // Due + P1D, + P8D, + P15D: three escalations by day 10 + 16.
    await env.sleep(26 * DAY);
    let s = await state(h);
    expect(s.status).toBe('overdue');
    expect(s.overdueSince).toBe(iso(dueAt));
    expect(s.awaiting).toEqual(['DE']);
    expect(s.escalations.map((e) => [e.sequence, e.scheduledFor])).toEqual([
      [1, iso(dueAt + 1 * DAY)],
      [2, iso(dueAt + 8 * DAY)],
      [3, iso(dueAt + 15 * DAY)],
    ]);
    expect(s.escalations[0].to).toEqual(['DE', 'secretariat']);
    for (const e of s.escalations) expectNear(e.at, Date.parse(e.scheduledFor));
    s = await h.executeUpdate(submitReportUpdate, {
      args: [
        { seat: 'DE', by: 'anna', summary: 'Late but complete', documentUrl: 'https://docs.example/r.pdf' },
      ],
    });
    expect(s.status).toBe('submitted');
    expect(s.submissions[0]).toMatchObject({
      late: true,
      by: 'anna',
      documentUrl: 'https://docs.example/r.pdf',
    });
    expect(s.awaiting).toEqual([]);
    await env.sleep(30 * DAY);
    s = await state(h);
    expect(s.escalations).toHaveLength(3);
    expect(sent.filter((n) => n.kind === 'escalation')).toHaveLength(3);
  });
});

test('a rejected report reopens it with the new due date; the resubmission is accepted', async () => {
  await withWorker(async (tq) => {
    const t0 = await now();
    const h = await open(tq, { dueAt: iso(t0 + 20 * DAY), remindBefore: ['P3D'] });
    await env.sleep(5 * DAY);
    await h.executeUpdate(submitReportUpdate, { args: [{ seat: 'DE', by: 'anna', summary: 'First go' }] });
    const f = await refusal(
      h.executeUpdate(reviewReportUpdate, {
        args: [{ accepted: false, comment: 'Annex missing', by: 'sofia' }],
      }),
    );
    expect(f.type).toBe('invalid');
    expect(f.message).toMatch(/newDueAt is required/);
    const newDue = t0 + 40 * DAY;
    let s = await h.executeUpdate(reviewReportUpdate, {
      args: [{ accepted: false, comment: 'Annex missing', by: 'sofia', newDueAt: iso(newDue) }],
    });
    expect(s.status).toBe('pending');
    expect(s.dueAt).toBe(iso(newDue));
    expect(s.awaiting).toEqual(['DE']);
    // The reminder of the new due date goes out; the old one (day 17) never does.
    await env.sleep(33 * DAY); // to day 38: past the reminder at day 37
    s = await state(h);
    expect(s.reminders.map((r) => [r.dueAt, r.scheduledFor])).toEqual([[iso(newDue), iso(newDue - 3 * DAY)]]);
    await h.executeUpdate(submitReportUpdate, {
      args: [{ seat: 'DE', by: 'bernd', summary: 'With the annex' }],
    });
    s = await h.executeUpdate(reviewReportUpdate, {
      args: [{ accepted: true, comment: 'Thanks', by: 'sofia' }],
    });
    expect(s.status).toBe('accepted');
    const result = await h.result();
    expect(result.status).toBe('accepted');
    expect(result.submissions).toHaveLength(2);
    expect(result.reviews.map((r) => r.accepted)).toEqual([false, true]);
    expect(result.escalations).toEqual([]);
  });
});

test('an extension moves every later reminder and escalation; sent ones stay on the record', async () => {
  await withWorker(async (tq) => {
    const t0 = await now();
    const due1 = t0 + 20 * DAY;
    const h = await open(tq, { dueAt: iso(due1), remindBefore: ['P10D', 'P3D'], escalateEvery: undefined });
    await env.sleep(12 * DAY); // the P10D reminder (day 10) is out, P3D (day 17) not yet
    const due2 = t0 + 50 * DAY;
    let s = await h.executeUpdate(extendObligationUpdate, {
      args: [{ dueAt: iso(due2), reason: 'Elections', by: 'sofia' }],
    });
    expect(s.extensions).toEqual([
      expect.objectContaining({ from: iso(due1), to: iso(due2), reason: 'Elections' }),
    ]);
    await env.sleep(40 * DAY); // to day 52: past the new due date, past its escalation at day 51
    s = await state(h);
    expect(s.reminders.map((r) => [r.offset, r.scheduledFor])).toEqual([
      ['P10D', iso(due1 - 10 * DAY)],
      ['P10D', iso(due2 - 10 * DAY)],
      ['P3D', iso(due2 - 3 * DAY)],
    ]);
    // Nothing went out at the old times after the extension.
    expect(s.reminders.some((r) => r.scheduledFor === iso(due1 - 3 * DAY))).toBe(false);
    expect(s.escalations.map((e) => e.scheduledFor)).toEqual([iso(due2 + DAY)]); // no escalateEvery: once
    expect(s.status).toBe('overdue');
    // An overdue obligation extended again is pending again.
    s = await h.executeUpdate(extendObligationUpdate, {
      args: [{ dueAt: iso(t0 + 70 * DAY), reason: 'Second chance', by: 'sofia' }],
    });
    expect(s.status).toBe('pending');
    const f = await refusal(
      h.executeUpdate(extendObligationUpdate, {
        args: [{ dueAt: iso(t0 + 60 * DAY), reason: 'x', by: 'sofia' }],
      }),
    );
    expect(f.type).toBe('refused');
    expect(f.message).toMatch(/later than/);
  });
});

test('a waiver ends it: no more notices, further writes refused with 409', async () => {
  await withWorker(async (tq) => {
    const t0 = await now();
    const h = await open(tq, { dueAt: iso(t0 + 5 * DAY), remindBefore: ['P1D'] });
    await env.sleep(7 * DAY);
    expect((await state(h)).escalations).toHaveLength(1);
    const s = await h.executeUpdate(waiveObligationUpdate, {
      args: [{ reason: 'Network dissolved', by: 'sofia' }],
    });
    expect(s.status).toBe('waived');
    expect(s.waiver).toMatchObject({ reason: 'Network dissolved', by: 'sofia' });
    const result = await h.result();
    expect(result.status).toBe('waived');
    expect(result.escalations).toHaveLength(1);
    expect(sent.map((n) => n.kind)).toEqual(['reminder', 'escalation']);
  });
});

test('refusals: wrong seat 403, empty summary 400, review without report 409, accepted is final', async () => {
  await withWorker(async (tq) => {
    const h = await open(tq);
    let f = await refusal(
      h.executeUpdate(submitReportUpdate, { args: [{ seat: 'FR', by: 'claire', summary: 'x' }] }),
    );
    expect(f.type).toBe('forbidden');
    expect(f.message).toMatch(/only seat DE/);
    f = await refusal(
      h.executeUpdate(submitReportUpdate, { args: [{ seat: 'DE', by: 'anna', summary: '  ' }] }),
    );
    expect(f.type).toBe('invalid');
    f = await refusal(
      h.executeUpdate(submitReportUpdate, {
        args: [{ seat: 'DE', by: 'anna', summary: 'ok', documentUrl: 'ftp://x' }],
      }),
    );
    expect(f.message).toMatch(/documentUrl/);
    f = await refusal(
      h.executeUpdate(reviewReportUpdate, { args: [{ accepted: true, comment: '', by: 'sofia' }] }),
    );
    expect(f.type).toBe('conflict');
    await h.executeUpdate(submitReportUpdate, { args: [{ seat: 'DE', by: 'anna', summary: 'Done' }] });
    f = await refusal(
      h.executeUpdate(submitReportUpdate, { args: [{ seat: 'DE', by: 'anna', summary: 'Again' }] }),
    );
    expect(f.type).toBe('conflict');
    await h.executeUpdate(reviewReportUpdate, { args: [{ accepted: true, comment: 'Fine', by: 'sofia' }] });
    await h.result();
    // A completed workflow takes no more updates; the API answers 409 from the result.
    expect((await h.result()).reminders).toEqual([]);
  });
});

test('a notification whose first attempt fails is retried and recorded once', async () => {
  await withWorker(async (tq) => {
    const t0 = await now();
    const dueAt = t0 + 10 * DAY;
    const id = `rob-test-${counter + 1}`;
    failFirst.add(`${id}:reminder:${iso(dueAt)}:P3D`);
    const h = await open(tq, { dueAt: iso(dueAt), remindBefore: ['P3D'] });
    expect(h.workflowId).toBe(id);
    await env.sleep(8 * DAY);
    const s = await state(h);
    expect(attempts[`${id}:reminder:${iso(dueAt)}:P3D`]).toBe(2);
    expect(s.reminders).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });
});

test('a notification the transport refuses for good is on the record as failed; the obligation runs on', async () => {
  await withWorker(async (tq) => {
    const t0 = await now();
    const dueAt = t0 + 10 * DAY;
    const id = `rob-test-${counter + 1}`;
    refuse.add(`${id}:reminder:${iso(dueAt)}:P3D`);
    const h = await open(tq, { dueAt: iso(dueAt), remindBefore: ['P3D'] });
    await env.sleep(12 * DAY);
    const s = await state(h);
    expect(s.reminders.map((r) => r.delivery)).toEqual(['failed: webhook answered 400']);
    expect(s.escalations.map((e) => e.delivery)).toEqual(['sent']);
    expect(s.status).toBe('overdue');
  });
});

test('bad input fails the workflow with a message naming the field', async () => {
  await withWorker(async (tq) => {
    const h = await open(tq, { remindBefore: ['P14D', 'soon'] });
    const err = await h.result().then(
      () => undefined,
      (e: unknown) => e as Error & { cause?: Error },
    );
    expect(err?.cause?.message).toMatch(/remindBefore\[1\] must be a positive ISO 8601 duration/);
  });
});

test('acceptance signals the workflow named in notifyWorkflowId', async () => {
  await withWorker(async (tq) => {
    // The waiting workflow: a round (any workflow) that is still running; an obligation serves.
    const waiting = await open(tq, { seat: 'FR' });
    const h = await open(tq, { notifyWorkflowId: waiting.workflowId, reportKind: 'interim' });
    await h.executeUpdate(submitReportUpdate, { args: [{ seat: 'DE', by: 'anna', summary: 'Interim' }] });
    await h.executeUpdate(reviewReportUpdate, { args: [{ accepted: true, comment: 'ok', by: 'sofia' }] });
    await h.result();
    const history = await waiting.fetchHistory();
    const signal = history.events?.find((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signal?.workflowExecutionSignaledEventAttributes?.signalName).toBe('reportAccepted');
    await waiting.terminate('test over');
  });
});

test('a schedule’s periods over three years open one obligation per seat and period, never twice', async () => {
  await withWorker(async (tq) => {
    const seats = ['DE', 'FR', 'NO'];
    // Each 31 March of three years: what a calendar spec { month: 3, dayOfMonth: 31 } fires.
    const first = new Date(await now()).getUTCFullYear() + 1;
    const periods = [0, 1, 2].map((i) => `${first + i}-03-31T00:00:00.000Z`);
    const base = {
      scheduleId: `rsc-test-${++counter}`,
      title: 'Annual activity report',
      seats,
      dueIn: 'P30D',
      remindBefore: ['P14D'],
      escalateAfter: 'P1D',
      openedBy: 'sofia',
    };
    const opened: string[] = [];
    for (const scheduledAt of periods) {
      const result = await env.client.workflow.execute(reportingRoundWorkflow, {
        workflowId: `${base.scheduleId}-${scheduledAt}`,
        taskQueue: tq,
        args: [{ ...base, scheduledAt }],
      });
      expect(result.dueAt).toBe(iso(Date.parse(scheduledAt) + 30 * DAY));
      expect(result.alreadyOpen).toEqual([]);
      opened.push(...result.opened);
    }
    expect(opened).toHaveLength(9);
    expect(new Set(opened).size).toBe(9);
    expect(opened[0]).toBe(`rob-${base.scheduleId}-${first}0331T000000Z-DE`);
    // Running a period again (a retried schedule action) opens nothing new.
    const again = await env.client.workflow.execute(reportingRoundWorkflow, {
      workflowId: `${base.scheduleId}-again`,
      taskQueue: tq,
      args: [{ ...base, scheduledAt: periods[1] }],
    });
    expect(again.opened).toEqual([]);
    expect(again.alreadyOpen).toHaveLength(3);
    const s = await env.client.workflow.getHandle(opened[4]).query(getObligationQuery);
    expect(s).toMatchObject({
      seat: 'FR',
      parentId: base.scheduleId,
      dueAt: iso(Date.parse(periods[1]) + 30 * DAY),
      status: 'pending',
    });
  });
});
