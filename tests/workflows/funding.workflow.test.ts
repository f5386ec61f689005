/**
 * The funding round and request workflows on the time-skipping test server: a 30-day window, a
 * 14-day vote and a year of reporting run in seconds. Oversubscribed envelope, a rejected (and an
 * inquorate) allocation followed by an adopted one, withdrawal before and after the close,
 * per-request decisions with the requesting seat recused, and the second tranche held until the
 * interim report is accepted (through the real reporting-obligation workflow). Payments and
 * notifications are mock activities.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { castBallotUpdate, getDecisionQuery } from '../../workflows/decision/decision.messages';
import { decisionWorkflow } from '../../workflows/decision/decision.workflow';
import {
  amendFundingRequestUpdate,
  extendSubmissionUpdate,
  getFundingRequestQuery,
  getFundingRoundQuery,
  proposeAllocationUpdate,
  submitFundingRequestUpdate,
  withdrawFundingRequestUpdate,
} from '../../workflows/funding/funding.messages';
import type {
  FundingRoundInput,
  FundingRoundState,
  PaymentInstruction,
  SubmitRequestCommand,
} from '../../workflows/funding/funding.types';
import { fundingRequestWorkflow } from '../../workflows/funding/funding-request.workflow';
import { fundingRoundWorkflow } from '../../workflows/funding/funding-round.workflow';
import {
  getObligationQuery,
  reviewReportUpdate,
  submitReportUpdate,
  waiveObligationUpdate,
} from '../../workflows/reporting/obligation.messages';
import type { BallotChoice } from '../../workflows/rules/decision-rules';
import { onOwnTestServer } from '../support/own-test-server';
import { mockLedger, sentReceipt } from '../support/mock-activities';
import { memoryRecord } from '../support/memory-record';

/** What the workflows project into the board's record (in memory). */
const record = memoryRecord();

const DAY = 24 * 3600 * 1000;
const memberStates = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]; // prettier-ignore
const electorate = [...memberStates, 'COM1', 'COM2', 'FRONTEX', 'EUROPOL', 'EUAA'];

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let counter = 0;
/** The mock ledger: what the payment activity was asked, and what it recorded (once per key). */
let paymentCalls: PaymentInstruction[] = [];
const ledger = mockLedger();
let notifications = 0;

// A test that ran into a stalled test server runs once more, on a server of its own (see onOwnTestServer).
jest.retryTimes(1, { logErrorsBeforeRetry: true });

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

beforeEach(() => {
  paymentCalls = [];
});

const activities = {
  ...record.activities,
  async instructPayment(instruction: PaymentInstruction) {
    paymentCalls.push(instruction);
    return ledger.instructPayment(instruction);
  },
  async sendNotification(req: { key: string }) {
    notifications++;
    return sentReceipt(req.key);
  },
};

type RoundHandle = WorkflowHandle<typeof fundingRoundWorkflow>;

/** Runs `body` on a test server of its own, with a worker on a fresh task queue. */
async function withWorker(body: (taskQueue: string) => Promise<void>): Promise<void> {
  const taskQueue = `funding-${++counter}`;
  await onOwnTestServer({ taskQueue, bundle, activities: () => activities }, async (server) => {
    env = server;
    await body(taskQueue);
  });
}

const now = async () => Number(await env.currentTimeMs());

async function openRound(
  taskQueue: string,
  overrides: Partial<FundingRoundInput> = {},
): Promise<RoundHandle> {
  const id = `fr-test${++counter}`;
  const input: FundingRoundInput = {
    id,
    title: 'ILO activities 2027',
    envelopeCents: 1_000_000,
    closesAt: new Date((await now()) + 30 * DAY).toISOString(),
    maxRequestCents: 600_000,
    priorities: ['migrant-smuggling', 'return-and-readmission'],
    decision: { rule: 'absolute', quorum: null, votingIn: 'P14D', mode: 'package' },
    reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M', remindBefore: ['P14D'], escalateAfter: 'P1D' },
    firstTranchePercent: 60,
    electorate,
    memberStateSeats: memberStates,
    recuseRequestingSeat: true,
    openedBy: 'sofia',
    ...overrides,
  };
  return env.client.workflow.start(fundingRoundWorkflow, { workflowId: id, taskQueue, args: [input] });
}

