/**
 * The decision workflow on the time-skipping test server: 14-day votes finish in well under a
 * second of real time, every outcome, early close, silence, extension, withdrawal, refusals.
 */
import { OPINION_RESPONSE_PERIOD_MS } from '../../workflows/rules/opinion-rules';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  castBallotUpdate,
  declineOpinionUpdate,
  extendDecisionUpdate,
  getDecisionQuery,
  respondToOpinionUpdate,
  withdrawDecisionUpdate,
  addOpinionUpdate,
} from '../../workflows/decision/decision.messages';
import type { DecisionInput } from '../../workflows/decision/decision.types';
import { decisionWorkflow } from '../../workflows/decision/decision.workflow';
import type { BallotChoice } from '../../workflows/rules/decision-rules';
import { onOwnTestServer } from '../support/own-test-server';
import { recordWithTimedNotifications, type TimedNotice } from '../support/mock-activities';
import { memoryRecord } from '../support/memory-record';

/** What the workflows project into the board's record (in memory). */
const record = memoryRecord();

const DAY = 24 * 3600 * 1000;
const seats = Array.from({ length: 32 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let counter = 0;

// A test that ran into a stalled test server runs once more, on a server of its own (see onOwnTestServer).
jest.retryTimes(1, { logErrorsBeforeRetry: true });

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

/** Notifications the workflows asked for, with the workflow time they were sent at. */
let sent: TimedNotice[] = [];

/** Runs `body` on a test server of its own, with a worker on a fresh task queue; notifications are recorded, not sent. */
async function withWorker(body: (taskQueue: string) => Promise<void>): Promise<void> {
  const taskQueue = `decisions-${++counter}`;
  sent = [];
  const activities = recordWithTimedNotifications(record, sent);
  await onOwnTestServer({ taskQueue, bundle, activities }, async (server) => {
    env = server;
    await body(taskQueue);
  });
}

async function open(
  taskQueue: string,
  overrides: Partial<DecisionInput> = {},
): Promise<WorkflowHandle<typeof decisionWorkflow>> {
  const id = `dec-test-${++counter}`;
  const now = (await env.currentTimeMs()) as unknown as number;
  const input: DecisionInput = {
    id,
    title: 'Adopt the reporting template',
    text: 'The Board adopts the template.',
    rule: 'absolute',
    quorum: null,
    objectionThreshold: 1,
    closesAt: new Date(Number(now) + 14 * DAY).toISOString(),
    electorate: seats,
    recused: [],
    closeEarly: true,
    openedBy: 'secretariat-1',
    ...overrides,
  };
  const handle = await env.client.workflow.start(decisionWorkflow, {
    workflowId: id,
    taskQueue,
    args: [input],
  });
  return handle;
}

async function vote(handle: WorkflowHandle<typeof decisionWorkflow>, choices: Record<string, BallotChoice>) {
  for (const [seat, choice] of Object.entries(choices)) {
    await handle.executeUpdate(castBallotUpdate, {
      args: [{ seat, choice, by: `${seat.toLowerCase()}-member` }],
    });
  }
}

const ballots = (choice: BallotChoice, from: number, count: number) =>
  Object.fromEntries(seats.slice(from, from + count).map((s) => [s, choice]));

/** The failure a refused update carries. */
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

test('a 14-day simple-majority vote runs to its deadline in well under a second and is adopted', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'simple' });
    await vote(handle, { S01: 'yes', S02: 'yes', S03: 'no', S04: 'abstain' });
    const started = Date.now();
    const result = await handle.result();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.outcome).toBe('adopted');
    expect(result.status).toBe('closed');
    expect(result.closedAt).toBe(result.closesAt);
    expect(result.tally).toEqual({ yes: 2, no: 1, abstain: 1, objections: 0 });
  });
});

