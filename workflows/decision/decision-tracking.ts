/**
 * What a decision publishes for tracking (the pending lists read it from visibility): its status,
 * `written-procedure` while open under the silence rule so the lists can say "object or let it
 * pass", `responses-due` once closed while opinions still await the secretariat's response, the
 * seats it awaits (voting seats yet to vote or, under silence, yet to object or consent, and
 * opinion seats whose opinion is still awaited) and when it is due. Pure.
 */
import type { DecisionState } from './decision.types';

/** The tracking status of an open decision under the silence rule. */
export const WRITTEN_PROCEDURE_STATUS = 'written-procedure';
/** The tracking status of a closed decision whose opinions still await a response. */
export const RESPONSES_DUE_STATUS = 'responses-due';

export function trackedNow(s: Readonly<DecisionState>): {
  status: string;
  awaiting: string[];
  dueAt: string;
} {
  if (s.status !== 'open') {
    const responsesDue = s.responsesDueAt !== undefined && s.opinions.some((o) => o.response === null);
    return responsesDue
      ? { status: RESPONSES_DUE_STATUS, awaiting: [], dueAt: s.responsesDueAt as string }
      : { status: s.status, awaiting: [], dueAt: s.closesAt };
  }
  const awaiting = [...s.awaiting, ...s.opinionsAwaited.filter((seat) => !s.awaiting.includes(seat))];
  return { status: s.rule === 'silence' ? WRITTEN_PROCEDURE_STATUS : 'open', awaiting, dueAt: s.closesAt };
}
