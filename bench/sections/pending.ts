/**
 * Section 4: GET /me/pending (first page) at growing numbers of open items, and the manager view
 * GET /pending (first page of 100, with its counts per seat and per kind), unfiltered and with a
 * `kind` filter. The items are a board's mix: one in ten a decision awaiting every voting seat,
 * the rest awaiting one seat each (a report, a request), round robin; deadlines spread over a
 * year. So every seat has more than a page at every size and the figure measures scale, not page
 * fill. (All of them are decisions, so the `kind` filter keeps every item: it measures the filtered
 * path, not a smaller list.)
 */
import {
  decisionInput,
  medianRun,
  pick,
  round,
  runConcurrently,
  startDecision,
  waitForOpenDecisions,
  type Figures,
  type RunStats,
} from '../kit';
import type { BenchStack } from '../stack';

export interface PendingPlan {
  rounds: number;
  sizes: number[];
  requests: number;
}

export interface PendingRow extends Figures {
  openItems: number;
  /** Where the lists were read (`PENDING_SOURCE`); runs from before it was kept read visibility. */
  source?: 'record' | 'visibility';
  itemsPerSeat: number;
  creationPerSecond: number;
  workerRssMb: number;
  /** GET /pending, first page, no filter. */
  manager: Figures;
  /** GET /pending?kind=decision, first page. */
  managerByKind: Figures;
}

/** The manager view's first page: the API's default page size, as the web page asks for it. */
const MANAGER_PAGE = 100;

/**
 * Times GET /pending?`filter` (first page) `requests` times, one at a time, for `rounds` rounds.
 * Fewer requests than /me/pending: each one asks about 45 visibility counts (one per seat and per
 * kind), and the namespace's visibility rate limit is shared with everything else.
 */
async function benchManagerView(
  stack: BenchStack,
  filter: string,
  open: number,
  rounds: number,
  requests: number,
): Promise<Figures> {
  const runs: RunStats[] = [];
  for (let r = 0; r < rounds; r++) {
    runs.push(
      await runConcurrently(requests, 1, async () => {
        const res = await fetch(`${stack.base}/pending?${filter}`, {
          headers: { authorization: `Bearer ${stack.secretariatToken}` },
        });
        const page = (await res.json()) as { items: unknown[]; total: number; counts: { bySeat: object } };
        const seats = Object.keys(page.counts?.bySeat ?? {}).length;
        if (
          res.status !== 200 ||
          page.total !== open ||
          page.items.length !== Math.min(MANAGER_PAGE, open) ||
          seats === 0
        ) {
          throw new Error(
            `GET /pending?${filter}: ${res.status}, ${page.items?.length} items of ${page.total}`,
          );
        }
      }),
    );
  }
  const figures = pick(medianRun(runs));
  // run.ts sums /me/pending's errors only: a broken manager view fails the run here.
  const failed = runs.reduce((n, run) => n + run.errors, 0);
  if (failed > 0) throw new Error(`GET /pending?${filter}: ${failed} requests failed`);
  return figures;
}

/** Waits until the record holds `atLeast` running decisions (the projection trails the starts). */
async function waitForProjected(stack: BenchStack, atLeast: number): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    const { n } = await stack.record
      .selectFrom('board_record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'decision')
      .where('running', '=', true)
      .executeTakeFirstOrThrow();
    if (Number(n) >= atLeast) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the record did not reach ${atLeast} running decisions`);
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
    // Lists read from the record (PENDING_SOURCE=record) hold what the projection has written.
    if (stack.config.pendingSource === 'record') await waitForProjected(stack, size);
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
    const me = pick(medianRun(rounds));
    const managerRequests = Math.max(4, Math.round(plan.requests / 16));
    rows.push({
      openItems: size,
      source: stack.config.pendingSource,
      itemsPerSeat: perSeat,
      creationPerSecond: round(creation.perSecond),
      ...me,
      workerRssMb: round(stack.worker.rssMb()),
      manager: await benchManagerView(stack, '', size, plan.rounds, managerRequests),
      managerByKind: await benchManagerView(stack, 'kind=decision', size, plan.rounds, managerRequests),
    });
  }
  return rows;
}
