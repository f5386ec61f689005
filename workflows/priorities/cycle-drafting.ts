/**
 * The drafting and voting phase of a priority cycle: the secretariat's edits to the draft, each
 * attempt put to the Board, and the Board's outcome on it (an adopted draft becomes the
 * programme). Pure functions over the cycle's state, behind {@link PriorityCycleRecord}.
 */
import type { DecisionInput } from '../decision/decision.types';
import { draftDecisionIdFor, programmeItemIdFor } from '../ids';
import { copy, iso } from '../kit/record-base';
import type { DecisionOutcome } from '../rules/decision-rules';
import { addDuration } from '../rules/durations';
import { RuleError } from '../rules/rule-error';
import { decisionCommon, describe, markDecided, type CycleVoters } from './cycle-decisions';
import { checkTheme, proposalIn } from './cycle-proposals';
import type {
  DraftAttempt,
  DraftItem,
  EditDraftCommand,
  PriorityCycleState,
  Proposal,
  SubmitDraftCommand,
} from './priority-cycle.types';

/** Refuses a draft write unless the cycle is drafting, saying why not. */
export function checkDrafting(s: PriorityCycleState, action: string): void {
  if (s.status !== 'drafting') {
    const why =
      s.status === 'proposals' || s.status === 'ranking'
        ? `its ${s.status} window is open; the draft comes from the ranking`
        : s.status === 'voting'
          ? `the Board is voting on the draft (${s.decisionId})`
          : `it is ${s.status}`;
    throw new RuleError('conflict', `cycle ${s.id} cannot ${action} now: ${why}`);
  }
}

/** Refuses a draft whose items name no open proposal (or one twice) and give no title and theme. */
export function checkDraftItems(s: PriorityCycleState, cmd: EditDraftCommand): void {
  if (cmd.items.length === 0) throw new RuleError('invalid', 'items must name at least one priority');
  const seen = new Set<string>();
  cmd.items.forEach((item, i) => {
    if (item.proposalId !== undefined) {
      const p = proposalIn(s, item.proposalId);
      if (!p || p.status !== 'open') {
        throw new RuleError(
          'invalid',
          `items[${i}].proposalId ${item.proposalId} is not an open proposal of cycle ${s.id}`,
        );
      }
      if (seen.has(p.id)) throw new RuleError('invalid', `items[${i}] names proposal ${p.id} twice`);
      seen.add(p.id);
    } else if (item.title === undefined || item.theme === undefined) {
      throw new RuleError('invalid', `items[${i}] needs a proposalId, or a title and a theme`);
    }
    if (item.title !== undefined && item.title.trim() === '')
      throw new RuleError('invalid', `items[${i}].title must not be empty`);
    if (item.theme !== undefined) checkTheme(s, item.theme, `items[${i}].theme`);
  });
}

/** Replaces the draft with the edited items (a proposal's fields unless the item overrides them). */
export function editDraft(s: PriorityCycleState, cmd: EditDraftCommand, now: number): void {
  s.draft = cmd.items.map((item): DraftItem => {
    const p = item.proposalId !== undefined ? (proposalIn(s, item.proposalId) as Proposal) : undefined;
    return {
      proposalId: p?.id ?? null,
      title: item.title?.trim() ?? (p as Proposal).title,
      theme: item.theme ?? (p as Proposal).theme,
      region: item.region !== undefined ? item.region?.trim() || null : (p?.region ?? null),
    };
  });
  s.draftEdits.push({ by: cmd.by, at: iso(now), items: s.draft.length });
}

/** Refuses to put an empty draft to the Board. */
export function checkDraftSubmission(s: PriorityCycleState): void {
  checkDrafting(s, 'put the draft to the Board');
  if (!s.draft || s.draft.length === 0) {
    throw new RuleError(
      'refused',
      'non-empty-draft: the draft programme is empty; edit it (items) before putting it to the Board',
    );
  }
}

/** Records a new attempt on the draft and returns the decision to open on it. */
export function submitDraft(
  s: PriorityCycleState,
  voters: CycleVoters,
  cmd: SubmitDraftCommand,
  now: number,
): DecisionInput {
  const attempt = s.attempts.length + 1;
  const items = copy(s.draft as DraftItem[]);
  const closesAt = iso(addDuration(now, s.decision.votingIn));
  const decision: DecisionInput = {
    id: draftDecisionIdFor(s.id, attempt),
    title: `${s.title}: work programme, attempt ${attempt}`,
    text:
      `The Board adopts the work programme ${s.periodStart} to ${s.periodEnd}:\n` +
      items.map((item, i) => `${i + 1}. ${describe(item)}`).join('\n'),
    ...decisionCommon(s, voters, cmd.by, closesAt),
  };
  s.attempts.push({
    attempt,
    decisionId: decision.id,
    items,
    submittedBy: cmd.by,
    submittedAt: iso(now),
    votingClosesAt: closesAt,
    outcome: null,
    decidedAt: null,
  });
  s.decisionId = decision.id;
  s.status = 'voting';
  return decision;
}

/**
 * Applies the Board's outcome on a draft attempt: adopted, the draft becomes the programme
 * (`adopted`, or `in-force` once its period has begun); otherwise the cycle returns to `drafting`
 * for the secretariat to revise and resubmit.
 */
export function applyDraftOutcome(
  s: PriorityCycleState,
  attempt: DraftAttempt,
  outcome: DecisionOutcome,
  now: number,
): void {
  const at = markDecided(attempt, outcome, now);
  if (outcome === 'adopted') {
    s.programme = attempt.items.map((item, i) => ({
      id: programmeItemIdFor(s.id, i + 1),
      ...item,
      rank: i + 1,
      adHoc: false,
      decisionId: attempt.decisionId,
      adoptedAt: at,
    }));
    s.adoptedAt = at;
    s.status = now >= Date.parse(s.startsAt) ? 'in-force' : 'adopted';
  } else {
    s.status = 'drafting';
  }
}