const submit = (
  round: RoundHandle,
  seat: string,
  amountCents: number,
  priority = 'migrant-smuggling',
  extra: Partial<SubmitRequestCommand> = {},
) =>
  round.executeUpdate(submitFundingRequestUpdate, {
    args: [
      {
        seat,
        title: `${seat} liaison network`,
        amountCents,
        priority,
        description: 'Joint ILO activities',
        by: `${seat.toLowerCase()}-member`,
        ...extra,
      },
    ],
  });

const propose = (round: RoundHandle, awards: [string, number][]) =>
  round.executeUpdate(proposeAllocationUpdate, {
    args: [{ awards: awards.map(([requestId, amountCents]) => ({ requestId, amountCents })), by: 'sofia' }],
  });

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

async function vote(decisionId: string, seats: string[], choice: BallotChoice) {
  const handle = env.client.workflow.getHandle<typeof decisionWorkflow>(decisionId);
  // As many ballots as seats named: a seat recused from the decision (its own request is in what
  // it awards) is replaced by the next seat of the decision's electorate.
  for (const seat of await voters(handle, seats)) {
    try {
      await handle.executeUpdate(castBallotUpdate, {
        args: [{ seat, choice, by: `${seat.toLowerCase()}-member` }],
      });
    } catch (err) {
      // The decision closed early (on this ballot or an earlier one): the rest need not vote. It
      // refuses ballots as closed while its outcome notice goes out, then is gone.
      const closed =
        err instanceof WorkflowNotFoundError ||
        (err instanceof WorkflowUpdateFailedError && (err.cause as ApplicationFailure)?.type === 'conflict');
      if (!closed) throw err;
      expect((await handle.result()).status).toBe('closed');
      return;
    }
  }
}

