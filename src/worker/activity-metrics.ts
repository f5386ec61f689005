/**
 * Counts notifications where they are sent: around the `sendNotification` activity, through the
 * activity's metric meter (exported with the SDK's metrics, see src/observability/worker-runtime.ts).
 *
 * - `board_notifications_sent`: notices delivered (not the duplicates a retry finds already sent,
 *   nor those with no reachable recipient, which are counted as `board_notifications_skipped`).
 * - `board_notifications_failed`: attempts that failed (each retry that fails counts).
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** The activity interceptor the worker registers. */
export const notificationMetrics: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      if (ctx.info.activityType !== 'sendNotification') return next(input);
      const meter = ctx.metricMeter;
      try {
        const result = (await next(input)) as { status?: string; kind?: string } | undefined;
        const name = result?.status === 'sent' ? 'board_notifications_sent' : 'board_notifications_skipped';
        meter.createCounter(name, 'notifications', 'Notifications by what became of them').add(1, {
          status: result?.status ?? 'unknown',
        });
        return result;
      } catch (err) {
        meter.createCounter('board_notifications_failed', 'notifications', 'Failed delivery attempts').add(1);
        throw err;
      }
    },
  },
});
