/**
 * A live vote: every voting seat (32) casts its ballot on the same decision within one second,
 * each at a random moment of that second, as members press "yes" in a meeting. Timed end to end
 * per ballot; afterwards the decision's record must hold every ballot (none lost, none refused).
 * Through the API and with the raw client in turn, one fresh decision per burst.
 */
import { getDecisionQuery } from '../../workflows/decision/decision.messages';
import { castBallotApi, castBallotRaw, openDecisions, pick, statsOf, type Figures } from '../kit';
import type { BenchStack } from '../stack';

export interface BurstPlan {
  /** Bursts per arm, each on its own decision. */
  bursts: number;
  /** The window every seat's ballot is sent within. */
  windowMs: number;
}

export interface BurstArm {
  ballots: Figures;
  /** Ballots sent, and those the decisions' records hold afterwards. */
  sent: number;
  counted: number;
}

export type BurstResult = Record<'api' | 'raw', BurstArm> & {
  seats: number;
  bursts: number;
  windowMs: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One burst on a fresh decision: the latencies, the failed calls, and the ballots on the record. */
async function burst(stack: BenchStack, arm: 'api' | 'raw', windowMs: number) {
  const seats = stack.board.votingSeatCodes();
  const [id] = await openDecisions(stack, 1);
  await stack.settle();
  const cast = arm === 'api' ? castBallotApi : castBallotRaw;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    seats.map(async (seat) => {
      await sleep(Math.random() * windowMs);
      const t0 = performance.now();
      try {
        await cast(stack, id, seat);
      } catch (err) {
        if (errors++ === 0) console.error(`bench: burst (${arm}): ${(err as Error).message}`);
      }
      latencies.push(performance.now() - t0);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const state = await stack.client.workflow.getHandle(id).query(getDecisionQuery);
  return { latencies, errors, seconds, sent: seats.length, counted: state.ballots.length };
}

export async function benchBallotBurst(stack: BenchStack, plan: BurstPlan): Promise<BurstResult> {
  const all = {
    api: { latencies: [] as number[], errors: 0, seconds: 0, sent: 0, counted: 0 },
    raw: { latencies: [] as number[], errors: 0, seconds: 0, sent: 0, counted: 0 },
  };
  for (let b = 0; b < plan.bursts; b++) {
    for (const arm of b % 2 === 0 ? (['api', 'raw'] as const) : (['raw', 'api'] as const)) {
      const one = await burst(stack, arm, plan.windowMs);
      const into = all[arm];
      into.latencies.push(...one.latencies);
      into.errors += one.errors;
      into.seconds += one.seconds;
      into.sent += one.sent;
      into.counted += one.counted;
    }
  }
  const armOf = (a: (typeof all)['api']): BurstArm => ({
    ballots: pick(statsOf(a.latencies, a.seconds, a.errors)),
    sent: a.sent,
    counted: a.counted,
  });
  return {
    seats: stack.board.votingSeatCodes().length,
    bursts: plan.bursts,
    windowMs: plan.windowMs,
    api: armOf(all.api),
    raw: armOf(all.raw),
  };
}
