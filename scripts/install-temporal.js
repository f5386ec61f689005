/**
 * `npm run temporal:install`: makes sure the Temporal CLI and the time-skipping test server are
 * available (see ./temporal-binaries.js for where they are looked for) and prints their paths.
 * Plain Node, so it works from a fresh clone before `npm run build`.
 */
'use strict';

const { resolveTemporalCli, resolveTestServer, TemporalBinaryError } = require('./temporal-binaries');

async function main() {
  const cli = await resolveTemporalCli({ install: true });
  const testServer = await resolveTestServer({ install: true });
  console.log(`Temporal CLI:         ${cli}`);
  console.log(`Temporal test server: ${testServer}`);
}

main().catch((error) => {
  // A TemporalBinaryError already says what to do; anything else is a bug worth its stack.
  console.error(error instanceof TemporalBinaryError ? error.message : error);
  process.exitCode = 1;
});
