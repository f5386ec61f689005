/**
 * Conflicts of interest in funding decisions: no seat votes on money that would go to itself, in
 * any mode of decision. Plain functions, no Temporal import; the funding round calls them when it
 * puts an allocation to the Board.
 */
import type { RuleViolation } from './funding-rules';

/** A seat recused from a decision, and why. */
export interface Recusal {
  seat: string;
  reason: string;
}

/** One award of an allocation as recusal sees it: whose request it pays. */
export interface AwardedRequest {
  requestId: string;
  seat: string;
}

/**
 * The voting seats recused from a decision that awards these requests: every voting seat whose
 * request is among them (board order of first appearance), with the requests named in the reason.
 * None when the board's `recuseRequestingSeat` is off.
 */
export function recusalsForAwards(
  awards: readonly AwardedRequest[],
  electorate: readonly string[],
  recuseRequestingSeat: boolean,
): Recusal[] {
  if (!recuseRequestingSeat) return [];
  const bySeat = new Map<string, string[]>();
  for (const a of awards) {
    if (!electorate.includes(a.seat)) continue;
    bySeat.set(a.seat, [...(bySeat.get(a.seat) ?? []), a.requestId]);
  }
  return [...bySeat].map(([seat, ids]) => ({
    seat,
    reason: `its own funding request${ids.length > 1 ? 's' : ''} ${ids.join(', ')} ${ids.length > 1 ? 'are' : 'is'} part of what this decision awards`,
  }));
}

/**
 * The fewest voting seats that may take a decision once the conflicted seats are recused: more
 * than half of the board's voting seats. Below it, a few seats would dispose of money for many.
 */
export function minimumElectorate(votingSeats: number): number {
  return Math.floor(votingSeats / 2) + 1;
}

/**
 * `package-electorate` when recusing the requesting seats from a package would leave fewer than
 * {@link minimumElectorate} seats to vote: the package is refused; the secretariat proposes a
 * smaller package (or the round decides per request, where each decision recuses one seat).
 */
export function packageElectorateViolation(
  remaining: number,
  votingSeats: number,
  recused: number,
): RuleViolation | null {
  const needed = minimumElectorate(votingSeats);
  if (remaining >= needed) return null;
  return {
    rule: 'package-electorate',
    message:
      `this package pays ${recused} voting seats, which are recused from it, leaving ${remaining} of ` +
      `${votingSeats} to vote; at least ${needed} (more than half) must remain: propose a package ` +
      `that pays fewer seats`,
  };
}
