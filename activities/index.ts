/**
 * Every activity the worker registers, built by factories that receive their dependencies
 * (configuration, the board), so the worker binds them without Nest. Workflows see them only
 * as types: `proxyActivities<Activities>(...)`.
 */
import type { Board } from '../workflows/shared/board.types';
import type { FailpointSettings } from './failpoints';
import { createPaymentActivities } from './payments/payments';
import { createNotificationActivities } from './notifications/notifications.activities';
import { createRecordActivities } from './record/projection.activities';
import type { RecordWriter } from './record/record-writer';

/** What activity factories may need. */
export interface ActivityDependencies {
  /** Data folder (outbox, payment ledger ...). */
  dataDir: string;
  board: Board;
  env: NodeJS.ProcessEnv;
  /** Crash-drill failpoints (`FAILPOINT_*`); undefined in production. */
  failpoints?: FailpointSettings;
  /** The board's record, where every workflow projects its state. */
  record: RecordWriter;
}

/** All activities, by name. Feature factories are spread in here. */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...createNotificationActivities(deps),
    ...createPaymentActivities({ dataDir: deps.dataDir, failpoints: deps.failpoints }),
    ...createRecordActivities({ record: deps.record, failpoints: deps.failpoints }),
  };
}

/** The activity interface workflows proxy. */
export type Activities = ReturnType<typeof createActivities>;
