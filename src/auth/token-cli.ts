/**
 * `npm run token`: prints a bearer token for the running configuration, for curl and scripts.
 *
 * - `--sign-in`: a person's token from the OpenID provider (the embedded one of `npm start`, or
 *   OIDC_ISSUER), with the device flow: it shows a URL and a code, the person confirms the code and
 *   signs in in a browser, and the token is printed. The API checks it like any token of its provider.
 * - `--as ROSTER_ID` (embedded default only): the same, with the development login page answered
 *   by this command for that person: what the passwordless page lets anyone who reaches it do.
 * - `--account ROSTER_ID [--hours 12]`: a token for a service account of the roster (an
 *   integration, a CI job), or for a person whose current appointment allows tokens, signed with
 *   this deployment's secret (JWT_SECRET, or the data folder's generated one). It never mints a
 *   member's vote unless the member's appointment says so. The roster is read from Temporal (the
 *   seed before the first start).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { RosterRecord } from '../../workflows/roster/roster-record';
import { getRosterQuery, rosterWorkflowId } from '../../workflows/roster/roster.messages';
import type { RosterState } from '../../workflows/roster/roster.types';
import { loadBoard } from '../board/board-config';
import { BoardDirectory } from '../board/board-directory';
import { loadAppConfig, type AppConfig } from '../config/env';
import { loadRosterSeed } from '../roster/roster-seed';
import { RosterView } from '../roster/roster-view';
import { connectClient } from '../temporal/connection';
import { deviceSignIn, embeddedSignInAs } from './device-sign-in';
import { apiScope, cliClientId, embeddedIssuer, embeddedProviderWanted } from './embedded-provider';
import { loadSigningSecret } from './signing-secret';
import { signServiceToken } from './token-signer';

const usage = `usage: npm run -s token -- --sign-in [--client ID] [--scope "..."]
       npm run -s token -- --as ROSTER_ID            (embedded default: npm start without OIDC_ISSUER)
       npm run -s token -- --account ROSTER_ID [--hours N]   (service accounts)`;

async function readRoster(config: AppConfig): Promise<RosterState> {
  const seed = () =>
    RosterRecord.seeded(
      loadRosterSeed(config.boardConfigPath, new BoardDirectory(loadBoard(config.boardConfigPath))),
      Date.now(),
    ).view();
  const { client, connection } = await connectClient(config);
  try {
    return await client.workflow.getHandle(rosterWorkflowId).query(getRosterQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return seed();
    throw err;
  } finally {
    await connection.close();
  }
}

const fail = (message: string): never => {
  process.stderr.write(`token: ${message}\n${usage}\n`);
  process.exit(2);
};

/** A service account's token, signed with this deployment's secret. */
async function serviceToken(config: AppConfig, account: string, hours: number): Promise<string> {
  const roster = new RosterView(await readRoster(config), Date.now());
  const person = roster.person(account);
  if (!person) {
    const services = roster.state.people.filter((p) => p.kind === 'service').map((p) => p.id);
    return fail(
      `${account} is not on the board's roster (service accounts: ${services.join(', ') || 'none'})`,
    );
  }
  const held = roster.appointmentsAt(person.id, Date.now());
  if (held.length === 0) return fail(roster.whyNothingAt(person, Date.now()));
  if (!held.some((a) => a.tokens))
    return fail(
      `${person.name} signs in through the identity provider (npm run token -- --sign-in); --account is for service accounts and appointments that allow tokens`,
    );
  return signServiceToken(loadSigningSecret(config), person.id, Math.round(hours * 3600));
}

/** A person's token from the OpenID provider, through the device flow. */
async function providerToken(
  config: AppConfig,
  opts: { as?: string; client?: string; scope?: string },
): Promise<string> {
  const embedded = embeddedProviderWanted(config);
  if (opts.as && !embedded)
    fail('--as works with the embedded development sign-in only; use --sign-in with your identity provider');
  const issuer = embedded ? embeddedIssuer(config) : config.oidc.issuer;
  if (!issuer)
    return fail('no OpenID provider here (OIDC_ISSUER is unset and the embedded one is not in use)');
  const signedIn = opts.as
    ? embeddedSignInAs(config, opts.as)
    : deviceSignIn({
        issuer,
        clientId: opts.client ?? (embedded ? cliClientId : config.oidc.clientId),
        scope: opts.scope ?? (embedded ? `openid email ${apiScope}` : 'openid email'),
        resource: embedded ? config.oidc.audience : undefined,
        prompt: ({ url, completeUrl, code }) => {
          process.stderr.write(
            `To sign in, open ${completeUrl ?? url} in a browser${completeUrl ? '' : ` and enter ${code}`} (code ${code}); waiting...\n`,
          );
        },
      });
  return signedIn.catch((err: Error) => {
    const unreachable = /fetch failed|ECONNREFUSED/.test(`${err.message} ${String(err.cause)}`);
    throw new Error(
      unreachable
        ? `the OpenID provider ${issuer} cannot be reached${embedded ? ' (is npm start running with the same configuration?)' : ''}`
        : err.message,
    );
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      account: { type: 'string' },
      hours: { type: 'string', default: '12' },
      'sign-in': { type: 'boolean' },
      as: { type: 'string' },
      client: { type: 'string' },
      scope: { type: 'string' },
    },
  });
  const config = loadAppConfig();
  const modes = [values.account, values['sign-in'], values.as].filter((v) => v !== undefined);
  if (modes.length !== 1) fail('give one of --sign-in, --as or --account');
  let token: string;
  if (values.account !== undefined) {
    const hours = Number(values.hours);
    if (!Number.isFinite(hours) || hours <= 0) fail('--hours must be a positive number');
    token = await serviceToken(config, values.account, hours);
  } else {
    token = await providerToken(config, { as: values.as, client: values.client, scope: values.scope });
  }
  process.stdout.write(token + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`token: ${(err as Error).message}\n`);
  process.exit(1);
});
