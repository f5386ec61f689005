/**
 * The authorization matrix: every route the API serves, read from its own `/openapi.json` (a
 * route without a row fails the test, so a new route cannot go unchecked), called by every kind
 * of caller, each getting exactly the status its row says:
 *
 * secretariat · voting member (DE, which owns the funding request and the reporting obligation) ·
 * DE's alternate (acts for DE wherever DE's member may) · member of the wrong seat (FR, a voting
 * member state that owns neither) · non-voting seat (NO) · manager · a person whose appointment
 * has ended (DE's former alternate: 403, naming it) · no token · expired token · token from
 * another OpenID provider.
 *
 * Each row names who may call it and with which success status; every other authenticated
 * caller gets 403 and the three unauthenticated ones 401. Callers that must be refused go first,
 * on a shared target; a caller that may act gets a fresh target when acting changes its state,
 * so each status shows authorization, not leftovers from the caller before.
 */
import { startStack, type Stack } from '../support/stack';
import { startTestIssuer } from '../support/test-issuer';

const kinds = [
  'secretariat',
  'votingMember',
  'alternate',
  'wrongSeat',
  'nonVoting',
  'manager',
  'endedAppointment',
  'noToken',
  'expiredToken',
  'foreignKey',
] as const;
type Kind = (typeof kinds)[number];
const unauthenticated: Kind[] = ['noToken', 'expiredToken', 'foreignKey'];

/** What one call sends. */
interface Target {
  path: string;
  body?: unknown;
}

interface Row {
  /** Who may call it, with the status they get; the rest get 403 (401 without a valid token). */
  allow: Partial<Record<Kind, number>>;
  /** The target for the callers refused, and for allowed callers unless `fresh` is set. */
  target: () => Promise<Target>;
  /** A new target for each allowed caller (acting changes the target's state). */
  fresh?: () => Promise<Target>;
}

let stack: Stack;
const tokens = {} as Record<Kind, string | undefined>;
const members: Kind[] = ['votingMember', 'alternate', 'wrongSeat', 'nonVoting'];
const readers: Kind[] = ['secretariat', ...members, 'manager'];
const all = (status: number, who: Kind[] = readers) => Object.fromEntries(who.map((k) => [k, status]));

