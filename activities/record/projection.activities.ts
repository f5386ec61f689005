/**
 * The projection of every workflow's state into the board's record (src/record). Workflows call
 * it whenever their state changes; it is idempotent and ordered by the state's version, so a
 * retry after a crash, or an earlier version arriving late, never overwrites a newer state and
 * never counts twice.
 */
import type { RecordProjection, RecordRepository } from '../../src/record/record-repository';

export interface RecordActivityDependencies {
  record: RecordRepository;
}

export function createRecordActivities({ record }: RecordActivityDependencies) {
  return {
    /** Stores one state of one item; true when it was newer than what the record held. */
    async projectRecord(projection: RecordProjection): Promise<boolean> {
      return record.project(projection);
    },
  };
}
