/**
 * The project run the way a new user runs it: the compiled entry points as real child processes,
 * configured only through environment variables, driven only over HTTP.
 *
 * - `node dist/src/start.js` (`npm start`): the embedded dev server, worker and API; Ctrl-C stops
 *   all of it with exit code 0 and nothing left behind; a second start on the same data folder
 *   finds the open decision, its ballot and the token signing secret. A signal that arrives
 *   during start-up still stops the dev server already started.
 * - A bad variable stops each entry point with one line naming it.
 * - `node dist/src/worker/main.js` and `node dist/src/api/main.js` (`npm run worker`,
 *   `npm run api`) as separate processes against a Temporal server started here, with no
 *   embedded server of their own.
 *
 * `dist/` is compiled once, in `beforeAll`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTemporalCli } from '../../src/temporal/binaries';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { freePorts } from '../../scripts/free-port';
import { startRecordStore, type TestRecordStore } from '../support/record-stores';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer';
import {
  buildProject,
  isPortFree,
  killAllProcesses,
  processGroupAlive,
  requestJson,
  runNode,
  spawnNode,
  waitForOutput,
  waitForUrl,
  waitUntil,
  type SpawnedProcess,
} from '../support/processes';

const START = 'dist/src/start.js';
const API = 'dist/src/api/main.js';
const WORKER = 'dist/src/worker/main.js';
const TOKEN_CLI = 'dist/src/auth/token-cli.js';

/** Seats of config/ilo-board.json with a vote: 32 of them, so 17 yes is an absolute majority. */
const VOTING_SEATS = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV',
  'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'COM1', 'COM2', 'FRONTEX',
  'EUROPOL', 'EUAA',
]; // prettier-ignore

const tempDirs: string[] = [];
let devServer: DevServer | undefined;
/** The record's database for processes started without `npm start`, as in production. */
let recordStore: TestRecordStore | undefined;
let issuer: TestIssuer | undefined;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'board-start-e2e-'));
  tempDirs.push(dir);
  return dir;
}

/** Waits for the process to exit and checks it exited with `code`; the failure shows its output. */
async function expectExit(proc: SpawnedProcess, timeoutMs: number, code = 0): Promise<void> {
  const status = await proc.waitForExit(timeoutMs);
  const ok = status.code === code;
  expect({ status, output: ok ? '' : proc.tail() }).toEqual({ status: { code, signal: null }, output: '' });
}

/** `node dist/src/auth/token-cli.js ...` with `env`: the token it prints. */
async function mintToken(env: Record<string, string>, ...args: string[]): Promise<string> {
  const result = await runNode(TOKEN_CLI, args, { env });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  const token = result.stdout.trim();
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return token;
}

beforeAll(async () => {
  await buildProject();
});

