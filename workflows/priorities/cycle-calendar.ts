/**
 * A priority cycle's calendar: cancellation before adoption, changes to its dates, and the
 * instants the workflow must wake at or show as due. Pure functions over the cycle's state,
 * behind {@link PriorityCycleRecord}.
 */
import { iso } from '../kit/record-base';
import { calendarProblems, nextCycleOpensAt, periodBounds } from '../rules/priority-rules';
import { RuleError } from '../rules/rule-error';
import {
  preparingStatuses,
  type CancelCycleCommand,
  type ChangeCycleDatesCommand,
  type DateChange,
  type PriorityCycleState,
} from './priority-cycle.types';

const dateFields = ['proposalsCloseAt', 'rankingCloseAt', 'periodStart', 'periodEnd'] as const;

/** Epoch ms of one of the cycle's instants. */
const ms = (s: PriorityCycleState, field: 'proposalsCloseAt' | 'rankingCloseAt' | 'startsAt' | 'endsAt') =>
  Date.parse(s[field]);

/** Refuses to cancel a cycle the Board is voting on or whose programme is adopted. */
export function checkCancellation(s: PriorityCycleState, cmd: CancelCycleCommand): void {
  if (cmd.reason.trim() === '') throw new RuleError('invalid', 'reason must not be empty');
  if (s.status === 'voting') {
    throw new RuleError(
      'conflict',
      `the Board is voting on cycle ${s.id}'s draft (${s.decisionId}); withdraw that decision before cancelling`,
    );
  }
  if (!preparingStatuses.includes(s.status)) {
    throw new RuleError(
      'conflict',
      `cycle ${s.id} is ${s.status}; only a cycle whose programme is not yet adopted can be cancelled`,
    );
  }
}

/** Ends the cycle as cancelled. */
export function cancel(s: PriorityCycleState, cmd: CancelCycleCommand, now: number): void {
  s.status = 'cancelled';
  s.cancellation = { reason: cmd.reason, by: cmd.by, at: iso(now) };
  s.endedAt = iso(now);
  s.awaitingRankings = [];
}

/** Refuses a date change that names no date, moves a date already passed, or breaks the calendar. */
export function checkDateChange(s: PriorityCycleState, cmd: ChangeCycleDatesCommand, now: number): void {
  if (cmd.reason.trim() === '') throw new RuleError('invalid', 'reason must not be empty');
  const fields = dateFields.filter((f) => cmd[f] !== undefined);
  if (fields.length === 0) {
    throw new RuleError('invalid', `give at least one of ${dateFields.join(', ')} to change`);
  }
  if (s.status === 'ended' || s.status === 'cancelled') {
    throw new RuleError('conflict', `cycle ${s.id} is ${s.status}; its dates can no longer change`);
  }
  for (const field of ['proposalsCloseAt', 'rankingCloseAt'] as const) {
    const value = cmd[field];
    if (value === undefined) continue;
    const to = Date.parse(value);
    if (Number.isNaN(to)) throw new RuleError('invalid', `${field} must be an ISO 8601 timestamp`);
    const open =
      field === 'proposalsCloseAt'
        ? s.status === 'proposals'
        : preparingStatuses.slice(0, 2).includes(s.status);
    if (!open || now >= ms(s, field)) {
      throw new RuleError(
        'conflict',
        `cycle ${s.id}'s ${field} has passed (${s[field]}); it can no longer change`,
      );
    }
    if (to <= now) throw new RuleError('invalid', `${field} must be in the future`);
  }
  if (cmd.periodStart !== undefined && now >= ms(s, 'startsAt')) {
    throw new RuleError(
      'conflict',
      `cycle ${s.id}'s period began at ${s.startsAt}; periodStart can no longer change`,
    );
  }
  const next = { ...calendar(s), ...definedDates(cmd) };
  const { invalid, refused } = calendarProblems(next, Date.parse(s.openedAt));
  if (invalid.length > 0) throw new RuleError('invalid', invalid.join('; '));
  if (cmd.periodEnd !== undefined && periodBounds(next.periodStart, next.periodEnd).endsAt <= now) {
    throw new RuleError('invalid', 'periodEnd must be in the future');
  }
  if (s.nextCycleId !== null && cmd.periodEnd !== undefined) {
    throw new RuleError(
      'conflict',
      `cycle ${s.id} has already opened the next cycle ${s.nextCycleId}; its periodEnd can no longer change`,
    );
  }
  if (refused.length > 0) throw new RuleError('refused', refused.join('; '));
}

/** Moves the dates the command names, each change on the record, and what follows from them. */
export function changeDates(s: PriorityCycleState, cmd: ChangeCycleDatesCommand, now: number): void {
  for (const field of dateFields) {
    const value = cmd[field];
    if (value === undefined) continue;
    const to = field === 'proposalsCloseAt' || field === 'rankingCloseAt' ? iso(Date.parse(value)) : value;
    if (to === s[field]) continue;
    const change: DateChange = { field, from: s[field], to, reason: cmd.reason, by: cmd.by, at: iso(now) };
    s.dateChanges.push(change);
    s[field] = to;
  }
  const { startsAt, endsAt } = periodBounds(s.periodStart, s.periodEnd);
  s.startsAt = iso(startsAt);
  s.endsAt = iso(endsAt);
  if (s.nextCycleOpensBefore !== null && s.nextCycleId === null) {
    s.nextCycleOpensAt = iso(nextCycleOpensAt(s.periodEnd, s.periodStart, s.nextCycleOpensBefore));
  }
  // A programme adopted for a period that now starts later waits again; one that now started is in force.
  if (s.status === 'in-force' && now < startsAt) s.status = 'adopted';
}

/** The cycle's dates as the calendar rules read them. */
function calendar(s: PriorityCycleState) {
  return {
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    proposalsCloseAt: s.proposalsCloseAt,
    rankingCloseAt: s.rankingCloseAt,
    nextCycleOpensBefore: s.nextCycleId === null ? s.nextCycleOpensBefore : null,
  };
}

function definedDates(cmd: ChangeCycleDatesCommand) {
  const out: Partial<Record<(typeof dateFields)[number], string>> = {};
  for (const f of dateFields) if (cmd[f] !== undefined) out[f] = cmd[f];
  return out;
}

/** True once the period is over and nothing is left to wait for (windows closed). */
export function periodOver(s: PriorityCycleState, now: number): boolean {
  return (
    now >= ms(s, 'endsAt') && s.status !== 'proposals' && s.status !== 'ranking' && s.status !== 'voting'
  );
}

/** The next instant the workflow must wake at by itself (a window closes, the period begins or ends, the next cycle opens). */
export function nextWakeAt(s: PriorityCycleState): number {
  const times: number[] = [ms(s, 'endsAt')];
  if (s.status === 'proposals') times.push(ms(s, 'proposalsCloseAt'));
  if (s.status === 'ranking') times.push(ms(s, 'rankingCloseAt'));
  if (s.status === 'adopted') times.push(ms(s, 'startsAt'));
  if (s.nextCycleOpensAt !== null && s.nextCycleId === null) times.push(Date.parse(s.nextCycleOpensAt));
  return Math.min(...times);
}

/** What is due next, for tracking: the open window's close, or the Board's vote. */
export function dueAt(s: PriorityCycleState): string | null {
  if (s.status === 'proposals') return s.proposalsCloseAt;
  if (s.status === 'ranking') return s.rankingCloseAt;
  if (s.status === 'voting') return s.attempts[s.attempts.length - 1]?.votingClosesAt ?? null;
  return null;
}
