/**
 * What a board decision tells people, and when: opened (to the electorate; an invitation to the
 * seats with the right to an opinion), closing soon (to seats whose ballot is missing) and the
 * outcome (to every seat concerned and the secretariat; the opinion seats with the responses). Pure:
 * the workflow sends what these functions build, with keys stable per decision and deadline so a
 * retried activity never sends twice.
 */
import { subtractDuration } from '../rules/durations';
import type { NotificationRequest } from '../shared/notification-request';
import type { DecisionState } from './decision.types';

/** When to remind seats whose ballot is missing: a day before the close, or halfway for short votes. */
export function closingSoonAt(openedAt: string, closesAt: string): number {
  const opened = Date.parse(openedAt);
  const closes = Date.parse(closesAt);
  const dayBefore = subtractDuration(closes, 'P1D');
  return dayBefore - opened >= closes - dayBefore ? dayBefore : opened + Math.floor((closes - opened) / 2);
}

const ref = (s: Readonly<DecisionState>) => ({ kind: 'decision', id: s.id });

export function openedNotice(s: Readonly<DecisionState>): NotificationRequest {
  return {
    key: `${s.id}:opened`,
    kind: 'decision-opened',
    to: [...s.electorate],
    subject: `Board decision open: ${s.title}`,
    text: `A decision is open under the ${s.rule} rule until ${s.closesAt}.\n\n${s.text}`,
    ref: ref(s),
  };
}

/** Null when nobody's ballot is missing, or under silence (where no ballot is expected). */
export function closingSoonNotice(s: Readonly<DecisionState>): NotificationRequest | null {
  if (s.rule === 'silence' || s.awaiting.length === 0) return null;
  return {
    key: `${s.id}:closing-soon:${s.closesAt}`,
    kind: 'decision-closing-soon',
    to: [...s.awaiting],
    subject: `Ballot missing, closing ${s.closesAt}: ${s.title}`,
    text: `Your seat has not voted on "${s.title}". The vote closes at ${s.closesAt}.`,
    ref: ref(s),
  };
}

export function outcomeNotice(s: Readonly<DecisionState>): NotificationRequest {
  const t = s.tally;
  return {
    key: `${s.id}:outcome`,
    kind: 'decision-outcome',
    to: [...s.electorate, ...s.recused, 'secretariat'],
    subject: `Board decision ${s.outcome}: ${s.title}`,
    text: `Outcome: ${s.outcome}. Yes ${t.yes}, no ${t.no}, abstain ${t.abstain}, objections ${t.objections}.`,
    ref: ref(s),
  };
}

/**
 * To the seats with the right to an opinion (seats without a vote, invited observers): the
 * decision is open and their opinion is awaited until the close. Null when there are none.
 */
export function opinionInvitationNotice(s: Readonly<DecisionState>): NotificationRequest | null {
  const to = s.opinionSeats ?? [];
  if (to.length === 0) return null;
  return {
    key: `${s.id}:opinion-invited`,
    kind: 'decision-opinion-invited',
    to: [...to],
    subject: `Your opinion is invited: ${s.title}`,
    text:
      `A decision is open under the ${s.rule} rule until ${s.closesAt}. Your seat may give an opinion ` +
      `(or say that it has none) until then; the decision does not close early before it has.\n\n${s.text}`,
    ref: ref(s),
  };
}

/** To the opinion seats when the decision closes: the outcome, and what became of the opinions. */
export function opinionOutcomeNotice(s: Readonly<DecisionState>): NotificationRequest | null {
  const to = s.opinionSeats ?? [];
  if (to.length === 0) return null;
  const responses = s.opinions.map(
    (o) => `Opinion ${o.n} (${o.seat}): ${o.response ? o.response.text : 'no response recorded'}`,
  );
  return {
    key: `${s.id}:opinion-outcome`,
    kind: 'decision-outcome',
    to: [...to],
    subject: `Board decision ${s.outcome}: ${s.title}`,
    text: [`Outcome: ${s.outcome}.`, ...responses].join('\n'),
    ref: ref(s),
  };
}
