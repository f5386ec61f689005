/**
 * The projection of every workflow's state into the board's record (see {@link RecordWriter}). Workflows call
 * it whenever their state changes; it is idempotent and ordered by the state's version, so a
 * retry after a crash, or an earlier version arriving late, never overwrites a newer state and
 * never counts twice.
 */
import type { RecordProjection } from '../../workflows/record/record-projection';
import { reachFailpoint, type FailpointSettings } from '../failpoints';
import type { RecordWriter } from './record-writer';

export interface RecordActivityDependencies {
  record: RecordWriter;
  /** Crash-drill failpoints (`FAILPOINT_*`); undefined in production. */
  failpoints?: FailpointSettings;
}

export function createRecordActivities({ record, failpoints }: RecordActivityDependencies) {
  return {
    /** Stores one state of one item; true when it was newer than what the record held. */
    async projectRecord(projection: RecordProjection): Promise<boolean> {
      const key = `${(projection.state as { id?: string }).id}@${projection.version}`;
      reachFailpoint(failpoints, 'killBeforeProjectionWrite', key);
      const applied = await record.project(projection);
      reachFailpoint(failpoints, 'killAfterProjectionWrite', key);
      return applied;
    },
  };
}
