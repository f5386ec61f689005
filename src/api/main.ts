/**
 * `npm run api`: the HTTP API alone, against TEMPORAL_ADDRESS (or the embedded default's
 * address). Stateless: run as many as you like behind a load balancer.
 */
import { loadSigningSecret } from '../auth/signing-secret';
import { loadBoard } from '../board/board-config';
import { BoardDirectory } from '../board/board-directory';
import { loadAppConfig } from '../config/env';
import { runMain } from '../run-main';
import { connectClient } from '../temporal/connection';
import { createApiApp } from './create-api-app';

runMain('api', async () => {
  const config = loadAppConfig();
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  const { client } = await connectClient(config);
  const app = await createApiApp({ config, board, client, signingSecret: loadSigningSecret(config) });
  await app.listen(config.port);
  console.log(`api: listening on http://localhost:${config.port} (docs at /docs)`);
});
