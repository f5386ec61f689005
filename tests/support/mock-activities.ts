/**
 * Mock side effects for the workflow tests: a notification transport that sends to no one and a
 * payment ledger that records each payment once per key, as the real ones answer.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { PaymentInstruction, PaymentRecord } from '../../workflows/funding/funding.types';
import type { NotificationRequest } from '../../workflows/shared/notification-request';

/** What a transport answers for a notice it sent (the tests read the requests themselves). */
export const sentReceipt = (key: string, transport: 'log' | 'outbox' = 'log') => ({
  key,
  transport,
  status: 'sent' as const,
  recipients: [],
  unreachable: [],
});

/** A notice as sent, with the test server's clock at the time. */
export type TimedNotice = NotificationRequest & { at: number };

/** `sendNotification` keeping each request in `sent` with the server's time it was sent at. */
export const timedNotifications =
  (sent: TimedNotice[], server: TestWorkflowEnvironment) => async (req: NotificationRequest) => {
    sent.push({ ...req, at: Number(await server.currentTimeMs()) });
    return sentReceipt(req.key, 'outbox');
  };

/**
 * A worker's activities from the in-memory record's, with notifications kept in `sent` with the
 * server's time (the record is read once the server is up, when `onOwnTestServer` asks).
 */
export const recordWithTimedNotifications =
  (record: { activities: object }, sent: TimedNotice[]) => (server: TestWorkflowEnvironment) => ({
    ...record.activities,
    sendNotification: timedNotifications(sent, server),
  });

/** The mock ledger: `instructPayment` records a payment once per key and answers a repeat with it. */
export function mockLedger() {
  const ledger = new Map<string, PaymentRecord>();
  return {
    ledger,
    async instructPayment(instruction: PaymentInstruction): Promise<PaymentRecord> {
      const existing = ledger.get(instruction.key);
      if (existing) return existing;
      const recorded = {
        ...instruction,
        paymentId: `pay-${ledger.size + 1}`,
        recordedAt: new Date().toISOString(),
      };
      ledger.set(instruction.key, recorded);
      return recorded;
    },
  };
}
