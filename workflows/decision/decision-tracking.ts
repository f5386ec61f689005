/**
 * What a decision publishes for tracking (the pending lists read it from visibility): its status,
 * `written-procedure` while open under the silence rule so the lists can say "object or let it
 * pass", and the seats it awaits: voting seats yet to vote (or, under silence, yet to object or
 * consent) and opinion seats whose opinion is still awaited. Pure.
 */
import type { DecisionState } from './decision.types';

/** The tracking status of an open decision under the silence rule. */
export const WRITTEN_PROCEDURE_STATUS = 'written-procedure';

export function trackedNow(s: Readonly<DecisionState>): { status: string; awaiting: string[] } {
  if (s.status !== 'open') return { status: s.status, awaiting: [] };
  const awaiting = [...s.awaiting, ...s.opinionsAwaited.filter((seat) => !s.awaiting.includes(seat))];
  return { status: s.rule === 'silence' ? WRITTEN_PROCEDURE_STATUS : 'open', awaiting };
}
