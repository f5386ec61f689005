/**
 * Bearer tokens from an OpenID provider that is not this project's code: a provider started here
 * on a loopback port with its own keys (tests/support/test-issuer.ts), which the API finds
 * through discovery (OIDC_ISSUER). Its tokens are accepted and matched to the roster by e-mail
 * (or a configured claim); rotated keys are picked up; tokens from another issuer, for another
 * audience, expired, unsigned or signed with a confused algorithm get 401 with a clear message;
 * people the roster does not allow get 403 with the reason. The API runs alone here, its roster
 * seeded in memory: nothing below reaches a workflow.
 */
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { SignJWT, UnsecuredJWT } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApiApp } from '../../src/api/create-api-app';
import { loadBoard } from '../../src/board/board-config';
import { BoardDirectory } from '../../src/board/board-directory';
import { loadAppConfig } from '../../src/config/env';
import { openRecordDatabase } from '../../src/record/record-database';
import { signServiceToken } from '../../src/auth/token-signer';
import { freePort } from '../../scripts/free-port';
import { SeededRoster } from '../support/seeded-roster';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer';

const SECRET = 'oidc-bearer-test-secret-of-more-than-32-characters';
const dataDir = mkdtempSync(join(tmpdir(), 'board-oidc-'));
const apps: INestApplication[] = [];
const connections: Connection[] = [];
let issuer: TestIssuer;

async function api(env: Record<string, string> = {}) {
  const config = loadAppConfig({
    DATA_DIR: dataDir,
    JWT_SECRET: SECRET,
    TEMPORAL_PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    ...issuer.env,
    ...env,
  });
  const connection = Connection.lazy({ address: config.temporal.address });
  connections.push(connection);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  const roster = new SeededRoster(client, config.boardConfigPath, board);
  // Nothing listens there either: nothing below reads the record.
  const record = openRecordDatabase('postgres://127.0.0.1:1/unused');
  const app = await createApiApp(
    { config, board, client, record, signingSecret: SECRET, roster },
    { shutdownHooks: false },
  );
  await app.init();
  apps.push(app);
  return app.getHttpServer();
}

beforeAll(async () => {
  issuer = await startTestIssuer();
});

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const connection of connections) await connection.close().catch(() => undefined);
  await issuer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const me = (server: unknown, token: string) =>
  request(server as Parameters<typeof request>[0])
    .get('/auth/me')
    .set('authorization', `Bearer ${token}`);

test("the provider's token is accepted, and the roster says who the caller is and as what", async () => {
  const server = await api();
  const res = await me(server, issuer.tokenForEmail('Bernd.Keller@ilo-board.example'));
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    sub: 'bernd-keller',
    name: 'Bernd Keller',
    role: 'member',
    seat: 'DE',
    capacity: 'alternate',
  });
});

test('tokens the API must not trust: 401, each with a message that says why', async () => {
  const server = await api();
  const other = await startTestIssuer();
  const foreign = other.tokenForEmail('anna.schmidt@ilo-board.example');
  await other.stop();
  const email = 'anna.schmidt@ilo-board.example';
  const now = Math.floor(Date.now() / 1000);
  const unsigned = new UnsecuredJWT({ email, email_verified: true })
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setExpirationTime(now + 600)
    .encode();
  // The provider's public key used as an HMAC secret: the classic algorithm confusion.
  const confused = await new SignJWT({ email, email_verified: true })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(issuer.publicKeyPem()));
  const cases: [string, string, string][] = [
    ['another issuer', foreign, `token from another issuer (this API trusts ${issuer.issuer})`],
    [
      'another audience',
      issuer.tokenForEmail(email, { audience: 'urn:another-api' }),
      `token for another audience (this API is ${issuer.audience})`,
    ],
    ['expired', issuer.tokenForEmail(email, { expiresInSeconds: -30 }), 'token expired'],
    ['unsigned', unsigned, 'unsigned token (alg none) refused'],
    [
      'HS256 with the public key',
      confused,
      `token signed with a shared-secret algorithm refused: only tokens from npm run token (iss urn:board-governance:npm-run-token) may be; the OpenID provider's must be signed with its published keys`,
    ],
    [
      'e-mail not verified',
      issuer.tokenForEmail(email, { claims: { email_verified: false } }),
      `the e-mail address ${email} is not verified by the identity provider`,
    ],
    [
      'no e-mail claim',
      issuer.tokenForEmail(email, { claims: { email: undefined } }),
      'token has no email claim to find the caller on the roster by',
    ],
    [
      'a service token signed with another secret',
      signServiceToken(`${SECRET}-not`, 'records-integration'),
      'token signature invalid',
    ],
  ];
  for (const [what, token, message] of cases) {
    const res = await me(server, token);
    expect({ what, status: res.status, body: res.body }).toEqual({
      what,
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message },
    });
  }
});

