/**
 * `npm run demo`: fills a running `npm start` with a board at work, through the HTTP API only,
 * then prints where to look and a sign-in link for each role.
 *
 * What it leaves: a funding round with requests from six member states (one amended); a
 * decision half-voted, with an opinion from a non-voting seat; a written procedure with an
 * objection pending; a priority cycle in its ranking window (when this build serves
 * /priority-cycles); reports due from several seats, and one overdue.
 *
 * The API is `API_URL` (default http://localhost:<PORT>, PORT default 3000). The demo acts as
 * people of the seeded roster, signed in on the embedded default's OpenID provider (its port is
 * OIDC_PROVIDER_PORT, as for the server) as `npm run token -- --as` does: the device flow, with the
 * development login page's choice of person made by the script. Every write carries an
 * Idempotency-Key derived from `DEMO_RUN` (default: the current time), so a run never creates a
 * thing twice; `DEMO_RUN=x npm run demo` twice adds nothing.
 */
import { embeddedSignInAs } from '../src/auth/device-sign-in';
import { embeddedIssuer, embeddedProviderWanted } from '../src/auth/embedded-provider';
import { loadAppConfig } from '../src/config/env';
import { personIdFor, type TestCaller as Caller } from '../tests/support/test-people';

const config = loadAppConfig();
const base = (process.env.API_URL || `http://localhost:${config.port}`).replace(/\/$/, '');
const run = process.env.DEMO_RUN || new Date().toISOString().slice(0, 19);

/** A refusal from the API, with its status and message. */
class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

if (!embeddedProviderWanted(config))
  fail(
    'the demo signs people in on the embedded default (npm start without OIDC_ISSUER, JWT_SECRET or TEMPORAL_ADDRESS)',
  );
/** Each person's access token from the embedded provider, asked for once. */
const tokens = new Map<string, Promise<string>>();
function token(caller: Caller): Promise<string> {
  const id = personIdFor(caller);
  let signedIn = tokens.get(id);
  if (!signedIn) {
    signedIn = embeddedSignInAs(config, id);
    tokens.set(id, signedIn);
  }
  return signedIn;
}

const people = {
  secretariat: { sub: 'sofia', role: 'secretariat' },
  manager: { sub: 'mia', role: 'manager' },
} as const satisfies Record<string, Caller>;
/** A member of each seat the demo acts for (the names are the seat's member or alternate). */
const memberNames: Record<string, string> = {
  DE: 'anna',
  FR: 'claire',
  IT: 'marco',
  ES: 'lucia',
  NL: 'daan',
  PL: 'piotr',
  GR: 'eleni',
  NO: 'nils',
  BG: 'ivan',
};
const member = (seat: string): Caller => ({
  sub: memberNames[seat] ?? seat.toLowerCase(),
  role: 'member',
  seat,
});

let writes = 0;

// JSON answers are read loosely, as the end-to-end tests read them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call<T = any>(method: string, path: string, caller: Caller, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${await token(caller)}` };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['idempotency-key'] = `demo/${run}/${caller.sub}/${method}${path}/${writes++}`;
  }
  let res: Response;
  try {
    res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    fail(`cannot reach the API at ${base}: start it first (npm start), or set API_URL`);
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const message = Array.isArray(data?.message) ? data.message.join('; ') : String(data?.message ?? text);
    throw new ApiRefusal(res.status, `${method} ${path}: ${res.status} ${message}`);
  }
  return data as T;
}

