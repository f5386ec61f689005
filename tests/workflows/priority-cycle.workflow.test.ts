/**
 * The priority-cycle workflow on the time-skipping test server: three consecutive biennial cycles
 * (six years) run in seconds, each opening the next by itself and adopting its programme through
 * real board decisions; a rejected draft followed by an adopted one; an ad hoc action in the
 * middle of a programme; every run's history bounded. Also the window moved by the secretariat
 * and a cancellation. Notifications are a mock activity.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { castBallotUpdate } from '../../workflows/decision/decision.messages';
import {
  cancelCycleUpdate,
  changeCycleDatesUpdate,
  editDraftUpdate,
  getPriorityCycleQuery,
  proposeAdHocActionUpdate,
  submitDraftUpdate,
  submitProposalUpdate,
  submitRankingUpdate,
} from '../../workflows/priorities/priority-cycle.messages';
import type { PriorityCycleInput, PriorityCycleState } from '../../workflows/priorities/priority-cycle.types';
import { seriesWorkflowIdFor } from '../../workflows/ids';
import type { priorityCycleWorkflow } from '../../workflows/priorities/priority-cycle.workflow';
import { prioritySeriesWorkflow } from '../../workflows/priorities/priority-series.workflow';
import type { BallotChoice } from '../../workflows/rules/decision-rules';
import { boundedSteps } from '../support/temporal-env';
import { onOwnTestServer } from '../support/own-test-server';
import { sentReceipt } from '../support/mock-activities';
import { memoryRecord } from '../support/memory-record';

/** What the workflows project into the board's record (in memory): a new one on each server. */
let record = memoryRecord();

const DAY = 86_400_000;
const electorate = ['AT', 'BE', 'DE', 'FR', 'IT'];
const seats = [...electorate, 'NO'];
const themes = [
  'migrant-smuggling',
  'return-and-readmission',
  'border-management',
  'legal-migration',
  'information-exchange',
  'capacity-building',
];
/** Bound on one step (an Update, a skip of time): far above what any takes, far below Jest's timeout. */
const STEP_MS = 45_000;
/** One step, bounded; past the bound its calls are cancelled, so none outlives the server. */
const step = <T>(what: string, call: () => Promise<T>): Promise<T> => boundedSteps(env, STEP_MS, what, call);
/** Bound on the events of any one run: a cycle's whole preparation, or years in force. */
const MAX_EVENTS_PER_RUN = 400;

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let counter = 0;
let taskQueue: string;

// A test that ran into a stalled test server runs once more, on a server of its own (see onOwnTestServer).
jest.retryTimes(1, { logErrorsBeforeRetry: true });

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

/** Runs `body` on a test server of its own, with a worker on a fresh task queue. */
async function withWorker(body: () => Promise<void>): Promise<void> {
  taskQueue = `priorities-${++counter}`;
  record = memoryRecord();
  const activities = () => ({
    ...record.activities,
    async sendNotification(req: { key: string }) {
      return sentReceipt(req.key);
    },
  });
  await onOwnTestServer({ taskQueue, bundle, activities }, async (server) => {
    env = server;
    await body();
  });
}

type CycleHandle = WorkflowHandle<typeof priorityCycleWorkflow>;
const now = async () => Number(await env.currentTimeMs());
const cycle = (id: string): CycleHandle => env.client.workflow.getHandle<typeof priorityCycleWorkflow>(id);

/** Opens a series whose first cycle is for the two calendar years starting on the first 1 January at least 120 days away. */
async function openCycle(overrides: Partial<PriorityCycleInput> = {}): Promise<CycleHandle> {
  const t = await now();
  const year = new Date(t + 120 * DAY).getUTCFullYear() + 1;
  const id = `pc-test${++counter}`;
  const input: PriorityCycleInput = {
    id,
    seriesId: id,
    sequence: 1,
    previousCycleId: null,
    title: `Work programme ${year}-${year + 1}`,
    periodStart: `${year}-01-01`,
    periodEnd: `${year + 1}-12-31`,
    proposalsCloseAt: new Date(t + 30 * DAY).toISOString(),
    rankingCloseAt: new Date(t + 60 * DAY).toISOString(),
    decision: { rule: 'absolute', quorum: null, votingIn: 'P14D' },
    topN: 3,
    themes,
    nextCycleOpensBefore: 'P6M',
    electorate,
    seats,
    openedBy: 'sofia',
    ...overrides,
  };
  await env.client.workflow.start(prioritySeriesWorkflow, {
    workflowId: seriesWorkflowIdFor(id),
    taskQueue,
    args: [{ first: input }],
  });
  return cycle(id);
}

