/**
 * A funding round over HTTP against the real stack (dev server, worker, API) with windows of a
 * few seconds: launch, submissions, amendment, withdrawal, the close with eligibility, refused and
 * adopted allocations, awards paid and reporting opened, the second tranche released by an
 * accepted interim report (and by a waived one) and shown paid on the round and the request; and
 * every refusal (400, 403, 404, 409, 422) with its message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string, de: string, fr: string, it: string, no: string, manager: string;
const voters = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'GR',
  'HU',
  'IE',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
];

beforeAll(async () => {
  stack = await startStack();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  fr = stack.token({ sub: 'claire', role: 'member', seat: 'FR' });
  it = stack.token({ sub: 'marco', role: 'member', seat: 'IT' });
  no = stack.token({ sub: 'nils', role: 'member', seat: 'NO' });
  manager = stack.token({ sub: 'mia', role: 'manager' });
});

afterAll(async () => {
  await stack?.stop();
});

const roundBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'ILO activities 2027',
  envelopeCents: 1_000_000,
  closesIn: 'PT4S',
  maxRequestCents: 600_000,
  priorities: ['migrant-smuggling', 'return-and-readmission'],
  decision: { rule: 'absolute', votingIn: 'PT60S' },
  reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M' },
  ...overrides,
});

const openRound = (overrides: Record<string, unknown> = {}) =>
  stack.request('POST', '/funding-rounds', { token: sec, body: roundBody(overrides) });

const submit = (roundId: string, token: string, body: Record<string, unknown>) =>
  stack.request('POST', `/funding-rounds/${roundId}/requests`, {
    token,
    body: { title: 'Liaison network', priority: 'migrant-smuggling', description: 'Two ILOs', ...body },
  });

/** The seats without a vote say they have no opinion, so the decision may close early. */
async function declineOpinions(decisionId: string): Promise<void> {
  for (const seat of ['IS', 'LI', 'NO', 'CH']) {
    const r = await stack.request('POST', `/decisions/${decisionId}/opinions/decline`, {
      token: stack.token({ sub: `${seat.toLowerCase()}-member`, role: 'member', seat }),
    });
    expect(r.status).toBe(200);
  }
}

