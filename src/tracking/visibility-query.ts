/**
 * Builds Temporal visibility queries for tracking. Values come from callers, so every one is
 * checked against a strict pattern before it enters the query text: no quoting games.
 */
import { trackedKinds } from './pending-item';

export interface PendingFilter {
  kind?: string;
  seat?: string;
  /** Only items whose due time has passed (at `now`). */
  overdue?: boolean;
  /** Only items due before this instant. */
  dueBefore?: Date;
  /** Only items due at or after this instant. */
  dueFrom?: Date;
  /** Only items without a due time (they sort last; a page reaches them after every dated one). */
  undated?: boolean;
  /** Only items that also await this seat (a per-seat count under a `seat` filter). */
  alsoAwaiting?: string;
}

const SAFE_VALUE = /^[A-Za-z0-9_.:-]{1,64}$/;

function literal(value: string): string {
  if (!SAFE_VALUE.test(value)) throw new Error(`unsafe visibility value: ${value}`);
  return `'${value}'`;
}

/** The visibility query for open tracked workflows matching `filter`. */
export function pendingQuery(filter: PendingFilter, now: Date): string {
  const kinds = filter.kind ? [filter.kind] : trackedKinds;
  const clauses = [`ExecutionStatus = 'Running'`, `BoardKind IN (${kinds.map(literal).join(', ')})`];
  if (filter.seat) clauses.push(`BoardAwaiting = ${literal(filter.seat)}`);
  // BoardAwaiting is a keyword list: `=` means "contains", so two clauses mean "awaits both".
  if (filter.alsoAwaiting && filter.alsoAwaiting !== filter.seat)
    clauses.push(`BoardAwaiting = ${literal(filter.alsoAwaiting)}`);
  const before = [filter.overdue ? now : undefined, filter.dueBefore].filter(
    (d): d is Date => d !== undefined,
  );
  if (before.length) {
    const earliest = new Date(Math.min(...before.map((d) => d.getTime())));
    clauses.push(`BoardDueAt < '${earliest.toISOString()}'`);
  }
  if (filter.dueFrom) clauses.push(`BoardDueAt >= '${filter.dueFrom.toISOString()}'`);
  if (filter.undated) clauses.push('BoardDueAt IS NULL');
  return clauses.join(' AND ');
}
