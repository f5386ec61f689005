/**
 * The payment activity (activities/payments/payments.ts): every instruction recorded once in the
 * ledger by its stable key, whether the activity is called twice, concurrently, or retried after a
 * crash between writing the line and returning.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPaymentActivities, PAYMENT_LEDGER, readLedger } from '../../activities/payments/payments';
import type { PaymentInstruction } from '../../workflows/funding/funding.types';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'payments-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const instruction = (n = 1, amountCents = 60_000): PaymentInstruction => ({
  key: `frq-abc-1:tranche:${n}`,
  roundId: 'fr-abc',
  requestId: 'frq-abc-1',
  seat: 'DE',
  tranche: n,
  amountCents,
  reason: 'test',
});

const lines = () =>
  readFileSync(join(dataDir, PAYMENT_LEDGER), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

test('records an instruction once; a second call returns the first record', async () => {
  const { instructPayment } = createPaymentActivities({ dataDir });
  const env = new MockActivityEnvironment();
  const first = await env.run(instructPayment, instruction());
  const again = await env.run(instructPayment, instruction());
  expect(again).toEqual(first);
  expect(first).toMatchObject({
    key: 'frq-abc-1:tranche:1',
    amountCents: 60_000,
    paymentId: expect.stringMatching(/^pay-/),
  });
  expect(lines()).toHaveLength(1);
  await instructPayment(instruction(2, 40_000));
  expect((await readLedger(dataDir)).map((r) => [r.key, r.amountCents])).toEqual([
    ['frq-abc-1:tranche:1', 60_000],
    ['frq-abc-1:tranche:2', 40_000],
  ]);
});

test('concurrent calls with the same key pay once', async () => {
  const { instructPayment } = createPaymentActivities({ dataDir });
  const results = await Promise.all(Array.from({ length: 10 }, () => instructPayment(instruction())));
  expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
  expect(lines()).toHaveLength(1);
});

test('two workers on the same ledger (two factories) pay once', async () => {
  const a = createPaymentActivities({ dataDir });
  const b = createPaymentActivities({ dataDir });
  const [x, y] = await Promise.all([a.instructPayment(instruction()), b.instructPayment(instruction())]);
  expect(x.paymentId).toBe(y.paymentId);
  expect(lines()).toHaveLength(1);
});

test('a retry after a crash between writing the line and returning finds the line and pays nothing more', async () => {
  let crash = true;
  const { instructPayment } = createPaymentActivities({
    dataDir,
    afterAppend: () => {
      if (crash) throw new Error('worker died after writing');
    },
  });
  await expect(instructPayment(instruction())).rejects.toThrow('worker died after writing');
  crash = false;
  const retried = await instructPayment(instruction());
  expect(lines()).toHaveLength(1);
  expect(retried.paymentId).toBe(JSON.parse(lines()[0]).paymentId);
  // A fresh process (new factory, as after a worker restart) sees the same.
  const restarted = createPaymentActivities({ dataDir });
  expect((await restarted.instructPayment(instruction())).paymentId).toBe(retried.paymentId);
  expect(lines()).toHaveLength(1);
});

test('a torn last line (crash mid-write) is ignored and the payment is written whole', async () => {
  appendFileSync(join(dataDir, PAYMENT_LEDGER), '{"key":"frq-abc-1:tranche:1","amo');
  const { instructPayment } = createPaymentActivities({ dataDir });
  const record = await instructPayment(instruction());
  const ledger = await readLedger(dataDir);
  expect(ledger).toEqual([record]);
});

test('a key reused for a different payment is an error, never a second payment', async () => {
  const { instructPayment } = createPaymentActivities({ dataDir });
  await instructPayment(instruction());
  await expect(instructPayment(instruction(1, 99))).rejects.toThrow(/already used for a different payment/);
  expect(lines()).toHaveLength(1);
});
