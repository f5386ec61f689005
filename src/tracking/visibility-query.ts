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
  const before = [filter.overdue ? now : undefined, filter.dueBefore].filter(
    (d): d is Date => d !== undefined,
  );
  if (before.length) {
    const earliest = new Date(Math.min(...before.map((d) => d.getTime())));
    clauses.push(`BoardDueAt < '${earliest.toISOString()}'`);
  }
  if (filter.dueFrom) clauses.push(`BoardDueAt >= '${filter.dueFrom.toISOString()}'`);
  return clauses.join(' AND ');
}
