/**
 * Section 5: the worker's resident memory with growing numbers of open decisions, under the
 * SDK's default workflow cache and under a bounded one (WORKER_MAX_CACHED_WORKFLOWS). Each
 * setting gets its own worker on its own task queue, so only its own workflows are in it.
 */
import { decisionInput, round, runConcurrently, startDecision } from '../kit';
import type { BenchStack } from '../stack';

export interface MemoryPlan {
  sizes: number[];
  /** Cache sizes to compare; undefined is the SDK's default. */
  caches: (number | undefined)[];
}

export interface MemoryRow {
  cache: string;
  openDecisions: number;
  workerRssMb: number;
}

export async function benchWorkerMemory(stack: BenchStack, plan: MemoryPlan): Promise<MemoryRow[]> {
  const seats = stack.board.votingSeatCodes();
  const rows: MemoryRow[] = [];
  for (const cache of plan.caches) {
    const taskQueue = `bench-memory-${cache ?? 'default'}`;
    const worker = await stack.spawnWorker({
      TASK_QUEUE: taskQueue,
      ...(cache ? { WORKER_MAX_CACHED_WORKFLOWS: String(cache) } : {}),
    });
    try {
      let open = 0;
      for (const size of plan.sizes) {
        await runConcurrently(size - open, 32, async () => {
          await startDecision(stack, decisionInput(stack, seats, 30), taskQueue);
        });
        open = size;
        await stack.settle(); // every first workflow task done: all of them have been in the cache
        rows.push({
          cache: cache ? String(cache) : 'SDK default',
          openDecisions: size,
          workerRssMb: round(worker.rssMb()),
        });
      }
    } finally {
      await worker.stop();
    }
  }
  return rows;
}