afterAll(async () => {
  await killAllProcesses();
  await devServer?.stop();
  await recordStore?.stop();
  await issuer?.stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('npm start (node dist/src/start.js): everything in one process', () => {
  test('serves a decision, stops cleanly on Ctrl-C, and finds everything again on the next start', async () => {
    const dataDir = tempDir();
    const [port, temporalPort, uiPort, providerPort] = await freePorts(4);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      OIDC_PROVIDER_PORT: String(providerPort),
      LOG_LEVEL: 'warn',
    };
    const base = `http://127.0.0.1:${port}`;

    const first = spawnNode(START, [], { env, name: 'start (first run)' });
    const health = await waitForUrl(`${base}/health`, { process: first });
    expect(JSON.parse(health)).toMatchObject({ status: 'ok' });
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
    expect((await fetch(`${base}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${base}/docs`)).status).toBe(200);

    // A service account's token as the README mints it (signed with the secret the first start
    // generated); people's as the README gets them on the embedded default: from its OpenID
    // provider (npm run token -- --as: the device flow, on the development login page).
    // The embedded OpenID provider answers discovery on its own port.
    const discovery = await fetch(`http://127.0.0.1:${providerPort}/.well-known/openid-configuration`);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(`http://127.0.0.1:${providerPort}`);
    const [sec, de, fr] = await Promise.all([
      mintToken(env, '--account', 'records-integration'),
      mintToken(env, '--as', 'anna-schmidt'),
      mintToken(env, '--as', 'claire-dubois'),
    ]);

    const opened = await requestJson(base, 'POST', '/decisions', {
      token: sec,
      body: { title: 'Adopt the 2027 reporting template', rule: 'simple', closesIn: 'P1D' },
    });
    expect(opened).toMatchObject({ status: 201, body: { status: 'open', outcome: null, rule: 'simple' } });
    const id = opened.body.id as string;
    const ballot = await requestJson(base, 'POST', `/decisions/${id}/ballots`, {
      token: de,
      body: { choice: 'yes' },
    });
    expect(ballot).toMatchObject({ status: 200, body: { status: 'open', tally: { yes: 1, no: 0 } } });

    // Ctrl-C: SIGINT to the whole process group, the Temporal server included.
    first.interrupt();
    await expectExit(first, 20_000);
    expect(processGroupAlive(first.pid)).toBe(false);
    expect(await isPortFree(temporalPort)).toBe(true);
    expect(await isPortFree(uiPort)).toBe(true);
    expect(await isPortFree(port)).toBe(true);
    expect(await isPortFree(providerPort)).toBe(true);
    expect(existsSync(join(dataDir, 'temporal.sqlite'))).toBe(true);
    // A write-ahead log (durableSqlitePragmas): the file's header says so (bytes 18-19 are 2).
    expect([...readFileSync(join(dataDir, 'temporal.sqlite')).subarray(18, 20)]).toEqual([2, 2]);
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);

    const second = spawnNode(START, [], { env, name: 'start (second run)' });
    await waitForUrl(`${base}/health`, { process: second });
    // The tokens minted before still work: the secret and the provider's key were kept in the data folder.
    const found = await requestJson(base, 'GET', `/decisions/${id}`, { token: sec });
    expect(found).toMatchObject({ status: 200, body: { id, status: 'open', tally: { yes: 1 } } });
    expect(found.body.ballots).toEqual([
      expect.objectContaining({
        seat: 'DE',
        choice: 'yes',
        castBy: 'anna-schmidt',
        actingAs: { name: 'Anna Schmidt', capacity: 'member' },
      }),
    ]);
    const again = await requestJson(base, 'POST', `/decisions/${id}/ballots`, {
      token: fr,
      body: { choice: 'no' },
    });
    expect(again).toMatchObject({ status: 200, body: { status: 'open', tally: { yes: 1, no: 1 } } });

    // SIGTERM to the process alone (a process manager's stop) also stops the server it started.
    second.signal('SIGTERM');
    await expectExit(second, 20_000);
    expect(processGroupAlive(second.pid)).toBe(false);
    expect(await isPortFree(temporalPort)).toBe(true);
  });

  test('a signal during start-up still stops the dev server it has started', async () => {
    const [port, temporalPort, uiPort] = await freePorts(3);
    const env = {
      DATA_DIR: tempDir(),
      PORT: String(port),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      LOG_LEVEL: 'warn',
    };
    const start = spawnNode(START, [], { env, name: 'start (stopped while starting)' });
    // The dev server is up, the worker and the API are not yet.
    await waitUntil('the dev server to listen', async () =>
      (await isPortFree(temporalPort)) ? undefined : true,
    );
    expect(await isPortFree(port)).toBe(true);
    start.signal('SIGTERM');
    await expectExit(start, 30_000);
    expect(processGroupAlive(start.pid)).toBe(false);
    expect(await isPortFree(temporalPort)).toBe(true);
  });
});

describe('configuration errors', () => {
  test('a bad value stops each entry point with exit code 1 and one line naming the variable', async () => {
    const dataDir = tempDir();
    const [port, temporalPort, uiPort] = await freePorts(3);
    // Valid values for everything else, so a check that let the bad value through starts nothing shared.
    const valid = {
      DATA_DIR: dataDir,
      PORT: String(port),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
    };
    const shortSecret = 'not-a-long-enough-secret';
    const cases: { script: string; env: Record<string, string>; variable: string }[] = [
      { script: START, env: { PORT: 'abc' }, variable: 'PORT' },
      { script: START, env: { BOARD_CONFIG: '/nonexistent/board.json' }, variable: 'BOARD_CONFIG' },
      { script: START, env: { TEMPORAL_UI_PORT: '70000' }, variable: 'TEMPORAL_UI_PORT' },
      { script: START, env: { LOG_JSON: 'yes' }, variable: 'LOG_JSON' },
      { script: API, env: { JWT_SECRET: shortSecret }, variable: 'JWT_SECRET' },
      { script: API, env: { TEMPORAL_ADDRESS: 'localhost' }, variable: 'TEMPORAL_ADDRESS' },
      { script: WORKER, env: { TEMPORAL_NAMESPACE: 'two words' }, variable: 'TEMPORAL_NAMESPACE' },
    ];
    const results = await Promise.all(
      cases.map(async ({ script, env, variable }) => {
        const r = await runNode(script, [], { env: { ...valid, ...env }, timeoutMs: 30_000 });
        const lines = r.stderr.split('\n').filter((line) => line !== '');
        return {
          script,
          variable,
          code: r.code,
          lines: lines.length,
          namesVariable: lines.length === 1 && lines[0].includes(variable),
          stderr: r.stderr,
        };
      }),
    );
    expect(results).toEqual(
      cases.map(({ script, variable }) => ({
        script,
        variable,
        code: 1,
        lines: 1,
        namesVariable: true,
        stderr: expect.any(String),
      })),
    );
    const secretLine = results.find((r) => r.variable === 'JWT_SECRET')!.stderr;
    expect(secretLine).toContain(`(got ${shortSecret.length} characters)`);
    expect(secretLine).not.toContain(shortSecret);
    expect(results[0].stderr).toBe(
      'start: Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc")\n',
    );
  });
});

