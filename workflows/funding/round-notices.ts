/**
 * What a funding round tells the seats that may request: that the call is open, with its window,
 * envelope, priorities and cap. Pure; the key is stable per round, so a retried activity never
 * sends twice.
 */
import type { NotificationRequest } from '../shared/notification-request';
import type { FundingRoundState } from './funding.types';

const euros = (cents: number) => `EUR ${(cents / 100).toFixed(2)}`;

export function callOpenedNotice(
  s: Readonly<FundingRoundState>,
  seats: readonly string[],
): NotificationRequest | null {
  if (seats.length === 0) return null;
  return {
    key: `${s.id}:call-opened`,
    kind: 'funding-call-opened',
    to: [...seats],
    subject: `Call for funding open until ${s.closesAt}: ${s.title}`,
    text: [
      `A funding round is open for requests until ${s.closesAt}.`,
      `Envelope: ${euros(s.envelopeCents)}.`,
      `Cap per request: ${s.maxRequestCents === null ? 'none' : euros(s.maxRequestCents)}.`,
      `Priorities a request must name: ${s.priorities.join(', ')}.`,
    ].join('\n'),
    ref: { kind: 'funding-round', id: s.id },
  };
}

/** Request statuses that mean the seat has submitted (a withdrawn request does not count). */
const LIVE = ['submitted', 'eligible', 'awarded', 'not-funded', 'completed'];

/** While the window is open: the seats that may request and have no live request in the round. */
export function seatsYetToRequest(s: Readonly<FundingRoundState>, seats: readonly string[]): string[] {
  if (s.status !== 'open') return [];
  return seats.filter((seat) => !s.requests.some((r) => r.seat === seat && LIVE.includes(r.status)));
}
