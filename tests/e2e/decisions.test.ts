/**
 * A whole board decision over HTTP against the real stack (dev server, worker, API), and every
 * error code of docs/api-conventions.md with its message.
 */
import { startTestIssuer } from '../support/test-issuer';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let sec: string, de: string, deAlternate: string, fr: string, no: string, manager: string;

beforeAll(async () => {
  stack = await startStack();
  sec = stack.token({ sub: 'sofia', role: 'secretariat' });
  de = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  deAlternate = stack.token({ sub: 'bernd', role: 'member', seat: 'DE' });
  fr = stack.token({ sub: 'claire', role: 'member', seat: 'FR' });
  no = stack.token({ sub: 'nils', role: 'member', seat: 'NO' });
  manager = stack.token({ sub: 'mia', role: 'manager' });
});

afterAll(async () => {
  await stack?.stop();
});

const openDecision = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  stack.request('POST', '/decisions', {
    token: sec,
    body: { title: 'Adopt the template', ...body },
    headers,
  });

test('health, board and the OpenAPI document', async () => {
  expect(await stack.request('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  const board = await stack.request('GET', '/board', { token: manager });
  expect(board.status).toBe(200);
  expect(board.body.seats).toHaveLength(36);
  expect(board.body.seats.filter((s: { voting: boolean }) => s.voting)).toHaveLength(32);
  expect(board.body.seats).toContainEqual({
    code: 'NO',
    name: 'Norway',
    kind: 'schengen-associated',
    voting: false,
  });
  const doc = await stack.request('GET', '/openapi.json');
  expect(doc.status).toBe(200);
  expect(Object.keys(doc.body.paths)).toEqual(
    expect.arrayContaining(['/decisions', '/decisions/{id}', '/decisions/{id}/ballots', '/board', '/health']),
  );
  expect((await stack.request('GET', '/docs')).status).toBe(200);
  // The limit a JSON schema cannot state is in the fields' descriptions.
  const opening = doc.body.components.schemas.OpenDecisionDto.properties;
  expect(opening.closesIn.description).toMatch(/; at most P100Y$/);
  expect(opening.closesAt.description).toMatch(/; at most P100Y from now$/);
  // And that free text holds no NUL character (the record cannot store one).
  expect(opening.title.pattern).toBe('^[^\\u0000]*$');
});

test('a decision opened, voted by member and alternate, with an opinion, extended, and closed early', async () => {
  const opened = await openDecision({ rule: 'absolute', closesIn: 'PT60S', recused: ['AT'] });
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({ status: 'open', outcome: null, rule: 'absolute', yesRequired: 16 });
  expect(opened.body.electorate).toHaveLength(31);
  const id = opened.body.id as string;

  const first = await stack.request('POST', `/decisions/${id}/ballots`, {
    token: de,
    body: { choice: 'no' },
  });
  expect(first.status).toBe(200);
  expect(first.body.tally).toEqual({ yes: 0, no: 1, abstain: 0, objections: 0 });
  const changed = await stack.request('POST', `/decisions/${id}/ballots`, {
    token: deAlternate,
    body: { choice: 'yes' },
  });
  expect(changed.body.tally).toEqual({ yes: 1, no: 0, abstain: 0, objections: 0 });
  expect(changed.body.ballots).toEqual([
    expect.objectContaining({
      seat: 'DE',
      choice: 'yes',
      castBy: 'bernd-keller',
      actingAs: { name: 'Bernd Keller', capacity: 'alternate' },
    }),
  ]);

  const opinion = await stack.request('POST', `/decisions/${id}/opinions`, {
    token: no,
    body: { text: 'Norway agrees.' },
  });
  expect(opinion.status).toBe(201);
  expect(opinion.body.opinions).toEqual([
    expect.objectContaining({
      seat: 'NO',
      text: 'Norway agrees.',
      by: 'nils-hansen',
      actingAs: { name: 'Nils Hansen', capacity: 'member' },
    }),
  ]);

  const extended = await stack.request('POST', `/decisions/${id}/extend`, {
    token: sec,
    body: { closesIn: 'PT120S', reason: 'two delegations asked' },
  });
  expect(extended.status).toBe(200);
  expect(extended.body.extensions).toHaveLength(1);

  // The other seats without a vote say they have none, and the secretariat records how the Board
  // took Norway's opinion into account: without both, no early close.
  for (const seat of ['IS', 'LI', 'CH']) {
    const declined = await stack.request('POST', `/decisions/${id}/opinions/decline`, {
      token: stack.token({ sub: `${seat.toLowerCase()}-member`, role: 'member', seat }),
    });
    expect(declined.status).toBe(200);
  }
  const response = await stack.request('POST', `/decisions/${id}/opinions/1/response`, {
    token: sec,
    body: { text: 'Noted with thanks.' },
  });
  expect(response.status).toBe(200);

  // 15 more yes: 16 of 31 is an absolute majority, so the vote closes at once.
  const voters = ['BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT'];
  for (const seat of voters) {
    const r = await stack.request('POST', `/decisions/${id}/ballots`, {
      token: stack.token({ sub: `${seat.toLowerCase()}-member`, role: 'member', seat }),
      body: { choice: 'yes' },
    });
    expect(r.status).toBe(200);
  }
  const closed = await waitFor(id, (d) => d.status === 'closed');
  expect(closed).toMatchObject({
    status: 'closed',
    outcome: 'adopted',
    tally: { yes: 16, no: 0, abstain: 0, objections: 0 },
  });
  expect(closed.ballotHistory).toHaveLength(17);

  const late = await stack.request('POST', `/decisions/${id}/ballots`, { token: fr, body: { choice: 'no' } });
  expect(late).toMatchObject({ status: 409, body: { statusCode: 409, error: 'Conflict' } });
  expect(late.body.message).toMatch(/closed/);
});

test('a real deadline of a few seconds: failed quorum', async () => {
  const opened = await openDecision({ rule: 'simple', quorum: 0.5, closesIn: 'PT3S' });
  expect(opened.status).toBe(201);
  await stack.request('POST', `/decisions/${opened.body.id}/ballots`, { token: de, body: { choice: 'yes' } });
  const closed = await waitFor(opened.body.id, (d) => d.status === 'closed', 15000);
  expect(closed.outcome).toBe('failed-quorum');
});

test('withdrawal by the secretariat', async () => {
  const opened = await openDecision({ closesIn: 'P14D' });
  const withdrawn = await stack.request('POST', `/decisions/${opened.body.id}/withdraw`, {
    token: sec,
    body: { reason: 'superseded' },
  });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({
    status: 'closed',
    outcome: 'withdrawn',
    withdrawal: { reason: 'superseded', by: 'sofia-marin' },
  });
});

test('Idempotency-Key: the same ballot and the same opening count once; a reused key is refused', async () => {
  const headers = { 'Idempotency-Key': 'open-1' };
  const a = await openDecision({ closesIn: 'P7D', rule: 'simple' }, headers);
  const b = await openDecision({ closesIn: 'P7D', rule: 'simple' }, headers);
  expect(a.status).toBe(201);
  expect(b.status).toBe(201);
  expect(b.body.id).toBe(a.body.id);
  const reusedOpen = await openDecision({ closesIn: 'P7D', rule: 'absolute' }, headers);
  expect(reusedOpen.status).toBe(422);
  expect(reusedOpen.body.message).toMatch(/Idempotency-Key/);

  const id = a.body.id as string;
  const ballot = { token: de, body: { choice: 'yes' }, headers: { 'Idempotency-Key': 'ballot-1' } };
  const first = await stack.request('POST', `/decisions/${id}/ballots`, ballot);
  const again = await stack.request('POST', `/decisions/${id}/ballots`, ballot);
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  const state = await stack.request('GET', `/decisions/${id}`, { token: manager });
  expect(state.body.ballotHistory).toHaveLength(1);
  const reused = await stack.request('POST', `/decisions/${id}/ballots`, {
    ...ballot,
    body: { choice: 'no' },
  });
  expect(reused.status).toBe(422);
  expect(reused.body.message).toBe('Idempotency-Key was already used with a different request');
});

describe('every error code with its message', () => {
  let id: string;
  beforeAll(async () => {
    id = (await openDecision({ closesIn: 'P14D', recused: ['PL'] })).body.id;
  });

  test('400: the message names the field', async () => {
    const cases: [Record<string, unknown>, string | RegExp][] = [
      [{ closesIn: 'P14D', title: '' }, 'title should not be empty'],
      [
        { closesIn: 'P14D', rule: 'majority' },
        'rule must be one of simple, absolute, two-thirds, unanimity, silence',
      ],
      [{ closesIn: 'P14D', quorum: 2 }, 'quorum must not be greater than 1'],
      [{ closesIn: '14 days' }, 'closesIn must be a positive ISO 8601 duration such as P14D or PT30S'],
      [{ closesAt: '2020-01-01T00:00:00Z' }, 'closesAt must be in the future'],
      // A deadline past the year 9999 once made Temporal refuse the start (a 500).
      [{ closesIn: 'P9999Y' }, 'closesIn must be at most P100Y'],
      [{ closesAt: '9999-12-31T23:59:59Z' }, 'closesAt must be at most P100Y from now'],
      [{}, 'closesAt or closesIn is required'],
      [{ closesIn: 'P1D', closesAt: '2099-01-01T00:00:00Z' }, 'give closesAt or closesIn, not both'],
      [{ closesIn: 'P1D', color: 'red' }, 'property color should not exist'],
      // PostgreSQL cannot store it: the item would never have reached the board's record.
      [{ closesIn: 'P1D', title: 'Budget\u00002027' }, 'title must not contain the NUL character (U+0000)'],
      [{ closesIn: 'P1D', recused: ['XX'] }, 'recused: unknown seat XX'],
    ];
    for (const [body, message] of cases) {
      const r = await openDecision(body);
      expect({ body, status: r.status, error: r.body.error }).toEqual({
        body,
        status: 400,
        error: 'Bad Request',
      });
      expect([r.body.message].flat().join('; ')).toContain(message);
    }
    // A search with it failed the record's query (a 500); an id with it names nothing.
    expect(await stack.request('GET', '/decisions?q=budget%00', { token: sec })).toMatchObject({
      status: 400,
      body: { message: 'q must not contain the NUL character (U+0000)' },
    });
    expect(await stack.request('GET', '/decisions/dec-1%00', { token: sec })).toMatchObject({
      status: 404,
      body: { message: 'no id contains the NUL character (U+0000)' },
    });
    const badChoice = await stack.request('POST', `/decisions/${id}/ballots`, {
      token: de,
      body: { choice: 'maybe' },
    });
    expect(badChoice).toMatchObject({
      status: 400,
      body: { message: ['choice must be one of yes, no, abstain, object'] },
    });
    const objectUnderAbsolute = await stack.request('POST', `/decisions/${id}/ballots`, {
      token: de,
      body: { choice: 'object' },
    });
    expect(objectUnderAbsolute).toMatchObject({
      status: 400,
      body: { message: 'choice must be one of yes, no, abstain under the absolute rule' },
    });
    const malformed = await stack.request('POST', '/decisions', { token: sec, body: '{"title": ' });
    expect(malformed.status).toBe(400);
  });

  test('401: no token, expired token, token signed with another key', async () => {
    const none = await stack.request('GET', `/decisions/${id}`);
    expect(none).toMatchObject({
      status: 401,
      body: {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'missing bearer token (Authorization: Bearer <JWT>)',
      },
    });
    const expired = await stack.request('GET', `/decisions/${id}`, {
      token: stack.token({ sub: 'x', role: 'manager' }, -10),
    });
    expect(expired).toMatchObject({ status: 401, body: { message: 'token expired' } });
    const other = await startTestIssuer();
    const foreign = other.token({ role: 'secretariat' });
    await other.stop();
    expect(await stack.request('GET', `/decisions/${id}`, { token: foreign })).toMatchObject({
      status: 401,
      body: { message: `token from another issuer (this API trusts ${stack.issuer?.issuer})` },
    });
  });

  test('403: role, voting right, recusal', async () => {
    const memberOpens = await stack.request('POST', '/decisions', {
      token: de,
      body: { title: 't', closesIn: 'P1D' },
    });
    expect(memberOpens).toMatchObject({
      status: 403,
      body: { error: 'Forbidden', message: 'this action is for secretariat; Anna Schmidt is member for DE' },
    });
    const managerVotes = await stack.request('POST', `/decisions/${id}/ballots`, {
      token: manager,
      body: { choice: 'yes' },
    });
    expect(managerVotes).toMatchObject({
      status: 403,
      body: { message: 'this action is for member; Mia Novak is manager' },
    });
    const nonVoting = await stack.request('POST', `/decisions/${id}/ballots`, {
      token: no,
      body: { choice: 'yes' },
    });
    expect(nonVoting).toMatchObject({ status: 403, body: { message: 'seat NO has no vote on this board' } });
    const recused = await stack.request('POST', `/decisions/${id}/ballots`, {
      token: stack.token({ sub: 'piotr', role: 'member', seat: 'PL' }),
      body: { choice: 'yes' },
    });
    expect(recused).toMatchObject({
      status: 403,
      body: { message: 'seat PL is recused from this decision' },
    });
    const memberExtends = await stack.request('POST', `/decisions/${id}/extend`, {
      token: de,
      body: { closesIn: 'P20D', reason: 'x' },
    });
    expect(memberExtends.status).toBe(403);
  });

  test('404: unknown decision', async () => {
    for (const unknown of ['dec-doesnotexist', 'not-a-decision']) {
      const r = await stack.request('GET', `/decisions/${unknown}`, { token: manager });
      expect(r).toMatchObject({
        status: 404,
        body: { statusCode: 404, error: 'Not Found', message: `decision ${unknown} not found` },
      });
    }
    const ballot = await stack.request('POST', '/decisions/dec-doesnotexist/ballots', {
      token: de,
      body: { choice: 'yes' },
    });
    expect(ballot.status).toBe(404);
  });

  test('409 and 422: not in this state, refused by a rule', async () => {
    const current = await stack.request('GET', `/decisions/${id}`, { token: manager });
    const earlier = await stack.request('POST', `/decisions/${id}/extend`, {
      token: sec,
      body: {
        closesAt: new Date(Date.parse(current.body.closesAt) - 3600_000).toISOString(),
        reason: 'shorter',
      },
    });
    expect(earlier).toMatchObject({ status: 422, body: { error: 'Unprocessable Entity' } });
    expect(earlier.body.message).toMatch(/^an extension must move the deadline later than/);
    await stack.request('POST', `/decisions/${id}/withdraw`, { token: sec, body: { reason: 'done' } });
    const again = await stack.request('POST', `/decisions/${id}/withdraw`, {
      token: sec,
      body: { reason: 'again' },
    });
    expect(again).toMatchObject({ status: 409, body: { error: 'Conflict' } });
    expect(again.body.message).toMatch(/is closed \(withdrawn\)/);
  });
});

/** Polls the decision until `done` holds. */
async function waitFor(id: string, done: (d: any) => boolean, timeoutMs = 10000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await stack.request('GET', `/decisions/${id}`, { token: manager });
    if (done(r.body) || Date.now() > until) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
