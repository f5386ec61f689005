/**
 * Calls that reach the seats, on the time-skipping test server: a funding round tells the member
 * states it is open and awaits each until it has submitted (BoardAwaiting), its package decision
 * recuses the seats it pays and carries the opinion seats and the chair; a priority cycle tells
 * every seat when proposals open and when the ranking opens. Notifications are a mock activity.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { getDecisionQuery } from '../../workflows/decision/decision.messages';
import { fundingRoundWorkflow } from '../../workflows/funding/funding-round.workflow';
import {
  getFundingRoundQuery,
  proposeAllocationUpdate,
  submitFundingRequestUpdate,
} from '../../workflows/funding/funding.messages';
import type { FundingRoundInput } from '../../workflows/funding/funding.types';
import { seriesWorkflowIdFor } from '../../workflows/ids';
import { getPriorityCycleQuery } from '../../workflows/priorities/priority-cycle.messages';
import type { PriorityCycleInput } from '../../workflows/priorities/priority-cycle.types';
import { prioritySeriesWorkflow } from '../../workflows/priorities/priority-series.workflow';
import { boardAwaitingKey } from '../../workflows/search-attributes';
import type { NotificationRequest } from '../../workflows/shared/notification-request';
import { memoryRecord } from '../support/memory-record';
import { onOwnTestServer } from '../support/own-test-server';
import { sentReceipt } from '../support/mock-activities';

const DAY = 86_400_000;
const memberStates = ['AT', 'BE', 'DE', 'FR', 'IT'];
const electorate = [...memberStates, 'COM1'];

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
const sent: NotificationRequest[] = [];

// A test that ran into a stalled test server runs once more, on a server of its own (see onOwnTestServer).
jest.retryTimes(1, { logErrorsBeforeRetry: true });

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

const activities = {
  ...memoryRecord().activities,
  async sendNotification(req: NotificationRequest) {
    sent.push(req);
    return sentReceipt(req.key);
  },
};

/** Runs `body` on a test server of its own. */
async function withWorker(body: () => Promise<void>): Promise<void> {
  sent.length = 0;
  await onOwnTestServer({ taskQueue: 'calls', bundle, activities: () => activities }, async (server) => {
    env = server;
    await body();
  });
}

/** Polls (real time) until `read` gives what `done` wants. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const awaiting = async (handle: WorkflowHandle) =>
  [...((await handle.describe()).typedSearchAttributes.get(boardAwaitingKey) ?? [])].sort();

test('a round: the call reaches every member state, pending until it submits; the package recuses the seats it pays', () =>
  withWorker(async () => {
    const now = Number(await env.currentTimeMs());
    const input: FundingRoundInput = {
      id: 'fr-calls1',
      title: 'ILO activities 2027',
      envelopeCents: 1_000_000,
      closesAt: new Date(now + 30 * DAY).toISOString(),
      maxRequestCents: 600_000,
      priorities: ['migrant-smuggling'],
      decision: { rule: 'absolute', quorum: null, votingIn: 'P14D', mode: 'package' },
      reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M', remindBefore: ['P14D'] },
      firstTranchePercent: 60,
      electorate,
      memberStateSeats: memberStates,
      recuseRequestingSeat: true,
      opinionSeats: ['NO'],
      chair: 'COM1',
      openedBy: 'sofia',
    };
    const round = await env.client.workflow.start(fundingRoundWorkflow, {
      workflowId: input.id,
      taskQueue: 'calls',
      args: [input],
    });
    const notice = await until(
      async () => sent.find((n) => n.key === 'fr-calls1:call-opened'),
      (n) => n !== undefined,
    );
    expect(notice).toMatchObject({ kind: 'funding-call-opened', to: memberStates });
    expect(notice?.text).toContain('Priorities a request must name: migrant-smuggling.');
    await until(
      () => awaiting(round),
      (seats) => seats.length === 5,
    );

    const submitted = await round.executeUpdate(submitFundingRequestUpdate, {
      args: [
        {
          seat: 'DE',
          title: 'Network',
          amountCents: 500_000,
          priority: 'migrant-smuggling',
          description: 'x',
          by: 'anna',
        },
      ],
    });
    expect(
      await until(
        () => awaiting(round),
        (seats) => seats.length === 4,
      ),
    ).toEqual(['AT', 'BE', 'FR', 'IT']);

    // The window closes: nobody is awaited for a request any more.
    await env.sleep(30 * DAY + 1000);
    await until(
      () => round.query(getFundingRoundQuery),
      (s) => s.status === 'assessing',
    );
    expect(await awaiting(round)).toEqual([]);

    const voting = await round.executeUpdate(proposeAllocationUpdate, {
      args: [{ awards: [{ requestId: submitted.id, amountCents: 500_000 }], by: 'sofia' }],
    });
    const decision = env.client.workflow.getHandle(voting.decisionId as string);
    const record = await decision.query(getDecisionQuery);
    expect(record).toMatchObject({
      recused: ['DE'],
      electorate: ['AT', 'BE', 'FR', 'IT', 'COM1'],
      yesRequired: 3,
      opinionSeats: ['NO'],
      opinionsAwaited: ['NO'],
      chair: 'COM1',
    });
    expect(record.recusals[0].reason).toBe(
      `its own funding request ${submitted.id} is part of what this decision awards`,
    );
  }));

test('a priority cycle tells every seat when proposals open and when the ranking opens', () =>
  withWorker(async () => {
    const now = Number(await env.currentTimeMs());
    const year = new Date(now + 120 * DAY).getUTCFullYear() + 1;
    const input: PriorityCycleInput = {
      id: 'pc-calls1',
      seriesId: 'pc-calls1',
      sequence: 1,
      previousCycleId: null,
      title: `Work programme ${year}-${year + 1}`,
      periodStart: `${year}-01-01`,
      periodEnd: `${year + 1}-12-31`,
      proposalsCloseAt: new Date(now + 30 * DAY).toISOString(),
      rankingCloseAt: new Date(now + 60 * DAY).toISOString(),
      decision: { rule: 'absolute', quorum: null, votingIn: 'P14D' },
      topN: 3,
      themes: ['migrant-smuggling'],
      nextCycleOpensBefore: null,
      electorate,
      seats: [...electorate, 'NO'],
      opinionSeats: ['NO'],
      chair: 'COM1',
      openedBy: 'sofia',
    };
    await env.client.workflow.start(prioritySeriesWorkflow, {
      workflowId: seriesWorkflowIdFor(input.id),
      taskQueue: 'calls',
      args: [{ first: input }],
    });
    const cycle = env.client.workflow.getHandle(input.id);
    const proposalsOpen = await until(
      async () => sent.find((n) => n.key === 'pc-calls1:proposals-open'),
      (n) => n !== undefined,
    );
    expect(proposalsOpen).toMatchObject({ kind: 'priority-proposals-open', to: [...electorate, 'NO'] });
    await env.sleep(30 * DAY + 1000);
    await until(
      () => cycle.query(getPriorityCycleQuery),
      (s) => s.status === 'ranking',
    );
    const rankingOpen = await until(
      async () => sent.find((n) => n.key === 'pc-calls1:ranking-open'),
      (n) => n !== undefined,
    );
    expect(rankingOpen).toMatchObject({ kind: 'priority-ranking-open', to: [...electorate, 'NO'] });
    // The ranking is pending for every voting seat that has not ranked.
    expect(await awaiting(cycle)).toEqual([...electorate].sort());
  }));
