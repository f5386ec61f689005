/**
 * A priority-setting cycle over HTTP against the real stack (dev server, worker, API) with windows
 * of a few seconds: proposals (amended, withdrawn), rankings, the Schulze draft, a rejected and an
 * adopted programme, the work programme in force and by period, an ad hoc action, a funding round
 * taking its priorities from the programme, cancellation; and the refusals (400, 403, 404, 409,
 * 422) with their messages.
 */
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string, de: string, fr: string, at: string, no: string, manager: string;
/** The 32 voting seats of the ILO board. */
const voting = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV',
  'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'COM1', 'COM2', 'FRONTEX', 'EUROPOL', 'EUAA',
]; // prettier-ignore

beforeAll(async () => {
  stack = await startStack();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  fr = stack.token({ sub: 'claire', role: 'member', seat: 'FR' });
  at = stack.token({ sub: 'lena', role: 'member', seat: 'AT' });
  no = stack.token({ sub: 'nils', role: 'member', seat: 'NO' });
  manager = stack.token({ sub: 'mia', role: 'manager' });
});

afterAll(async () => {
  await stack?.stop();
});

const member = (seat: string) => stack.token({ sub: `${seat.toLowerCase()}-m`, role: 'member', seat });

const cycleBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Work programme (e2e)',
  // A period that has begun, so the adopted programme is in force at once.
  periodStart: new Date(Date.now() - 60_000).toISOString(),
  periodEnd: new Date(Date.now() + 3_600_000).toISOString(),
  proposalsCloseIn: 'PT5S',
  rankingCloseIn: 'PT10S',
  rule: 'absolute',
  votingIn: 'PT60S',
  topN: 2,
  nextCycleOpensBefore: null,
  ...overrides,
});

const post = (path: string, token: string, body: unknown = {}, headers?: Record<string, string>) =>
  stack.request('POST', path, { token, body, headers });