/**
 * Waits (real time) until the state the cycle projected into the record satisfies `done`. Read from
 * the record, not by query: a query that reaches the test server while the cycle's task that
 * continues it as new runs makes the server keep a time lock for good (time stops skipping).
 */
async function cycleWhen(
  handle: CycleHandle,
  done: (s: PriorityCycleState) => boolean,
): Promise<PriorityCycleState> {
  const until = Date.now() + 20_000;
  for (;;) {
    const state = record.get(handle.workflowId)?.state as PriorityCycleState | undefined;
    if (state && done(state)) return state;
    if (Date.now() > until)
      throw new Error(`cycle ${handle.workflowId} never reached the state; it is ${state?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Skips time to just after `iso`. */
async function sleepPast(iso: string): Promise<void> {
  const ms = Date.parse(iso) - (await now());
  // Bounded, so a server that stops skipping time fails here, naming the step, not at Jest's timeout.
  if (ms > 0) await step(`skipping time past ${iso}`, () => env.sleep(ms + 60_000));
}

async function vote(decisionId: string, voters: string[], choice: BallotChoice) {
  const handle = env.client.workflow.getHandle(decisionId);
  for (const seat of voters) {
    await step(`${seat}'s ballot on ${decisionId}`, () =>
      handle.executeUpdate(castBallotUpdate, { args: [{ seat, choice, by: `${seat.toLowerCase()}-m` }] }),
    );
  }
}

const propose = (h: CycleHandle, seat: string, title: string, theme: string, region?: string) =>
  step(`${seat}'s proposal to ${h.workflowId}`, () =>
    h.executeUpdate(submitProposalUpdate, { args: [{ seat, title, theme, region, by: `${seat}-m` }] }),
  );

const rank = (h: CycleHandle, seat: string, ranking: string[]) =>
  step(`${seat}'s ranking in ${h.workflowId}`, () =>
    h.executeUpdate(submitRankingUpdate, { args: [{ seat, ranking, by: `${seat}-m` }] }),
  );

/** Proposals and rankings through to the draft; returns the draft state. FR's border proposal wins. */
async function proposeAndRank(h: CycleHandle): Promise<PriorityCycleState> {
  const start = await cycleWhen(h, (s) => s.status === 'proposals');
  const smuggling = await propose(h, 'DE', 'Smuggling routes through the Balkans', 'migrant-smuggling');
  const border = await propose(h, 'FR', 'Border management in the Sahel', 'border-management', 'Sahel');
  const exchange = await propose(h, 'NO', 'Information exchange with Frontex', 'information-exchange');
  const capacity = await propose(h, 'IT', 'Training of liaison officers', 'capacity-building');
  await sleepPast(start.proposalsCloseAt);
  const ranking = await cycleWhen(h, (s) => s.status === 'ranking');
  expect(ranking.awaitingRankings).toEqual(electorate);
  await rank(h, 'AT', [border.id, smuggling.id]);
  await rank(h, 'BE', [border.id, exchange.id, smuggling.id]);
  await rank(h, 'DE', [smuggling.id, border.id]);
  await rank(h, 'FR', [border.id]);
  await rank(h, 'IT', [exchange.id, border.id, smuggling.id]);
  await sleepPast(ranking.rankingCloseAt);
  const drafting = await cycleWhen(h, (s) => s.status === 'drafting');
  // Border beats all; smuggling and exchange each beat capacity and tie 2:2 with each other, so
  // the tie rule puts smuggling (submitted first) ahead.
  expect(drafting.result?.map((r) => [r.proposalId, r.wins, r.tieBroken])).toEqual([
    [border.id, 3, false],
    [smuggling.id, 1, true],
    [exchange.id, 1, true],
    [capacity.id, 0, false],
  ]);
  expect(drafting.draft?.map((d) => d.proposalId)).toEqual([border.id, smuggling.id, exchange.id]);
  return drafting;
}