test('absolute majority short of 17 of 32 is rejected at the deadline', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq);
    await vote(handle, ballots('yes', 0, 16));
    const result = await handle.result();
    expect(result.outcome).toBe('rejected');
    expect(result.closedAt).toBe(result.closesAt);
  });
});

test('without quorum the decision fails, never adopted', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'simple', quorum: 0.5 });
    await vote(handle, { ...ballots('yes', 0, 10), ...ballots('abstain', 10, 5) });
    const result = await handle.result();
    expect(result.quorumRequired).toBe(16);
    expect(result.outcome).toBe('failed-quorum');
  });
});

test('closes early once 17 of 32 say yes under the absolute rule', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq);
    await vote(handle, ballots('yes', 0, 17));
    const result = await handle.result();
    expect(result.outcome).toBe('adopted');
    expect(Date.parse(result.closedAt as string)).toBeLessThan(Date.parse(result.closesAt));
    expect(result.awaiting).toEqual([]);
  });
});

test('closes early when no outstanding ballot can change a two-thirds rejection', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'two-thirds' });
    await vote(handle, ballots('no', 0, 11)); // 21 left: at most 21 yes < 22 required
    const result = await handle.result();
    expect(result.outcome).toBe('rejected');
    expect(Date.parse(result.closedAt as string)).toBeLessThan(Date.parse(result.closesAt));
  });
});

test('silence without an objection is adopted at the deadline', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'silence' });
    await vote(handle, { S05: 'yes' });
    const result = await handle.result();
    expect(result.outcome).toBe('adopted');
    expect(result.closedAt).toBe(result.closesAt);
  });
});

test('silence with one objection is rejected at once', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'silence' });
    await vote(handle, { S07: 'object' });
    const result = await handle.result();
    expect(result.outcome).toBe('rejected');
    expect(result.tally.objections).toBe(1);
    expect(Date.parse(result.closedAt as string)).toBeLessThan(Date.parse(result.closesAt));
  });
});

test('an extension moves the durable timer; the record keeps it', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'simple' });
    const before = await handle.query(getDecisionQuery);
    const to = new Date(Date.parse(before.closesAt) + 7 * DAY).toISOString();
    await handle.executeUpdate(extendDecisionUpdate, {
      args: [{ closesAt: to, reason: 'more time', by: 'sec' }],
    });
    await env.sleep(15 * DAY);
    const midway = await handle.query(getDecisionQuery);
    expect(midway.status).toBe('open');
    await vote(handle, { S01: 'yes' });
    const result = await handle.result();
    expect(result.closesAt).toBe(to);
    expect(result.closedAt).toBe(to);
    expect(result.outcome).toBe('adopted');
    expect(result.extensions).toEqual([
      expect.objectContaining({ from: before.closesAt, to, reason: 'more time', by: 'sec' }),
    ]);
  });
});

test('an extension must move the deadline later', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq);
    const { closesAt } = await handle.query(getDecisionQuery);
    const failure = await refusal(
      handle.executeUpdate(extendDecisionUpdate, { args: [{ closesAt, reason: 'same time', by: 'sec' }] }),
    );
    expect(failure.type).toBe('refused');
    expect(failure.message).toContain('later than');
  });
});

test('withdrawal closes the decision as withdrawn with its reason', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq);
    await vote(handle, { S01: 'yes' });
    await handle.executeUpdate(withdrawDecisionUpdate, { args: [{ reason: 'superseded', by: 'sec' }] });
    const result = await handle.result();
    expect(result.outcome).toBe('withdrawn');
    expect(result.withdrawal).toEqual(expect.objectContaining({ reason: 'superseded', by: 'sec' }));
  });
});