async function post(path: string, kind: Kind, body: unknown): Promise<any> {
  const res = await stack.request('POST', path, { token: tokens[kind], body });
  if (res.status >= 300) throw new Error(`setup POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const decision = () =>
  post('/decisions', 'secretariat', {
    title: 'Matrix decision',
    rule: 'simple',
    closesIn: 'P30D',
    closeEarly: false,
  });
const roundBody = (closesIn = 'P30D') => ({
  title: 'Matrix round',
  envelopeCents: 1_000_000,
  closesIn,
  priorities: ['migrant-smuggling'],
  decision: { rule: 'absolute', votingIn: 'P7D' },
});
const requestBody = {
  title: 'Liaison network',
  amountCents: 100_000,
  priority: 'migrant-smuggling',
  description: 'Two ILOs',
};
const obligation = () =>
  post('/reporting-obligations', 'secretariat', { title: 'Matrix report', seat: 'DE', dueIn: 'P30D' });
const scheduleBody = { title: 'Matrix schedule', seats: ['DE'], cron: '0 9 31 3 *', dueIn: 'P30D' };
const cycleBody = (proposalsCloseIn = 'P30D', rankingCloseIn = 'P60D') => ({
  title: 'Matrix work programme',
  periodStart: new Date(Date.now() + 90 * 86_400_000).toISOString(),
  periodEnd: new Date(Date.now() + 820 * 86_400_000).toISOString(),
  proposalsCloseIn,
  rankingCloseIn,
  rule: 'absolute',
  votingIn: 'P7D',
  topN: 2,
  nextCycleOpensBefore: null,
});
const cycle = () => post('/priority-cycles', 'secretariat', cycleBody());
const proposal = (cycleId: string, kind: Kind = 'votingMember') =>
  post(`/priority-cycles/${cycleId}/proposals`, kind, {
    title: 'Smuggling routes',
    theme: 'migrant-smuggling',
  });

const meetingBody = () => ({
  title: 'Matrix meeting',
  startsAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
  endsAt: new Date(Date.now() + 40 * 86_400_000 + 7_200_000).toISOString(),
  place: 'Brussels',
  agenda: [
    { title: 'Information', kind: 'information' },
    { title: 'Matrix item', kind: 'decision' },
  ],
});
const meeting = () => post('/meetings', 'secretariat', meetingBody());

/** Shared items, made once. */
let shared: {
  /** A meeting convened 40 days ahead: not yet open, so every in-session write is 409. */
  meeting: string;
  decision: string;
  round: string;
  request: string;
  obligation: string;
  schedule: string;
  /** A round whose window has closed, with a DE request: ready for an allocation. */
  assessing: { round: string; request: string };
  /** A priority cycle taking proposals, with one of DE's. */
  cycle: { id: string; proposal: string };
  /** A priority cycle taking rankings, with one proposal. */
  ranking: { id: string; proposal: string };
};

beforeAll(async () => {
  stack = await startStack();
  tokens.secretariat = stack.token({ sub: 'sofia', role: 'secretariat' });
  tokens.votingMember = stack.token({ sub: 'anna', role: 'member', seat: 'DE' });
  tokens.alternate = stack.token({ role: 'member', seat: 'DE', capacity: 'alternate' });
  // Karl Weber was DE's alternate until mid-2026 (config/ilo-board.json).
  tokens.endedAppointment = stack.tokenForEmail('karl.weber@ilo-board.example');
  tokens.wrongSeat = stack.token({ sub: 'claire', role: 'member', seat: 'FR' });
  tokens.nonVoting = stack.token({ sub: 'nils', role: 'member', seat: 'NO' });
  tokens.manager = stack.token({ sub: 'mia', role: 'manager' });
  tokens.noToken = undefined;
  tokens.expiredToken = stack.token({ sub: 'sofia', role: 'secretariat' }, -60);
  const other = await startTestIssuer();
  tokens.foreignKey = other.token({ role: 'secretariat' });
  await other.stop();

  const closing = await post('/funding-rounds', 'secretariat', roundBody('PT3S'));
  const closingRequest = await post(`/funding-rounds/${closing.id}/requests`, 'votingMember', requestBody);
  const round = await post('/funding-rounds', 'secretariat', roundBody());
  const proposing = await cycle();
  const ranking = await post('/priority-cycles', 'secretariat', cycleBody('PT3S', 'P30D'));
  const ranked = await proposal(ranking.id);
  shared = {
    meeting: (await meeting()).id,
    cycle: { id: proposing.id, proposal: (await proposal(proposing.id)).id },
    ranking: { id: ranking.id, proposal: ranked.id },
    decision: (await decision()).id,
    round: round.id,
    request: (await post(`/funding-rounds/${round.id}/requests`, 'votingMember', requestBody)).id,
    obligation: (await obligation()).id,
    schedule: (await post('/reporting-schedules', 'secretariat', scheduleBody)).id,
    assessing: { round: closing.id, request: closingRequest.id },
  };
  // The short windows close: the allocation row needs the round assessing, the rankings row the
  // cycle ranking.
  for (const [path, status] of [
    [`/funding-rounds/${closing.id}`, 'assessing'],
    [`/priority-cycles/${ranking.id}`, 'ranking'],
  ]) {
    for (const until = Date.now() + 20_000; Date.now() < until;) {
      const r = await stack.request('GET', path, { token: tokens.manager });
      if (r.body.status === status) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
});

afterAll(async () => {
  await stack?.stop();
});

const at = (path: string, body?: unknown) => () => Promise.resolve({ path, body });

let appointees = 0;
/** A new manager to appoint. */
const appointee = () => ({
  person: { name: `Matrix Person ${++appointees}`, email: `matrix-${appointees}@ilo-board.example` },
  role: 'manager',
});
/** The id of an appointment just made. */
const appointed = async () => (await post('/board/roster', 'secretariat', appointee())).id as string;

/** The matrix, one row per `METHOD /path` of the OpenAPI document. */
const rows: Record<string, Row> = {
  'GET /health': { allow: all(200, [...kinds]), target: at('/health') },
  'GET /health/live': { allow: all(200, [...kinds]), target: at('/health/live') },
  'GET /health/ready': { allow: all(200, [...kinds]), target: at('/health/ready') },
  'GET /board': { allow: all(200), target: at('/board') },
  'GET /auth/me': { allow: all(200), target: at('/auth/me') },
  // The pages' session routes answer anyone (these callers send tokens, not the session cookie).
  'GET /auth/session': { allow: all(200, [...kinds]), target: at('/auth/session') },
  'POST /auth/sign-out': { allow: all(200, [...kinds]), target: at('/auth/sign-out') },
  'GET /board/roster': { allow: all(200), target: at('/board/roster') },
  'POST /board/roster': {
    allow: { secretariat: 201 },
    target: at('/board/roster', appointee()),
    fresh: async () => ({ path: '/board/roster', body: appointee() }),
  },
  'POST /board/roster/{id}/end': {
    allow: { secretariat: 200 },
    target: async () => ({ path: `/board/roster/${await appointed()}/end`, body: { reason: 'matrix' } }),
    fresh: async () => ({ path: `/board/roster/${await appointed()}/end`, body: { reason: 'matrix' } }),
  },

  'POST /decisions': {
    allow: { secretariat: 201 },
    target: at('/decisions', { title: 'Matrix', rule: 'simple', closesIn: 'P30D' }),
  },
  'GET /decisions/{id}': { allow: all(200), target: async () => ({ path: `/decisions/${shared.decision}` }) },
  'POST /decisions/{id}/ballots': {
    allow: { votingMember: 200, wrongSeat: 200 },
    target: async () => ({ path: `/decisions/${shared.decision}/ballots`, body: { choice: 'yes' } }),
  },
  'POST /decisions/{id}/opinions': {
    allow: all(201, members),
    target: async () => ({ path: `/decisions/${shared.decision}/opinions`, body: { text: 'We agree.' } }),
  },
  'POST /decisions/{id}/opinions/decline': {
    // Only a seat with the right to an opinion has one to decline; voting seats are refused (403).
    allow: { nonVoting: 200 },
    target: async () => ({ path: `/decisions/${shared.decision}/opinions/decline` }),
    fresh: async () => ({ path: `/decisions/${(await decision()).id}/opinions/decline` }),
  },
  'POST /decisions/{id}/opinions/{n}/response': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/decisions/${shared.decision}/opinions/1/response`,
      body: { text: 'Taken into account.' },
    }),
    fresh: async () => {
      const { id } = await decision();
      await post(`/decisions/${id}/opinions`, 'nonVoting', { text: 'Norway agrees.' });
      return { path: `/decisions/${id}/opinions/1/response`, body: { text: 'Taken into account.' } };
    },
  },
  'POST /decisions/{id}/extend': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/decisions/${shared.decision}/extend`,
      body: { closesIn: 'P60D', reason: 'more time' },
    }),
  },
  'POST /decisions/{id}/withdraw': {
    allow: { secretariat: 200 },
    target: async () => ({ path: `/decisions/${shared.decision}/withdraw`, body: { reason: 'moot' } }),
    fresh: async () => ({ path: `/decisions/${(await decision()).id}/withdraw`, body: { reason: 'moot' } }),
  },

  // Meetings: the shared one is convened 40 days ahead, so in-session writes reach the role
  // check and are then refused by its state (409), alike for every caller allowed.
  'POST /meetings': {
    allow: { secretariat: 201 },
    target: async () => ({ path: '/meetings', body: meetingBody() }),
  },
  'GET /meetings': { allow: all(200), target: at('/meetings') },
  'GET /meetings/overview': {
    allow: { secretariat: 200, manager: 200 },
    target: at('/meetings/overview'),
  },
  'GET /meetings/{id}': { allow: all(200), target: async () => ({ path: `/meetings/${shared.meeting}` }) },
  'GET /meetings/{id}/invitation.ics': {
    allow: all(200),
    target: async () => ({ path: `/meetings/${shared.meeting}/invitation.ics` }),
  },
  'PUT /meetings/{id}/agenda': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/meetings/${shared.meeting}/agenda`,
      body: { items: meetingBody().agenda },
    }),
  },
  'POST /meetings/{id}/move': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/meetings/${shared.meeting}/move`,
      body: { startsAt: meetingBody().startsAt, endsAt: meetingBody().endsAt, reason: 'room' },
    }),
  },
  'POST /meetings/{id}/cancel': {
    allow: { secretariat: 200 },
    target: async () => ({ path: `/meetings/${shared.meeting}/cancel`, body: { reason: 'moot' } }),
    fresh: async () => ({ path: `/meetings/${(await meeting()).id}/cancel`, body: { reason: 'moot' } }),
  },
  'POST /meetings/{id}/attendance-answers': {
    allow: all(200, members),
    target: async () => ({
      path: `/meetings/${shared.meeting}/attendance-answers`,
      body: { answer: 'online' },
    }),
  },
  'POST /meetings/{id}/open': {
    allow: { secretariat: 409 },
    target: async () => ({ path: `/meetings/${shared.meeting}/open` }),
  },
  'PUT /meetings/{id}/attendance': {
    allow: { secretariat: 409 },
    target: async () => ({ path: `/meetings/${shared.meeting}/attendance`, body: { present: [] } }),
  },
  'POST /meetings/{id}/items/{n}/vote': {
    allow: { secretariat: 409 },
    target: async () => ({ path: `/meetings/${shared.meeting}/items/2/vote` }),
  },
  'POST /meetings/{id}/items/{n}/ballots': {
    allow: all(409, members),
    target: async () => ({ path: `/meetings/${shared.meeting}/items/2/ballots`, body: { choice: 'yes' } }),
  },
  // Nobody is present before the meeting opens: the secretariat is told so (422).
  'POST /meetings/{id}/items/{n}/roll-call': {
    allow: { secretariat: 422 },
    target: async () => ({
      path: `/meetings/${shared.meeting}/items/2/roll-call`,
      body: { seat: 'DE', choice: 'yes' },
    }),
  },
  'POST /meetings/{id}/items/{n}/close-vote': {
    allow: { secretariat: 409 },
    target: async () => ({ path: `/meetings/${shared.meeting}/items/2/close-vote` }),
  },
  'POST /meetings/{id}/items/{n}/opinions': {
    allow: all(409, members),
    target: async () => ({
      path: `/meetings/${shared.meeting}/items/2/opinions`,
      body: { text: 'We agree.' },
    }),
  },
  'POST /meetings/{id}/items/{n}/take': {
    allow: { secretariat: 409 },
    target: async () => ({ path: `/meetings/${shared.meeting}/items/1/take`, body: {} }),
  },
  'POST /meetings/{id}/items/{n}/defer': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/meetings/${shared.meeting}/items/2/defer`,
      body: { closesAt: new Date(Date.now() + 14 * 86_400_000).toISOString(), reason: 'papers late' },
    }),
    fresh: async () => ({
      path: `/meetings/${(await meeting()).id}/items/2/defer`,
      body: { closesAt: new Date(Date.now() + 14 * 86_400_000).toISOString(), reason: 'papers late' },
    }),
  },
  'POST /meetings/{id}/actions': {
    allow: { secretariat: 409 },
    target: async () => ({
      path: `/meetings/${shared.meeting}/actions`,
      body: {
        text: 'Circulate slides',
        ownerSeat: 'DE',
        dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        followUp: 'pending-action',
      },
    }),
  },
  // No action agreed yet: 404 naming it.
  'POST /meetings/{id}/actions/{n}/done': {
    allow: { secretariat: 404 },
    target: async () => ({ path: `/meetings/${shared.meeting}/actions/1/done` }),
  },
  'POST /meetings/{id}/close': {
    allow: { secretariat: 409 },
    target: async () => ({ path: `/meetings/${shared.meeting}/close` }),
  },
  'PUT /meetings/{id}/minutes': {
    allow: { secretariat: 409 },
    target: async () => ({ path: `/meetings/${shared.meeting}/minutes`, body: { text: 'Minutes' } }),
  },
  'POST /meetings/{id}/minutes/approve': {
    allow: { secretariat: 409 },
    target: async () => ({
      path: `/meetings/${shared.meeting}/minutes/approve`,
      body: { closesAt: new Date(Date.now() + 14 * 86_400_000).toISOString() },
    }),
  },
  // No minutes before the meeting is held: every reader is told so alike (409).
  'GET /meetings/{id}/minutes.pdf': {
    allow: all(409),
    target: async () => ({ path: `/meetings/${shared.meeting}/minutes.pdf` }),
  },

  'GET /calls': { allow: all(200), target: at('/calls') },
  'POST /funding-rounds': { allow: { secretariat: 201 }, target: at('/funding-rounds', roundBody()) },
  'GET /funding-rounds/{id}': {
    allow: all(200),
    target: async () => ({ path: `/funding-rounds/${shared.round}` }),
  },
  'POST /funding-rounds/{id}/requests': {
    // Only member states ask for funds: Norway's seat is refused.
    allow: { votingMember: 201, wrongSeat: 201 },
    target: async () => ({ path: `/funding-rounds/${shared.round}/requests`, body: requestBody }),
  },
  'POST /funding-rounds/{id}/extend': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/funding-rounds/${shared.round}/extend`,
      body: { closesIn: 'P60D', reason: 'more time' },
    }),
  },
  'POST /funding-rounds/{id}/allocation': {
    allow: { secretariat: 201 },
    target: async () => ({
      path: `/funding-rounds/${shared.assessing.round}/allocation`,
      body: { awards: [{ requestId: shared.assessing.request, amountCents: 100_000 }] },
    }),
  },
  'GET /funding-requests/{id}': {
    allow: all(200),
    target: async () => ({ path: `/funding-requests/${shared.request}` }),
  },
  'POST /funding-requests/{id}/amend': {
    allow: { votingMember: 200 },
    target: async () => ({
      path: `/funding-requests/${shared.request}/amend`,
      body: { amountCents: 90_000 },
    }),
  },
  'POST /funding-requests/{id}/withdraw': {
    allow: { votingMember: 200 },
    target: async () => ({
      path: `/funding-requests/${shared.request}/withdraw`,
      body: { reason: 'merged' },
    }),
    fresh: async () => {
      const request = await post(`/funding-rounds/${shared.round}/requests`, 'votingMember', requestBody);
      return { path: `/funding-requests/${request.id}/withdraw`, body: { reason: 'merged' } };
    },
  },

  'POST /reporting-obligations': {
    allow: { secretariat: 201 },
    target: at('/reporting-obligations', { title: 'Matrix report', seat: 'DE', dueIn: 'P30D' }),
  },
  'GET /reporting-obligations/{id}': {
    allow: all(200),
    target: async () => ({ path: `/reporting-obligations/${shared.obligation}` }),
  },
  'POST /reporting-obligations/{id}/submissions': {
    allow: { votingMember: 201 },
    target: async () => ({
      path: `/reporting-obligations/${shared.obligation}/submissions`,
      body: { summary: 'Interim report' },
    }),
    // One report awaits review at a time: DE's member and alternate each submit to their own.
    fresh: async () => ({
      path: `/reporting-obligations/${(await obligation()).id}/submissions`,
      body: { summary: 'Interim report' },
    }),
  },
  'POST /reporting-obligations/{id}/review': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/reporting-obligations/${shared.obligation}/review`,
      body: { accepted: true, comment: 'Fine' },
    }),
    fresh: async () => {
      const { id } = await obligation();
      await post(`/reporting-obligations/${id}/submissions`, 'votingMember', { summary: 'Report' });
      return { path: `/reporting-obligations/${id}/review`, body: { accepted: true, comment: 'Fine' } };
    },
  },
  'POST /reporting-obligations/{id}/extend': {
    allow: { secretariat: 200 },
    fresh: async () => ({
      path: `/reporting-obligations/${(await obligation()).id}/extend`,
      body: { dueIn: 'P60D', reason: 'more time' },
    }),
    target: async () => ({
      path: `/reporting-obligations/${shared.obligation}/extend`,
      body: { dueIn: 'P60D', reason: 'more time' },
    }),
  },
  'POST /reporting-obligations/{id}/waive': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/reporting-obligations/${shared.obligation}/waive`,
      body: { reason: 'n/a' },
    }),
    fresh: async () => ({
      path: `/reporting-obligations/${(await obligation()).id}/waive`,
      body: { reason: 'n/a' },
    }),
  },
  'GET /reporting-schedules': {
    allow: { secretariat: 200, manager: 200 },
    target: at('/reporting-schedules'),
  },
  'POST /reporting-schedules': {
    allow: { secretariat: 201 },
    target: at('/reporting-schedules', scheduleBody),
  },
  'GET /reporting-schedules/{id}': {
    allow: all(200),
    target: async () => ({ path: `/reporting-schedules/${shared.schedule}` }),
  },
  'POST /reporting-schedules/{id}/pause': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/reporting-schedules/${shared.schedule}/pause`,
      body: { reason: 'revision' },
    }),
  },
  'POST /reporting-schedules/{id}/unpause': {
    allow: { secretariat: 200 },
    target: async () => ({ path: `/reporting-schedules/${shared.schedule}/unpause`, body: {} }),
  },
  'DELETE /reporting-schedules/{id}': {
    allow: { secretariat: 204 },
    target: async () => ({ path: `/reporting-schedules/${shared.schedule}` }),
    fresh: async () => ({
      path: `/reporting-schedules/${(await post('/reporting-schedules', 'secretariat', scheduleBody)).id}`,
    }),
  },

  'POST /priority-cycles': { allow: { secretariat: 201 }, target: at('/priority-cycles', cycleBody()) },
  'GET /priority-cycles/{id}': {
    allow: all(200),
    target: async () => ({ path: `/priority-cycles/${shared.cycle.id}` }),
  },
  'POST /priority-cycles/{id}/proposals': {
    // Every seat proposes, the non-voting ones included.
    allow: all(201, members),
    target: async () => ({
      path: `/priority-cycles/${shared.cycle.id}/proposals`,
      body: { title: 'Sahel', theme: 'border-management' },
    }),
  },
  'POST /priority-cycles/{id}/proposals/{proposalId}/amend': {
    allow: { votingMember: 200 },
    target: async () => ({
      path: `/priority-cycles/${shared.cycle.id}/proposals/${shared.cycle.proposal}/amend`,
      body: { title: 'Smuggling routes through the Balkans' },
    }),
  },
  'POST /priority-cycles/{id}/proposals/{proposalId}/withdraw': {
    allow: { votingMember: 200 },
    target: async () => ({
      path: `/priority-cycles/${shared.cycle.id}/proposals/${shared.cycle.proposal}/withdraw`,
      body: { reason: 'merged' },
    }),
    fresh: async () => ({
      path: `/priority-cycles/${shared.cycle.id}/proposals/${(await proposal(shared.cycle.id)).id}/withdraw`,
      body: { reason: 'merged' },
    }),
  },
  'POST /priority-cycles/{id}/rankings': {
    allow: { votingMember: 201, wrongSeat: 201 },
    target: async () => ({
      path: `/priority-cycles/${shared.ranking.id}/rankings`,
      body: { ranking: [shared.ranking.proposal] },
    }),
  },
  // The draft exists once the rankings are in: taking proposals, the secretariat passes the role
  // check and is refused by the cycle's state (409); everyone else never gets that far.
  'POST /priority-cycles/{id}/draft': {
    allow: { secretariat: 409 },
    target: async () => ({
      path: `/priority-cycles/${shared.cycle.id}/draft`,
      body: { items: [{ proposalId: shared.cycle.proposal }] },
    }),
  },
  'POST /priority-cycles/{id}/draft/submit': {
    allow: { secretariat: 409 },
    target: async () => ({ path: `/priority-cycles/${shared.cycle.id}/draft/submit`, body: {} }),
  },
  // Ad hoc actions join an adopted programme; on a cycle still taking proposals, likewise 409.
  'POST /priority-cycles/{id}/ad-hoc-actions': {
    allow: { secretariat: 409 },
    target: async () => ({
      path: `/priority-cycles/${shared.cycle.id}/ad-hoc-actions`,
      body: { title: 'Emergency response', theme: 'border-management', reason: 'emerging need' },
    }),
  },
  'POST /priority-cycles/{id}/cancel': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/priority-cycles/${shared.cycle.id}/cancel`,
      body: { reason: 'superseded' },
    }),
    fresh: async () => ({
      path: `/priority-cycles/${(await cycle()).id}/cancel`,
      body: { reason: 'superseded' },
    }),
  },
  'POST /priority-cycles/{id}/dates': {
    allow: { secretariat: 200 },
    target: async () => ({
      path: `/priority-cycles/${shared.cycle.id}/dates`,
      body: { proposalsCloseIn: 'P40D', reason: 'more time' },
    }),
  },
  // No programme adopted yet in this stack: every caller is told so alike.
  'GET /work-programme': { allow: all(404), target: at('/work-programme') },

  'GET /me/pending': { allow: all(200, members), target: at('/me/pending') },
  'GET /me/calendar.ics': { allow: all(200, members), target: at('/me/calendar.ics') },
  // Everyone with an appointment has a calendar feed of their own.
  'GET /me/calendar-feed': { allow: all(200), target: at('/me/calendar-feed') },
  'POST /me/calendar-feed': { allow: all(201), target: at('/me/calendar-feed') },
  'DELETE /me/calendar-feed': { allow: all(200), target: at('/me/calendar-feed') },
  // The feed's URL is its own credential: no caller's token opens an unknown one.
  'GET /calendar-feeds/{token}.ics': {
    allow: all(404, [...kinds]),
    target: at(`/calendar-feeds/${'x'.repeat(43)}.ics`),
  },
  // The board's record: every role reads the archive lists.
  'GET /decisions': { allow: all(200), target: at('/decisions') },
  'GET /funding-rounds': { allow: all(200), target: at('/funding-rounds') },
  'GET /funding-requests': { allow: all(200), target: at('/funding-requests') },
  'GET /priority-cycles': { allow: all(200), target: at('/priority-cycles') },
  'GET /reporting-obligations': { allow: all(200), target: at('/reporting-obligations') },
  'GET /decisions/{id}/record.pdf': {
    allow: all(200),
    target: async () => ({ path: `/decisions/${shared.decision}/record.pdf` }),
  },
  'GET /funding-rounds/{id}/record.pdf': {
    allow: all(200),
    target: async () => ({ path: `/funding-rounds/${shared.round}/record.pdf` }),
  },
  'GET /register.pdf': { allow: all(200), target: at('/register.pdf?year=2027') },
  'GET /register.csv': { allow: all(200), target: at('/register.csv?year=2027') },
  'GET /reports/funding': { allow: all(200), target: at('/reports/funding') },
  'GET /reports/funding.csv': { allow: all(200), target: at('/reports/funding.csv') },
  'GET /audit': { allow: { secretariat: 200, manager: 200 }, target: at('/audit') },
  'GET /audit.csv': { allow: { secretariat: 200, manager: 200 }, target: at('/audit.csv') },
  'GET /pending': { allow: { secretariat: 200, manager: 200 }, target: at('/pending') },
  'GET /pending.csv': { allow: { secretariat: 200, manager: 200 }, target: at('/pending.csv') },
  'GET /calendar.ics': { allow: { secretariat: 200, manager: 200 }, target: at('/calendar.ics') },
};

/** The expected status of every caller kind for `row`. */
function expected(row: Row): Record<Kind, number> {
  return Object.fromEntries(
    kinds.map((k) => [
      k,
      row.allow[k] ??
        // DE's alternate acts for DE wherever DE's member may.
        (k === 'alternate' ? row.allow.votingMember : undefined) ??
        (unauthenticated.includes(k) ? 401 : 403),
    ]),
  ) as Record<Kind, number>;
}

test('every route of /openapi.json has a row, and every row is a route', async () => {
  const doc = await stack.request('GET', '/openapi.json');
  expect(doc.status).toBe(200);
  const routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(routes.length).toBeGreaterThan(30);
  expect({ withoutRow: routes.filter((r) => !(r in rows)) }).toEqual({ withoutRow: [] });
  expect({ notServed: Object.keys(rows).filter((r) => !routes.includes(r)) }).toEqual({ notServed: [] });
});

test.each(Object.keys(rows))('%s', async (route) => {
  const row = rows[route];
  const method = route.split(' ')[0];
  const want = expected(row);
  // Refused callers first, so they find the shared target as it was made.
  const allowed = (k: Kind) => want[k] < 400;
  const order = [...kinds].sort((a, b) => Number(allowed(a)) - Number(allowed(b)));
  const got = {} as Record<Kind, number>;
  const messages: string[] = [];
  const sharedTarget = await row.target();
  for (const kind of order) {
    const { path, body } = allowed(kind) && row.fresh ? await row.fresh() : sharedTarget;
    const res = await stack.request(method, path, { token: tokens[kind], body });
    got[kind] = res.status;
    if (res.status !== want[kind]) messages.push(`${kind}: ${res.status} ${JSON.stringify(res.body)}`);
    // A refusal always has the error shape, and a 401 never says more than why.
    if (res.status === 401 || res.status === 403) {
      expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String) });
    }
  }
  expect({ got, messages }).toEqual({ got: want, messages: [] });
});

test('a documented route answers a method it does not have with 405 and an Allow header', async () => {
  const put = await stack.request('PUT', '/decisions', { token: tokens.secretariat, body: {} });
  expect({ status: put.status, allow: put.headers.get('allow'), body: put.body }).toEqual({
    status: 405,
    allow: 'GET, POST, HEAD',
    body: {
      statusCode: 405,
      error: 'Method Not Allowed',
      message: 'PUT is not allowed on /decisions; allowed: GET, POST, HEAD',
    },
  });
  // Without a token too: which methods a route has is in the public document anyway.
  const del = await stack.request('DELETE', '/decisions/dec-0123');
  expect({ status: del.status, allow: del.headers.get('allow') }).toEqual({
    status: 405,
    allow: 'GET, HEAD',
  });
  const options = await stack.request('OPTIONS', '/reporting-schedules/rsc-1');
  expect({ status: options.status, allow: options.headers.get('allow') }).toEqual({
    status: 204,
    allow: 'GET, DELETE, HEAD',
  });
  // A path no route has stays a 404.
  expect((await stack.request('PUT', '/nowhere', { token: tokens.secretariat })).status).toBe(404);
});