/** Puts the draft to the Board and has three of five seats vote `choice`; returns the state after. */
async function putToBoard(h: CycleHandle, choice: BallotChoice): Promise<PriorityCycleState> {
  const voting = await step(`the draft of ${h.workflowId} put to the Board`, () =>
    h.executeUpdate(submitDraftUpdate, { args: [{ by: 'sofia' }] }),
  );
  expect(voting.status).toBe('voting');
  const attempts = voting.attempts.length;
  await vote(voting.decisionId as string, ['AT', 'BE', 'DE'], choice);
  return cycleWhen(h, (s) => s.attempts.length === attempts && s.attempts[attempts - 1].outcome !== null);
}

/** Every run of a workflow, newest first, with its number of events. */
async function runLengths(workflowId: string): Promise<number[]> {
  const lengths: number[] = [];
  let runId: string | undefined = undefined;
  for (;;) {
    const history: Awaited<ReturnType<CycleHandle['fetchHistory']>> = await env.client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events = history.events ?? [];
    lengths.push(events.length);
    const previous: string | null | undefined =
      events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) return lengths;
    runId = previous;
  }
}

test('three consecutive cycles run six years by themselves: rejected then adopted draft, ad hoc action, bounded histories', () =>
  withWorker(async () => {
    const first = await openCycle();
    const ids = [first.workflowId, `${first.workflowId}-2`, `${first.workflowId}-3`];

    // Cycle 1: the Board rejects the first draft; the secretariat revises it, the Board adopts it.
    const drafting = await proposeAndRank(first);
    const rejected = await putToBoard(first, 'no');
    expect(rejected).toMatchObject({ status: 'drafting', attempts: [{ attempt: 1, outcome: 'rejected' }] });
    const [border, smuggling] = drafting.draft ?? [];
    await first.executeUpdate(editDraftUpdate, {
      args: [
        {
          items: [
            { proposalId: border.proposalId as string },
            {
              proposalId: smuggling.proposalId as string,
              title: 'Smuggling routes: Balkans and Central Med',
            },
            { title: 'Joint return flights', theme: 'return-and-readmission' },
          ],
          by: 'sofia',
        },
      ],
    });
    const adopted = await putToBoard(first, 'yes');
    expect(adopted.status).toBe('adopted');
    expect(adopted.attempts.map((a) => a.outcome)).toEqual(['rejected', 'adopted']);
    expect(adopted.decisionId).toBe(`dec-${first.workflowId}-d2`);
    expect(adopted.programme?.map((p) => [p.rank, p.title, p.adHoc])).toEqual([
      [1, 'Border management in the Sahel', false],
      [2, 'Smuggling routes: Balkans and Central Med', false],
      [3, 'Joint return flights', false],
    ]);

    // The period begins; mid-programme the Board adopts an ad hoc action.
    await sleepPast(adopted.startsAt);
    await cycleWhen(first, (s) => s.status === 'in-force');
    await env.sleep(200 * DAY);
    const action = await first.executeUpdate(proposeAdHocActionUpdate, {
      args: [
        {
          title: 'Emergency response: new route via Belarus',
          theme: 'border-management',
          region: 'Belarus',
          reason: 'emerging need',
          by: 'sofia',
        },
      ],
    });
    expect(action).toMatchObject({ id: `${first.workflowId}-x1`, decisionId: `dec-${first.workflowId}-x1` });
    await vote(action.decisionId, ['AT', 'BE', 'DE'], 'yes');
    const withAction = await cycleWhen(first, (s) => s.adHocActions[0]?.outcome === 'adopted');
    expect(withAction.programme?.[3]).toMatchObject({
      id: action.id,
      adHoc: true,
      decisionId: action.decisionId,
      rank: null,
      region: 'Belarus',
    });

    // Cycles 2 and 3 open by themselves six months before the previous period ends.
    let previous = withAction;
    for (const [i, id] of ids.slice(1).entries()) {
      await sleepPast(previous.nextCycleOpensAt as string);
      const next = cycle(id);
      const opened = await cycleWhen(next, (s) => s.status === 'proposals');
      const year = Number(previous.periodStart.slice(0, 4)) + 2;
      expect(opened).toMatchObject({
        sequence: i + 2,
        previousCycleId: previous.id,
        seriesId: first.workflowId,
        periodStart: `${year}-01-01`,
        periodEnd: `${year + 1}-12-31`,
        title: `Work programme ${year}-${year + 1}`,
        openedBy: `cycle ${previous.id}`,
      });
      // The same windows, counted from the opening.
      const window = (c: PriorityCycleState) => Date.parse(c.proposalsCloseAt) - Date.parse(c.openedAt);
      expect(window(opened)).toBe(window(previous));
      expect(Date.parse(opened.openedAt)).toBeGreaterThanOrEqual(
        Date.parse(previous.nextCycleOpensAt as string),
      );
      expect((await cycle(previous.id).query(getPriorityCycleQuery)).nextCycleId).toBe(id);
      await proposeAndRank(next);
      expect((await putToBoard(next, 'yes')).status).toBe('adopted');
      // The previous programme stays in force until its period ends, then hands over.
      expect((await cycle(previous.id).query(getPriorityCycleQuery)).status).toBe('in-force');
      await sleepPast(previous.endsAt);
      // Read from the record, not result(): waiting on a result lets the test server skip time
      // freely, and it may race through years of later cycles (each opening the next) first.
      const ended = await cycleWhen(cycle(previous.id), (s) => s.status === 'ended');
      expect(ended).toMatchObject({ status: 'ended', endedAt: previous.endsAt });
      previous = await cycleWhen(next, (s) => s.status === 'in-force');
    }
    expect(previous.periodEnd.slice(0, 4)).toBe(String(Number(adopted.periodStart.slice(0, 4)) + 5));

    // Every run of every cycle stayed short; each cycle continued as new once its programme was adopted.
    for (const id of ids) {
      const lengths = await runLengths(id);
      expect(lengths.length).toBeGreaterThanOrEqual(2);
      for (const length of lengths) expect(length).toBeLessThan(MAX_EVENTS_PER_RUN);
    }
  }));

