/**
 * `npm run token -- --account ci-pipeline [--hours 12]`: prints a token for a service account of
 * the roster (an integration, a CI job), or for a person whose current appointment allows tokens,
 * signed for the running configuration (JWT_SECRET, or the data folder's generated secret). People
 * sign in through the identity provider instead; this never mints a member's vote unless the
 * member's appointment says so. The roster is read from Temporal (the seed before the first start).
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
import { loadSigningSecret } from './signing-secret';
import { signServiceToken } from './token-signer';

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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { account: { type: 'string' }, hours: { type: 'string', default: '12' } },
  });
  const fail = (message: string): never => {
    process.stderr.write(`token: ${message}\nusage: npm run token -- --account ROSTER_ID [--hours N]\n`);
    process.exit(2);
  };
  const account = values.account ?? fail('--account is required (the roster id of a service account)');
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0) fail('--hours must be a positive number');
  const config = loadAppConfig();
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
      `${person.name} signs in through the identity provider; tokens are for service accounts and appointments that allow them`,
    );
  const secret = loadSigningSecret(config);
  process.stdout.write(signServiceToken(secret, person.id, Math.round(hours * 3600)) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`token: ${(err as Error).message}\n`);
  process.exit(1);
});
