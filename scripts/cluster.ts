/**
 * `npm run cluster`: a production-shaped Temporal cluster on this machine with the application
 * on it (see scripts/cluster/local-cluster.ts): PostgreSQL, the four Temporal services as
 * separate processes, two API replicas on PORT and PORT+1 (default 3000 and 3001), two workers.
 * Logs go to <DATA_DIR>/cluster/logs/. Ctrl-C (or SIGTERM) stops everything it started.
 */
import { resolve } from 'node:path';
import { LocalCluster } from './cluster/local-cluster';

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  const port = Number(process.env.PORT || 3000);
  const log = (line: string) => console.log(`cluster: ${line}`);
  const cluster = new LocalCluster({
    root: resolve(__dirname, '..'),
    dataDir,
    apiPorts: [port, port + 1],
    frontendPort: Number(process.env.TEMPORAL_PORT || 7233),
    log,
    appEnv: process.env.JWT_SECRET ? { JWT_SECRET: process.env.JWT_SECRET } : {},
  });
  const signalled = new Promise<string>((done) => {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => done(s));
  });
  const started = Date.now();
  await cluster.start();
  log(`up in ${((Date.now() - started) / 1000).toFixed(0)} s: Temporal at ${cluster.temporalAddress}`);
  for (const url of cluster.apiUrls) log(`API replica ${url} (Swagger UI at ${url}/docs)`);
  cluster.workerUrls.forEach((w, i) =>
    log(`worker ${i + 1}: probes ${w.health}/health/ready, metrics ${w.metrics}/metrics`),
  );
  log(
    `logs in ${cluster.dir}/logs; tokens: DATA_DIR=${dataDir} npm run token -- --role secretariat --sub you`,
  );
  log(`Ctrl-C stops everything`);
  log(`${await signalled}: stopping`);
  await cluster.stop();
  log('stopped');
}

main().catch((err: Error) => {
  console.error(`cluster: ${err.name === 'ClusterSetupError' ? err.message : (err.stack ?? String(err))}`);
  process.exit(1);
});
