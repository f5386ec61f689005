/**
 * Section 4: GET /me/pending (first page) at growing numbers of open items. The items are a
 * board's mix: one in ten a decision awaiting every voting seat, the rest awaiting one seat each
 * (a report, a request), round robin; deadlines spread over a year. So every seat has more than a
 * page at every size and the figure measures scale, not page fill.
 */
import { medianRun, runConcurrently, type RunStats } from '../measure';
import { pick, round, type Figures } from '../report';
import type { BenchStack } from '../stack';
import { decisionInput, startDecision, waitForOpenDecisions } from './decisions';

export interface PendingPlan {
  rounds: number;
  sizes: number[];
  requests: number;
}

export interface PendingRow extends Figures {
  openItems: number;
  itemsPerSeat: number;
  creationPerSecond: number;
  workerRssMb: number;
}

export async function benchMePending(stack: BenchStack, plan: PendingPlan): Promise<PendingRow[]> {
  const seats = stack.board.votingSeatCodes();
  const rows: PendingRow[] = [];
  let open = 0;
  for (const size of plan.sizes) {
    const creation = await runConcurrently(size - open, 32, async (i) => {
      const n = open + i;
      const electorate = n % 10 === 0 ? seats : [seats[n % seats.length]];
      await startDecision(stack, decisionInput(stack, electorate, 1 + ((n * 7919) % 365)));
    });
    open = size;
    await waitForOpenDecisions(stack, size);
    await stack.settle();
    const rounds: RunStats[] = [];
    let perSeat = 0;
    for (let r = 0; r < plan.rounds; r++) {
      rounds.push(
        await runConcurrently(plan.requests, 1, async (i) => {
          const seat = seats[(i * 7) % seats.length];
          const res = await fetch(`${stack.base}/me/pending`, {
            headers: { authorization: `Bearer ${stack.memberTokens[seat]}` },
          });
          const items = (await res.json()) as unknown[];
          perSeat = Number(res.headers.get('x-total-count'));
          if (res.status !== 200 || items.length !== Math.min(25, perSeat)) {
            throw new Error(`GET /me/pending: ${res.status}, ${items.length} items of ${perSeat}`);
          }
        }),
      );
    }
    rows.push({
      openItems: size,
      itemsPerSeat: perSeat,
      creationPerSecond: round(creation.perSecond),
      ...pick(medianRun(rounds)),
      workerRssMb: round(stack.worker.rssMb()),
    });
  }
  return rows;
}