test('a changed ballot replaces the seat’s earlier one; member and alternate share one vote', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'simple' });
    await handle.executeUpdate(castBallotUpdate, { args: [{ seat: 'S01', choice: 'no', by: 'member' }] });
    const state = await handle.executeUpdate(castBallotUpdate, {
      args: [{ seat: 'S01', choice: 'yes', by: 'alternate' }],
    });
    expect(state.tally).toEqual({ yes: 1, no: 0, abstain: 0, objections: 0 });
    expect(state.ballots).toEqual([
      expect.objectContaining({ seat: 'S01', choice: 'yes', castBy: 'alternate' }),
    ]);
    expect(state.ballotHistory.map((b) => [b.choice, b.castBy])).toEqual([
      ['no', 'member'],
      ['yes', 'alternate'],
    ]);
  });
});

test('refused ballots never reach the record: recused, no vote, wrong choice', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { electorate: seats.filter((s) => s !== 'S03'), recused: ['S03'] });
    const recused = await refusal(
      handle.executeUpdate(castBallotUpdate, { args: [{ seat: 'S03', choice: 'yes', by: 'x' }] }),
    );
    expect(recused.type).toBe('forbidden');
    expect(recused.message).toBe('seat S03 is recused from this decision');
    const outsider = await refusal(
      handle.executeUpdate(castBallotUpdate, { args: [{ seat: 'NO', choice: 'yes', by: 'x' }] }),
    );
    expect(outsider.type).toBe('forbidden');
    const wrong = await refusal(
      handle.executeUpdate(castBallotUpdate, { args: [{ seat: 'S01', choice: 'object', by: 'x' }] }),
    );
    expect(wrong.type).toBe('invalid');
    const state = await handle.query(getDecisionQuery);
    expect(state.ballotHistory).toEqual([]);
  });
});

test('the same Update ID is counted once', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'simple' });
    const cmd = { seat: 'S01', choice: 'yes' as const, by: 'm', idempotencyKey: 'k1', requestHash: 'h1' };
    const first = await handle.executeUpdate(castBallotUpdate, { args: [cmd], updateId: 'ballot-k1-h1' });
    const again = await handle.executeUpdate(castBallotUpdate, { args: [cmd], updateId: 'ballot-k1-h1' });
    expect(again).toEqual(first);
    expect((await handle.query(getDecisionQuery)).ballotHistory).toHaveLength(1);
    const reused = await refusal(
      handle.executeUpdate(castBallotUpdate, {
        args: [{ ...cmd, choice: 'no', requestHash: 'h2' }],
        updateId: 'ballot-k1-h2',
      }),
    );
    expect(reused.type).toBe('refused');
  });
});

test('opinions go on the record, not in the tally', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq);
    const state = await handle.executeUpdate(addOpinionUpdate, {
      args: [{ seat: 'NO', text: 'Norway agrees.', by: 'nils' }],
    });
    expect(state.opinions).toEqual([
      expect.objectContaining({ seat: 'NO', text: 'Norway agrees.', by: 'nils' }),
    ]);
    expect(state.tally).toEqual({ yes: 0, no: 0, abstain: 0, objections: 0 });
  });
});

test('notices: opened to the electorate, closing soon a day before to seats still missing, then the outcome', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'simple', electorate: seats.slice(0, 4) });
    await vote(handle, { S01: 'yes' });
    const result = await handle.result();
    const closes = Date.parse(result.closesAt);
    expect(sent.map((n) => n.kind)).toEqual(['decision-opened', 'decision-closing-soon', 'decision-outcome']);
    expect(sent[0]).toMatchObject({ key: `${result.id}:opened`, to: seats.slice(0, 4) });
    expect(sent[1]).toMatchObject({
      key: `${result.id}:closing-soon:${result.closesAt}`,
      to: ['S02', 'S03', 'S04'],
    });
    // Sent at the workflow time one day before the close (the activity runs a moment later).
    expect(sent[1].at - (closes - DAY)).toBeGreaterThanOrEqual(0);
    expect(sent[1].at - (closes - DAY)).toBeLessThan(60_000);
    expect(sent[2]).toMatchObject({ key: `${result.id}:outcome`, to: [...seats.slice(0, 4), 'secretariat'] });
    expect(sent[2].subject).toBe('Board decision adopted: Adopt the reporting template');
  });
});

