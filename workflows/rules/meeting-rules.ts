/**
 * The rules of board meetings: the agenda and its freeze, who may be present for a seat and in
 * which capacity, the attendance quorum, and the tally of a vote taken in session (the decision
 * rules of decision-rules.ts, over the same electorate as a remote decision). Plain functions,
 * no Temporal import; the meeting record calls them.
 */
import {
  outcomeAtClose,
  quorumRequired,
  tallyBallots,
  type BallotsBySeat,
  type DecisionOutcome,
  type DecisionParameters,
  type DecisionRule,
  type Tally,
} from './decision-rules';
import { RuleError } from './rule-error';

const dayMs = 86_400_000;

/** The default agenda freeze: ten days before the meeting starts. */
export const defaultAgendaFreezeDays = 10;

/** The instant the agenda freezes: `freezeDays` before the start. */
export function agendaFreezeAt(startsAtMs: number, freezeDays: number): number {
  return startsAtMs - freezeDays * dayMs;
}

/**
 * Whether a change to the agenda at `now` is allowed, and whether it must carry a reason: before
 * the freeze it needs none; after it (and until the meeting closes) it needs one, on the record.
 * Returns true when the change comes after the freeze.
 */
export function checkAgendaChange(
  now: number,
  startsAtMs: number,
  freezeDays: number,
  reason?: string,
): boolean {
  const afterFreeze = now >= agendaFreezeAt(startsAtMs, freezeDays);
  if (afterFreeze && (reason === undefined || reason.trim() === '')) {
    throw new RuleError(
      'refused',
      `the agenda froze on ${new Date(agendaFreezeAt(startsAtMs, freezeDays)).toISOString()} (${freezeDays} days before the meeting): a change now needs a reason`,
    );
  }
  return afterFreeze;
}

/**
 * A new agenda from the current one: `order` lists the kept items by number in their new order;
 * every kept number must be an item of the current agenda, at most once. Items not listed are
 * dropped (the caller refuses dropping an item already taken).
 */
export function reorderAgenda<T extends { n: number }>(current: readonly T[], order: readonly number[]): T[] {
  const seen = new Set<number>();
  return order.map((n) => {
    if (seen.has(n)) throw new RuleError('invalid', `agenda item ${n} appears twice`);
    seen.add(n);
    const item = current.find((i) => i.n === n);
    if (!item) throw new RuleError('invalid', `agenda item ${n} is not on the agenda`);
    return item;
  });
}

/** Who held a seat (person ids), as read from the roster. */
export interface Holders {
  seat: string;
  member: string | null;
  alternate: string | null;
}

/** A person present at a meeting, and for what. */
export interface PresenceClaim {
  seat: string;
  personId: string;
  capacity: 'member' | 'alternate' | 'observer';
}

/**
 * Checks that each person present may be there in the capacity given: a seat's member or
 * alternate as the roster says at the time, or (for an observer seat) anyone the secretariat
 * names for an observer invited to an item. One person once; one member and one alternate per seat.
 */
export function checkPresence(
  claims: readonly PresenceClaim[],
  holders: readonly Holders[],
  seats: readonly { code: string; kind: string }[],
  invitedObservers: readonly string[],
): void {
  const people = new Set<string>();
  const taken = new Set<string>();
  for (const c of claims) {
    const seat = seats.find((s) => s.code === c.seat);
    if (!seat) throw new RuleError('invalid', `${c.seat} is not a seat of the board`);
    if (people.has(c.personId)) throw new RuleError('invalid', `${c.personId} is listed twice`);
    people.add(c.personId);
    const slot = `${c.seat}/${c.capacity}`;
    if (c.capacity !== 'observer' && taken.has(slot))
      throw new RuleError('invalid', `${c.seat} has two people present as ${c.capacity}`);
    taken.add(slot);
    if (c.capacity === 'observer') {
      if (seat.kind !== 'observer' || !invitedObservers.includes(c.seat))
        throw new RuleError('refused', `${c.seat} is not an observer invited to an item of this meeting`);
      continue;
    }
    const h = holders.find((x) => x.seat === c.seat);
    const holder = h ? (c.capacity === 'member' ? h.member : h.alternate) : null;
    if (holder !== c.personId)
      throw new RuleError(
        'refused',
        `${c.personId} is not the ${c.capacity} for ${c.seat} on the roster now${holder ? ` (${holder} is)` : ''}`,
      );
  }
}

