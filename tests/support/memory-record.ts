/**
 * The projection activity for workflow tests: the record kept in memory with the same rule as the
 * database (the highest version wins; an older or repeated one changes nothing), so workflow tests
 * can check what each workflow projects without a database.
 */
import type { RecordProjection } from '../../workflows/record/record-projection';

export interface MemoryRecord {
  /** Registered with the test worker beside the other activities. */
  activities: { projectRecord(projection: RecordProjection): Promise<boolean> };
  /** The latest state of `id`, with its version and the writes applied. */
  get(id: string): { version: number; writes: number; state: any } | undefined;
  /** Every call, in arrival order. */
  calls: RecordProjection[];
}

export function memoryRecord(): MemoryRecord {
  const items = new Map<string, { version: number; writes: number; state: any }>();
  const calls: RecordProjection[] = [];
  return {
    calls,
    get: (id) => items.get(id),
    activities: {
      async projectRecord(projection) {
        calls.push(projection);
        const id = (projection.state as { id: string }).id;
        const held = items.get(id);
        if (held && held.version >= projection.version) return false;
        items.set(id, {
          version: projection.version,
          writes: (held?.writes ?? 0) + 1,
          state: projection.state,
        });
        return true;
      },
    },
  };
}
