/**
 * The API fuzzed from its own OpenAPI document by schemathesis (installed from PyPI into
 * `.tools/schemathesis` by scripts/install-schemathesis.js), against a real stack: a Temporal dev
 * server, and the compiled worker and API as separate processes, on free ports with a temporary
 * data folder. Every operation is called with generated valid and invalid input, on real
 * workflows (a decision, a funding round and request, a reporting obligation and schedule made
 * first), with a secretariat token or, for the member routes, a member's. Every schemathesis
 * check is on: no 5xx; every status, content type, header and body as the document declares
 * them; what the document calls valid accepted and what it calls invalid refused; a missing
 * required header refused; an undeclared method answered 405 with an Allow header; and the
 * stateful checks on what was created and deleted.
 *
 * Then, with everything the fuzzer sent in the logs: neither the logs of the API and the worker
 * (at `verbose`) nor any error body contain the token signing secret, a token, or the SMTP
 * password (the worker sends mail through an SMTP URL with credentials, to a server that refuses).
 *
 * The stateful phase chains calls along the links schemathesis infers from the document (an id a
 * POST answers, then the routes under it); few chains get past the validation of a random body, so
 * it covers a handful of its ~66 links per run, at a cost of seconds.
 *
 * `FUZZ_EXAMPLES` (default 15 per operation and phase), `FUZZ_SEED` (default fixed, so a run is
 * reproducible) and `FUZZ_PHASES` (default all four) tune it; the run takes about a minute.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signServiceToken } from '../../src/auth/token-signer';
import { resolveTemporalCli } from '../../src/temporal/binaries';
import {
  startEmbeddedRecordServer,
  type EmbeddedRecordServer,
} from '../../src/record/embedded-record-server';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { freePort } from '../../scripts/free-port';
import {
  buildProject,
  killAllProcesses,
  projectRoot,
  requestJson,
  runProcess,
  spawnNode,
  waitForOutput,
  waitForUrl,
  type SpawnedProcess,
} from '../support/processes';
import { TestIssuer } from '../support/test-issuer';

const JWT_SECRET = 'fuzz-signing-secret-0f3a9c2e7b1d4a6f8e5c';
const SMTP_PASSWORD = 'smtp-password-7Qx2vLp9';
const ST = join(projectRoot, '.tools', 'schemathesis', 'bin', 'st');
const EXAMPLES = process.env.FUZZ_EXAMPLES ?? '15';
const SEED = process.env.FUZZ_SEED ?? '20261128';

const dataDir = mkdtempSync(join(tmpdir(), 'board-fuzz-'));
/** What the API may answer to a request its document calls valid. */
const validAnswers = ['2xx', '3xx', '401', '403', '404', '409', '422', '429', '5xx'];

/** What invalid data may get: schemathesis's own list, and 413 for a body over the API's size limit. */
const invalidAnswers = [
  '400',
  '401',
  '403',
  '404',
  '405',
  '406',
  '409',
  '413',
  '415',
  '422',
  '428',
  '429',
  '5xx',
];

/**
 * The operations that may also answer 400 to a request the document calls valid, each for a rule
 * the document cannot state (a JSON schema knows neither the clock, the board, nor one field's
 * bearing on another). Everything else must be said by the document.
 */
/** The rule every operation taking a span or a deadline has (src/api/common/deadline.ts, fields.ts). */
const WITHIN_LONGEST_SPAN = 'spans and deadlines within P100Y';

const ruledOperations: [method: string, path: string, rule: string][] = [
  [
    'POST',
    '/decisions',
    `closesAt in the future; recused seats on the board; quorum not under silence; ${WITHIN_LONGEST_SPAN}`,
  ],
  ['POST', '/decisions/{id}/extend', `closesAt in the future; ${WITHIN_LONGEST_SPAN}`],
  [
    'POST',
    '/funding-rounds',
    `closesAt in the future; maxRequestCents within the envelope; final report after interim; ${WITHIN_LONGEST_SPAN}`,
  ],
  ['POST', '/funding-rounds/{id}/extend', `closesAt in the future; ${WITHIN_LONGEST_SPAN}`],
  [
    'POST',
    '/priority-cycles',
    `windows in the future and in order; the period ends after it starts; ${WITHIN_LONGEST_SPAN}`,
  ],
  [
    'POST',
    '/priority-cycles/{id}/dates',
    `windows in the future and in order; the period ends after it starts; ${WITHIN_LONGEST_SPAN}`,
  ],
  [
    'POST',
    '/reporting-obligations',
    `dueAt in the future; the seat and notify on the board; escalateEvery needs escalateAfter; ${WITHIN_LONGEST_SPAN}`,
  ],
  ['POST', '/reporting-obligations/{id}/extend', `dueAt in the future; ${WITHIN_LONGEST_SPAN}`],
  [
    'POST',
    '/reporting-obligations/{id}/review',
    `a new due date, in the future, exactly when rejecting; ${WITHIN_LONGEST_SPAN}`,
  ],
  [
    'POST',
    '/reporting-schedules',
    `exactly one of calendar, cron, every; an IANA time zone; seats on the board; ${WITHIN_LONGEST_SPAN}`,
  ],
  [
    'PUT',
    '/meetings/{id}/minutes',
    'no NUL character in the text (200,000 characters long at most: too long for a pattern the fuzzer can build)',
  ],
  ['GET', '/me/pending', 'a cursor from a previous page'],
  ['GET', '/pending', 'a cursor from a previous page; a seat on the board'],
  ['GET', '/pending.csv', 'a seat on the board'],
  ['GET', '/work-programme', 'a period whose days exist and whose end follows its start'],
  // The archive lists document every field's own rule; a cursor and a period are rules across
  // requests or fields.
  ...['/decisions', '/funding-rounds', '/funding-requests', '/priority-cycles', '/reporting-obligations'].map(
    (path): [string, string, string] => [
      'GET',
      path,
      'a cursor from a previous page; a period whose end follows its start',
    ],
  ),
  ['POST', '/board/roster', "until after from; a member's seat and capacity, none for other roles"],
];

