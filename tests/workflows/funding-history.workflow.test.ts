/**
 * A round with hundreds of requests keeps its history bounded: each request's detail lives in its
 * own workflow, and the round continues as new once a run's history reaches a limit (Temporal's
 * suggestion in production; a small `continueAsNewAfterEvents` here, as the test server never
 * suggests it). The round's state (requests, numbering, Idempotency-Keys, attempts) survives each
 * continue-as-new, and requests started by an earlier run still take the round's changes.
 *
 * Requests started by an earlier run of the round end after that run has closed, which makes the
 * time-skipping server stop skipping time for good (a child's end it cannot deliver holds a time
 * lock); nothing here waits on a timer after that, and the test has a server of its own.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { castBallotUpdate, getDecisionQuery } from '../../workflows/decision/decision.messages';
import {
  amendFundingRequestUpdate,
  getFundingRequestQuery,
  proposeAllocationUpdate,
  submitFundingRequestUpdate,
} from '../../workflows/funding/funding.messages';
import type {
  FundingRoundInput,
  FundingRoundState,
  SubmitRequestCommand,
} from '../../workflows/funding/funding.types';
import { fundingRoundWorkflow } from '../../workflows/funding/funding-round.workflow';
import { onOwnTestServer } from '../support/own-test-server';
import { mockLedger, sentReceipt } from '../support/mock-activities';
import { memoryRecord } from '../support/memory-record';

/** What the workflows project into the board's record (in memory): a new one on each server. */
let record = memoryRecord();

const DAY = 24 * 3600 * 1000;
const memberStates = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]; // prettier-ignore
const electorate = [...memberStates, 'COM1', 'COM2', 'FRONTEX', 'EUROPOL', 'EUAA'];
const REQUESTS = 200;
const LIMIT = 400;
const taskQueue = 'funding-history';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

// A test that ran into a stalled test server runs once more, on a server of its own (see onOwnTestServer).
jest.retryTimes(1, { logErrorsBeforeRetry: true });

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

const activities = () => ({
  ...record.activities,
  instructPayment: mockLedger().instructPayment,
  async sendNotification(req: { key: string }) {
    return sentReceipt(req.key);
  },
});

/** Runs `body` on a test server of its own. */
async function withWorker(body: () => Promise<void>): Promise<void> {
  record = memoryRecord();
  await onOwnTestServer({ taskQueue, bundle, activities }, async (server) => {
    env = server;
    await body();
  });
}

type RoundHandle = WorkflowHandle<typeof fundingRoundWorkflow>;

/** Every run of a workflow, first to last, with the number of events in its history. */
async function runs(workflowId: string, firstRunId: string): Promise<{ runId: string; events: number }[]> {
  const out: { runId: string; events: number }[] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    out.push({ runId, events: events.length });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return out;
}

async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
}

/** `seats`, with any seat outside the decision's electorate replaced by one inside it. */
async function voters(
  handle: { query: (q: typeof getDecisionQuery) => Promise<{ electorate: string[] }> },
  seats: string[],
) {
  const { electorate: inDecision } = await handle.query(getDecisionQuery);
  const chosen = seats.filter((s) => inDecision.includes(s));
  for (const s of inDecision) if (chosen.length < seats.length && !seats.includes(s)) chosen.push(s);
  return chosen;
}

async function vote(decisionId: string, seats: string[], choice: 'yes' | 'no') {
  const handle = env.client.workflow.getHandle(decisionId);
  // As many ballots as seats named: a seat recused from the decision (its own request is in what
  // it awards) is replaced by the next seat of the decision's electorate.
  for (const seat of await voters(handle, seats)) {
    try {
      await handle.executeUpdate(castBallotUpdate, { args: [{ seat, choice, by: seat.toLowerCase() }] });
    } catch (err) {
      // Closed early on an earlier ballot: the rest need not vote.
      const closed =
        err instanceof WorkflowNotFoundError ||
        (err instanceof WorkflowUpdateFailedError && (err.cause as ApplicationFailure)?.type === 'conflict');
      if (!closed) throw err;
      return;
    }
  }
}

/**
 * Waits (real time) until the state the round projected into the record satisfies `done`. Read from
 * the record, not by query: a query that reaches the test server while the round's task that
 * continues it as new runs makes the server keep a time lock for good (time stops skipping).
 */
