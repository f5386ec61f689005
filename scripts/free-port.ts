/**
 * Free TCP ports on 127.0.0.1 for servers that a test, the bench or the local cluster starts.
 *
 * The ports come from below the range the OS hands out for `listen(0)` and outgoing connections
 * (32768 and up on Linux). A port taken from that range is free when picked but may be grabbed by
 * an outgoing connection, or by a Temporal dev server picking its own internal ports, before our
 * server binds it; a test then fails with "address already in use". Below it, only another pick
 * can collide, and each Jest worker picks from a slice of its own.
 */
import { createServer } from 'node:net';

const LOWEST = 20000;
/** Ports per Jest worker: twelve slices fit below 32768. */
const SLICE = 1000;
const SLICES = 12;

/**
 * Where the next pick starts in this process's slice. Picks walk the slice in turn, so a port handed
 * out but not yet bound by its server does not come again until the whole slice has been walked.
 */
let cursor = Math.floor(Math.random() * SLICE);

/** True when `port` can be bound on 127.0.0.1 right now. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** First port of this process's slice: its Jest worker's, or a random one outside Jest. */
const start = (() => {
  const worker = Number(process.env.JEST_WORKER_ID ?? 0);
  const slice = Number.isInteger(worker) && worker > 0 ? worker % SLICES : Math.floor(Math.random() * SLICES);
  return LOWEST + slice * SLICE;
})();

/** A port free on 127.0.0.1 right now, below the OS's ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < SLICE; attempt++) {
    const port = start + (cursor++ % SLICE);
    if (await canBind(port)) return port;
  }
  throw new Error(`No free port in ${start}-${start + SLICE - 1} on 127.0.0.1`);
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) ports.push(await freePort());
  return ports;
}
