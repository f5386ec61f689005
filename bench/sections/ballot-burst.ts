/**
 * A live vote: every voting seat (32) casts its ballot on the same decision within one second,
 * each at a random moment of that second, as members press "yes" in a meeting; and the edge of
 * it, every seat at the same moment. Timed end to end per ballot; afterwards each decision's
 * record must hold every ballot (none lost, none refused). One fresh decision per burst; every
 * round runs each arm once, in a rotating order.
 *
 * The last two arms run on a server left at Temporal's default of 10 Updates in flight per
 * workflow (a cluster nobody tuned, or Temporal Cloud), both clients with the SDK's own back-off
 * from a busy workflow (1.7 s): what a live vote meets where the limit cannot be raised.
 */
import { getDecisionQuery } from '../../workflows/decision/decision.messages';
import { castBallotApi, castBallotRaw, openDecisions, pick, statsOf, type Figures } from '../kit';
import { startBenchStack, type BenchStack } from '../stack';

export interface BurstPlan {
  /** Bursts per arm, each on its own decision. */
  bursts: number;
  /** The window every seat's ballot is sent within. */
  windowMs: number;
}

export interface BurstArm {
  arm: string;
  ballots: Figures;
  /** Ballots sent, and those the decisions' records hold afterwards. */
  sent: number;
  counted: number;
}

export interface BurstResult {
  seats: number;
  bursts: number;
  windowMs: number;
  /** The first arm is the target's: through the API, within the window, on the embedded server. */
  arms: BurstArm[];
}

/** Temporal's own default for `history.maxInFlightUpdates`. */
const TEMPORAL_DEFAULT_IN_FLIGHT = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One burst on a fresh decision: the latencies, the failed calls, and the ballots on the record. */
async function burst(stack: BenchStack, via: 'api' | 'raw', windowMs: number) {
  const seats = stack.board.votingSeatCodes();
  const [id] = await openDecisions(stack, 1);
  await stack.settle();
  const cast = via === 'api' ? castBallotApi : castBallotRaw;
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
        if (errors++ === 0) console.error(`bench: live vote (${via}): ${(err as Error).message}`);
      }
      latencies.push(performance.now() - t0);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const state = await stack.client.workflow.getHandle(id).query(getDecisionQuery);
  return { latencies, errors, seconds, sent: seats.length, counted: state.ballots.length };
}

export async function benchBallotBurst(stack: BenchStack, plan: BurstPlan): Promise<BurstResult> {
  const untuned = await startBenchStack({
    dynamicConfig: { 'history.maxInFlightUpdates': TEMPORAL_DEFAULT_IN_FLIGHT },
  });
  try {
    const within = `within ${plan.windowMs / 1000} s`;
    const atOnce = 'all at the same moment';
    const defaults = `Temporal's default limit (${TEMPORAL_DEFAULT_IN_FLIGHT} in flight)`;
    const arms = [
      { arm: `API, ${within}`, stack, via: 'api', windowMs: plan.windowMs },
      { arm: `raw client, ${within}`, stack, via: 'raw', windowMs: plan.windowMs },
      { arm: `API, ${atOnce}`, stack, via: 'api', windowMs: 0 },
      { arm: `raw client, ${atOnce}`, stack, via: 'raw', windowMs: 0 },
      { arm: `API, ${atOnce}, ${defaults}`, stack: untuned, via: 'api', windowMs: 0 },
      { arm: `raw client (SDK back-off), ${atOnce}, ${defaults}`, stack: untuned, via: 'raw', windowMs: 0 },
    ] as const;
    const totals = arms.map(() => ({
      latencies: [] as number[],
      errors: 0,
      seconds: 0,
      sent: 0,
      counted: 0,
    }));
    for (let b = 0; b < plan.bursts; b++) {
      for (let k = 0; k < arms.length; k++) {
        const i = (b + k) % arms.length;
        const one = await burst(arms[i].stack, arms[i].via, arms[i].windowMs);
        const into = totals[i];
        into.latencies.push(...one.latencies);
        into.errors += one.errors;
        into.seconds += one.seconds;
        into.sent += one.sent;
        into.counted += one.counted;
      }
    }
    return {
      seats: stack.board.votingSeatCodes().length,
      bursts: plan.bursts,
      windowMs: plan.windowMs,
      arms: arms.map((a, i) => ({
        arm: a.arm,
        ballots: pick(statsOf(totals[i].latencies, totals[i].seconds, totals[i].errors)),
        sent: totals[i].sent,
        counted: totals[i].counted,
      })),
    };
  } finally {
    await untuned.stop();
  }
}
