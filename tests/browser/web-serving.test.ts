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
import { embeddedProviderWanted } from '../../src/auth/embedded-provider';
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

test('the embedded OpenID provider (passwordless development sign-in) is for the embedded default only', () => {
  const embedded = loadAppConfig({});
  expect(embeddedProviderWanted(embedded)).toBe(true);
  expect(embeddedProviderWanted(loadAppConfig({ JWT_SECRET: 'x'.repeat(32) }))).toBe(false);
  expect(embeddedProviderWanted(loadAppConfig({ TEMPORAL_ADDRESS: 'temporal.example:7233' }))).toBe(false);
  expect(
    embeddedProviderWanted(loadAppConfig({ OIDC_ISSUER: 'https://id.example.org', OIDC_CLIENT_ID: 'board' })),
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

test("the pages' session routes: none open, and signing out of none is harmless", async () => {
  const server = (await app()).getHttpServer();
  expect((await request(server).get('/auth/session')).body).toEqual({ signedIn: false });
  const out = await request(server).post('/auth/sign-out');
  expect(out.status).toBe(200);
  expect(out.body).toEqual({ signedOut: true, next: '/app/sign-in.html?signed-out=1' });
  // Without a provider (this app has none), "Sign in" comes back to the page with the reason.
  const signIn = await request(server).get('/auth/sign-in?next=me.html');
  expect(signIn.status).toBe(302);
  expect(decodeURIComponent(signIn.headers.location)).toBe(
    '/app/sign-in.html?error=Sign-in unavailable: no identity provider is configured here (OIDC_ISSUER); sign in with a token.',
  );
  // A forged session cookie is no session.
  const forged = await request(server).get('/board').set('cookie', 'board_session=eyJhbGciOiJkaXIifQ..x.y.z');
  expect(forged.status).toBe(401);
});
