/**
 * The embedded server's SQLite settings: the rollback journal (SQLite's default), a write-ahead
 * log synced at every commit (what `npm start` uses), and a write-ahead log synced only at
 * checkpoints (can lose acknowledged writes on a power cut). One stack per setting, all up at
 * once; every round measures each setting in turn, in a rotating order, with the raw client, so
 * the settings share the machine's moment. Ballots go to many decisions at once here (seat by
 * seat across them), so the figure is the storage's, not one workflow's queue (see ./ballot-burst).
 */
import { durableSqlitePragmas } from '../../src/temporal/dev-server';
import {
  castBallotRaw,
  decisionInput,
  medianRun,
  openDecisions,
  pick,
  runConcurrently,
  spread,
  startDecision,
  type Figures,
  type RunStats,
} from '../kit';
import { startBenchStack, type BenchStack } from '../stack';

export interface StoragePlan {
  rounds: number;
  opens: number;
  ballotDecisions: number;
  concurrency: number;
}

export interface StorageRow {
  setting: string;
  pragmas: string;
  opens: Figures;
  ballots: Figures;
  /** Lowest–highest throughput over the rounds. */
  opensSpread: string;
  ballotsSpread: string;
}

const settings: { setting: string; pragmas: Record<string, string> }[] = [
  { setting: 'rollback journal (SQLite default)', pragmas: { journal_mode: 'delete', synchronous: 'full' } },
  { setting: 'write-ahead log, synced at every commit (used)', pragmas: { ...durableSqlitePragmas } },
  {
    setting: 'write-ahead log, synced at checkpoints',
    pragmas: { journal_mode: 'wal', synchronous: 'normal' },
  },
];

export async function benchStorage(plan: StoragePlan): Promise<StorageRow[]> {
  const stacks: BenchStack[] = [];
  try {
    for (const s of settings) stacks.push(await startBenchStack({ sqlitePragmas: s.pragmas }));
    const opens: RunStats[][] = settings.map(() => []);
    const ballots: RunStats[][] = settings.map(() => []);
    for (let r = 0; r < plan.rounds; r++) {
      for (let k = 0; k < settings.length; k++) {
        const i = (r + k) % settings.length;
        const stack = stacks[i];
        const seats = stack.board.votingSeatCodes();
        await stack.settle();
        opens[i].push(
          await runConcurrently(plan.opens, plan.concurrency, async () => {
            await startDecision(stack, decisionInput(stack, seats));
          }),
        );
        const ids = await openDecisions(stack, plan.ballotDecisions);
        const casts = seats.flatMap((seat) => ids.map((id) => ({ id, seat })));
        await stack.settle();
        ballots[i].push(
          await runConcurrently(casts.length, plan.concurrency, async (n) => {
            await castBallotRaw(stack, casts[n].id, casts[n].seat);
          }),
        );
      }
    }
    return settings.map((s, i) => ({
      setting: s.setting,
      pragmas: Object.entries(s.pragmas)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
      opens: pick(medianRun(opens[i])),
      ballots: pick(medianRun(ballots[i])),
      opensSpread: spread(opens[i]),
      ballotsSpread: spread(ballots[i]),
    }));
  } finally {
    for (const stack of stacks) await stack.stop();
  }
}
