/**
 * The embedded record store's thread (see ./embedded-record-server): opens PGlite on its folder,
 * serves it, tells the parent its port, and on "stop" closes the server, then the database.
 * A thread of its own, so PostgreSQL's work (WebAssembly, synchronous) never holds up the API's
 * or the worker's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { serveOverWire } from './pglite-wire-server';

/** What the parent hands the thread. */
export interface RecordThreadData {
  dir: string;
  port: number;
}

/** What the thread tells the parent. */
export type RecordThreadMessage =
  | { type: 'listening'; port: number }
  | { type: 'failed'; code?: string; message: string }
  | { type: 'stopped' };

async function main(): Promise<void> {
  const { dir, port } = workerData as RecordThreadData;
  const tell = (message: RecordThreadMessage) => parentPort?.postMessage(message);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create({ dataDir: dir });
    const server = await serveOverWire(db, port);
    parentPort?.on('message', (message: unknown) => {
      if (message !== 'stop') return;
      void (async () => {
        await server.close();
        await db?.close();
        tell({ type: 'stopped' });
        parentPort?.close();
      })();
    });
    tell({ type: 'listening', port: server.port });
  } catch (err) {
    await db?.close().catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    tell({ type: 'failed', code: e?.code, message: e?.message ?? String(err) });
    parentPort?.close();
  }
}

void main();
