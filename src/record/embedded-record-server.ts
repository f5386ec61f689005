/**
 * The embedded record store of `npm start`: PGlite (PostgreSQL compiled to WebAssembly, from npm
 * alone) with its files in <DATA_DIR>/record, served over the PostgreSQL wire protocol on
 * 127.0.0.1 (./pglite-wire-server) so the API and the worker, in this process or in others,
 * connect with `pg` exactly as they connect to a PostgreSQL server. It runs in a thread of its
 * own (./embedded-record-thread), which also keeps PGlite's module loading out of test runners'
 * sandboxes.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RecordThreadData, RecordThreadMessage } from './embedded-record-thread';
import { embeddedUrlFile } from './record-connection';

/** A running embedded record store, from {@link startEmbeddedRecordServer}. */
export interface EmbeddedRecordServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, for `DATABASE_URL`. */
  url: string;
  port: number;
  /**
   * Seconds the store's thread has been busy (its event loop's active time). PGlite runs
   * synchronously on that loop, so this is the thread's CPU time, which the process's own CPU
   * figure cannot tell apart from the API's.
   */
  busySeconds(): number;
  /** Closes every connection, then the database (its files stay). Safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedRecordServerOptions {
  /** The data folder; the database lives in its `record` subfolder. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 (the default) lets the OS choose. */
  port?: number;
}

/** The thread's entry: the compiled file, or the TypeScript source through tsx when run from source (tests). */
function startThread(data: RecordThreadData): Worker {
  const entry = join(__dirname, `embedded-record-thread${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  if (entry.endsWith('.js')) return new Worker(entry, { workerData: data });
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: data,
  });
}

/** Opens (or creates) the store under `dataDir` and serves it; resolves once it listens. */
export async function startEmbeddedRecordServer(
  opts: EmbeddedRecordServerOptions,
): Promise<EmbeddedRecordServer> {
  const dir = join(opts.dataDir, 'record');
  mkdirSync(dir, { recursive: true });
  const thread = startThread({ dir, port: opts.port ?? 0 });
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    thread.once('error', reject);
    thread.once('exit', (code) =>
      reject(new Error(`the record store's thread exited (${code}) while starting`)),
    );
    thread.once('message', (message: RecordThreadMessage) => {
      if (message.type === 'listening') return resolve(message.port);
      if (message.type !== 'failed') return;
      reject(
        message.code === 'EADDRINUSE'
          ? Object.assign(
              new Error(`RECORD_PORT ${opts.port} is already in use; set RECORD_PORT to a free port`),
              {
                name: 'StartupError',
              },
            )
          : new Error(`the embedded record store could not start: ${message.message}`),
      );
    });
  }).catch(async (err: unknown) => {
    await thread.terminate();
    throw err;
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // Published for `npm run worker` / `npm run api` started on the same data folder.
  const urlFile = embeddedUrlFile(opts.dataDir);
  writeFileSync(urlFile, `${url}\n`);
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    busySeconds: () => thread.performance.eventLoopUtilization().active / 1000,
    stop: () =>
      (stopping ??= (async () => {
        try {
          // Only our own address: another server may have started on this folder since.
          if (readFileSync(urlFile, 'utf8').trim() === url) rmSync(urlFile, { force: true });
        } catch {
          // already gone
        }
        thread.postMessage('stop');
        // The database closes cleanly within a second or two; a stuck thread is ended anyway.
        const timer = setTimeout(() => void thread.terminate(), 15_000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}