/** Polls `GET path` until `done` holds. */
async function getWhen(path: string, done: (status: number, body: any) => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await stack.request('GET', path, { token: manager });
    if (done(r.status, r.body) || Date.now() > until) return r;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function vote(decisionId: string, seats: string[], choice: string) {
  // The seats without a vote say they have no opinion first: until then the decision cannot close early.
  for (const seat of ['IS', 'LI', 'NO', 'CH']) {
    const r = await post(`/decisions/${decisionId}/opinions/decline`, member(seat), undefined);
    expect([200, 409]).toContain(r.status);
  }
  for (const seat of seats) {
    const r = await post(`/decisions/${decisionId}/ballots`, member(seat), { choice });
    // The decision may close early on an earlier ballot: later ones are refused as closed.
    if (r.status === 409) return;
    expect(r.status).toBe(200);
  }
}

test('a cycle from proposals to the programme in force: rankings, a rejected then adopted draft, an ad hoc action, funding from the programme', async () => {
  const opened = await post('/priority-cycles', sec, cycleBody(), { 'Idempotency-Key': 'cycle-e2e' });
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({ status: 'proposals', proposals: [], result: null, programme: null });
  const id = opened.body.id as string;
  expect(id).toMatch(/^pc-/);
  const again = await post('/priority-cycles', sec, cycleBody({ title: 'Another' }), {
    'Idempotency-Key': 'cycle-e2e',
  });
  expect(again).toMatchObject({
    status: 422,
    body: { message: 'Idempotency-Key was already used with a different request' },
  });

  const smuggling = await post(`/priority-cycles/${id}/proposals`, de, {
    title: 'Smuggling routes through the Balkans',
    theme: 'migrant-smuggling',
    region: 'Western Balkans',
  });
  expect(smuggling).toMatchObject({ status: 201, body: { seat: 'DE', status: 'open', n: 1 } });
  const border = await post(`/priority-cycles/${id}/proposals`, fr, {
    title: 'Sahel',
    theme: 'border-management',
  });
  const exchange = await post(`/priority-cycles/${id}/proposals`, no, {
    title: 'Information exchange with Frontex',
    theme: 'information-exchange',
  });
  expect(exchange.status).toBe(201); // a seat without a vote proposes too
  const dropped = await post(`/priority-cycles/${id}/proposals`, at, {
    title: 'Training',
    theme: 'capacity-building',
  });

  const badTheme = await post(`/priority-cycles/${id}/proposals`, de, { title: 'Tourism', theme: 'tourism' });
  expect(badTheme).toMatchObject({ status: 400, body: { error: 'Bad Request' } });
  expect(badTheme.body.message).toContain('theme must be one of migrant-smuggling, return-and-readmission');
  const noTitle = await post(`/priority-cycles/${id}/proposals`, de, { theme: 'migrant-smuggling' });
  expect(noTitle.status).toBe(400);
  expect(noTitle.body.message).toContain('title must be a string');
  const bySecretariat = await post(`/priority-cycles/${id}/proposals`, sec, {
    title: 'x',
    theme: 'migrant-smuggling',
  });
  expect(bySecretariat.status).toBe(403);

  const amended = await post(`/priority-cycles/${id}/proposals/${border.body.id}/amend`, fr, {
    title: 'Border management in the Sahel',
    region: 'Sahel',
  });
  expect(amended).toMatchObject({
    status: 200,
    body: { title: 'Border management in the Sahel', region: 'Sahel' },
  });
  const notYours = await post(`/priority-cycles/${id}/proposals/${border.body.id}/amend`, de, {
    title: 'Mine',
  });
  expect(notYours).toMatchObject({
    status: 403,
    body: { message: `proposal ${border.body.id} belongs to seat FR, not DE` },
  });
  const withdrawn = await post(`/priority-cycles/${id}/proposals/${dropped.body.id}/withdraw`, at, {
    reason: 'merged',
  });
  expect(withdrawn).toMatchObject({ status: 200, body: { status: 'withdrawn' } });
  const early = await post(`/priority-cycles/${id}/rankings`, de, { ranking: [smuggling.body.id] });
  expect(early.status).toBe(409);
  expect(early.body.message).toMatch(/takes rankings once the proposal window closes/);

  const ranking = await getWhen(`/priority-cycles/${id}`, (_, b) => b.status === 'ranking');
  expect(ranking.body.awaitingRankings).toHaveLength(32);
  const late = await post(`/priority-cycles/${id}/proposals`, de, {
    title: 'Late',
    theme: 'legal-migration',
  });
  expect(late).toMatchObject({ status: 409 });
  expect(late.body.message).toMatch(/closed for proposals at .*; cannot propose a priority$/);

  const [s, b, e] = [smuggling.body.id, border.body.id, exchange.body.id];
  for (const [token, list] of [
    [de, [s, b]],
    [fr, [b, e, s]],
    [at, [b, s]],
    [member('IT'), [e, b]],
    [de, [s, b, e]], // DE changes its mind: the latest counts
  ] as const) {
    const r = await post(`/priority-cycles/${id}/rankings`, token, { ranking: list });
    expect(r.status).toBe(201);
  }
  // The seats that have not ranked see it in /me/pending (visibility trails by about a second).
  const be = member('BE');
  let pendingForBe: any[] = [];
  for (let i = 0; i < 50 && !pendingForBe.some((item) => item.id === id); i++) {
    pendingForBe = (await stack.request('GET', '/me/pending', { token: be })).body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(pendingForBe.find((item) => item.id === id)).toMatchObject({
    kind: 'priority-cycle',
    action: 'submit your ranking',
    dueAt: ranking.body.rankingCloseAt,
  });
  const noVote = await post(`/priority-cycles/${id}/rankings`, no, { ranking: [s] });
  expect(noVote).toMatchObject({
    status: 403,
    body: { message: 'seat NO has no vote; only voting seats rank the proposals' },
  });
  const unknown = await post(`/priority-cycles/${id}/rankings`, de, { ranking: [s, s, 'pc-nope-p1'] });
  expect(unknown.status).toBe(400);
  expect(unknown.body.message).toContain(`ranking names proposal ${s} twice`);

  const drafting = await getWhen(`/priority-cycles/${id}`, (_, body) => body.status === 'drafting');
  expect(drafting.body.rankings.find((r: any) => r.seat === 'DE')).toMatchObject({
    revision: 2,
    ranking: [s, b, e],
  });
  expect(drafting.body.result.map((r: any) => r.proposalId)).toEqual([b, s, e]);
  expect(drafting.body.draft.map((d: any) => d.proposalId)).toEqual([b, s]);
  expect(drafting.body.method).toMatchObject({ name: 'schulze' });

  const memberSubmits = await post(`/priority-cycles/${id}/draft/submit`, de);
  expect(memberSubmits.status).toBe(403);
  const first = await post(`/priority-cycles/${id}/draft/submit`, sec);
  expect(first).toMatchObject({ status: 201, body: { status: 'voting', decisionId: `dec-${id}-d1` } });
  const whileVoting = await post(`/priority-cycles/${id}/draft`, sec, { items: [{ proposalId: e }] });
  expect(whileVoting.status).toBe(409);
  expect(whileVoting.body.message).toContain(`the Board is voting on the draft (dec-${id}-d1)`);
  await vote(`dec-${id}-d1`, voting.slice(0, 16), 'no');
  const rejected = await getWhen(`/priority-cycles/${id}`, (_, body) => body.status === 'drafting');
  expect(rejected.body.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'rejected' })]);

  const edited = await post(`/priority-cycles/${id}/draft`, sec, {
    items: [
      { proposalId: b },
      { proposalId: e },
      { title: 'Joint return flights', theme: 'return-and-readmission' },
    ],
  });
  expect(edited).toMatchObject({ status: 200 });
  expect(edited.body.draft.map((d: any) => d.title)).toEqual([
    'Border management in the Sahel',
    'Information exchange with Frontex',
    'Joint return flights',
  ]);
  const badEdit = await post(`/priority-cycles/${id}/draft`, sec, { items: [{ title: 'No theme' }] });
  expect(badEdit).toMatchObject({
    status: 400,
    body: { message: 'items[0] needs a proposalId, or a title and a theme' },
  });
  const second = await post(`/priority-cycles/${id}/draft/submit`, sec);
  expect(second.body.decisionId).toBe(`dec-${id}-d2`);
  await vote(`dec-${id}-d2`, voting.slice(0, 17), 'yes');
  const inForce = await getWhen(`/priority-cycles/${id}`, (_, body) => body.status === 'in-force');
  expect(inForce.body).toMatchObject({ decisionId: `dec-${id}-d2` });
  expect(inForce.body.attempts.map((a: any) => a.outcome)).toEqual(['rejected', 'adopted']);

  // The programme in force, found through visibility (which trails by about a second).
  const programme = await getWhen('/work-programme', (status, body) => status === 200 && body.cycleId === id);
  expect(programme.status).toBe(200);
  expect(programme.body).toMatchObject({
    cycleId: id,
    status: 'in-force',
    decisionId: `dec-${id}-d2`,
    adHocActions: [],
  });
  expect(programme.body.priorities.map((p: any) => [p.id, p.rank, p.title])).toEqual([
    [`${id}-1`, 1, 'Border management in the Sahel'],
    [`${id}-2`, 2, 'Information exchange with Frontex'],
    [`${id}-3`, 3, 'Joint return flights'],
  ]);
  const byPeriod = await stack.request(
    'GET',
    `/work-programme?period=${inForce.body.periodStart}/${inForce.body.periodEnd}`,
    { token: de },
  );
  expect(byPeriod).toMatchObject({ status: 200, body: { cycleId: id } });
  const byYear = await stack.request(
    'GET',
    `/work-programme?period=${inForce.body.periodStart.slice(0, 4)}`,
    { token: de },
  );
  expect(byYear).toMatchObject({ status: 200, body: { cycleId: id } });
  const none = await stack.request('GET', '/work-programme?period=1999', { token: de });
  expect(none).toMatchObject({
    status: 404,
    body: { message: 'no adopted work programme for the period 1999' },
  });
  const badPeriod = await stack.request('GET', '/work-programme?period=soon', { token: de });
  expect(badPeriod.status).toBe(400);

  // An ad hoc action joins the programme once the Board adopts it.
  const action = await post(`/priority-cycles/${id}/ad-hoc-actions`, sec, {
    title: 'Emergency response: new route via Belarus',
    theme: 'border-management',
    region: 'Belarus',
    reason: 'emerging need',
  });
  expect(action).toMatchObject({
    status: 201,
    body: { id: `${id}-x1`, decisionId: `dec-${id}-x1`, outcome: null },
  });
  await vote(`dec-${id}-x1`, voting.slice(0, 17), 'yes');
  const withAction = await getWhen('/work-programme', (_, body) => body.adHocActions?.length === 1);
  expect(withAction.body.adHocActions[0]).toMatchObject({
    id: `${id}-x1`,
    adHoc: true,
    decisionId: `dec-${id}-x1`,
  });

  // A funding round opened without priorities takes the programme's.
  const round = await post('/funding-rounds', sec, {
    title: 'ILO activities (programme priorities)',
    envelopeCents: 1_000_000,
    closesIn: 'PT30S',
    decision: { votingIn: 'PT60S' },
  });
  expect(round.status).toBe(201);
  expect(round.body.priorities).toEqual([`${id}-1`, `${id}-2`, `${id}-3`, `${id}-x1`]);

  const cancelAdopted = await post(`/priority-cycles/${id}/cancel`, sec, { reason: 'no' });
  expect(cancelAdopted.status).toBe(409);
  expect(cancelAdopted.body.message).toBe(
    `cycle ${id} is in-force; only a cycle whose programme is not yet adopted can be cancelled`,
  );
});