async function roundWhen(round: RoundHandle, done: (s: FundingRoundState) => boolean) {
  const until = Date.now() + 30_000;
  for (;;) {
    const state = record.get(round.workflowId)?.state as FundingRoundState | undefined;
    if (state && done(state)) return state;
    if (Date.now() > until) throw new Error(`round never reached the state; it is ${state?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test(`a round with ${REQUESTS} requests continues as new and keeps every run's history bounded; its state survives`, () =>
  withWorker(async () => {
    const id = 'fr-many';
    const input: FundingRoundInput = {
      id,
      title: 'ILO activities 2028',
      envelopeCents: 10_000_000,
      closesAt: new Date(Number(await env.currentTimeMs()) + 30 * DAY).toISOString(),
      maxRequestCents: 600_000,
      priorities: ['migrant-smuggling', 'return-and-readmission'],
      decision: { rule: 'absolute', quorum: null, votingIn: 'P14D', mode: 'package' },
      reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M', remindBefore: ['P14D'] },
      firstTranchePercent: 60,
      electorate,
      memberStateSeats: memberStates,
      recuseRequestingSeat: true,
      openedBy: 'sofia',
      continueAsNewAfterEvents: LIMIT,
    };
    const round = await env.client.workflow.start(fundingRoundWorkflow, {
      workflowId: id,
      taskQueue,
      args: [input],
    });
    const firstRunId = round.firstExecutionRunId;

    const command = (n: number): SubmitRequestCommand => {
      const seat = memberStates[n % memberStates.length];
      return {
        seat,
        title: `${seat} action ${n}`,
        amountCents: 10_000 + n,
        priority: n % 2 === 0 ? 'migrant-smuggling' : 'return-and-readmission',
        description: `Request ${n}`,
        by: `${seat.toLowerCase()}-member`,
        idempotencyKey: `key-${n}`,
        requestHash: `hash-${n}`,
      };
    };
    const ids: string[] = [];
    for (let n = 1; n <= REQUESTS; n++) {
      const summary = await round.executeUpdate(submitFundingRequestUpdate, { args: [command(n)] });
      ids.push(summary.id);
    }
    expect(ids).toEqual(Array.from({ length: REQUESTS }, (_, i) => `frq-many-${i + 1}`));

    const open = await runs(id, firstRunId);
    // Without continue-as-new the window alone would hold several times the limit.
    expect(open.length).toBeGreaterThanOrEqual(3);
    const openEvents = open.reduce((sum, r) => sum + r.events, 0);
    expect(openEvents).toBeGreaterThan(2 * LIMIT);
    // A run ends at the first check past the limit: one submission (about ten events) over it at
    // most, plus the projections into the record still in flight (three events each, and their
    // workflow tasks), which the run waits for before it continues as new, and in the first run the
    // call's opening notice to the member states (an activity: three events and a workflow task).
    for (const r of open.slice(0, -1)) expect(r.events).toBeLessThanOrEqual(LIMIT + 45);

    // The state survives: an Idempotency-Key from the first run still finds its request, or is
    // refused with another body; numbering goes on; a request started by the first run takes an
    // amendment sent through the latest one.
    const replayed = await round.executeUpdate(submitFundingRequestUpdate, { args: [command(1)] });
    expect(replayed.id).toBe('frq-many-1');
    const reused = await refusal(
      round.executeUpdate(submitFundingRequestUpdate, { args: [{ ...command(1), requestHash: 'other' }] }),
    );
    expect(reused).toMatchObject({
      type: 'refused',
      message: 'Idempotency-Key was already used with a different request',
    });
    await round.executeUpdate(amendFundingRequestUpdate, {
      args: [{ requestId: ids[0], seat: 'BE', amountCents: 20_000, by: 'be-alternate' }],
    });
    const first = await env.client.workflow.getHandle(ids[0]).query(getFundingRequestQuery);
    expect(first.history.map((e) => e.kind)).toEqual(['submitted', 'amended']);
    let state = await roundWhen(round, (s) => s.requests[0]?.amountCents === 20_000);
    expect(state).toMatchObject({ status: 'open', nextRequest: REQUESTS + 1, openedBy: 'sofia' });
    expect(state.requests).toHaveLength(REQUESTS);
    expect(Object.keys(state.idempotency)).toHaveLength(REQUESTS);
    expect(state.requests[0]).toMatchObject({
      id: ids[0],
      seat: 'BE',
      amountCents: 20_000,
      status: 'submitted',
    });

    // The close checks every request, whichever run started it; a rejected allocation, then an
    // adopted one, both on the record.
    await env.sleep(31 * DAY);
    state = await roundWhen(round, (s) => s.status === 'assessing');
    expect(state.requests.every((r) => r.status === 'eligible')).toBe(true);
    const awards = ids.slice(0, 3).map((requestId) => ({ requestId, amountCents: 10_000 }));
    const rejected = await round.executeUpdate(proposeAllocationUpdate, { args: [{ awards, by: 'sofia' }] });
    await vote(rejected.decisionId as string, electorate.slice(0, 16), 'no');
    await roundWhen(round, (s) => s.status === 'assessing' && s.attempts[0]?.outcome === 'rejected');
    const adopted = await round.executeUpdate(proposeAllocationUpdate, { args: [{ awards, by: 'sofia' }] });
    await vote(adopted.decisionId as string, electorate.slice(0, 17), 'yes');

    const result = await round.result();
    expect(result.status).toBe('closed');
    expect(result.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'rejected'],
      [2, 'adopted'],
    ]);
    expect(result.requests.filter((r) => r.status === 'awarded').map((r) => r.id)).toEqual(ids.slice(0, 3));
    expect(result.requests.filter((r) => r.status === 'not-funded')).toHaveLength(REQUESTS - 3);
    expect(result.summary?.totals).toMatchObject({
      requests: REQUESTS,
      awardedCents: 30_000,
      paidCents: 3 * 6_000,
    });

    const all = await runs(id, firstRunId);
    const last = all.at(-1) as { events: number };
    // The runs after the window: the close and the not-funded notices send one signal per request
    // (two events each), the rest is bounded by the limit.
    for (const r of all.slice(open.length - 1)) expect(r.events).toBeLessThanOrEqual(LIMIT + 3 * REQUESTS);
    expect(last.events).toBeGreaterThan(0);
    const total = all.reduce((sum, r) => sum + r.events, 0);
    console.log(
      `round with ${REQUESTS} requests: ${all.length} runs, ${total} events in all, largest run ${Math.max(...all.map((r) => r.events))}`,
    );
  }));