describe('npm run worker and npm run api against an external Temporal server', () => {
  test('drive decisions to a close, with no embedded server started', async () => {
    const [serverPort, serverUiPort, port, unusedTemporalPort, unusedUiPort] = await freePorts(5);
    devServer = await startDevServer({
      cliPath: (await resolveTemporalCli({ install: true })) as string,
      dataDir: tempDir(),
      port: serverPort,
      uiPort: serverUiPort,
      namespace: 'default',
    });
    recordStore = await startRecordStore('embedded');
    const jwtSecret = 'e2e-secret-of-more-than-thirty-two-characters';
    const dataDir = tempDir();
    issuer = await startTestIssuer();
    const trusted = issuer;
    const env = {
      ...trusted.env,
      TEMPORAL_ADDRESS: devServer.address,
      // Separate processes share the record through its server, as they would in production.
      DATABASE_URL: recordStore.url,
      // What the embedded server would use: both must stay free.
      TEMPORAL_PORT: String(unusedTemporalPort),
      TEMPORAL_UI_PORT: String(unusedUiPort),
      PORT: String(port),
      JWT_SECRET: jwtSecret,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    const base = `http://127.0.0.1:${port}`;

    const worker = spawnNode(WORKER, [], { env, name: 'worker' });
    const api = spawnNode(API, [], { env, name: 'api' });
    await Promise.all([
      waitForOutput(worker, /worker: polling task queue board-governance/),
      waitForUrl(`${base}/health`, { process: api }),
    ]);

    const sec = await mintToken(env, '--account', 'records-integration');
    const member = (seat: string) => trusted.token({ role: 'member', seat });
    const open = (body: Record<string, unknown>) =>
      requestJson(base, 'POST', '/decisions', { token: sec, body: { title: 'Ad hoc action', ...body } });
    const vote = (id: string, seat: string, choice: string) =>
      requestJson(base, 'POST', `/decisions/${id}/ballots`, { token: member(seat), body: { choice } });
    const closed = (id: string) =>
      waitUntil(`decision ${id} to close`, async () => {
        const r = await requestJson(base, 'GET', `/decisions/${id}`, { token: sec });
        return r.body.status === 'closed' ? r.body : undefined;
      });

    // A real deadline of three seconds, kept by the worker's durable timer.
    const timed = await open({ rule: 'simple', closesIn: 'PT3S' });
    expect(timed).toMatchObject({ status: 201, body: { status: 'open' } });
    expect(await vote(timed.body.id, 'DE', 'yes')).toMatchObject({ status: 200 });

    // Early close: 17 yes of 32 voting seats is an absolute majority, whatever the rest do.
    const early = await open({ rule: 'absolute', closesIn: 'P14D' });
    expect(early).toMatchObject({ status: 201, body: { yesRequired: 17 } });
    for (const seat of VOTING_SEATS.slice(0, 17)) {
      expect(await vote(early.body.id, seat, 'yes')).toMatchObject({ status: 200 });
    }
    // ... once the seats without a vote have said they give no opinion (their right comes first).
    for (const seat of ['IS', 'LI', 'NO', 'CH']) {
      const declined = await requestJson(base, 'POST', `/decisions/${early.body.id}/opinions/decline`, {
        token: member(seat),
      });
      expect(declined).toMatchObject({ status: 200 });
    }
    expect(await closed(early.body.id)).toMatchObject({
      outcome: 'adopted',
      tally: { yes: 17, no: 0, abstain: 0, objections: 0 },
      awaiting: [],
    });

    expect(await closed(timed.body.id)).toMatchObject({
      outcome: 'adopted',
      closedAt: timed.body.closesAt,
      tally: { yes: 1, no: 0 },
    });

    // No embedded server: its ports stay free and nothing was written to the data folder.
    expect(await isPortFree(unusedTemporalPort)).toBe(true);
    expect(await isPortFree(unusedUiPort)).toBe(true);
    expect(existsSync(join(dataDir, 'temporal.sqlite'))).toBe(false);
    expect(api.stdout() + worker.stdout()).not.toMatch(/dev server/i);

    // The worker drains and exits on Ctrl-C; the API closes on SIGTERM (Nest re-raises the signal).
    worker.interrupt();
    api.signal('SIGTERM');
    await expectExit(worker, 20_000);
    const apiStatus = await api.waitForExit(20_000);
    expect(apiStatus).toEqual(
      apiStatus.code === 0 ? { code: 0, signal: null } : { code: null, signal: 'SIGTERM' },
    );
  });
});