/** The round's result, or a failure showing where it stands if it has not ended within 20 s. */
async function finished(round: RoundHandle): Promise<FundingRoundState> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      round
        .query(getFundingRoundQuery)
        .then((s) => reject(new Error(`round did not end: ${JSON.stringify(s, null, 1)}`)), reject);
    }, 20_000);
  });
  try {
    return await Promise.race([round.result(), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls the round (real time; queries do not skip time) until `done` holds. */
async function roundWhen(
  round: RoundHandle,
  done: (s: FundingRoundState) => boolean,
): Promise<FundingRoundState> {
  const until = Date.now() + 15000;
  for (;;) {
    const state = await round.query(getFundingRoundQuery);
    if (done(state)) return state;
    if (Date.now() > until)
      throw new Error(`round never reached the state; it is ${JSON.stringify(state.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function requestWhen(id: string, done: (s: Awaited<ReturnType<typeof requestState>>) => boolean) {
  const until = Date.now() + 15000;
  for (;;) {
    const state = await requestState(id);
    if (done(state)) return state;
    if (Date.now() > until) throw new Error(`request ${id} never reached the state; it is ${state.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const requestState = (id: string) => env.client.workflow.getHandle(id).query(getFundingRequestQuery);

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

const others = (...except: string[]) => electorate.filter((s) => !except.includes(s));

test('an inquorate and a rejected allocation, then an adopted one: every attempt on the record', async () => {
  await withWorker(async (tq) => {
    const round = await openRound(tq, {
      decision: { rule: 'simple', quorum: 0.5, votingIn: 'P14D', mode: 'package' },
    });
    const de = await submit(round, 'DE', 400_000);
    const fr = await submit(round, 'FR', 400_000);
    await env.sleep(31 * DAY);
    await roundWhen(round, (s) => s.status === 'assessing');

    const first = await propose(round, [[de.id, 400_000]]);
    await vote(first.decisionId as string, ['AT', 'BE', 'BG'], 'yes'); // 3 of 32: no quorum
    await env.sleep(15 * DAY);
    let state = await roundWhen(round, (s) => s.status === 'assessing' && s.attempts[0].outcome !== null);
    expect(state.attempts[0]).toMatchObject({ outcome: 'failed-quorum' });

    const second = await propose(round, [
      [de.id, 400_000],
      [fr.id, 400_000],
    ]);
    expect(second.decisionId).toBe(`dec-${round.workflowId}-a2`);
    await vote(second.decisionId as string, electorate.slice(0, 17), 'no');
    state = await roundWhen(
      round,
      (s) => s.status === 'assessing' && s.attempts.length === 2 && s.attempts[1].outcome !== null,
    );
    expect(state.attempts[1].outcome).toBe('rejected');
    expect(state.requests.map((r) => r.status)).toEqual(['eligible', 'eligible']);

    const third = await propose(round, [[fr.id, 300_000]]);
    await vote(third.decisionId as string, electorate.slice(0, 17), 'yes');
    const result = await finished(round);
    expect(result.attempts.map((a) => [a.attempt, a.outcome, a.decisions[0].decisionId])).toEqual([
      [1, 'failed-quorum', `dec-${round.workflowId}-a1`],
      [2, 'rejected', `dec-${round.workflowId}-a2`],
      [3, 'adopted', `dec-${round.workflowId}-a3`],
    ]);
    expect(result.requests.map((r) => [r.status, r.awardedCents, r.attempts])).toEqual([
      ['not-funded', null, [1, 2]],
      ['awarded', 300_000, [2, 3]],
    ]);
    const deHistory = (await requestState(de.id)).history.map((e) => e.kind);
    expect(deHistory).toEqual([
      'submitted', 'eligible',
      'allocation-proposed', 'decision-closed',
      'allocation-proposed', 'decision-closed',
      'not-funded',
    ]); // prettier-ignore
  });
});

test('withdrawal before and after the close, refused during the vote and after the decision; extension; late submissions', async () => {
  await withWorker(async (tq) => {
    const round = await openRound(tq);
    const a = await submit(round, 'AT', 100_000);
    const b = await submit(round, 'BE', 100_000);
    const c = await submit(round, 'CZ', 100_000);
    const before = await round.executeUpdate(withdrawFundingRequestUpdate, {
      args: [{ requestId: a.id, seat: 'AT', reason: 'national budget cut', by: 'at-member' }],
    });
    expect(before.status).toBe('withdrawn');
    const notYours = await refusal(
      round.executeUpdate(withdrawFundingRequestUpdate, {
        args: [{ requestId: b.id, seat: 'CZ', reason: 'x', by: 'x' }],
      }),
    );
    expect(notYours).toMatchObject({
      type: 'forbidden',
      message: `request ${b.id} belongs to seat BE, not CZ`,
    });
    const nonMember = await refusal(submit(round, 'NO', 1000));
    expect(nonMember).toMatchObject({
      type: 'forbidden',
      message: 'seat NO is not a member-state seat; only member states submit requests',
    });

    const { closesAt } = await round.query(getFundingRoundQuery);
    const later = new Date(Date.parse(closesAt) + 7 * DAY).toISOString();
    const extended = await round.executeUpdate(extendSubmissionUpdate, {
      args: [{ closesAt: later, reason: 'two delegations asked', by: 'sofia' }],
    });
    expect(extended.extensions).toEqual([
      expect.objectContaining({ from: closesAt, to: later, reason: 'two delegations asked' }),
    ]);
    const shorter = await refusal(
      round.executeUpdate(extendSubmissionUpdate, { args: [{ closesAt, reason: 'oops', by: 'sofia' }] }),
    );
    expect(shorter).toMatchObject({ type: 'refused' });
    expect(shorter.message).toMatch(/^later-deadline: /);

    await env.sleep(33 * DAY); // past the first deadline, before the extended one
    expect((await round.query(getFundingRoundQuery)).status).toBe('open');
    const d = await submit(round, 'DK', 50_000);
    await env.sleep(5 * DAY);
    const assessing = await roundWhen(round, (s) => s.status === 'assessing');
    expect(assessing.submissionsClosedAt).toBe(later);

    const late = await refusal(submit(round, 'EE', 1000));
    expect(late).toMatchObject({
      type: 'conflict',
      message: `round ${round.workflowId} closed for submissions at ${later}; cannot submit a request`,
    });
    const lateAmend = await refusal(
      round.executeUpdate(amendFundingRequestUpdate, {
        args: [{ requestId: b.id, seat: 'BE', amountCents: 1, by: 'x' }],
      }),
    );
    expect(lateAmend.type).toBe('conflict');
    const lateExtension = await refusal(
      round.executeUpdate(extendSubmissionUpdate, {
        args: [{ closesAt: new Date(Date.parse(later) + DAY).toISOString(), reason: 'x', by: 'sofia' }],
      }),
    );
    expect(lateExtension.type).toBe('conflict');

    const after = await round.executeUpdate(withdrawFundingRequestUpdate, {
      args: [{ requestId: b.id, seat: 'BE', reason: 'merged with another action', by: 'be-member' }],
    });
    expect(after.status).toBe('withdrawn');
    const withdrawnAward = await refusal(propose(round, [[b.id, 100_000]]));
    expect(withdrawnAward).toMatchObject({
      type: 'refused',
      message: `eligible-request: request ${b.id} is withdrawn; only eligible requests can be awarded`,
    });

    const voting = await propose(round, [
      [c.id, 100_000],
      [d.id, 50_000],
    ]);
    const duringVote = await refusal(
      round.executeUpdate(withdrawFundingRequestUpdate, {
        args: [{ requestId: c.id, seat: 'CZ', reason: 'x', by: 'x' }],
      }),
    );
    expect(duringVote).toMatchObject({ type: 'conflict' });
    expect(duringVote.message).toContain('the Board is voting');
    const again = await refusal(propose(round, [[c.id, 1]]));
    expect(again.type).toBe('conflict');

    await vote(voting.decisionId as string, electorate.slice(0, 17), 'yes');
    const result = await finished(round);
    expect(result.requests.map((r) => [r.seat, r.status])).toEqual([
      ['AT', 'withdrawn'],
      ['BE', 'withdrawn'],
      ['CZ', 'awarded'],
      ['DK', 'awarded'],
    ]);
    expect(result.summary?.totals).toMatchObject({
      requests: 2,
      requestedCents: 150_000,
      awardedCents: 150_000,
      paidCents: 90_000,
    });
    const bHistory = (await requestState(b.id)).history;
    expect(bHistory.map((e) => e.kind)).toEqual(['submitted', 'eligible', 'withdrawn']);
    expect(bHistory[2]).toMatchObject({ by: 'be-member', detail: 'withdrawn: merged with another action' });
  });
});

test('per-request decisions: the requesting seat is recused; a rejected request can be proposed again', async () => {
  await withWorker(async (tq) => {
    const round = await openRound(tq, {
      envelopeCents: 800_000,
      decision: { rule: 'absolute', quorum: null, votingIn: 'P14D', mode: 'per-request' },
    });
    const de = await submit(round, 'DE', 300_000);
    const fr = await submit(round, 'FR', 300_000);
    const it = await submit(round, 'IT', 300_000);
    await env.sleep(31 * DAY);
    await roundWhen(round, (s) => s.status === 'assessing');

    const voting = await propose(round, [
      [de.id, 300_000],
      [fr.id, 200_000],
    ]);
    const [onDe, onFr] = voting.attempts[0].decisions;
    expect(onDe).toMatchObject({ decisionId: `dec-${round.workflowId}-a1-1`, requestIds: [de.id] });
    expect(onFr).toMatchObject({ decisionId: `dec-${round.workflowId}-a1-2`, requestIds: [fr.id] });
    const deDecision = await env.client.workflow.getHandle(onDe.decisionId).query(getDecisionQuery);
    expect(deDecision.recused).toEqual(['DE']);
    expect(deDecision.electorate).toHaveLength(31);
    expect(deDecision.electorate).not.toContain('DE');
    const ownVote = await refusal(
      env.client.workflow
        .getHandle(onDe.decisionId)
        .executeUpdate(castBallotUpdate, { args: [{ seat: 'DE', choice: 'yes', by: 'anna' }] }),
    );
    expect(ownVote).toMatchObject({ type: 'forbidden', message: 'seat DE is recused from this decision' });

    await vote(onDe.decisionId, others('DE').slice(0, 16), 'yes'); // 16 of 31: adopted
    await vote(onFr.decisionId, others('FR').slice(0, 16), 'no'); // 16 of 31 against: rejected
    const back = await roundWhen(round, (s) => s.status === 'assessing' && s.attempts[0].outcome !== null);
    expect(back.attempts[0].outcome).toBe('partly-adopted');
    expect(back.awardedCents).toBe(300_000);
    expect(back.requests.map((r) => r.status)).toEqual(['awarded', 'eligible', 'eligible']);

    // Only 500 000 cents are left in the envelope.
    const over = await refusal(
      propose(round, [
        [fr.id, 300_000],
        [it.id, 300_000],
        [de.id, 1],
      ]),
    );
    expect(over.message).toContain(
      `eligible-request: request ${de.id} is awarded; only eligible requests can be awarded`,
    );
    expect(over.message).toContain(
      'within-envelope: the awards total 600001 cents, over the 500000 cents left in the envelope of 800000 cents (300000 cents already awarded)',
    );

    const second = await propose(round, [[it.id, 250_000]]);
    await vote(second.attempts[1].decisions[0].decisionId, others('IT').slice(0, 16), 'yes');
    const result = await finished(round);
    expect(result.requests.map((r) => [r.seat, r.status, r.awardedCents])).toEqual([
      ['DE', 'awarded', 300_000],
      ['FR', 'not-funded', null],
      ['IT', 'awarded', 250_000],
    ]);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['partly-adopted', 'adopted']);
  });
});

test('a round whose every request is withdrawn, or that gets none, ends with its summary', async () => {
  await withWorker(async (tq) => {
    const empty = await openRound(tq);
    await env.sleep(31 * DAY);
    const result = await finished(empty);
    expect(result).toMatchObject({
      status: 'closed',
      requests: [],
      summary: { totals: { requests: 0 }, unallocatedCents: 1_000_000 },
    });

    const round = await openRound(tq);
    const a = await submit(round, 'AT', 100_000);
    await env.sleep(31 * DAY);
    await roundWhen(round, (s) => s.status === 'assessing');
    await round.executeUpdate(withdrawFundingRequestUpdate, {
      args: [{ requestId: a.id, seat: 'AT', reason: 'no longer needed', by: 'x' }],
    });
    expect((await finished(round)).status).toBe('closed');
  });
});

test('a waived interim obligation releases the held tranche, recorded as released on the waiver', async () => {
  await withWorker(async (tq) => {
    const round = await openRound(tq, { firstTranchePercent: 50 });
    const nl = await submit(round, 'NL', 400_000);
    await env.sleep(31 * DAY);
    await roundWhen(round, (s) => s.status === 'assessing');
    const voting = await propose(round, [[nl.id, 400_000]]);
    await vote(voting.decisionId as string, electorate.slice(0, 17), 'yes');
    const result = await finished(round);
    expect(result.requests[0]).toMatchObject({
      status: 'awarded',
      payments: { paidCents: 200_000, heldBackCents: 200_000 },
    });

    // The interim report never comes; seven months on, the secretariat waives it.
    await env.sleep(210 * DAY);
    let nlState = await requestState(nl.id);
    expect(nlState.tranches.map((t) => [t.status, t.releasedOn])).toEqual([
      ['paid', 'award'],
      ['held', null],
    ]);
    const interim = env.client.workflow.getHandle(nlState.obligations[0].id);
    expect((await interim.query(getObligationQuery)).status).toBe('overdue');
    const waivedAt = new Date(await now()).toISOString();
    await interim.executeUpdate(waiveObligationUpdate, {
      args: [{ reason: 'activities reported in the network annual report', by: 'sofia' }],
    });
    nlState = await requestWhen(nl.id, (s) => s.tranches[1].status === 'paid');
    expect(nlState.payments).toEqual({ paidCents: 400_000, heldBackCents: 0 });
    expect(nlState.tranches[1]).toMatchObject({ releasedOn: 'report-waived', paymentId: expect.any(String) });
    expect(Date.parse(nlState.tranches[1].releasedAt as string)).toBeGreaterThanOrEqual(Date.parse(waivedAt));
    expect(nlState.obligations[0]).toMatchObject({ acceptedAt: null, waivedAt: expect.any(String) });
    expect(nlState.history.slice(-2).map((e) => [e.kind, e.detail])).toEqual([
      [
        'report-waived',
        `interim report waived by the secretariat (${nlState.obligations[0].id}); tranche 2 released on the waiver`,
      ],
      ['tranche-paid', expect.stringMatching(/^tranche 2 of 200000 cents paid/)],
    ]);
    expect(paymentCalls.filter((p) => p.requestId === nl.id).map((p) => p.tranche)).toEqual([1, 2]);
    // The request stays open for its final report; nothing of it is left running for later tests.
    expect(nlState.status).toBe('awarded');
    await env.client.workflow.getHandle(nlState.obligations[1].id).terminate('test over');
    await env.client.workflow.getHandle(nl.id).terminate('test over');
  });
});

// Last in the file. The time-skipping test server locks time while it tells a parent that its
// child ended, and unlocks only when the parent takes the news; a parent that has already ended
// never does, so the lock leaks and time stops skipping for good (the real server has no such
// lock). A round now ends only after the requests it closed have ended, so the one child that
// outlives its round here is DE's award, which completes in the last step.
test('oversubscribed round: 30-day window, eligibility, envelope refused, 14-day package vote, tranches held until the interim report, a year of reporting', async () => {
  await withWorker(async (tq) => {
    const started = Date.now();
    const round = await openRound(tq);
    const de = await submit(round, 'DE', 600_000);
    const fr = await submit(round, 'FR', 500_000, 'return-and-readmission');
    const it = await submit(round, 'IT', 300_000);
    // What the call fixes is refused at once, so the seat can fix it while the window is open.
    const overCap = await refusal(submit(round, 'PL', 700_000));
    expect(overCap).toMatchObject({
      type: 'refused',
      message: 'request-cap: amount 700000 cents exceeds the cap of 600000 cents per request',
    });
    const offPriority = await refusal(submit(round, 'ES', 100_000, 'tourism'));
    expect(offPriority.message).toMatch(
      /^round-priority: priority "tourism" is not one of the round's priorities/,
    );
    expect(de).toMatchObject({
      id: `${round.workflowId.replace('fr-', 'frq-')}-1`,
      status: 'submitted',
      seat: 'DE',
    });
    const amended = await round.executeUpdate(amendFundingRequestUpdate, {
      args: [{ requestId: fr.id, seat: 'FR', amountCents: 450_000, by: 'fr-alternate' }],
    });
    expect(amended.amountCents).toBe(450_000);
    // Oversubscribed: 1 350 000 cents of eligible requests for an envelope of 1 000 000.

    await env.sleep(30 * DAY + 1000);
    const assessing = await roundWhen(round, (s) => s.status === 'assessing');
    const byId = Object.fromEntries(assessing.requests.map((r) => [r.id, r]));
    expect([byId[de.id].status, byId[fr.id].status, byId[it.id].status]).toEqual([
      'eligible',
      'eligible',
      'eligible',
    ]);
    expect(assessing.submissionsClosedAt).toBe(assessing.closesAt);
    const frState = await requestState(fr.id);
    expect(frState.history.map((e) => e.kind)).toEqual(['submitted', 'amended', 'eligible']);
    expect(frState.history[1]).toMatchObject({
      by: 'fr-alternate',
      changes: { amountCents: [500_000, 450_000] },
    });

    const over = await refusal(
      propose(round, [
        [de.id, 600_000],
        [fr.id, 450_000],
      ]),
    );
    expect(over.type).toBe('refused');
    expect(over.message).toBe(
      'within-envelope: the awards total 1050000 cents, over the 1000000 cents left in the envelope of 1000000 cents',
    );
    const ineligible = await refusal(propose(round, [[de.id, 0]]));
    expect(ineligible.message).toContain('positive-amount: the award to');

    const voting = await propose(round, [
      [de.id, 550_000],
      [fr.id, 450_000],
    ]);
    expect(voting).toMatchObject({ status: 'voting', decisionId: `dec-${round.workflowId}-a1` });
    expect(voting.allocation).toEqual([
      { requestId: de.id, amountCents: 550_000 },
      { requestId: fr.id, amountCents: 450_000 },
    ]);
    const decision = await env.client.workflow.getHandle(voting.decisionId as string).query(getDecisionQuery);
    // DE and FR, whose requests the package pays, are recused from it.
    expect(decision).toMatchObject({
      parentId: round.workflowId,
      electorate: electorate.filter((seat) => seat !== 'DE' && seat !== 'FR'),
      recused: ['DE', 'FR'],
      rule: 'absolute',
    });
    expect(Date.parse(decision.closesAt) - Date.parse(voting.attempts[0].proposedAt)).toBe(14 * DAY);

    await vote(voting.decisionId as string, electorate.slice(0, 17), 'yes');
    const result = await finished(round);
    expect(result.status).toBe('closed');
    expect(result.attempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'adopted', totalCents: 1_000_000 }),
    ]);
    const final = Object.fromEntries(result.requests.map((r) => [r.id, r]));
    expect(final[de.id]).toMatchObject({
      status: 'awarded',
      awardedCents: 550_000,
      reportingOpen: true,
      payments: { paidCents: 330_000, heldBackCents: 220_000 },
    });
    expect(final[fr.id].payments).toEqual({ paidCents: 270_000, heldBackCents: 180_000 });
    expect(final[it.id].status).toBe('not-funded');
    expect(result.summary).toMatchObject({
      totals: { requests: 3, requestedCents: 1_350_000, awardedCents: 1_000_000, paidCents: 600_000 },
      unallocatedCents: 0,
    });
    expect(result.summary?.bySeat.DE).toEqual({
      requests: 1,
      requestedCents: 600_000,
      awardedCents: 550_000,
      paidCents: 330_000,
    });
    expect(result.summary?.byPriority['migrant-smuggling']).toMatchObject({
      requests: 2,
      awardedCents: 550_000,
    });
    expect(paymentCalls.map((p) => [p.key, p.amountCents]).sort()).toEqual([
      [`${de.id}:tranche:1`, 330_000],
      [`${fr.id}:tranche:1`, 270_000],
    ]);

    // Five months on, the second tranche is still held: no interim report accepted yet.
    await env.sleep(150 * DAY);
    let deState = await requestState(de.id);
    expect(deState.status).toBe('awarded');
    expect(deState.tranches.map((t) => t.status)).toEqual(['paid', 'held']);
    expect(deState.obligations.map((o) => o.reportKind)).toEqual(['interim', 'final']);
    const interim = env.client.workflow.getHandle(deState.obligations[0].id);
    expect(await interim.query(getObligationQuery)).toMatchObject({
      seat: 'DE',
      parentId: de.id,
      reportKind: 'interim',
      notifyWorkflowId: de.id,
    });

    await interim.executeUpdate(submitReportUpdate, {
      args: [{ seat: 'DE', summary: 'Six months of joint work', by: 'anna' }],
    });
    await interim.executeUpdate(reviewReportUpdate, {
      args: [{ accepted: true, comment: 'Thorough', by: 'sofia' }],
    });
    deState = await requestWhen(de.id, (s) => s.tranches[1].status === 'paid');
    expect(deState.payments).toEqual({ paidCents: 550_000, heldBackCents: 0 });
    expect(paymentCalls.filter((p) => p.requestId === de.id).map((p) => p.tranche)).toEqual([1, 2]);
    // FR has not reported: its second tranche stays held.
    expect((await requestState(fr.id)).tranches[1].status).toBe('held');

    // The rest of the year: the final report, then the request is complete.
    await env.sleep(200 * DAY);
    const finalReport = env.client.workflow.getHandle(deState.obligations[1].id);
    await finalReport.executeUpdate(submitReportUpdate, {
      args: [{ seat: 'DE', summary: 'The year', by: 'anna' }],
    });
    await finalReport.executeUpdate(reviewReportUpdate, {
      args: [{ accepted: true, comment: 'Done', by: 'sofia' }],
    });
    const done = await env.client.workflow.getHandle<typeof fundingRequestWorkflow>(de.id).result();
    expect(done.status).toBe('completed');
    expect(done.history.map((e) => e.kind)).toEqual([
      'submitted',
      'eligible',
      'allocation-proposed',
      'decision-closed',
      'awarded',
      'tranche-paid',
      'reporting-opened',
      'report-accepted',
      'tranche-paid',
      'report-accepted',
      'completed',
    ]);
    expect(notifications).toBeGreaterThan(0); // FR's overdue interim report escalated meanwhile
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