const sec = people.secretariat;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done` holds (visibility and windows take a moment). */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await sleep(500);
  }
}

const euros = (n: number) => Math.round(n * 100);
const page = (file: string, id?: string) => `${base}/app/${file}${id ? `?id=${encodeURIComponent(id)}` : ''}`;
const made: [string, string][] = [];

async function fundingRound(): Promise<void> {
  const round = await call('POST', '/funding-rounds', sec, {
    title: 'ILO activities 2027: call for requests',
    envelopeCents: euros(1_500_000),
    maxRequestCents: euros(400_000),
    closesIn: 'P21D',
    priorities: ['migrant-smuggling', 'return-and-readmission', 'capacity-building'],
    decision: { rule: 'absolute', votingIn: 'P14D' },
    reporting: { interimDueIn: 'P6M', finalDueIn: 'P12M', remindBefore: ['P14D'], escalateAfter: 'P1D' },
  });
  const requests: [string, string, number, string, string][] = [
    [
      'DE',
      'Joint ILO deployment in the Sahel',
      380_000,
      'migrant-smuggling',
      'Two ILOs in Niamey and Agadez.',
    ],
    ['FR', 'Return counselling in West Africa', 250_000, 'return-and-readmission', 'With IOM, in Dakar.'],
    [
      'IT',
      'Smuggling routes across the central Mediterranean',
      300_000,
      'migrant-smuggling',
      'Tunis, Tripoli.',
    ],
    ['ES', 'Atlantic route liaison network', 220_000, 'migrant-smuggling', 'Nouakchott and Dakar.'],
    ['NL', 'Document fraud training for partner authorities', 120_000, 'capacity-building', 'Six sessions.'],
    ['PL', 'Eastern border information exchange', 150_000, 'capacity-building', 'Ukraine and Moldova.'],
  ];
  for (const [seat, title, amount, priority, description] of requests) {
    const r = await call('POST', `/funding-rounds/${round.id}/requests`, member(seat), {
      title,
      amountCents: euros(amount),
      priority,
      description,
    });
    if (seat === 'IT')
      await call('POST', `/funding-requests/${r.id}/amend`, member(seat), { amountCents: euros(280_000) });
  }
  made.push(['Funding round, six requests (one amended)', page('round.html', round.id)]);
}

async function decisions(): Promise<void> {
  const template = await call('POST', '/decisions', sec, {
    title: 'Adopt the 2027 reporting template',
    text: 'The Board adopts the reporting template for ILO activities annexed to this note, to be used from the 2027 reporting year.',
    rule: 'absolute',
    closesIn: 'P10D',
  });
  // Half the Board has voted: 16 of the 32 voting seats.
  const ballots: [string, string][] = [
    ['DE', 'yes'],
    ['FR', 'yes'],
    ['IT', 'yes'],
    ['ES', 'yes'],
    ['NL', 'no'],
    ['PL', 'yes'],
    ['AT', 'yes'],
    ['BE', 'abstain'],
    ['PT', 'yes'],
    ['SE', 'no'],
    ['FI', 'yes'],
    ['IE', 'yes'],
    ['CZ', 'yes'],
    ['COM1', 'yes'],
    ['FRONTEX', 'yes'],
    ['EUROPOL', 'abstain'],
  ];
  for (const [seat, choice] of ballots)
    await call('POST', `/decisions/${template.id}/ballots`, member(seat), { choice });
  await call('POST', `/decisions/${template.id}/opinions`, member('NO'), {
    text: 'Norway supports the template and will use it for its own ILOs.',
  });
  made.push(['Decision, half voted (16 of 32), an opinion from Norway', page('decision.html', template.id)]);

  const handbook = await call('POST', '/decisions', sec, {
    title: 'Written procedure: updated ILO network handbook',
    text: 'Adopted at the deadline unless a seat objects.',
    rule: 'silence',
    closesIn: 'P5D',
  });
  await call('POST', `/decisions/${handbook.id}/ballots`, member('GR'), { choice: 'abstain' });
  made.push(['Written procedure (silence), closing in 5 days', page('decision.html', handbook.id)]);
}

async function reports(): Promise<void> {
  const due: [string, string, number][] = [
    ['Annual ILO network report 2026', 'DE', 30],
    ['Annual ILO network report 2026', 'FR', 12],
    ['Interim report: Atlantic route liaison network', 'ES', 4],
  ];
  for (const [title, seat, days] of due) {
    const o = await call('POST', '/reporting-obligations', sec, {
      title: `${title} (${seat})`,
      seat,
      dueIn: `P${days}D`,
      remindBefore: ['P7D', 'P1D'],
      escalateAfter: 'P1D',
      notify: ['secretariat'],
    });
    made.push([`Report due from ${seat} in ${days} days`, page('obligation.html', o.id)]);
  }
  // One overdue: due a few seconds from now, escalated a day later.
  const overdue = await call('POST', '/reporting-obligations', sec, {
    title: 'Quarterly activity report Q3 (BG)',
    seat: 'BG',
    dueIn: 'PT3S',
    escalateAfter: 'P1D',
    notify: ['secretariat'],
  });
  made.push(['Report overdue from BG', page('obligation.html', overdue.id)]);
}

/** A priority cycle in its ranking window, when this build serves the priority routes. */
async function priorityCycle(): Promise<string | null> {
  const doc = await fetch(`${base}/openapi.json`).then(
    (r) => r.json() as Promise<{ paths: Record<string, unknown> }>,
  );
  if (!doc.paths['/priority-cycles']) return 'this build has no /priority-cycles routes yet';
  const year = new Date().getUTCFullYear() + 1;
  const cycle = await call('POST', '/priority-cycles', sec, {
    title: `Work programme ${year}-${year + 1}`,
    periodStart: `${year}-01-01`,
    periodEnd: `${year + 1}-12-31`,
    proposalsCloseIn: 'PT15S',
    rankingCloseIn: 'P14D',
    rule: 'absolute',
  });
  const proposals: [string, string, string, string | null][] = [
    ['DE', 'Smuggling networks on the Central Mediterranean route', 'migrant-smuggling', 'Libya'],
    ['FR', 'Voluntary return from the Sahel', 'return-and-readmission', 'Niger'],
    ['IT', 'Document fraud in visa applications', 'border-management', null],
    ['ES', 'Atlantic route: Mauritania and Senegal', 'migrant-smuggling', 'Mauritania'],
    ['NL', 'Legal pathways for skilled workers', 'legal-migration', null],
  ];
  const ids: string[] = [];
  for (const [seat, title, theme, region] of proposals) {
    const p = await call('POST', `/priority-cycles/${cycle.id}/proposals`, member(seat), {
      title,
      theme,
      ...(region ? { region } : {}),
    });
    ids.push(p.id);
  }
  process.stdout.write('  waiting for the proposals window to close (15 s)…\n');
  const now = await until(
    () => call('GET', `/priority-cycles/${cycle.id}`, sec),
    (c) => c.status === 'ranking',
    60_000,
  );
  if (now.status !== 'ranking') return `the cycle is ${now.status}, not ranking`;
  const rankings: [string, number[]][] = [
    ['DE', [0, 3, 1, 2, 4]],
    ['FR', [1, 0, 3, 4, 2]],
    ['IT', [0, 2, 3, 1, 4]],
    ['ES', [3, 0, 1, 2, 4]],
  ];
  for (const [seat, order] of rankings)
    await call('POST', `/priority-cycles/${cycle.id}/rankings`, member(seat), {
      ranking: order.map((i) => ids[i]),
    });
  made.push(['Priority cycle in its ranking window (4 seats ranked)', page('cycle.html', cycle.id)]);
  return null;
}

async function main(): Promise<void> {
  const health = await fetch(`${base}/health`).catch(() => null);
  if (!health?.ok) fail(`the API at ${base} is not up: start it first (npm start), or set API_URL`);
  // Everyone the demo acts as signs in first, all at once (each sign-in waits a few seconds).
  try {
    await Promise.all(
      [people.secretariat, people.manager, ...Object.keys(memberNames).map(member)].map(token),
    );
  } catch (err) {
    fail(
      `cannot sign in on the embedded provider at ${embeddedIssuer(config)} (${(err as Error).message}): run the demo with the server's OIDC_PROVIDER_PORT`,
    );
  }
  process.stdout.write(`Filling the board at ${base} …\n`);
  await fundingRound();
  await decisions();
  await reports();
  let skipped: string | null;
  try {
    skipped = await priorityCycle();
  } catch (err) {
    skipped = (err as Error).message;
  }
  // Tracking reads Temporal's visibility, a second behind the writes.
  await until(
    () => call('GET', '/pending?overdue=true', people.manager),
    (p) => p.total > 0,
  );

  // Everyone has signed in by now: the tokens are at hand.
  const signedIn = new Map(await Promise.all([...tokens].map(async ([id, t]) => [id, await t] as const)));
  const link = (file: string, caller: Caller) =>
    `${base}/app/${file}?access_token=${signedIn.get(personIdFor(caller))}`;
  const lines = [
    '',
    'The board is at work. Where to look:',
    `  Pages          ${base}/app/`,
    `  Swagger UI     ${base}/docs`,
    config.temporal.embedded ? `  Temporal UI    http://localhost:${config.temporal.uiPort}` : null,
    '',
    'What the demo made:',
    ...made.map(([what, url]) => `  ${what.padEnd(56)} ${url}`),
    skipped ? `  (no priority cycle: ${skipped})` : null,
    '',
    'Sign in (each link signs its tab in for an hour; use one tab or window per role):',
    `  secretariat (sofia)  ${link('pending.html', sec)}`,
    `  member BG (ivan)     ${link('me.html', member('BG'))}`,
    `    (BG has a ballot to cast and an overdue report; DE and ES have voted and have reports due)`,
    `  member DE (anna)     ${link('me.html', member('DE'))}`,
    `  member ES (lucia)    ${link('me.html', member('ES'))}`,
    `  manager (mia)        ${link('pending.html', people.manager)}`,
    config.temporal.embedded && !config.jwtSecret && !config.oidc.issuer
      ? `  or anyone on the roster: ${base}/app/sign-in.html (the embedded provider's development sign-in)`
      : null,
    '',
  ];
  process.stdout.write(lines.filter((l) => l !== null).join('\n') + '\n');
}

main().catch((err) => fail((err as Error).message));
