/**
 * The ballots section's HTTP client, in a process of its own so that the benchmark process's CPU
 * is the API's alone (a member's browser does not run on the API's cores). Reads
 * `{ base, concurrency, requests: [{ path, token, body }] }` on stdin, sends each as a POST over
 * kept-alive sockets, at most `concurrency` at a time, and writes
 * `{ latencies, seconds, errors, cpuSeconds }` on stdout.
 */
import { Agent, request } from 'node:http';

export interface LoadRequest {
  path: string;
  token: string;
  body: unknown;
}

export interface LoadPlan {
  base: string;
  concurrency: number;
  /** The status every answer must have; any other counts as an error. */
  expect: number;
  requests: LoadRequest[];
}

export interface LoadResult {
  latencies: number[];
  seconds: number;
  errors: number;
  /** CPU this client used (user + system). */
  cpuSeconds: number;
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const post = (r: LoadRequest, resent = false): Promise<void> =>
    new Promise<void>((resolve) => {
      const payload = JSON.stringify(r.body);
      const headers = {
        authorization: `Bearer ${r.token}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(payload)),
      };
      const t0 = performance.now();
      const req = request(plan.base + r.path, { method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode !== plan.expect && errors++ === 0)
            console.error(
              `bench: first error: POST ${r.path}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`,
            );
          latencies.push(performance.now() - t0);
          resolve();
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the API closed as idle as this went out: it never arrived, send it again.
        if (req.reusedSocket && err.code === 'ECONNRESET' && !resent) return resolve(post(r, true));
        if (errors++ === 0) console.error(`bench: first error: POST ${r.path}: ${err.message}`);
        latencies.push(performance.now() - t0);
        resolve();
      });
      req.end(payload);
    });
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const lane = async () => {
    while (next < plan.requests.length) await post(plan.requests[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.requests.length) }, lane));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { latencies, seconds, errors, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

let input = '';
process.stdin.on('data', (chunk: Buffer) => (input += chunk.toString()));
process.stdin.on('end', () => {
  void run(JSON.parse(input) as LoadPlan).then((result) => process.stdout.write(JSON.stringify(result)));
});
