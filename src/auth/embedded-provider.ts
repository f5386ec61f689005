/**
 * The embedded default's OpenID provider (`npm start` with no OIDC_ISSUER): oidc-provider, a
 * certified implementation, on its own port, whose accounts are the roster's people. Its login
 * page is a development page, clearly marked: it lists the people holding an appointment and signs
 * in whoever is picked, with no password. The pages sign in through it exactly as through a real
 * provider (authorization code with PKCE, see session.controller.ts); only the login page differs.
 *
 * Its signing key is generated on first start into `<DATA_DIR>/oidc-provider-key.json` (mode
 * 0600) and kept, so sessions survive a restart.
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { errors, type Configuration } from 'oidc-provider';
import { capacityLabel } from '../../workflows/roster/roster-record';
import type { AppConfig } from '../config/env';
import type { RosterDirectory } from '../roster/roster-directory';
import { signedOutPage } from './session-cookie';

/** The embedded provider's client for `npm run token -- --sign-in` (device flow, public). */
export const cliClientId = 'board-cli';

/** The scope of the API's access tokens (the one resource server this provider knows). */
export const apiScope = 'board';

export interface EmbeddedProviderOptions {
  port: number;
  dataDir: string;
  clientId: string;
  /** The API's audience: the `aud` of the access tokens. */
  audience: string;
  /** Where the API receives the code (`<PUBLIC_URL>/auth/callback`). */
  redirectUri: string;
  /** Where sign-out ends, after the provider's session is ended (`<PUBLIC_URL>/app/sign-in.html`). */
  postLogoutRedirectUri: string;
  /** Keys the provider's own cookies. */
  cookieSecret: string;
  roster: RosterDirectory;
}

export interface EmbeddedProvider {
  issuer: string;
  stop(): Promise<void>;
}

