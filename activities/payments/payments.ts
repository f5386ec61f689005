/**
 * Payment instructions for funding awards, recorded in a ledger in the data folder
 * (`payments-ledger.jsonl`, one JSON line per instruction). Idempotent by the instruction's stable
 * key (`<requestId>:tranche:<n>`): a retried activity, even after a crash between writing the line
 * and returning, finds its line and never pays twice. Writers in this process are serialised by a
 * promise chain, writers in other processes by an exclusive lock file.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { PaymentInstruction, PaymentRecord } from '../../workflows/funding/funding.types';
import { reachFailpoint, type FailpointSettings } from '../failpoints';

export interface PaymentDependencies {
  dataDir: string;
  /** Called after the line is written and before returning (tests simulate a crash here). */
  afterAppend?: (record: PaymentRecord) => void;
  /** Crash drills only: `killAfterLedgerWrite` kills the worker once right after the line is written. */
  failpoints?: FailpointSettings;
}

/** The ledger's file name inside the data folder. */
export const PAYMENT_LEDGER = 'payments-ledger.jsonl';

/** Reads every complete line of the ledger (a torn last line from a crash mid-write is skipped). */
export async function readLedger(dataDir: string): Promise<PaymentRecord[]> {
  let text: string;
  try {
    text = await fs.readFile(join(dataDir, PAYMENT_LEDGER), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const records: PaymentRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as PaymentRecord);
    } catch {
      // A torn line never completed, so its payment never went out: the retry writes it again.
    }
  }
  return records;
}

/** True when the file exists and its last byte is not a newline. */
async function endsMidLine(path: string): Promise<boolean> {
  const handle = await fs.open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

/** Holds the lock file while `body` runs; waits (up to ~10 s) for another holder to let go. */
async function withFileLock<T>(lockPath: string, body: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const stat = await fs.stat(lockPath).catch(() => undefined);
      // A lock older than 30 s was left by a crashed writer.
      if (stat && Date.now() - stat.mtimeMs > 30_000) await fs.rm(lockPath, { force: true });
      else if (attempt > 500) throw new Error(`payment ledger is locked (${lockPath})`, { cause: err });
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  try {
    return await body();
  } finally {
    await fs.rm(lockPath, { force: true });
  }
}

/** The payment activities, bound to a data folder. */
export function createPaymentActivities(deps: PaymentDependencies) {
  let chain: Promise<unknown> = Promise.resolve();
  const ledger = join(deps.dataDir, PAYMENT_LEDGER);

  return {
    /**
     * Records a payment instruction once per key and returns the record; a second call with the
     * same key returns the first record unchanged. A key reused for a different payment is an error.
     */
    async instructPayment(instruction: PaymentInstruction): Promise<PaymentRecord> {
      const run = chain.then(() =>
        withFileLock(`${ledger}.lock`, async () => {
          const existing = (await readLedger(deps.dataDir)).find((r) => r.key === instruction.key);
          if (existing) {
            if (
              existing.amountCents !== instruction.amountCents ||
              existing.requestId !== instruction.requestId
            ) {
              throw new Error(`payment key ${instruction.key} was already used for a different payment`);
            }
            return existing;
          }
          const record: PaymentRecord = {
            ...instruction,
            paymentId: `pay-${randomUUID()}`,
            recordedAt: new Date().toISOString(),
          };
          await fs.mkdir(deps.dataDir, { recursive: true });
          // A torn last line (a crash mid-write) is ended first, so this line stands alone.
          const torn = await endsMidLine(ledger);
          await fs.appendFile(ledger, (torn ? '\n' : '') + JSON.stringify(record) + '\n', 'utf8');
          deps.afterAppend?.(record);
          // Inside the lock, as a real crash here: the lock file stays and goes stale (30 s) for the retry.
          reachFailpoint(deps.failpoints, 'killAfterLedgerWrite', record.key);
          return record;
        }),
      );
      chain = run.catch(() => undefined);
      return run;
    },
  };
}

export type PaymentActivities = ReturnType<typeof createPaymentActivities>;
