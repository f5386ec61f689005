/**
 * Keeps the board's record in step with a workflow: {@link RecordProjector.publish} schedules the
 * `projectRecord` activity whenever the state differs from the last one projected, and
 * {@link RecordProjector.flush} waits for those writes before the run ends or continues as new.
 *
 * The version is the workflow clock in microseconds (at least one more than the last), so it keeps
 * increasing across continue-as-new without being carried, and the record keeps the newest state
 * whatever order retried activities land in. Behind `patched('record-projection')`, checked at every
 * publish: a replayed history from before the record keeps its commands, and a run already in
 * flight starts projecting at its next change.
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { RecordKind } from './record-projection';

const { projectRecord } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Unlimited attempts: the record catches up when the database is back.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export class RecordProjector {
  private last = '';
  private version = 0;
  private readonly writes: Promise<unknown>[] = [];

  constructor(private readonly kind: RecordKind) {}

  /** Projects `state` (a fresh copy, e.g. `record.view()`) unless it is the one projected last. */
  publish(state: unknown): void {
    const json = JSON.stringify(state);
    if (json === this.last || !patched('record-projection')) return;
    this.last = json;
    this.version = Math.max(Date.now() * 1000, this.version + 1);
    // Retries are unlimited: a write fails only when cancelled with the run, then nothing waits on it.
    this.writes.push(projectRecord({ kind: this.kind, version: this.version, state }).catch(() => undefined));
    // The newest write is the one that matters; older ones still running are kept a while for flush.
    if (this.writes.length > 32) void this.writes.splice(0, this.writes.length - 32);
  }

  /** Resolves once every scheduled write has been applied (or found older than the record). */
  async flush(): Promise<void> {
    await Promise.all(this.writes);
  }
}