test('opening refusals, date changes and cancellation', async () => {
  const bad = await post(
    '/priority-cycles',
    sec,
    cycleBody({ periodEnd: undefined, proposalsCloseIn: 'soon' }),
  );
  expect(bad).toMatchObject({ status: 400 });
  expect(bad.body.message).toContain('periodEnd must be a string');
  const inverted = await post('/priority-cycles', sec, cycleBody({ rankingCloseIn: 'PT2S' }));
  expect(inverted).toMatchObject({
    status: 400,
    body: { message: ['rankingCloseAt must come after proposalsCloseAt'] },
  });
  const tooLate = await post('/priority-cycles', sec, cycleBody({ nextCycleOpensBefore: 'PT59M59S' }));
  expect(tooLate.status).toBe(422);
  expect(tooLate.body.message).toMatch(/^next-cycle-after-ranking: the next cycle would open at/);
  const byMember = await post('/priority-cycles', de, cycleBody());
  expect(byMember.status).toBe(403);
  expect((await stack.request('GET', '/priority-cycles/pc-unknown', { token: de })).status).toBe(404);
  expect((await stack.request('GET', '/priority-cycles/fr-nope', { token: de })).status).toBe(404);

  const opened = await post(
    '/priority-cycles',
    sec,
    cycleBody({ proposalsCloseIn: 'PT30S', rankingCloseIn: 'PT60S' }),
  );
  const id = opened.body.id as string;
  const moved = await post(`/priority-cycles/${id}/dates`, sec, {
    proposalsCloseIn: 'PT40S',
    reason: 'more time',
  });
  expect(moved.status).toBe(200);
  expect(moved.body.dateChanges).toEqual([
    expect.objectContaining({ field: 'proposalsCloseAt', reason: 'more time' }),
  ]);
  const crossed = await post(`/priority-cycles/${id}/dates`, sec, {
    rankingCloseIn: 'PT35S',
    reason: 'oops',
  });
  expect(crossed).toMatchObject({
    status: 400,
    body: { message: 'rankingCloseAt must come after proposalsCloseAt' },
  });
  const noReason = await post(`/priority-cycles/${id}/dates`, sec, { proposalsCloseIn: 'PT50S' });
  expect(noReason.status).toBe(400);

  const cancelled = await post(`/priority-cycles/${id}/cancel`, sec, { reason: 'superseded' });
  expect(cancelled).toMatchObject({
    status: 200,
    body: { status: 'cancelled', cancellation: { reason: 'superseded' } },
  });
  const after = await post(`/priority-cycles/${id}/proposals`, de, {
    title: 'Too late',
    theme: 'migrant-smuggling',
  });
  expect(after.status).toBe(409);
  expect(after.body.message).toMatch(
    new RegExp(`^(priority cycle ${id} is cancelled|cycle ${id} closed for proposals)`),
  );
});