test('an extension moves the closing-soon reminder to a day before the new deadline', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'simple', electorate: seats.slice(0, 2) });
    const { closesAt } = await handle.query(getDecisionQuery);
    const later = new Date(Date.parse(closesAt) + 10 * DAY).toISOString();
    await handle.executeUpdate(extendDecisionUpdate, {
      args: [{ closesAt: later, reason: 'more time', by: 'sec' }],
    });
    const result = await handle.result();
    const reminders = sent.filter((n) => n.kind === 'decision-closing-soon');
    expect(reminders.map((n) => n.key)).toEqual([`${result.id}:closing-soon:${later}`]);
    expect(result.outcome).toBe('rejected');
  });
});

describe('the right to an opinion', () => {
  const opinionSeats = ['IS', 'NO'];

  test('all ballots cast do not close it early while an opinion is awaited or unanswered; then it closes', async () => {
    await withWorker(async (tq) => {
      const handle = await open(tq, { electorate: seats.slice(0, 3), opinionSeats, chair: 'S01' });
      await vote(handle, { S01: 'yes', S02: 'yes', S03: 'yes' });
      await env.sleep(2 * DAY);
      expect(await handle.query(getDecisionQuery)).toMatchObject({
        status: 'open',
        opinionsAwaited: ['IS', 'NO'],
      });
      await handle.executeUpdate(addOpinionUpdate, {
        args: [{ seat: 'NO', text: 'Norway agrees.', by: 'nils' }],
      });
      await handle.executeUpdate(declineOpinionUpdate, { args: [{ seat: 'IS', by: 'inga' }] });
      await env.sleep(DAY);
      // Every opinion seat has spoken, but NO's opinion has no response yet.
      expect((await handle.query(getDecisionQuery)).status).toBe('open');
      await handle.executeUpdate(respondToOpinionUpdate, {
        args: [{ n: 1, text: 'Noted; the Board agrees.', by: 'sofia' }],
      });
      const result = await handle.result();
      expect(result.outcome).toBe('adopted');
      expect(Date.parse(result.closedAt as string)).toBeLessThan(Date.parse(result.closesAt));
      expect(result.chair).toBe('S01');
      expect(result.declined).toEqual([expect.objectContaining({ seat: 'IS', by: 'inga' })]);
      expect(result.opinions[0].response).toMatchObject({ text: 'Noted; the Board agrees.', by: 'sofia' });
      // Invited when it opened, told the outcome and what became of the opinions when it closed.
      const invited = sent.find((n) => n.kind === 'decision-opinion-invited');
      expect(invited).toMatchObject({ key: `${result.id}:opinion-invited`, to: opinionSeats });
      const told = sent.find((n) => n.key === `${result.id}:opinion-outcome`);
      expect(told).toMatchObject({ to: opinionSeats });
      expect(told?.text).toContain('Opinion 1 (NO): Noted; the Board agrees.');
    });
  });

  test('at the deadline it closes whatever opinion is missing', async () => {
    await withWorker(async (tq) => {
      const handle = await open(tq, { electorate: seats.slice(0, 3), opinionSeats });
      await vote(handle, { S01: 'yes', S02: 'yes', S03: 'no' });
      const result = await handle.result();
      expect(result.outcome).toBe('adopted');
      expect(result.closedAt).toBe(result.closesAt);
    });
  });

  test('closed with an opinion unanswered: the response is taken after the close, and ends the run', async () => {
    await withWorker(async (tq) => {
      const handle = await open(tq, { electorate: seats.slice(0, 3), opinionSeats });
      await handle.executeUpdate(addOpinionUpdate, { args: [{ seat: 'NO', text: 'Too soon.', by: 'nils' }] });
      await vote(handle, { S01: 'yes', S02: 'yes', S03: 'no' });
      await env.sleep(15 * DAY);
      const closed = await handle.query(getDecisionQuery);
      expect(closed).toMatchObject({ status: 'closed', outcome: 'adopted' });
      expect(Date.parse(closed.responsesDueAt as string) - Date.parse(closed.closedAt as string)).toBe(
        OPINION_RESPONSE_PERIOD_MS,
      );
      // Ballots stay closed; the response is recorded.
      const late = await refusal(
        handle.executeUpdate(castBallotUpdate, { args: [{ seat: 'S03', choice: 'yes', by: 'x' }] }),
      );
      expect(late.type).toBe('conflict');
      await handle.executeUpdate(respondToOpinionUpdate, {
        args: [{ n: 1, text: 'Weighed at the next meeting.', by: 'sofia' }],
      });
      const result = await handle.result();
      expect(result.closedAt).toBe(result.closesAt);
      expect(result.opinions[0].response).toMatchObject({
        text: 'Weighed at the next meeting.',
        by: 'sofia',
      });
    });
  });

  test('closed with an opinion unanswered: the run ends when the period for responses has passed', async () => {
    await withWorker(async (tq) => {
      const handle = await open(tq, { electorate: seats.slice(0, 3), opinionSeats });
      await handle.executeUpdate(addOpinionUpdate, {
        args: [{ seat: 'IS', text: 'No view yet.', by: 'inga' }],
      });
      const result = await handle.result();
      expect(result.opinions[0].response).toBeNull();
      expect(Date.parse(result.responsesDueAt as string)).toBe(
        Date.parse(result.closedAt as string) + OPINION_RESPONSE_PERIOD_MS,
      );
    });
  });

  test('a decision put by a round, a cycle or a meeting ends at its close, opinion answered or not', async () => {
    await withWorker(async (tq) => {
      const handle = await open(tq, { electorate: seats.slice(0, 3), opinionSeats, parentId: 'fr-parent' });
      await handle.executeUpdate(addOpinionUpdate, {
        args: [{ seat: 'IS', text: 'No view yet.', by: 'inga' }],
      });
      const result = await handle.result();
      expect(result.closedAt).toBe(result.closesAt);
      expect(result.responsesDueAt).toBeUndefined();
    });
  });

  test('a voting seat cannot decline; a response to an unknown opinion is not found', async () => {
    await withWorker(async (tq) => {
      const handle = await open(tq, { opinionSeats });
      const voting = await refusal(
        handle.executeUpdate(declineOpinionUpdate, { args: [{ seat: 'S01', by: 'x' }] }),
      );
      expect(voting.type).toBe('forbidden');
      const unknown = await refusal(
        handle.executeUpdate(respondToOpinionUpdate, { args: [{ n: 3, text: 'x', by: 'sofia' }] }),
      );
      expect(unknown.type).toBe('not-found');
    });
  });
});

test('every change of state is projected into the record, newest version last, the final state before the run ends', async () => {
  await withWorker(async (tq) => {
    const handle = await open(tq, { rule: 'simple' });
    await vote(handle, { S01: 'yes', S02: 'no' });
    await handle.executeUpdate(castBallotUpdate, {
      args: [{ seat: 'S02', choice: 'yes', by: 's02-alternate' }],
    });
    const result = await handle.result();
    const mine = record.calls.filter((c) => (c.state as { id: string }).id === handle.workflowId);
    expect(mine.every((c) => c.kind === 'decision')).toBe(true);
    // Opened, three ballots, closed: each a new version, in order.
    const versions = mine.map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(mine.length).toBeGreaterThanOrEqual(5);
    expect(record.get(handle.workflowId)).toMatchObject({
      version: versions[versions.length - 1],
      state: { status: 'closed', outcome: result.outcome, ballotHistory: result.ballotHistory },
    });
    expect(mine[0].state).toMatchObject({ status: 'open', ballots: [] });
  });
});
