/**
 * `npm run api`: the HTTP API alone, against TEMPORAL_ADDRESS (or the embedded default's
 * address), reading the record from DATABASE_URL (or the embedded store `npm start` serves). Stateless: run as many as you like behind a load balancer.
 */
import { loadSigningSecret } from '../auth/signing-secret';
import { loadBoard } from '../board/board-config';
import { BoardDirectory } from '../board/board-directory';
import { loadAppConfig } from '../config/env';
import { connectRecord, resolveRecordUrl } from '../record/record-connection';
import { runMain } from '../run-main';
import { connectClient } from '../temporal/connection';
import { createApiApp } from './create-api-app';

runMain('api', async () => {
  const config = loadAppConfig();
  const board = new BoardDirectory(loadBoard(config.boardConfigPath));
  const record = await connectRecord(resolveRecordUrl(config));
  const { client } = await connectClient(config);
  const app = await createApiApp({ config, board, client, record, signingSecret: loadSigningSecret(config) });
  await app.listen(config.port);
  console.log(`api: listening on http://localhost:${config.port} (docs at /docs)`);
});
