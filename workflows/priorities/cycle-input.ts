/**
 * The checks on what opens a priority cycle, shared by the API (which answers 400 and 422 with
 * these sentences before anything starts) and the cycle's record.
 */
import { calendarProblems } from '../rules/priority-rules';
import type { PriorityCycleInput } from './priority-cycle.types';

/**
 * Checks a cycle's opening parameters; `invalid` answers 400 and `refused` 422 with the same
 * sentences the workflow would use.
 */
export function cycleInputProblems(
  input: Omit<PriorityCycleInput, 'id' | 'openedBy' | 'seriesId' | 'sequence' | 'previousCycleId'>,
  now: number,
): { invalid: string[]; refused: string[] } {
  const invalid: string[] = [];
  if (input.title.trim() === '') invalid.push('title must not be empty');
  if (!Number.isInteger(input.topN) || input.topN < 1)
    invalid.push('topN must be a whole number of at least 1');
  if (input.themes.length === 0) invalid.push('the board configuration lists no themes to propose under');
  const calendar = calendarProblems(input, now);
  return { invalid: [...invalid, ...calendar.invalid], refused: calendar.refused };
}
