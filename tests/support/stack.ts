/**
 * The real stack for end-to-end tests: a Temporal dev server (own ports, own SQLite file in a
 * temporary data folder), the worker and the API listening on a free port, wired exactly as
 * `npm start` wires them. People sign in through a test OpenID provider on another loopback port
 * (tests/support/test-issuer.ts), which the API trusts as it would any provider; what they may do
 * is the roster's answer, seeded from the configuration.
 *
 * With `E2E_ON_CLUSTER=1` (`npm run test:cluster`), the same tests run on the production-shaped
 * cluster instead (scripts/cluster/local-cluster.ts: PostgreSQL, the four Temporal services as
 * processes, two API and two worker replicas), and the requests go to the API replicas in turn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signServiceToken } from '../../src/auth/token-signer';
import { loadAppConfig, type AppConfig } from '../../src/config/env';
import { startSystem } from '../../src/system';
import { LocalCluster } from '../../scripts/cluster/local-cluster';
import { freePort } from '../../scripts/free-port';
import { startTestIssuer, type TestIssuer } from './test-issuer';
import type { TestCaller } from './test-people';

export interface Stack {
  baseUrl: string;
  config: AppConfig;
  /** A bearer token from the test provider for the seeded person holding `who`'s place. */
  token(who: TestCaller, expiresInSeconds?: number): string;
  /** A bearer token from the test provider for the person with this e-mail. */
  tokenForEmail(email: string, expiresInSeconds?: number): string;
  /** A token as `npm run token` mints it, for the roster id of a service account. */
  serviceToken(personId: string, expiresInSeconds?: number): string;
  /** The OpenID provider the API trusts (absent with `embeddedProvider`). */
  issuer?: TestIssuer;
  /** HTTP helper: JSON in and out. */
  request(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

/**
 * Starts the stack. Unless `env` names an OIDC_ISSUER, or `opts.embeddedProvider` asks for the
 * embedded default's own sign-in, the API trusts a test provider started here.
 */
export async function startStack(
  env: Record<string, string> = {},
  opts: { embeddedProvider?: boolean } = {},
): Promise<Stack> {
  if (process.env.E2E_ON_CLUSTER === '1') return startClusterStack(env);
  const issuer = opts.embeddedProvider || env.OIDC_ISSUER ? undefined : await startTestIssuer();
  const withIssuer = { ...issuer?.env, ...env };
  // Ports are picked before the dev server starts, which takes free ports of its own for its
  // internal services: one of them may be ours by the time the API listens. Then start again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStackOnce(withIssuer, issuer);
    } catch (err) {
      const portTaken = err instanceof Error && err.name === 'StartupError' && /in use/.test(err.message);
      if (!portTaken || attempt === 3) {
        await issuer?.stop();
        throw err;
      }
    }
  }
}

async function startStackOnce(env: Record<string, string>, issuer: TestIssuer | undefined): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'board-e2e-'));
  const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const config = loadAppConfig({
    // The suites run against either source of the pending lists: `PENDING_SOURCE=record npm test`.
    ...(process.env.PENDING_SOURCE ? { PENDING_SOURCE: process.env.PENDING_SOURCE } : {}),
    ...env,
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    LOG_LEVEL: env.LOG_LEVEL ?? 'error',
    // The address the browser tests use, so the sign-in comes back to it.
    PUBLIC_URL: env.PUBLIC_URL ?? `http://127.0.0.1:${port}`,
    // Without OIDC_ISSUER the embedded provider listens on a port of its own.
    OIDC_PROVIDER_PORT: env.OIDC_PROVIDER_PORT ?? String(await freePort()),
  });
  const system = await startSystem(config, { host: '127.0.0.1' }).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const secret = system.signingSecret;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    config,
    issuer,
    token(who, expiresInSeconds) {
      if (!issuer) throw new Error('this stack signs people in through its embedded provider');
      return issuer.token(who, expiresInSeconds, config.boardConfigPath);
    },
    tokenForEmail(email, expiresInSeconds) {
      if (!issuer) throw new Error('this stack signs people in through its embedded provider');
      return issuer.tokenForEmail(email, { expiresInSeconds });
    },
    serviceToken: (personId, expiresInSeconds) => signServiceToken(secret, personId, expiresInSeconds),
    request: (method, path, opts = {}) => send(baseUrl, method, path, opts),
    async stop() {
      await system.stop();
      await issuer?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The stack on a local cluster of its own; each request goes to the next API replica. */
async function startClusterStack(env: Record<string, string>): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'board-cluster-e2e-'));
  const jwtSecret = 'cluster-e2e-secret-of-more-than-32-characters';
  // People sign in through a test OpenID provider that every API replica trusts.
  const issuer = await startTestIssuer();
  const cluster = new LocalCluster({
    root: join(__dirname, '..', '..'),
    dataDir,
    appEnv: { ...issuer.env, ...env, JWT_SECRET: jwtSecret, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
  });
  await cluster.start().catch(async (err: unknown) => {
    await issuer.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const config = loadAppConfig({
    ...env,
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: cluster.temporalAddress,
    DATABASE_URL: cluster.recordUrl,
    JWT_SECRET: jwtSecret,
  });
  let turn = 0;
  return {
    baseUrl: cluster.apiUrls[0],
    config,
    issuer,
    token: (who, expiresInSeconds) => issuer.token(who, expiresInSeconds, config.boardConfigPath),
    tokenForEmail: (email, expiresInSeconds) => issuer.tokenForEmail(email, { expiresInSeconds }),
    serviceToken: (personId, expiresInSeconds) => signServiceToken(jwtSecret, personId, expiresInSeconds),
    request: (method, path, opts = {}) =>
      send(cluster.apiUrls[turn++ % cluster.apiUrls.length], method, path, opts),
    async stop() {
      await cluster.stop();
      await issuer.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One JSON request to `baseUrl`. */
async function send(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> },
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body:
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string'
          ? opts.body
          : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}