async function signingKey(dataDir: string): Promise<JWK> {
  const file = join(dataDir, 'oidc-provider-key.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = {
    ...(await exportJWK(privateKey)),
    kid: randomBytes(8).toString('hex'),
    alg: 'RS256',
    use: 'sig',
  };
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    return jwk;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return JSON.parse(readFileSync(file, 'utf8')) as JWK;
    throw err;
  }
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** A development page of the provider: the same marking as the login page. */
function devPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${escape(title)} · Board governance</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
.dev{border:3px dashed #b45309;background:#fffbeb;padding:1rem;border-radius:.5rem}
button{font:inherit;padding:.3rem .8rem;cursor:pointer}input{font:inherit;padding:.3rem;text-transform:uppercase}code{font-size:1.5em}</style>
</head><body><main>
<h1>${escape(title)}</h1>
<p class="dev" role="note"><strong>For development only.</strong> The embedded OpenID provider of
<code>npm start</code> without <code>OIDC_ISSUER</code>.</p>
${body}
</main></body></html>`;
}

/** The development login page: one button per person holding an appointment now. */
function loginPage(uid: string, people: { id: string; name: string; holds: string[] }[]): string {
  const rows = people
    .map(
      (p) =>
        `<li><button type="submit" name="person" value="${escape(p.id)}">${escape(p.name)}</button> <span>${escape(p.holds.join(', '))}</span></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Development sign-in · Board governance</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
.dev{border:3px dashed #b45309;background:#fffbeb;padding:1rem;border-radius:.5rem}
ul{list-style:none;padding:0}li{margin:.4rem 0}button{font:inherit;padding:.3rem .8rem;cursor:pointer}span{color:#555}</style>
</head><body><main>
<h1>Development sign-in</h1>
<p class="dev" role="note"><strong>For development only.</strong> This is the embedded OpenID provider of
<code>npm start</code> without <code>OIDC_ISSUER</code>: anyone who can reach it can sign in as anyone on the
board's roster, with no password. A real deployment signs people in through its organisation's identity provider.</p>
<form method="post" action="/interaction/${escape(uid)}/login">
<h2>Sign in as</h2>
<ul>
${rows}
</ul>
</form>
</main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The embedded provider's issuer for a configuration (OIDC_PROVIDER_PORT). */
export function embeddedIssuer(config: Pick<AppConfig, 'oidc'>): string {
  return `http://127.0.0.1:${config.oidc.providerPort}`;
}

/** Starts the provider on 127.0.0.1:`port`. */
export async function startEmbeddedProvider(opts: EmbeddedProviderOptions): Promise<EmbeddedProvider> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: opts.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [opts.redirectUri],
        post_logout_redirect_uris: [opts.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      {
        // `npm run token -- --sign-in`: a command line has no redirect URI; it shows a code instead.
        client_id: cliClientId,
        client_name: 'npm run token',
        token_endpoint_auth_method: 'none',
        redirect_uris: [],
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
        response_types: [],
      },
    ],
    pkce: { methods: ['S256'], required: () => true },
    jwks: { keys: [(await signingKey(opts.dataDir)) as never] },
    cookies: { keys: [createHash('sha256').update(`oidc-cookies:${opts.cookieSecret}`).digest('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The ID token carries the e-mail, so the API needs no userinfo call.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      // Access tokens for the API: JWTs with its audience, signed with the published key.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => opts.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== opts.audience) throw new errors.InvalidTarget(`unknown resource ${resource}`);
          return {
            scope: apiScope,
            audience: opts.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 3600,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: (ctx, form, _out, err) => {
          ctx.body = devPage(
            'Sign in npm run token',
            `${err ? '<p role="alert">That code is unknown, used or expired; run the command again.</p>' : '<p>Enter the code that <code>npm run token -- --sign-in</code> shows.</p>'}
${form}<button type="submit" form="op.deviceInputForm">Continue</button>`,
          );
        },
        userCodeConfirmSource: (ctx, form, _client, _info, userCode) => {
          ctx.body = devPage(
            'Sign in npm run token',
            `<p>Does <code>npm run token</code> show <code>${escape(userCode)}</code>? Continue only if it does.</p>
${form}<button type="submit" form="op.deviceConfirmForm">Continue</button>`,
          );
        },
        successSource: (ctx) => {
          ctx.body = devPage(
            'Signed in',
            '<p>Signed in: the command has its token. You may close this page.</p>',
          );
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        // The pages' sign-out already asked: the provider's own confirmation is submitted at once.
        logoutSource: (ctx, form) => {
          ctx.body = devPage(
            'Signing out',
            `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script>document.querySelector('button[name=logout]').click()</script>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = devPage('Signed out', '<p>Signed out.</p>');
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The person's e-mail in the access token: the API finds them on the roster by it.
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const person = (await opts.roster.current()).person(token.accountId);
      return person ? { email: person.email, email_verified: true, name: person.name } : undefined;
    },
    findAccount: async (_ctx, id) => {
      const person = (await opts.roster.current()).person(id);
      if (!person) return undefined;
      return {
        accountId: person.id,
        claims: () => ({ sub: person.id, email: person.email, email_verified: true, name: person.name }),
      };
    },
    ttl: {
      DeviceCode: 600,
      Session: 8 * 3600,
      Interaction: 3600,
      Grant: 8 * 3600,
      IdToken: 3600,
      AccessToken: 3600,
      AuthorizationCode: 60,
    },
  };
  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST' && req.url?.endsWith('/login')) {
      const person = (await readForm(req)).get('person') ?? '';
      const roster = await opts.roster.current();
      if (!roster.person(person)) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`${person} is not on the board's roster`);
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: person } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (details.prompt.name === 'consent') {
      // The board's own pages are the only client: consent is implied, granted here.
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({
            accountId: details.session?.accountId,
            clientId: details.params.client_id as string,
          });
      if (!grant) throw new Error('grant not found');
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const resources = (details.prompt.details as { missingResourceScopes?: Record<string, string[]> })
        .missingResourceScopes;
      for (const [resource, scopes] of Object.entries(resources ?? {}))
        grant.addResourceScope(resource, scopes.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    const roster = await opts.roster.current();
    const now = Date.now();
    const people = roster.state.people
      .map((p) => ({ id: p.id, name: p.name, holds: roster.appointmentsAt(p.id, now).map(capacityLabel) }))
      .filter((p) => p.holds.length > 0);
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // The login form's answer redirects on to the API's callback: that origin too.
        'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${new URL(opts.redirectUri).origin}; frame-ancestors 'none'`,
      })
      .end(loginPage(details.uid, people));
  };

  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((err: Error) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`sign-in failed: ${err.message}`);
      });
      return;
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? Object.assign(
              new Error(
                `OIDC_PROVIDER_PORT ${opts.port} is already in use; set OIDC_PROVIDER_PORT to a free port`,
              ),
              {
                name: 'StartupError',
              },
            )
          : err,
      ),
    );
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * True when start-up runs the embedded provider: the embedded default only (no OIDC_ISSUER, no
 * JWT_SECRET, no TEMPORAL_ADDRESS), where whoever runs `npm start` owns the data folder anyway.
 * Anywhere else a passwordless sign-in would be a hole: the pages then take tokens only.
 */
export function embeddedProviderWanted(config: Pick<AppConfig, 'temporal' | 'jwtSecret' | 'oidc'>): boolean {
  return config.temporal.embedded && !config.jwtSecret && !config.oidc.issuer;
}

/**
 * Starts the embedded provider when {@link embeddedProviderWanted}, and returns the configuration
 * the API runs with (its issuer set to the provider's) and how to stop it.
 */
export async function startEmbeddedSignIn(
  config: AppConfig,
  roster: RosterDirectory,
  cookieSecret: string,
): Promise<{ config: AppConfig; provider?: EmbeddedProvider }> {
  if (!embeddedProviderWanted(config)) return { config };
  const provider = await startEmbeddedProvider({
    port: config.oidc.providerPort,
    dataDir: config.dataDir,
    clientId: config.oidc.clientId,
    redirectUri: `${config.publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${config.publicUrl}${signedOutPage}`,
    audience: config.oidc.audience,
    cookieSecret,
    roster,
  });
  return {
    config: { ...config, oidc: { ...config.oidc, issuer: provider.issuer, embedded: true } },
    provider,
  };
}