test('people the roster does not allow: 403 naming the reason', async () => {
  const server = await api();
  const cases: [string, string][] = [
    ['stranger@ilo-board.example', "stranger@ilo-board.example is not on the board's roster"],
    [
      'karl.weber@ilo-board.example',
      "Karl Weber's appointment as alternate for DE ended on 2026-06-30T00:00:00.000Z (moved to another post in the ministry)",
    ],
  ];
  for (const [email, message] of cases) {
    const res = await me(server, issuer.tokenForEmail(email));
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 403, message });
  }
  // npm run token's tokens: a service account yes, a member no.
  expect((await me(server, signServiceToken(SECRET, 'records-integration'))).body).toMatchObject({
    sub: 'records-integration',
    role: 'secretariat',
  });
  const member = await me(server, signServiceToken(SECRET, 'anna-schmidt'));
  expect({ status: member.status, message: member.body.message }).toEqual({
    status: 403,
    message:
      'Anna Schmidt signs in through the identity provider: npm run token is for service accounts and appointments that allow tokens',
  });
});

test('a configured identity claim is matched against the roster instead of email', async () => {
  const server = await api({ OIDC_IDENTITY_CLAIM: 'preferred_username' });
  const token = issuer.tokenForEmail('x@elsewhere.example', {
    claims: { preferred_username: 'claire.dubois@ilo-board.example' },
  });
  expect((await me(server, token)).body).toMatchObject({ sub: 'claire-dubois', seat: 'FR' });
});

test("rotated keys are picked up from the provider's key set", async () => {
  const server = await api();
  const email = 'anna.schmidt@ilo-board.example';
  expect((await me(server, issuer.tokenForEmail(email))).status).toBe(200);
  const before = issuer.jwksFetches;
  const old = issuer.tokenForEmail(email);
  await issuer.rotate();
  const fresh = issuer.tokenForEmail(email);
  // The API fetches the key set again for the unknown key id (at most every 5 s).
  let status = 0;
  for (const until = Date.now() + 15_000; Date.now() < until && status !== 200;) {
    status = (await me(server, fresh)).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(status).toBe(200);
  expect(issuer.jwksFetches).toBeGreaterThan(before);
  const retired = await me(server, old);
  expect({ status: retired.status, message: retired.body.message }).toEqual({
    status: 401,
    message: "token signed with a key that is not among the identity provider's keys",
  });
});

test('a token the API has accepted (and keeps as verified) is refused once it expires', async () => {
  const server = await api();
  const provider = issuer.tokenForEmail('anna.schmidt@ilo-board.example', { expiresInSeconds: 2 });
  const service = signServiceToken(SECRET, 'records-integration', 2);
  // Twice each: the second answer comes from the verified tokens the API keeps.
  for (let i = 0; i < 2; i++) {
    expect((await me(server, provider)).status).toBe(200);
    expect((await me(server, service)).status).toBe(200);
  }
  // jsonwebtoken rounds `exp` to whole seconds: past it for certain after 3 s.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  for (const token of [provider, service]) {
    const expired = await me(server, token);
    expect({ status: expired.status, message: expired.body.message }).toEqual({
      status: 401,
      message: 'token expired',
    });
  }
});

test('a token accepted before a rotation is refused once its key is gone from the key set', async () => {
  const server = await api();
  const email = 'anna.schmidt@ilo-board.example';
  const accepted = issuer.tokenForEmail(email);
  expect((await me(server, accepted)).status).toBe(200);
  await issuer.rotate();
  const fresh = issuer.tokenForEmail(email);
  let status = 0;
  for (const until = Date.now() + 15_000; Date.now() < until && status !== 200;) {
    status = (await me(server, fresh)).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(status).toBe(200);
  // Verified before, but its key is no longer published: checked again, and refused.
  const retired = await me(server, accepted);
  expect({ status: retired.status, message: retired.body.message }).toEqual({
    status: 401,
    message: "token signed with a key that is not among the identity provider's keys",
  });
});
