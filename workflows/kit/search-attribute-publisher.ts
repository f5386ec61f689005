/**
 * Keeps a workflow's tracking search attributes in step with its record without redundant
 * upserts: an upsert is a command in history, so one is issued only when what the attributes
 * show has changed since the last one.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';

/** What the attributes show now, and the upsert that shows it. */
export interface Published {
  /** Compared (as JSON) with what was shown last; the same means no upsert. */
  shows: unknown;
  /** The pairs to upsert; `first` is true for the run's first upsert. */
  upsert(first: boolean): SearchAttributeUpdatePair[];
}

/**
 * A `publish()` to call after each change: upserts when {@link Published.shows} has changed.
 * `project`, when given, runs first on every call (the board's record projects the state).
 */
export function searchAttributePublisher(read: () => Published, project?: () => void): () => void {
  let published = '';
  return () => {
    project?.();
    const now = read();
    const key = JSON.stringify(now.shows);
    if (key === published) return;
    const first = published === '';
    published = key;
    upsertSearchAttributes(now.upsert(first));
  };
}
