/**
 * What the projection activity needs of the board's record: one ordered, idempotent write. The
 * activities own this port, so they depend on nothing above them; the record's store in src/
 * (RecordRepository) fits it, and the worker hands that store in.
 */
import type { RecordProjection } from '../../workflows/record/record-projection';

/** Where workflow states are projected. */
export interface RecordWriter {
  /** Stores one state of one item; true when it was newer than what the record held. */
  project(projection: RecordProjection): Promise<boolean>;
}
