/**
 * `npm run api`: the HTTP API alone, against TEMPORAL_ADDRESS (or the embedded default's
 * address), reading the record from DATABASE_URL (or the embedded store `npm start` serves).
 * Stateless: run as many as you like behind a load balancer.
 *
 * SIGTERM or SIGINT: readiness turns 503 at once; after `SHUTDOWN_DELAY_SECONDS` (time for a load
 * balancer to notice) the server stops taking connections, lets the requests in flight finish,
 * closes the Temporal connection and the record, flushes traces and exits 0.
 */
import { startEmbeddedSignIn } from '../auth/embedded-provider';
import { loadSigningSecret } from '../auth/signing-secret';
import { RosterDirectory } from '../roster/roster-directory';
import { loadRosterSeed } from '../roster/roster-seed';
import { loadBoard } from '../board/board-config';
import { BoardDirectory } from '../board/board-directory';
import { loadAppConfig } from '../config/env';
import { announce, createLogger } from '../observability/logger';
import { startTracing } from '../observability/tracing';
import { connectRecord, resolveRecordUrl } from '../record/record-connection';
import { runMain } from '../run-main';
import { checkCluster } from '../temporal/cluster-check';
import { connectClient } from '../temporal/connection';
import { createApiApp } from './create-api-app';
import { ShutdownState } from './health/shutdown-state';

runMain('api', async () => {
  const config = loadAppConfig();
  const logger = createLogger('api', config);
  const tracing = startTracing('board-api');
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  const record = await connectRecord(resolveRecordUrl(config));
  const { client, connection } = await connectClient(config);
  if (!config.temporal.embedded) await checkCluster(connection, config);
  const signingSecret = loadSigningSecret(config);
  const roster = new RosterDirectory(client, {
    taskQueue: config.temporal.taskQueue,
    seed: loadRosterSeed(config.boardConfigPath, board),
    maxAgeMs: config.rosterMaxAgeMs,
  });
  // The embedded default signs people in through its own OpenID provider, on its own port.
  const signIn = await startEmbeddedSignIn(config, roster, signingSecret);
  if (signIn.provider) announce(logger, `OpenID provider (development sign-in) on ${signIn.provider.issuer}`);
  const app = await createApiApp(
    { config: signIn.config, board, client, record, signingSecret, roster, logger },
    { shutdownHooks: false },
  );
  await app.listen(config.port);
  announce(logger, `listening on http://localhost:${config.port} (docs at /docs)`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => resolve(s));
  });
  announce(logger, `${signal}, draining (${config.shutdownDelaySeconds} s before refusing connections)`);
  app.get(ShutdownState).begin();
  await new Promise((resolve) => setTimeout(resolve, config.shutdownDelaySeconds * 1000));
  // Stops listening and waits for the requests in flight; idle keep-alive connections are closed.
  await app.close();
  await signIn.provider?.stop();
  await connection.close();
  await record.destroy();
  await tracing?.shutdown();
  announce(logger, 'stopped');
  process.exit(0);
});
