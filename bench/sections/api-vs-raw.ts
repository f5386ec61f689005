/**
 * Sections 1 and 2: casting ballots and opening decisions through the HTTP API (token check,
 * validation, Temporal call, answer) against the same work sent by `@temporalio/client` directly.
 */
import {
  castBallotApi,
  castBallotRaw,
  compare,
  openDecisions,
  decisionInput,
  medianRun,
  runConcurrently,
  startDecision,
  type Comparison,
  type RunStats,
} from '../kit';
import type { BenchStack } from '../stack';

export interface ApiVsRawPlan {
  rounds: number;
  opens: number;
  ballotDecisions: number;
  concurrency: number;
}

/** Which arm goes first alternates, so neither always runs on the fuller server. */
function armsInTurn(round: number): ('api' | 'raw')[] {
  return round % 2 === 0 ? ['api', 'raw'] : ['raw', 'api'];
}

export async function benchOpenDecisions(stack: BenchStack, plan: ApiVsRawPlan): Promise<Comparison> {
  const seats = stack.board.votingSeatCodes();
  const runs: Record<'api' | 'raw', RunStats[]> = { api: [], raw: [] };
  for (let r = 0; r < plan.rounds; r++) {
    for (const arm of armsInTurn(r)) {
      await stack.settle();
      runs[arm].push(
        await runConcurrently(plan.opens, plan.concurrency, async () => {
          if (arm === 'raw') return void (await startDecision(stack, decisionInput(stack, seats)));
          const body = { title: 'Bench', rule: 'simple', closesIn: 'P30D', closeEarly: false };
          await stack.call('POST', '/decisions', stack.secretariatToken, body, 201);
        }),
      );
    }
  }
  return compare(medianRun(runs.api), medianRun(runs.raw));
}

export async function benchBallots(stack: BenchStack, plan: ApiVsRawPlan): Promise<Comparison> {
  const seats = stack.board.votingSeatCodes();
  const runs: Record<'api' | 'raw', RunStats[]> = { api: [], raw: [] };
  for (let r = 0; r < plan.rounds; r++) {
    for (const arm of armsInTurn(r)) {
      const ids = await openDecisions(stack, plan.ballotDecisions);
      const casts = ids.flatMap((id) => seats.map((seat) => ({ id, seat })));
      const cast = arm === 'api' ? castBallotApi : castBallotRaw;
      await stack.settle();
      runs[arm].push(
        await runConcurrently(casts.length, plan.concurrency, async (i) => {
          await cast(stack, casts[i].id, casts[i].seat);
        }),
      );
    }
  }
  return compare(medianRun(runs.api), medianRun(runs.raw));
}