/** Polls the round until `done` holds. */
async function roundWhen(id: string, done: (r: any) => boolean, timeoutMs = 20000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await stack.request('GET', `/funding-rounds/${id}`, { token: manager });
    if (done(r.body) || Date.now() > until) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Polls a request until `done` holds. */
async function requestWhen(id: string, done: (r: any) => boolean, timeoutMs = 20000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await stack.request('GET', `/funding-requests/${id}`, { token: manager });
    if (done(r.body) || Date.now() > until) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('a round from launch to awards: submissions, amendment, withdrawal, eligibility, a refused and an adopted allocation, tranche paid, reporting open; the second tranche on the interim report accepted, or waived', async () => {
  const opened = await openRound({ closesIn: 'PT6S' });
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({
    status: 'open',
    envelopeCents: 1_000_000,
    requests: [],
    allocation: null,
  });
  expect(opened.body.id).toMatch(/^fr-/);
  const id = opened.body.id as string;

  const deReq = await submit(id, de, { amountCents: 600_000 });
  expect(deReq.status).toBe(201);
  expect(deReq.body).toMatchObject({ status: 'submitted', seat: 'DE', amountCents: 600_000 });
  const frReq = await submit(id, fr, { amountCents: 500_000, priority: 'return-and-readmission' });
  // What the call fixes is refused at submission, naming the rule, so the seat can fix it in time.
  const offPriority = await submit(id, it, { amountCents: 300_000, priority: 'tourism' });
  expect(offPriority).toMatchObject({
    status: 422,
    body: {
      message: `round-priority: priority "tourism" is not one of the round's priorities (migrant-smuggling, return-and-readmission)`,
    },
  });
  const overCap = await submit(id, it, { amountCents: 600_001 });
  expect(overCap).toMatchObject({
    status: 422,
    body: { message: 'request-cap: amount 600001 cents exceeds the cap of 600000 cents per request' },
  });
  const deSecond = await submit(id, de, { amountCents: 100_000, title: 'Second idea' });

  const amended = await stack.request('POST', `/funding-requests/${frReq.body.id}/amend`, {
    token: fr,
    body: { amountCents: 400_000 },
  });
  expect(amended).toMatchObject({ status: 200, body: { amountCents: 400_000 } });
  const withdrawn = await stack.request('POST', `/funding-requests/${deSecond.body.id}/withdraw`, {
    token: de,
    body: { reason: 'merged into the first request' },
  });
  expect(withdrawn).toMatchObject({ status: 200, body: { status: 'withdrawn' } });

  const assessing = await roundWhen(id, (r) => r.status === 'assessing');
  expect(assessing.status).toBe('assessing');
  const bySeat = (seat: string, state = assessing) => state.requests.filter((r: any) => r.seat === seat);
  expect(bySeat('IT')).toEqual([]);

  const late = await submit(id, de, { amountCents: 1000 });
  expect(late).toMatchObject({ status: 409, body: { error: 'Conflict' } });
  expect(late.body.message).toMatch(/closed for submissions at .*; cannot submit a request$/);

  const over = await stack.request('POST', `/funding-rounds/${id}/allocation`, {
    token: sec,
    body: {
      awards: [
        { requestId: deReq.body.id, amountCents: 600_000 },
        { requestId: frReq.body.id, amountCents: 400_001 },
      ],
    },
  });
  expect(over).toMatchObject({ status: 422, body: { error: 'Unprocessable Entity' } });
  expect(over.body.message).toContain('within-envelope: the awards total 1000001 cents');
  expect(over.body.message).toContain('within-request:');

  const proposed = await stack.request('POST', `/funding-rounds/${id}/allocation`, {
    token: sec,
    body: {
      awards: [
        { requestId: deReq.body.id, amountCents: 600_000 },
        { requestId: frReq.body.id, amountCents: 400_000 },
      ],
    },
  });
  expect(proposed.status).toBe(201);
  expect(proposed.body).toMatchObject({ status: 'voting', decisionId: `dec-${id}-a1` });
  const decisionId = proposed.body.decisionId as string;
  const decision = await stack.request('GET', `/decisions/${decisionId}`, { token: manager });
  expect(decision).toMatchObject({ status: 200, body: { status: 'open', parentId: id } });
  // No seat votes on its own money: DE and FR, whom the package pays, are recused, with the reason;
  // the majority is of the 30 seats left.
  expect(decision.body.recused).toEqual(['DE', 'FR']);
  expect(decision.body.recusals[0]).toEqual({
    seat: 'DE',
    reason: `its own funding request ${deReq.body.id} is part of what this decision awards`,
  });
  expect(decision.body.electorate).toHaveLength(30);
  expect(decision.body.yesRequired).toBe(16);
  expect(decision.body).toMatchObject({ chair: 'COM1', opinionSeats: ['IS', 'LI', 'NO', 'CH'] });
  const recusedBallot = await stack.request('POST', `/decisions/${decisionId}/ballots`, {
    token: de,
    body: { choice: 'yes' },
  });
  expect(recusedBallot).toMatchObject({
    status: 403,
    body: { message: 'seat DE is recused from this decision' },
  });
  await declineOpinions(decisionId);

  // While the Board votes: no withdrawal, no second proposal.
  const withdrawDuringVote = await stack.request('POST', `/funding-requests/${deReq.body.id}/withdraw`, {
    token: de,
    body: { reason: 'changed our mind' },
  });
  expect(withdrawDuringVote).toMatchObject({
    status: 409,
    body: {
      message: `the Board is voting on round ${id}'s allocation; request ${deReq.body.id} cannot be withdrawn now`,
    },
  });
  const proposeDuringVote = await stack.request('POST', `/funding-rounds/${id}/allocation`, {
    token: sec,
    body: { awards: [{ requestId: deReq.body.id, amountCents: 1 }] },
  });
  expect(proposeDuringVote).toMatchObject({
    status: 409,
    body: { message: `round ${id} cannot take an allocation now: the Board is voting on an allocation` },
  });

  for (const seat of voters) {
    const ballot = await stack.request('POST', `/decisions/${decisionId}/ballots`, {
      token: stack.token({ sub: `${seat.toLowerCase()}-member`, role: 'member', seat }),
      body: { choice: 'yes' },
    });
    expect([200, 409]).toContain(ballot.status);
  }
  const closed = await roundWhen(id, (r) => r.status === 'closed');
  expect(closed.status).toBe('closed');
  expect(closed.attempts).toEqual([
    expect.objectContaining({ attempt: 1, outcome: 'adopted', totalCents: 1_000_000 }),
  ]);
  expect(bySeat('DE', closed)[0]).toMatchObject({
    status: 'awarded',
    awardedCents: 600_000,
    reportingOpen: true,
    payments: { paidCents: 360_000, heldBackCents: 240_000 },
  });
  expect(closed.payments).toEqual({ paidCents: 600_000, heldBackCents: 400_000 });
  // IT's requests were refused at submission, so they are not in the round at all.
  expect(closed.summary.totals).toEqual({
    requests: 2,
    requestedCents: 1_000_000,
    awardedCents: 1_000_000,
    paidCents: 600_000,
  });
  expect(closed.summary.bySeat.FR).toMatchObject({ awardedCents: 400_000, paidCents: 240_000 });

  const request = await stack.request('GET', `/funding-requests/${deReq.body.id}`, { token: manager });
  expect(request.status).toBe(200);
  expect(request.body).toMatchObject({ status: 'awarded', roundId: id, decisionId });
  expect(request.body.tranches.map((t: any) => [t.amountCents, t.status])).toEqual([
    [360_000, 'paid'],
    [240_000, 'held'],
  ]);
  expect(request.body.history.map((e: any) => e.kind)).toEqual([
    'submitted', 'eligible', 'allocation-proposed', 'decision-closed', 'awarded', 'tranche-paid', 'reporting-opened',
  ]); // prettier-ignore
  const interimId = request.body.obligations[0].id as string;
  const obligation = await stack.request('GET', `/reporting-obligations/${interimId}`, { token: manager });
  expect(obligation).toMatchObject({ status: 200, body: { seat: 'DE', status: 'pending' } });

  // The payment ledger in the data folder holds one line per paid tranche.
  const ledger = readFileSync(join(stack.config.dataDir, 'payments-ledger.jsonl'), 'utf8').trim().split('\n');
  expect(ledger.map((l) => JSON.parse(l).key).sort()).toEqual(
    [`${deReq.body.id}:tranche:1`, `${frReq.body.id}:tranche:1`].sort(),
  );

  const afterwards = await stack.request('POST', `/funding-requests/${deReq.body.id}/withdraw`, {
    token: de,
    body: {},
  });
  expect(afterwards).toMatchObject({ status: 409 });
  expect(afterwards.body.message).toBe(`funding round ${id} is closed; nothing in it can change any more`);

  // DE reports; the secretariat accepts the interim report: DE's second tranche is released and paid.
  const report = await stack.request('POST', `/reporting-obligations/${interimId}/submissions`, {
    token: de,
    body: { summary: 'Six months of joint ILO work' },
  });
  expect(report.status).toBe(201);
  const review = await stack.request('POST', `/reporting-obligations/${interimId}/review`, {
    token: sec,
    body: { accepted: true, comment: 'Thorough' },
  });
  expect(review).toMatchObject({ status: 200, body: { status: 'accepted' } });
  const dePaid = await requestWhen(deReq.body.id, (r) => r.payments.heldBackCents === 0);
  expect(dePaid.payments).toEqual({ paidCents: 600_000, heldBackCents: 0 });
  expect(dePaid.tranches.map((t: any) => [t.amountCents, t.status, t.releasedOn])).toEqual([
    [360_000, 'paid', 'award'],
    [240_000, 'paid', 'report-accepted'],
  ]);
  expect(dePaid.history.map((e: any) => e.kind).slice(-2)).toEqual(['report-accepted', 'tranche-paid']);

  // FR's interim report never comes: the secretariat waives it, which releases FR's second tranche too.
  const frInterim = (await stack.request('GET', `/funding-requests/${frReq.body.id}`, { token: manager }))
    .body.obligations[0].id as string;
  const waived = await stack.request('POST', `/reporting-obligations/${frInterim}/waive`, {
    token: sec,
    body: { reason: 'reported in the network annual report' },
  });
  expect(waived).toMatchObject({ status: 200, body: { status: 'waived' } });
  const frPaid = await requestWhen(frReq.body.id, (r) => r.payments.heldBackCents === 0);
  expect(frPaid.tranches.map((t: any) => [t.amountCents, t.status, t.releasedOn])).toEqual([
    [240_000, 'paid', 'award'],
    [160_000, 'paid', 'report-waived'],
  ]);
  expect(frPaid.obligations[0]).toMatchObject({ acceptedAt: null, waivedAt: expect.any(String) });

  // The round shows both second tranches as paid, nothing held back.
  const paidOut = await stack.request('GET', `/funding-rounds/${id}`, { token: manager });
  expect(paidOut.body.payments).toEqual({ paidCents: 1_000_000, heldBackCents: 0 });
  expect(bySeat('DE', paidOut.body)[0].payments).toEqual({ paidCents: 600_000, heldBackCents: 0 });
  expect(bySeat('FR', paidOut.body)[0].payments).toEqual({ paidCents: 400_000, heldBackCents: 0 });
  const paidLedger = readFileSync(join(stack.config.dataDir, 'payments-ledger.jsonl'), 'utf8')
    .trim()
    .split('\n');
  expect(paidLedger.map((l) => JSON.parse(l).key).sort()).toEqual(
    [1, 2].flatMap((n) => [`${deReq.body.id}:tranche:${n}`, `${frReq.body.id}:tranche:${n}`]).sort(),
  );
});

describe('every refusal with its message', () => {
  let id: string;
  let deId: string;
  beforeAll(async () => {
    id = (await openRound({ closesIn: 'PT5M' })).body.id;
    deId = (await submit(id, de, { amountCents: 100_000 })).body.id;
  });

  test('400: the message names the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [roundBody({ envelopeCents: 10.5 }), 'envelopeCents must be a whole number of cents'],
      [roundBody({ priorities: [] }), 'priorities must contain at least 1 elements'],
      [
        roundBody({ decision: { votingIn: 'two weeks' } }),
        'decision.votingIn must be a positive ISO 8601 duration such as P14D or PT30S',
      ],
      [
        roundBody({ decision: { votingIn: 'P14D', mode: 'both' } }),
        'decision.mode must be one of package, per-request',
      ],
      [roundBody({ maxRequestCents: 2_000_000 }), 'maxRequestCents must not exceed envelopeCents'],
      [roundBody({ closesIn: undefined }), 'closesAt or closesIn is required'],
      [roundBody({ firstTranchePercent: 0 }), 'firstTranchePercent must not be less than 1'],
      [
        roundBody({ reporting: { interimDueIn: 'P12M', finalDueIn: 'P6M' } }),
        'reporting.finalDueIn must not come before reporting.interimDueIn',
      ],
    ];
    for (const [body, message] of cases) {
      const r = await stack.request('POST', '/funding-rounds', { token: sec, body });
      expect({ message, status: r.status }).toEqual({ message, status: 400 });
      expect([r.body.message].flat().join('; ')).toContain(message);
    }
    const badAmount = await submit(id, de, { amountCents: 'lots' });
    expect(badAmount.status).toBe(400);
    expect([badAmount.body.message].flat()).toContain('amountCents must be a whole number of cents');
    const nothing = await stack.request('POST', `/funding-requests/${deId}/amend`, { token: de, body: {} });
    expect(nothing).toMatchObject({
      status: 400,
      body: { message: 'give at least one of title, amountCents, priority, description to amend' },
    });
    const noAwards = await stack.request('POST', `/funding-rounds/${id}/allocation`, {
      token: sec,
      body: { awards: [] },
    });
    expect(noAwards).toMatchObject({
      status: 400,
      body: { message: ['awards must name at least one request'] },
    });
  });

  test('403: role, member-state seat, the submitting seat', async () => {
    const memberOpens = await stack.request('POST', '/funding-rounds', { token: de, body: roundBody() });
    expect(memberOpens).toMatchObject({
      status: 403,
      body: { message: 'this action is for secretariat; Anna Schmidt is member for DE' },
    });
    const norway = await submit(id, no, { amountCents: 1000 });
    expect(norway).toMatchObject({
      status: 403,
      body: { message: 'seat NO is not a member-state seat; only member states submit funding requests' },
    });
    const secretariatSubmits = await submit(id, sec, { amountCents: 1000 });
    expect(secretariatSubmits).toMatchObject({
      status: 403,
      body: { message: 'this action is for member; Sofia Marin is secretariat' },
    });
    const notYours = await stack.request('POST', `/funding-requests/${deId}/withdraw`, {
      token: fr,
      body: {},
    });
    expect(notYours).toMatchObject({
      status: 403,
      body: { message: `request ${deId} belongs to seat DE, not FR` },
    });
    const memberAllocates = await stack.request('POST', `/funding-rounds/${id}/allocation`, {
      token: de,
      body: { awards: [{ requestId: deId, amountCents: 1 }] },
    });
    expect(memberAllocates).toMatchObject({
      status: 403,
      body: { message: 'this action is for secretariat; Anna Schmidt is member for DE' },
    });
    const memberExtends = await stack.request('POST', `/funding-rounds/${id}/extend`, {
      token: de,
      body: { closesIn: 'PT10M', reason: 'x' },
    });
    expect(memberExtends).toMatchObject({
      status: 403,
      body: { message: 'this action is for secretariat; Anna Schmidt is member for DE' },
    });
  });

  test('404: unknown round or request', async () => {
    for (const unknown of ['fr-doesnotexist', 'not-a-round']) {
      const r = await stack.request('GET', `/funding-rounds/${unknown}`, { token: manager });
      expect(r).toMatchObject({ status: 404, body: { message: `funding round ${unknown} not found` } });
    }
    const request = await stack.request('GET', '/funding-requests/frq-doesnotexist-1', { token: manager });
    expect(request).toMatchObject({
      status: 404,
      body: { message: 'funding request frq-doesnotexist-1 not found' },
    });
    const missing = await stack.request(
      'POST',
      `/funding-requests/${id.replace('fr-', 'frq-')}-99/withdraw`,
      { token: de, body: {} },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/^funding request frq-.*-99 not found in round fr-/);
  });

  test('409 and 422: the window, the phase, the rules', async () => {
    const early = await stack.request('POST', `/funding-rounds/${id}/allocation`, {
      token: sec,
      body: { awards: [{ requestId: deId, amountCents: 1 }] },
    });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(
      /^round fr-.* cannot take an allocation now: its submission window is open until/,
    );
    const current = await stack.request('GET', `/funding-rounds/${id}`, { token: manager });
    const sooner = await stack.request('POST', `/funding-rounds/${id}/extend`, {
      token: sec,
      body: {
        closesAt: new Date(Date.parse(current.body.closesAt) - 60_000).toISOString(),
        reason: 'shorter',
      },
    });
    expect(sooner.status).toBe(422);
    expect(sooner.body.message).toMatch(
      /^later-deadline: an extension must move the submission deadline later than/,
    );
    const extended = await stack.request('POST', `/funding-rounds/${id}/extend`, {
      token: sec,
      body: { closesIn: 'PT10M', reason: 'two delegations asked' },
    });
    expect(extended.status).toBe(200);
    expect(extended.body.extensions).toEqual([
      expect.objectContaining({ reason: 'two delegations asked', by: 'sofia-marin' }),
    ]);

    // A short round to reach the allocation rules.
    const short = (await openRound({ closesIn: 'PT3S' })).body.id as string;
    const a = (await submit(short, de, { amountCents: 300_000 })).body.id;
    const b = (await submit(short, fr, { amountCents: 300_000 })).body.id;
    await stack.request('POST', `/funding-requests/${b}/withdraw`, { token: fr, body: {} });
    await roundWhen(short, (r) => r.status === 'assessing');
    const refused = await stack.request('POST', `/funding-rounds/${short}/allocation`, {
      token: sec,
      body: {
        awards: [
          { requestId: a, amountCents: 0 },
          { requestId: b, amountCents: 100 },
        ],
      },
    });
    expect(refused).toMatchObject({ status: 422, body: { error: 'Unprocessable Entity' } });
    expect(refused.body.message).toBe(
      `positive-amount: the award to ${a} must be a positive whole number of cents (got 0); ` +
        `eligible-request: request ${b} is withdrawn; only eligible requests can be awarded`,
    );
    const negative = await stack.request('POST', `/funding-rounds/${short}/allocation`, {
      token: sec,
      body: { awards: [{ requestId: a, amountCents: -5 }] },
    });
    expect(negative.status).toBe(422);
    expect(negative.body.message).toMatch(/^positive-amount: /);
    const lateAmend = await stack.request('POST', `/funding-requests/${a}/amend`, {
      token: de,
      body: { amountCents: 1 },
    });
    expect(lateAmend).toMatchObject({
      status: 409,
      body: {
        message: expect.stringMatching(/^round fr-.* closed for submissions at .*; cannot amend a request$/),
      },
    });
    const lateExtend = await stack.request('POST', `/funding-rounds/${short}/extend`, {
      token: sec,
      body: { closesIn: 'PT1M', reason: 'too late' },
    });
    expect(lateExtend).toMatchObject({
      status: 409,
      body: {
        message: expect.stringMatching(
          /^round fr-.* closed for submissions at .*; cannot extend the submission window$/,
        ),
      },
    });
  });

  test('422: an Idempotency-Key reused with another body', async () => {
    const headers = { 'idempotency-key': 'de-second-request' };
    const first = await stack.request('POST', `/funding-rounds/${id}/requests`, {
      token: de,
      headers,
      body: { title: 'Airport liaison', priority: 'migrant-smuggling', description: 'x', amountCents: 5_000 },
    });
    expect(first.status).toBe(201);
    const again = await stack.request('POST', `/funding-rounds/${id}/requests`, {
      token: de,
      headers,
      body: { title: 'Airport liaison', priority: 'migrant-smuggling', description: 'x', amountCents: 5_000 },
    });
    expect(again).toMatchObject({ status: 201, body: { id: first.body.id } });
    const reused = await stack.request('POST', `/funding-rounds/${id}/requests`, {
      token: de,
      headers,
      body: { title: 'Airport liaison', priority: 'migrant-smuggling', description: 'x', amountCents: 6_000 },
    });
    expect(reused).toMatchObject({
      status: 422,
      body: { message: 'Idempotency-Key was already used with a different request' },
    });
  });
});