test('the secretariat moves the proposal window, then cancels the cycle; refusals name the rule', () =>
  withWorker(async () => {
    const h = await openCycle({ nextCycleOpensBefore: null });
    const opened = await cycleWhen(h, (s) => s.status === 'proposals');
    const later = new Date(Date.parse(opened.proposalsCloseAt) + 10 * DAY).toISOString();
    const moved = await h.executeUpdate(changeCycleDatesUpdate, {
      args: [{ proposalsCloseAt: later, reason: 'more time for proposals', by: 'sofia' }],
    });
    expect(moved.proposalsCloseAt).toBe(later);
    expect(moved.dateChanges).toEqual([
      expect.objectContaining({ field: 'proposalsCloseAt', from: opened.proposalsCloseAt, to: later }),
    ]);

    const tooLate = await refusal(
      h.executeUpdate(changeCycleDatesUpdate, {
        args: [{ rankingCloseAt: later, reason: 'oops', by: 'sofia' }],
      }),
    );
    expect(tooLate).toMatchObject({
      type: 'invalid',
      message: 'rankingCloseAt must come after proposalsCloseAt',
    });
    await sleepPast(opened.proposalsCloseAt);
    // Still open: the old close has passed, the new one has not.
    await propose(h, 'DE', 'Late but in time', 'legal-migration');
    const badTheme = await refusal(propose(h, 'FR', 'Tourism', 'tourism'));
    expect(badTheme.type).toBe('invalid');
    expect(badTheme.message).toContain('theme must be one of migrant-smuggling');
    const early = await refusal(rank(h, 'AT', [`${h.workflowId}-p1`]));
    expect(early).toMatchObject({ type: 'conflict' });
    const noVote = await refusal(rank(h, 'NO', [`${h.workflowId}-p1`]));
    expect(noVote).toMatchObject({ type: 'forbidden' });

    const cancelled = await h.executeUpdate(cancelCycleUpdate, {
      args: [{ reason: 'superseded', by: 'sofia' }],
    });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'superseded', by: 'sofia' },
    });
    expect(await step(`the end of ${h.workflowId}`, () => h.result())).toMatchObject({
      status: 'cancelled',
      nextCycleId: null,
    });
    // Its series had nothing else open, and ended with it.
    expect(await env.client.workflow.getHandle(seriesWorkflowIdFor(h.workflowId)).result()).toEqual([
      h.workflowId,
    ]);
  }));

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