let devServer: DevServer | undefined;
let api: SpawnedProcess;
let worker: SpawnedProcess;
let base: string;

/** The OpenID provider the API trusts, on a loopback port of this test process. */
const issuer = new TestIssuer();
let sec: string, de: string;
/** Every error body seen by this file's own requests. */
const errorBodies: string[] = [];
let recordServer: EmbeddedRecordServer | undefined;

async function post(route: string, token: string, body: unknown): Promise<any> {
  const res = await requestJson(base, 'POST', route, { token, body });
  if (res.status >= 300) throw new Error(`POST ${route}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  // Installed by `npm run test:fuzz` already; this is for running the file alone.
  const install = await runProcess(process.execPath, ['scripts/install-schemathesis.js'], {
    timeoutMs: 300_000,
  });
  expect({ code: install.code, stderr: install.code === 0 ? '' : install.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  await buildProject();
  const [port, temporalPort, uiPort, closedSmtpPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  await issuer.start();
  sec = issuer.token({ role: 'secretariat' });
  de = issuer.token({ role: 'member', seat: 'DE' });
  devServer = await startDevServer({
    cliPath: (await resolveTemporalCli({ install: true })) as string,
    dataDir,
    port: temporalPort,
    uiPort,
    namespace: 'default',
  });
  // The record, found by the API and the worker through DATA_DIR as with npm start's.
  recordServer = await startEmbeddedRecordServer({ dataDir });
  const env = {
    TEMPORAL_ADDRESS: devServer.address,
    PORT: String(port),
    DATA_DIR: dataDir,
    JWT_SECRET,
    ...issuer.env,
    LOG_LEVEL: 'verbose',
    // The fuzzer sends over a thousand writes a minute; the limit has its own test.
    RATE_LIMIT_WRITES: '0',
    NOTIFY_TRANSPORT: 'smtp',
    SMTP_URL: `smtp://board-mailer:${SMTP_PASSWORD}@127.0.0.1:${closedSmtpPort}`,
  };
  base = `http://127.0.0.1:${port}`;
  worker = spawnNode('dist/src/worker/main.js', [], { env, name: 'worker' });
  api = spawnNode('dist/src/api/main.js', [], { env, name: 'api' });
  await Promise.all([
    waitForOutput(worker, /worker: polling task queue/),
    waitForUrl(`${base}/health`, { process: api }),
  ]);
});

