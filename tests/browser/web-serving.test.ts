/**
 * How the pages are served, without a browser or Temporal (the client is never called): `/`
 * leads to `/app/`, every page is a static file with a strict Content-Security-Policy, a viewport
 * for phones and self-hosted scripts only; the development sign-in exists in the embedded default
 * and nowhere else.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApiApp } from '../../src/api/create-api-app';
import { loadBoard } from '../../src/board/board-config';
import { BoardDirectory } from '../../src/board/board-directory';
import { loadAppConfig } from '../../src/config/env';
import { loadSigningSecret } from '../../src/auth/signing-secret';
import { devSignInAvailable } from '../../src/web/dev-sign-in';
import { SeededRoster } from '../support/seeded-roster';
import { findWebRoot } from '../../src/web/serve-pages';
import { openRecordDatabase } from '../../src/record/record-database';

const dirs: string[] = [];
const apps: INestApplication[] = [];

/** The API app as start-up builds it, for the given environment. */
async function app(env: Record<string, string> = {}): Promise<INestApplication> {
  const dataDir = mkdtempSync(join(tmpdir(), 'board-web-'));
  dirs.push(dataDir);
  const config = loadAppConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'error' });
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  const api = await createApiApp(
    {
      config,
      board,
      client,
      // Never reached by these tests: the pool connects on its first query.
      record: openRecordDatabase('postgres://127.0.0.1:1/unused'),
      signingSecret: loadSigningSecret(config),
      roster: new SeededRoster(client, config.boardConfigPath, board),
    },
    { shutdownHooks: false },
  );
  await api.init();
  apps.push(api);
  return api;
}

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const pages = readdirSync(findWebRoot()).filter((f) => f.endsWith('.html'));

test('the development sign-in is for the embedded default only', () => {
  const embedded = loadAppConfig({});
  expect(devSignInAvailable(embedded)).toBe(true);
  expect(devSignInAvailable(loadAppConfig({ JWT_SECRET: 'x'.repeat(32) }))).toBe(false);
  expect(devSignInAvailable(loadAppConfig({ TEMPORAL_ADDRESS: 'temporal.example:7233' }))).toBe(false);
  expect(
    devSignInAvailable(loadAppConfig({ OIDC_ISSUER: 'https://id.example.org', OIDC_CLIENT_ID: 'board' })),
  ).toBe(false);
});

test('/ leads to the pages; each page has the strict policy, a viewport and only its own scripts', async () => {
  const server = (await app()).getHttpServer();
  const root = await request(server).get('/');
  expect(root.status).toBe(302);
  expect(root.headers.location).toBe('/app/');

  expect(pages).toEqual(
    expect.arrayContaining(['index.html', 'sign-in.html', 'decision.html', 'pending.html']),
  );
  for (const name of pages) {
    const res = await request(server).get(`/app/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1" />');
    expect(res.text).toContain('<html lang="en">');
    // One module script per page, from this site; no inline script. A page may load a library
    // before it from /app/vendor/ (Chart.js from its npm package), served from this site too.
    const all = [...res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    const vendor = all.filter((s) => /^ src="vendor\/[a-z.-]+\/[a-z.-]+\.js"$/.test(s[1]));
    for (const lib of vendor) {
      expect(lib[2].trim()).toBe('');
      const served = await request(server).get(`/app/${/src="([^"]+)"/.exec(lib[1])![1]}`);
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toMatch(/javascript/);
    }
    const scripts = all.filter((s) => !vendor.includes(s));
    expect(scripts).toHaveLength(1);
    expect(scripts[0][1]).toMatch(/type="module" src="js\/[a-z-]+\.js"/);
    expect(scripts[0][2].trim()).toBe('');
    const src = /src="(js\/[a-z-]+\.js)"/.exec(scripts[0][1])![1];
    const script = await request(server).get(`/app/${src}`);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  }
  // The scripts never parse HTML from data: no innerHTML anywhere.
  for (const file of readdirSync(join(findWebRoot(), 'js'))) {
    expect(readFileSync(join(findWebRoot(), 'js', file), 'utf8')).not.toMatch(
      /innerHTML|outerHTML\s*=|insertAdjacentHTML/,
    );
  }
  // The API keeps answering JSON, with no page policy on it.
  const board = await request(server).get('/board');
  expect(board.status).toBe(401);
  expect(board.headers['content-security-policy']).toBeUndefined();
});

test('the development sign-in mints a token for a roster person, who may do what the roster says', async () => {
  const server = (await app()).getHttpServer();
  const info = await request(server).get('/dev/sign-in');
  expect(info.status).toBe(200);
  expect(info.body.development).toBe(true);
  expect(info.body.people).toEqual(
    expect.arrayContaining([{ id: 'anna-schmidt', name: 'Anna Schmidt', holds: ['member for DE'] }]),
  );
  // Only people holding an appointment now: DE's former alternate is not offered.
  expect(info.body.people.map((p: { id: string }) => p.id)).not.toContain('karl-weber');

  const minted = await request(server).post('/dev/sign-in').send({ person: 'anna-schmidt' });
  expect(minted.status).toBe(201);
  expect(minted.body).toMatchObject({ person: 'anna-schmidt', name: 'Anna Schmidt' });
  const me = await request(server).get('/auth/me').set('authorization', `Bearer ${minted.body.token}`);
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ sub: 'anna-schmidt', role: 'member', seat: 'DE', capacity: 'member' });

  const refusals: [Record<string, unknown>, number, string][] = [
    [{ person: 'nobody' }, 422, "nobody is not on the board's roster"],
    [{ person: '' }, 400, 'person must be the roster id of the person signing in'],
  ];
  for (const [body, status, message] of refusals) {
    const res = await request(server).post('/dev/sign-in').send(body);
    expect({ status: res.status, message: res.body.message }).toEqual({
      status,
      message: status === 400 ? [message] : message,
    });
  }
});

test.each([
  ['JWT_SECRET is set', { JWT_SECRET: 'a-production-secret-of-32-characters!' }],
  ['TEMPORAL_ADDRESS is set', { TEMPORAL_ADDRESS: 'temporal.example:7233' }],
  ['OIDC_ISSUER is set', { OIDC_ISSUER: 'https://id.example.org', OIDC_CLIENT_ID: 'board' }],
])('the development sign-in does not exist when %s', async (_, env) => {
  const server = (await app(env)).getHttpServer();
  expect((await request(server).get('/dev/sign-in')).status).toBe(404);
  expect((await request(server).post('/dev/sign-in').send({ person: 'mia-novak' })).status).toBe(404);
  // The pages are still there: only the shortcut is gone.
  expect((await request(server).get('/app/sign-in.html')).status).toBe(200);
});
