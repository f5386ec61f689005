/**
 * The arithmetic and rules of funding rounds (docs/domain.md, "A funding round's life"): eligibility at the close,
 * allocation checks against the envelope, tranche maths and the round's summary. Plain functions,
 * no Temporal import; the funding workflows and the API call them. Money is integer euro cents.
 */

/** A governance rule that refuses something, by name, with the sentence saying why. */
export interface RuleViolation {
  rule: string;
  message: string;
}

/** Renders violations as one message that names every rule: `within-envelope: ...; positive-amount: ...`. */
export function describeViolations(violations: readonly RuleViolation[]): string {
  return violations.map((v) => `${v.rule}: ${v.message}`).join('; ');
}

/** True for a whole number of cents above zero that arithmetic keeps exact. */
export function isPositiveCents(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** What a request must meet at the close of the submission window. */
export interface EligibilityCriteria {
  /** Labels (or ids) of the priorities a request may name. */
  priorities: readonly string[];
  /** Cap per request, or null for none. */
  maxRequestCents: number | null;
  /** Seats that may receive funding: the member states. */
  memberStateSeats: readonly string[];
}

/** The parts of a request that eligibility looks at. */
export interface EligibilitySubject {
  seat: string;
  priority: string;
  amountCents: number;
}

/**
 * Why a request is ineligible, one sentence per failed check (priority in the round's list,
 * amount within the cap, a member-state seat); empty when it is eligible.
 */
export function eligibilityProblems(request: EligibilitySubject, criteria: EligibilityCriteria): string[] {
  const problems: string[] = [];
  if (!criteria.priorities.includes(request.priority)) {
    problems.push(
      `priority "${request.priority}" is not one of the round's priorities (${criteria.priorities.join(', ')})`,
    );
  }
  if (!isPositiveCents(request.amountCents)) {
    problems.push(`amount ${request.amountCents} is not a positive whole number of cents`);
  } else if (criteria.maxRequestCents !== null && request.amountCents > criteria.maxRequestCents) {
    problems.push(
      `amount ${request.amountCents} cents exceeds the cap of ${criteria.maxRequestCents} cents per request`,
    );
  }
  if (!criteria.memberStateSeats.includes(request.seat)) {
    problems.push(`seat ${request.seat} is not a member-state seat`);
  }
  return problems;
}

/** What a request names that the round fixes from its opening: checked at submission and amendment. */
export interface SubmissionCriteria {
  priorities: readonly string[];
  maxRequestCents: number | null;
}

/**
 * What can be refused while the window is still open, so the seat can fix it in time:
 * `round-priority` (a priority the round does not fund) and `request-cap` (over the cap per
 * request). The checks that depend on the close stay in {@link eligibilityProblems}.
 */
export function submissionViolations(
  request: { priority: string; amountCents: number },
  criteria: SubmissionCriteria,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (!criteria.priorities.includes(request.priority)) {
    violations.push({
      rule: 'round-priority',
      message: `priority "${request.priority}" is not one of the round's priorities (${criteria.priorities.join(', ')})`,
    });
  }
  if (criteria.maxRequestCents !== null && request.amountCents > criteria.maxRequestCents) {
    violations.push({
      rule: 'request-cap',
      message: `amount ${request.amountCents} cents exceeds the cap of ${criteria.maxRequestCents} cents per request`,
    });
  }
  return violations;
}

/** One award of a proposed allocation. */
export interface AwardProposal {
  requestId: string;
  amountCents: number;
}

/** What an allocation check needs to know about a request of the round. */
export interface AllocationCandidate {
  id: string;
  status: string;
  amountCents: number;
  ineligibleReason?: string | null;
}

/** Statuses a request may be awarded from: past the close, eligible, not yet decided. */
export const awardableStatuses: readonly string[] = ['eligible'];

/**
 * Every rule a proposed allocation breaks (empty when it may go to the Board):
 * `single-award` (a request named twice), `request-in-round`, `eligible-request` (not withdrawn,
 * ineligible or already decided), `positive-amount`, `within-request` (partial amounts allowed,
 * never more than requested) and `within-envelope` (the total, with what earlier attempts already
 * awarded, never exceeds the envelope).
 */
export function allocationViolations(
  awards: readonly AwardProposal[],
  requests: readonly AllocationCandidate[],
  envelopeCents: number,
  alreadyAwardedCents = 0,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const byId = new Map(requests.map((r) => [r.id, r]));
  const seen = new Set<string>();
  let total = 0;
  for (const award of awards) {
    if (seen.has(award.requestId)) {
      violations.push({
        rule: 'single-award',
        message: `request ${award.requestId} is named more than once`,
      });
      continue;
    }
    seen.add(award.requestId);
    if (!isPositiveCents(award.amountCents)) {
      violations.push({
        rule: 'positive-amount',
        message: `the award to ${award.requestId} must be a positive whole number of cents (got ${award.amountCents})`,
      });
    } else {
      total += award.amountCents;
    }
    const request = byId.get(award.requestId);
    if (!request) {
      violations.push({
        rule: 'request-in-round',
        message: `request ${award.requestId} is not a request of this round`,
      });
      continue;
    }
    if (!awardableStatuses.includes(request.status)) {
      const why =
        request.status === 'ineligible' && request.ineligibleReason ? ` (${request.ineligibleReason})` : '';
      violations.push({
        rule: 'eligible-request',
        message: `request ${request.id} is ${request.status}${why}; only eligible requests can be awarded`,
      });
      continue;
    }
    if (isPositiveCents(award.amountCents) && award.amountCents > request.amountCents) {
      violations.push({
        rule: 'within-request',
        message: `the award to ${request.id} (${award.amountCents} cents) exceeds the ${request.amountCents} cents it requested`,
      });
    }
  }
  const available = envelopeCents - alreadyAwardedCents;
  if (total > available) {
    const earlier = alreadyAwardedCents > 0 ? ` (${alreadyAwardedCents} cents already awarded)` : '';
    violations.push({
      rule: 'within-envelope',
      message: `the awards total ${total} cents, over the ${available} cents left in the envelope of ${envelopeCents} cents${earlier}`,
    });
  }
  return violations;
}

/**
 * Splits an award into tranches: the first is `firstTranchePercent` of it, rounded down to the
 * cent; the remainder goes to the last tranche, so the tranches always add up to the award.
 * 100 gives a single tranche.
 */
export function splitTranches(amountCents: number, firstTranchePercent: number): number[] {
  if (!isPositiveCents(amountCents))
    throw new RangeError(`amount must be positive whole cents, got ${amountCents}`);
  if (!Number.isInteger(firstTranchePercent) || firstTranchePercent < 1 || firstTranchePercent > 100) {
    throw new RangeError(
      `firstTranchePercent must be a whole number from 1 to 100, got ${firstTranchePercent}`,
    );
  }
  if (firstTranchePercent === 100) return [amountCents];
  // Integer maths: split into whole hundreds and the rest so no product leaves the safe range.
  const hundreds = Math.floor(amountCents / 100);
  const rest = amountCents % 100;
  const first = hundreds * firstTranchePercent + Math.floor((rest * firstTranchePercent) / 100);
  return [first, amountCents - first];
}

/** Requested, awarded and paid amounts of a group of requests. */
export interface AmountTotals {
  requests: number;
  requestedCents: number;
  awardedCents: number;
  paidCents: number;
}

/** The round's closing summary: totals, per seat and per priority. */
export interface RoundSummary {
  totals: AmountTotals;
  bySeat: Record<string, AmountTotals>;
  byPriority: Record<string, AmountTotals>;
  /** Envelope minus awards. */
  unallocatedCents: number;
}

/** What the summary needs of each request. */
export interface SummaryEntry {
  seat: string;
  priority: string;
  status: string;
  amountCents: number;
  awardedCents: number | null;
  paidCents: number;
}

/**
 * Sums requested, awarded and paid cents per seat and per priority. Withdrawn requests were taken
 * back by their seat and are left out; ineligible and unfunded ones count as requested.
 */
export function summarizeRound(entries: readonly SummaryEntry[], envelopeCents: number): RoundSummary {
  const zero = (): AmountTotals => ({ requests: 0, requestedCents: 0, awardedCents: 0, paidCents: 0 });
  const summary: RoundSummary = {
    totals: zero(),
    bySeat: {},
    byPriority: {},
    unallocatedCents: envelopeCents,
  };
  for (const entry of entries) {
    if (entry.status === 'withdrawn') continue;
    const groups = [
      summary.totals,
      (summary.bySeat[entry.seat] ??= zero()),
      (summary.byPriority[entry.priority] ??= zero()),
    ];
    for (const group of groups) {
      group.requests++;
      group.requestedCents += entry.amountCents;
      group.awardedCents += entry.awardedCents ?? 0;
      group.paidCents += entry.paidCents;
    }
  }
  summary.unallocatedCents = envelopeCents - summary.totals.awardedCents;
  return summary;
}
