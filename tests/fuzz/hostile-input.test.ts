/**
 * Hostile input that is refused before any workflow is touched, so the API runs here alone, on a
 * lazy Temporal connection to a port nobody listens on (and an embedded record store, where
 * every write begins its audit entry): rate limiting on writes (429 with a clear
 * message, per caller, reads never limited, `RATE_LIMIT_WRITES=0` turns it off), the security
 * headers, the request size limit, and error bodies that never repeat a token or the secret.
 */
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApiApp } from '../../src/api/create-api-app';
import { loadBoard } from '../../src/board/board-config';
import { BoardDirectory } from '../../src/board/board-directory';
import { loadAppConfig } from '../../src/config/env';
import { freePort } from '../../scripts/free-port';
import {
  startEmbeddedRecordServer,
  type EmbeddedRecordServer,
} from '../../src/record/embedded-record-server';
import { connectRecord } from '../../src/record/record-connection';
import type { RecordDatabase } from '../../src/record/record-database';
import { SeededRoster } from '../support/seeded-roster';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer';
import type { TestCaller } from '../support/test-people';

const SECRET = 'hostile-input-secret-of-more-than-32-characters';
const dataDir = mkdtempSync(join(tmpdir(), 'board-hostile-'));
const apps: INestApplication[] = [];
const connections: Connection[] = [];

/** The API with `env` on top of a valid configuration; nothing listens on its Temporal port. */
async function api(env: Record<string, string> = {}): Promise<INestApplication> {
  const config = loadAppConfig({
    DATA_DIR: dataDir,
    JWT_SECRET: SECRET,
    ...issuer.env,
    TEMPORAL_PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    ...env,
  });
  const connection = Connection.lazy({ address: config.temporal.address });
  connections.push(connection);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  // A real record: every write begins its audit entry there before anything else is done.
  const record = await recordDb();
  const roster = new SeededRoster(client, config.boardConfigPath, board);
  const app = await createApiApp(
    { config, board, client, record, signingSecret: SECRET, roster },
    { shutdownHooks: false },
  );
  await app.init();
  apps.push(app);
  return app;
}

let recordServer: EmbeddedRecordServer | undefined;
let record: RecordDatabase | undefined;
/** One embedded record store for every API of this file, started on first use. */
async function recordDb(): Promise<RecordDatabase> {
  recordServer ??= await startEmbeddedRecordServer({ dataDir });
  record ??= await connectRecord(recordServer.url);
  return record;
}

let issuer: TestIssuer;
const token = (caller: TestCaller, seconds?: number) => issuer.token(caller, seconds);
let sec: string, other: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  sec = token({ sub: 'sofia', role: 'secretariat' });
  other = token({ sub: 'samir', role: 'secretariat' });
});

afterAll(async () => {
  await issuer?.stop();
  for (const app of apps) await app.close();
  for (const connection of connections) await connection.close().catch(() => undefined);
  await record?.destroy();
  await recordServer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('rate limiting on writes', () => {
  test('the fourth write in the window is 429 with a message and Retry-After; other callers and reads go on', async () => {
    const app = await api({ RATE_LIMIT_WRITES: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const server = app.getHttpServer();
    // An invalid body: refused by validation (400) after the guard has counted the write.
    const write = (bearer: string, path = '/decisions') =>
      request(server).post(path).set('authorization', `Bearer ${bearer}`).send({ rule: 'absolute' });

    const first = [await write(sec), await write(sec), await write(sec, '/funding-rounds')];
    expect(first.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(first[0].headers['x-ratelimit-limit']).toBe('3');
    expect(first[2].headers['x-ratelimit-remaining']).toBe('0');

    const limited = await write(sec, '/reporting-obligations');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^too many writes: at most 3 per 60 s for each caller; retry in \d+ s$/),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Another caller has a budget of its own.
    expect((await write(other)).status).toBe(400);
    // Reads are never limited.
    for (let i = 0; i < 10; i++) {
      const board = await request(server).get('/board').set('authorization', `Bearer ${sec}`);
      expect(board.status).toBe(200);
      expect(board.headers['x-ratelimit-limit']).toBeUndefined();
    }
    // A write without a valid token is 401, not counted against anyone.
    expect((await request(server).post('/decisions').send({})).status).toBe(401);
    expect((await write(sec)).status).toBe(429);
  });

  test('RATE_LIMIT_WRITES=0 turns the limit off', async () => {
    const server = (await api({ RATE_LIMIT_WRITES: '0' })).getHttpServer();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await request(server).post('/decisions').set('authorization', `Bearer ${sec}`).send({});
      statuses.push(r.status);
    }
    expect(statuses).toEqual(Array(30).fill(400));
  });

  test('the default limit (1200 writes a minute) leaves a burst of writes alone', async () => {
    const server = (await api()).getHttpServer();
    const r = await request(server).post('/decisions').set('authorization', `Bearer ${sec}`).send({});
    expect(r.status).toBe(400);
    expect(r.headers['x-ratelimit-limit']).toBe('1200');
  });
});

describe('headers, size limit and error bodies', () => {
  test('security headers on every answer, errors included', async () => {
    const server = (await api()).getHttpServer();
    for (const res of [
      await request(server).get('/board').set('authorization', `Bearer ${sec}`),
      await request(server).get('/board'),
      await request(server).get('/openapi.json'),
    ]) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  test('a body over 256 kB is 413 with the usual error body', async () => {
    const server = (await api()).getHttpServer();
    const res = await request(server)
      .post('/decisions')
      .set('authorization', `Bearer ${sec}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ title: 'x'.repeat(300 * 1024), rule: 'simple', closesIn: 'P1D' }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  test('malformed JSON is 400, never 500', async () => {
    const server = (await api()).getHttpServer();
    const res = await request(server)
      .post('/decisions')
      .set('authorization', `Bearer ${sec}`)
      .set('content-type', 'application/json')
      .send('{"title": "unterminated');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  test('401 answers name the problem, never the token or the secret', async () => {
    const server = (await api()).getHttpServer();
    const expired = token({ sub: 'sofia', role: 'secretariat' }, -60);
    const stranger = await startTestIssuer();
    const forged = stranger.token({ sub: 'sofia', role: 'secretariat' }, undefined);
    await stranger.stop();
    const cases: [string | undefined, string][] = [
      [undefined, 'missing bearer token (Authorization: Bearer <JWT>)'],
      [expired, 'token expired'],
      [forged, `token from another issuer (this API trusts ${issuer.issuer})`],
      ['not.a.jwt', 'invalid token: not a signed JWT'],
      [`${sec}x`, 'token signature invalid'],
    ];
    for (const [bearer, message] of cases) {
      const req = request(server).get('/board');
      const res = await (bearer ? req.set('authorization', `Bearer ${bearer}`) : req);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 401,
        body: { statusCode: 401, error: 'Unauthorized', message },
      });
      const text = res.text + JSON.stringify(res.headers);
      expect(text).not.toContain(SECRET);
      if (bearer) expect(text).not.toContain(bearer);
    }
  });
});
