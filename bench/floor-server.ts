/**
 * The least an HTTP front can do for a ballot: node:http, the body parsed, one Temporal Update,
 * the answer as JSON. No framework, token check, validation, audit or log. The ballots section
 * measures it beside the API and the raw client, so the gap between raw and API splits into what
 * any HTTP front costs on this machine and what the API adds to it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { castBallotUpdate } from '../workflows/decision/decision.messages';

const BALLOT = /^\/decisions\/([^/]+)\/ballots$/;

export interface FloorServer {
  base: string;
  close(): Promise<void>;
}

/** `seatOf(token)`: the seat the bench gave a member's token (no signature is checked here). */
export async function startFloorServer(
  client: Client,
  seatOf: (token: string) => string,
): Promise<FloorServer> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = BALLOT.exec(req.url ?? '')?.[1];
      const seat = seatOf((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      const fail = (status: number, message: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message }));
      };
      if (req.method !== 'POST' || !id) return fail(404, 'not found');
      const { choice } = JSON.parse(Buffer.concat(chunks).toString()) as { choice: string };
      client.workflow
        .getHandle(id)
        .executeUpdate(castBallotUpdate, { args: [{ seat, choice: choice as 'yes', by: `${seat}-m` }] })
        .then(
          (state) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(state));
          },
          (err: unknown) => fail(500, String(err)),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
