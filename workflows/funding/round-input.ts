/**
 * The checks on what opens a funding round, shared by the API (which answers 400 with these
 * sentences before anything starts) and the round's record.
 */
import { addDuration, isPositiveDuration } from '../rules/durations';
import { isPositiveCents } from '../rules/funding-rules';
import type { FundingRoundInput } from './funding.types';

/** Every problem with a round's opening parameters, as sentences naming the field; empty when none. */
export function roundInputProblems(input: Omit<FundingRoundInput, 'id' | 'openedBy'>): string[] {
  const problems: string[] = [];
  if (!isPositiveCents(input.envelopeCents))
    problems.push('envelopeCents must be a positive whole number of cents');
  if (input.maxRequestCents !== null) {
    if (!isPositiveCents(input.maxRequestCents))
      problems.push('maxRequestCents must be a positive whole number of cents');
    else if (input.maxRequestCents > input.envelopeCents)
      problems.push('maxRequestCents must not exceed envelopeCents');
  }
  if (input.priorities.length === 0) problems.push('priorities must name at least one priority');
  for (const [field, value] of [
    ['decision.votingIn', input.decision.votingIn],
    ['reporting.interimDueIn', input.reporting.interimDueIn],
    ['reporting.finalDueIn', input.reporting.finalDueIn],
    ...input.reporting.remindBefore.map((r, i) => [`reporting.remindBefore[${i}]`, r]),
    ...(input.reporting.escalateAfter ? [['reporting.escalateAfter', input.reporting.escalateAfter]] : []),
  ] as [string, string][]) {
    if (!isPositiveDuration(value))
      problems.push(`${field} must be a positive ISO 8601 duration such as P14D or PT30S`);
  }
  if (
    isPositiveDuration(input.reporting.interimDueIn) &&
    isPositiveDuration(input.reporting.finalDueIn) &&
    addDuration(0, input.reporting.finalDueIn) < addDuration(0, input.reporting.interimDueIn)
  ) {
    problems.push('reporting.finalDueIn must not come before reporting.interimDueIn');
  }
  if (
    !Number.isInteger(input.firstTranchePercent) ||
    input.firstTranchePercent < 1 ||
    input.firstTranchePercent > 100
  ) {
    problems.push('firstTranchePercent must be a whole number from 1 to 100');
  }
  return problems;
}
