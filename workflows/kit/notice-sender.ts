/**
 * Notices a workflow sends on the side: each one an activity that runs while the workflow goes
 * on, its failure left to the worker's log (a notice never stops a process). The workflow waits
 * for all of them (`sent()`) before it continues as new or ends, so none is cut off.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { NotificationRequest } from '../shared/notification-request';

const { sendNotification } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** What a workflow holds to send notices. */
export interface NoticeSender {
  /** Sends `request` (nothing when null, or when the sender is off). */
  notify(request: NotificationRequest | null): void;
  /** Settles when every notice sent so far has succeeded or failed. */
  sent(): Promise<unknown>;
}

/**
 * A sender; `enabled` false makes it send nothing (for runs that began before the notices were
 * added, which must keep their commands: pass the `patched()` answer).
 */
export function noticeSender(enabled = true): NoticeSender {
  const pending: Promise<unknown>[] = [];
  return {
    notify(request) {
      if (enabled && request) pending.push(sendNotification(request).catch(() => undefined));
    },
    sent: () => Promise.all(pending),
  };
}
