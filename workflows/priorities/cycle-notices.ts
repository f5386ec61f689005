/**
 * What a priority-setting cycle tells every seat of the board: that proposals are open (any seat
 * may propose) and that the ranking is open (the voting seats rank). Pure; keys are stable per
 * cycle, so a retried activity never sends twice.
 */
import type { NotificationRequest } from '../shared/notification-request';
import type { PriorityCycleState } from './priority-cycle.types';

const ref = (s: Readonly<PriorityCycleState>) => ({ kind: 'priority-cycle', id: s.id });

export function proposalsOpenNotice(
  s: Readonly<PriorityCycleState>,
  seats: readonly string[],
): NotificationRequest {
  return {
    key: `${s.id}:proposals-open`,
    kind: 'priority-proposals-open',
    to: [...seats],
    subject: `Priorities: proposals open until ${s.proposalsCloseAt}: ${s.title}`,
    text:
      `The cycle for the work programme ${s.periodStart} to ${s.periodEnd} takes proposals until ` +
      `${s.proposalsCloseAt}; every seat may propose priorities (themes: ${s.themes.join(', ')}). ` +
      `The ranking follows, until ${s.rankingCloseAt}.`,
    ref: ref(s),
  };
}

export function rankingOpenNotice(
  s: Readonly<PriorityCycleState>,
  seats: readonly string[],
): NotificationRequest {
  const open = s.proposals.filter((p) => p.status === 'open').length;
  return {
    key: `${s.id}:ranking-open`,
    kind: 'priority-ranking-open',
    to: [...seats],
    subject: `Priorities: ranking open until ${s.rankingCloseAt}: ${s.title}`,
    text:
      `The proposals are in (${open}). The voting seats rank them until ${s.rankingCloseAt}; ` +
      `the other seats may follow the ranking and give their opinion on the draft when it is put to the Board.`,
    ref: ref(s),
  };
}