/**
 * Who votes for each seat present: the member when present, else the alternate (one seat, one
 * vote, cast by either). Observers never vote. Only seats in `votingSeats` are returned.
 */
export function votersPresent(
  claims: readonly PresenceClaim[],
  votingSeats: readonly string[],
): Map<string, { personId: string; capacity: 'member' | 'alternate' }> {
  const voters = new Map<string, { personId: string; capacity: 'member' | 'alternate' }>();
  for (const seat of votingSeats) {
    const member = claims.find((c) => c.seat === seat && c.capacity === 'member');
    const alternate = claims.find((c) => c.seat === seat && c.capacity === 'alternate');
    const voter = member ?? alternate;
    if (voter)
      voters.set(seat, { personId: voter.personId, capacity: voter.capacity as 'member' | 'alternate' });
  }
  return voters;
}

/**
 * The attendance quorum: how many voting seats must be present (a share of all voting seats, as
 * the board configures it; null for none), how many are, and whether that is enough.
 */
export function attendanceQuorum(
  share: number | null,
  votingSeatCount: number,
  votingSeatsPresent: number,
): { required: number; present: number; met: boolean } {
  const required = quorumRequired(share, votingSeatCount);
  return { required, present: votingSeatsPresent, met: votingSeatsPresent >= required };
}

/**
 * The parameters of a vote in session: the same as a remote decision's (the rule, the quorum of
 * ballots, an electorate of every voting seat minus the recused, so `absolute` still means more
 * than half of all voting seats), so a vote in the room and a vote at a distance agree.
 */
export function sessionVoteParameters(
  rule: DecisionRule,
  quorum: number | null,
  votingSeats: readonly string[],
  recused: readonly string[],
): DecisionParameters {
  return {
    rule,
    quorum: rule === 'silence' ? null : quorum,
    electorate: votingSeats.filter((s) => !recused.includes(s)),
    objectionThreshold: 1,
  };
}

/**
 * Checks a ballot in session: the item's vote is open, the seat is of its electorate and present,
 * and the person voting is the one present for it (the member, or the alternate when the member
 * is not there). A roll call is entered by the secretariat; a ballot from a device by the voter.
 */
export function checkSessionBallot(
  params: DecisionParameters,
  voters: ReadonlyMap<string, { personId: string }>,
  ballot: { seat: string; castBy: string; via: 'device' | 'roll-call'; by: string },
): void {
  if (!params.electorate.includes(ballot.seat))
    throw new RuleError('refused', `${ballot.seat} has no vote on this item (not a voting seat, or recused)`);
  const voter = voters.get(ballot.seat);
  if (!voter) throw new RuleError('refused', `nobody is recorded present for ${ballot.seat}`);
  if (voter.personId !== ballot.castBy)
    throw new RuleError(
      'refused',
      `${ballot.castBy} does not vote for ${ballot.seat} in this meeting (${voter.personId} is present for it)`,
    );
  if (ballot.via === 'device' && ballot.by !== ballot.castBy)
    throw new RuleError('forbidden', 'a ballot from a device is cast by the voter in person');
}

/** The tally and outcome of a vote in session, closed now. */
export function sessionOutcome(
  params: DecisionParameters,
  ballots: BallotsBySeat,
): { tally: Tally; outcome: Exclude<DecisionOutcome, 'withdrawn'> } {
  return { tally: tallyBallots(ballots, params.electorate), outcome: outcomeAtClose(params, ballots) };
}