afterAll(async () => {
  await killAllProcesses();
  await devServer?.stop();
  await recordServer?.stop();
  await issuer.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('schemathesis finds no 5xx and no answer that breaks the OpenAPI document', async () => {
  // Real items for the routes with an id, so generated bodies reach the workflows' own checks.
  const decision = await post('/decisions', sec, {
    title: 'Fuzzed decision',
    rule: 'simple',
    closesIn: 'P30D',
    closeEarly: false,
  });
  const round = await post('/funding-rounds', sec, {
    title: 'Fuzzed round',
    envelopeCents: 1_000_000,
    closesIn: 'P30D',
    priorities: ['migrant-smuggling'],
    decision: { rule: 'absolute', votingIn: 'P7D' },
  });
  const request = await post(`/funding-rounds/${round.id}/requests`, de, {
    title: 'Liaison network',
    amountCents: 100_000,
    priority: 'migrant-smuggling',
    description: 'Two ILOs',
  });
  const obligation = await post('/reporting-obligations', sec, {
    title: 'Fuzzed report',
    seat: 'DE',
    dueIn: 'P30D',
  });
  const schedule = await post('/reporting-schedules', sec, {
    title: 'Fuzzed schedule',
    seats: ['DE'],
    cron: '0 9 31 3 *',
    dueIn: 'P30D',
  });

  const memberRoutes =
    '^/(decisions/\\{id\\}/(ballots|opinions)|funding-rounds/\\{id\\}/requests|' +
    'funding-requests/\\{id\\}/(amend|withdraw)|reporting-obligations/\\{id\\}/submissions|me/.*|' +
    'priority-cycles/\\{id\\}/(proposals.*|rankings))$';
  const ids: [string, string][] = [
    ['decisions', decision.id],
    ['funding-rounds', round.id],
    ['funding-requests', request.id],
    ['reporting-obligations', obligation.id],
    ['reporting-schedules', schedule.id],
  ];
  const toml = [
    `headers = { Authorization = ${JSON.stringify(`Bearer ${sec}`)} }`,
    '',
    // Valid data may still meet a rule (422, "a governance rule refuses it"): the state of the
    // item, or an Idempotency-Key the fuzzer reuses with another body. Every other refusal of
    // what the document calls valid fails the run, except on the operations listed below.
    '[checks.positive_data_acceptance]',
    `expected-statuses = ${JSON.stringify(validAnswers)}`,
    '',
    // Invalid data is refused with a 4xx that names the problem; a body over the API's limit (the
    // fuzzer builds some, e.g. an agenda of long texts) is refused whole with 413 before validation.
    '[checks.negative_data_rejection]',
    `expected-statuses = ${JSON.stringify(invalidAnswers)}`,
    ...ruledOperations.flatMap(([method, path]) => [
      '',
      '[[operations]]',
      `include-method = ${JSON.stringify(method)}`,
      `include-path = ${JSON.stringify(path)}`,
      `checks.positive_data_acceptance.expected-statuses = ${JSON.stringify([...validAnswers, '400'])}`,
    ]),
    '',
    '[[operations]]',
    `include-path-regex = ${JSON.stringify(memberRoutes)}`,
    `headers = { Authorization = ${JSON.stringify(`Bearer ${de}`)} }`,
    ...ids.flatMap(([prefix, id]) => [
      '',
      '[[operations]]',
      `include-path-regex = ${JSON.stringify(`^/${prefix}/`)}`,
      `parameters = { "path.id" = ${JSON.stringify(id)} }`,
    ]),
    '',
  ].join('\n');
  const configFile = join(dataDir, 'schemathesis.toml');
  writeFileSync(configFile, toml);

  const run = await runProcess(
    ST,
    [
      '--config-file',
      configFile,
      'run',
      `${base}/openapi.json`,
      // Every check schemathesis has: the document must say what the code accepts and refuses.
      '--checks',
      'all',
      '--phases',
      process.env.FUZZ_PHASES ?? 'examples,coverage,fuzzing,stateful',
      '--max-examples',
      EXAMPLES,
      '--seed',
      SEED,
      '--workers',
      '1',
      '--no-color',
      '--max-failures',
      '20',
    ],
    { name: 'schemathesis', timeoutMs: 480_000, env: { NO_COLOR: '1' } },
  );
  const output = run.stdout + run.stderr;
  // On failure the FAILURES section says what, with a curl line to reproduce it.
  expect({ code: run.code, output: run.code === 0 ? 'ok' : output }).toEqual({ code: 0, output: 'ok' });
  expect(output).toMatch(/Tested: 3\d|Tested: [4-9]\d/);
  expect(output).not.toMatch(/❌/);
  // Schemathesis itself may take up to 8 minutes on a loaded machine (its own limit above).
}, 540_000);

test('no log line and no error body contains the signing secret, a token or the SMTP password', async () => {
  const expired = issuer.token({ role: 'secretariat' }, -60);
  const forged = signServiceToken(`${JWT_SECRET}-not`, 'records-integration');
  const probes: { route: string; token?: string; method?: string; body?: unknown }[] = [
    { route: '/board', token: expired },
    { route: '/board', token: forged },
    { route: '/board', token: JWT_SECRET },
    { route: '/decisions/dec-unknown', token: sec },
    { route: `/me/calendar.ics?access_token=${forged}` },
    { route: '/decisions', token: de, method: 'POST', body: { title: sec, rule: 'simple', closesIn: 'P1D' } },
    { route: '/decisions', token: sec, method: 'POST', body: { title: 1, rule: JWT_SECRET } },
  ];
  for (const probe of probes) {
    const res = await requestJson(base, probe.method ?? 'GET', probe.route, {
      token: probe.token,
      body: probe.body,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    errorBodies.push(JSON.stringify(res.body));
  }
  // The worker has tried (and failed) to mail the notices of the decisions opened above.
  await waitForOutput(worker, /ECONNREFUSED|sendNotification/i, 60_000);

  const secrets = { JWT_SECRET, SMTP_PASSWORD, sec, de, expired, forged };
  const places = {
    'api log': api.stdout() + api.stderr(),
    'worker log': worker.stdout() + worker.stderr(),
    'error bodies': errorBodies.join('\n'),
  };
  const leaks = Object.entries(places).flatMap(([place, text]) =>
    Object.entries(secrets)
      .filter(([, value]) => text.includes(value))
      .map(([name]) => `${name} in ${place}`),
  );
  expect(leaks).toEqual([]);
  // The logs were written at all (the assertion above is not about empty strings).
  expect(places['api log']).toMatch(/Mapped \{\/decisions, POST\} route/);
  expect(places['worker log'].length).toBeGreaterThan(1000);
});
