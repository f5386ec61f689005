/**
 * Sections 1 and 2: casting ballots and opening decisions through the HTTP API (token check,
 * validation, Temporal call, answer) against the same work sent by `@temporalio/client` directly.
 */
import {
  castBallotApi,
  castBallotRaw,
  compareRuns,
  openDecisions,
  decisionInput,
  runConcurrently,
  startDecision,
  round,
  type Comparison,
  type CpuPerOp,
  type RunStats,
} from '../kit';
import type { BenchStack, CpuSample } from '../stack';

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
  return compareRuns(runs);
}

export async function benchBallots(stack: BenchStack, plan: ApiVsRawPlan): Promise<Comparison> {
  const seats = stack.board.votingSeatCodes();
  const runs: Record<'api' | 'raw', RunStats[]> = { api: [], raw: [] };
  const cpu = { api: { bench: 0, server: 0, worker: 0 }, raw: { bench: 0, server: 0, worker: 0 } };
  for (let r = 0; r < plan.rounds; r++) {
    for (const arm of armsInTurn(r)) {
      const ids = await openDecisions(stack, plan.ballotDecisions);
      const casts = ids.flatMap((id) => seats.map((seat) => ({ id, seat })));
      const cast = arm === 'api' ? castBallotApi : castBallotRaw;
      await stack.settle();
      const before = stack.cpu();
      runs[arm].push(
        await runConcurrently(casts.length, plan.concurrency, async (i) => {
          await cast(stack, casts[i].id, casts[i].seat);
        }),
      );
      // Until the server and worker are quiet again, so work a ballot left behind is counted too.
      await stack.settle();
      const after = stack.cpu();
      for (const k of ['bench', 'server', 'worker'] as const) cpu[arm][k] += after[k] - before[k];
    }
  }
  const ballots = plan.rounds * plan.ballotDecisions * seats.length;
  const perOp = (c: CpuSample): CpuPerOp => ({
    bench: round((c.bench * 1000) / ballots),
    server: round((c.server * 1000) / ballots),
    worker: round((c.worker * 1000) / ballots),
  });
  return {
    ...compareRuns(runs),
    cpuMsPerOp: { api: perOp(cpu.api), raw: perOp(cpu.raw) },
  };
}
