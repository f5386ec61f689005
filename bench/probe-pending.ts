/**
 * Profiles GET /me/pending's visibility queries alone: a dev server, N open decisions started
 * with their search attributes and no worker (so nothing else competes), then each query the
 * tracking service sends, timed on its own. `npx tsx bench/probe-pending.ts 500 5000`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { resolveTemporalCli } from '../src/temporal/binaries';
import { startDevServer } from '../src/temporal/dev-server';
import { pendingQuery } from '../src/tracking/visibility-query';
import { TrackingService } from '../src/api/tracking/tracking.service';
import { loadBoard } from '../src/board/board-config';
import { BoardDirectory } from '../src/board/board-directory';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardStatusKey,
  boardTitleKey,
} from '../workflows/search-attributes';
import { quantile } from './kit';

const DAY = 86_400_000;
const board = new BoardDirectory(loadBoard(join(__dirname, '..', 'config', 'ilo-board.json')));
const seats = board.votingSeatCodes();

async function time(label: string, reps: number, fn: () => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  let out: unknown;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    out = await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(60)} p50 ${quantile(ms, 0.5).toFixed(1)} p95 ${quantile(ms, 0.95).toFixed(1)} -> ${JSON.stringify(out)}`,
  );
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const dataDir = join(__dirname, 'out', `probe-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const cliPath = (await resolveTemporalCli({ install: true })) as string;
  const port = 17233 + (process.pid % 1000);
  const server = await startDevServer({ cliPath, dataDir, port, uiPort: port + 1000, namespace: 'default' });
  const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  const client = new Client({ connection });
  let open = 0;
  try {
    for (const size of sizes) {
      const starts: Promise<unknown>[] = [];
      for (let n = open; n < size; n++) {
        const due = new Date(Date.now() + (1 + ((n * 7919) % 365)) * DAY);
        starts.push(
          client.workflow.start('decisionWorkflow', {
            workflowId: `probe-${n}`,
            taskQueue: 'nobody',
            args: [],
            typedSearchAttributes: [
              { key: boardKindKey, value: 'decision' },
              { key: boardStatusKey, value: 'open' },
              { key: boardAwaitingKey, value: [seats[n % seats.length]] },
              { key: boardDueAtKey, value: due },
              { key: boardTitleKey, value: `Probe ${n}` },
            ],
          }),
        );
        if (starts.length >= 64) await Promise.all(starts.splice(0));
      }
      await Promise.all(starts);
      open = size;
      for (;;) {
        const { count } = await client.workflow.count(`ExecutionStatus = 'Running'`);
        if (count >= size) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      console.log(`--- ${size} open items`);
      const now = new Date();
      const seat = seats[3];
      const list = async (query: string) => {
        let n = 0;
        for await (const _ of client.workflow.list({ query, pageSize: 1000 })) n++;
        return n;
      };
      await time(
        'count all for seat',
        20,
        async () => (await client.workflow.count(pendingQuery({ seat }, now))).count,
      );
      await time(
        'count running (no filter)',
        20,
        async () => (await client.workflow.count(`ExecutionStatus = 'Running'`)).count,
      );
      const tracking = new TrackingService(client, board);
      await time(
        'page({ seat }) (what GET /me/pending runs)',
        30,
        async () => (await tracking.page({ seat }, 25)).items.length,
      );
      await time(
        'count one window (a cutoff probe)',
        20,
        async () =>
          (
            await client.workflow.count(
              pendingQuery({ seat, dueBefore: new Date(Date.now() + 60 * DAY) }, new Date(0)),
            )
          ).count,
      );
      await time('list 25 rows (first page of the whole seat)', 20, async () => {
        const r = await client.workflowService.listWorkflowExecutions({
          namespace: 'default',
          pageSize: 25,
          query: pendingQuery({ seat }, now),
        });
        return r.executions.length;
      });
      await time('list whole seat', 10, () => list(pendingQuery({ seat }, now)));
      await time('list seat only (no kind, no status)', 10, () => list(`BoardAwaiting = '${seat}'`));
    }
    if (process.env.PROBE_HOLD) {
      console.log(`holding server on port ${port}`);
      await new Promise((r) => setTimeout(r, Number(process.env.PROBE_HOLD) * 1000));
    }
  } finally {
    await connection.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
