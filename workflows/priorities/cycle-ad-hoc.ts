/**
 * Ad hoc actions of a priority cycle: an action proposed to join an adopted programme before its
 * period ends, the decision it opens, and the Board's outcome on it. Pure functions over the
 * cycle's state, behind {@link PriorityCycleRecord}.
 */
import type { DecisionInput } from '../decision/decision.types';
import { adHocActionIdFor, adHocDecisionIdFor } from '../ids';
import { iso } from '../kit/record-base';
import type { DecisionOutcome } from '../rules/decision-rules';
import { addDuration } from '../rules/durations';
import { RuleError } from '../rules/rule-error';
import { decisionCommon, describe, markDecided, type CycleVoters } from './cycle-decisions';
import { checkProposalFields } from './cycle-proposals';
import type { AdHocAction, PriorityCycleState, ProposeAdHocActionCommand } from './priority-cycle.types';

/** Refuses an action unless the programme is adopted and its period not over, or one badly put. */
export function checkAdHocAction(s: PriorityCycleState, cmd: ProposeAdHocActionCommand, now: number): void {
  if (s.status !== 'adopted' && s.status !== 'in-force') {
    throw new RuleError(
      'conflict',
      `cycle ${s.id} is ${s.status}; ad hoc actions join a programme that is adopted and not yet ended`,
    );
  }
  if (now >= Date.parse(s.endsAt)) {
    throw new RuleError(
      'conflict',
      `cycle ${s.id}'s period ended at ${s.endsAt}; no ad hoc action can join it`,
    );
  }
  checkProposalFields(s, cmd);
  if (cmd.reason.trim() === '') throw new RuleError('invalid', 'reason must not be empty');
}

/** Records the action; returns it and the decision to open on it. */
export function proposeAdHocAction(
  s: PriorityCycleState,
  voters: CycleVoters,
  cmd: ProposeAdHocActionCommand,
  now: number,
): { action: AdHocAction; decision: DecisionInput } {
  const n = s.adHocActions.length + 1;
  const closesAt = iso(addDuration(now, s.decision.votingIn));
  const action: AdHocAction = {
    id: adHocActionIdFor(s.id, n),
    title: cmd.title.trim(),
    theme: cmd.theme,
    region: cmd.region?.trim() || null,
    reason: cmd.reason,
    decisionId: adHocDecisionIdFor(s.id, n),
    proposedBy: cmd.by,
    proposedAt: iso(now),
    votingClosesAt: closesAt,
    outcome: null,
    decidedAt: null,
  };
  s.adHocActions.push(action);
  const decision: DecisionInput = {
    id: action.decisionId,
    title: `${s.title}: ad hoc action ${action.title}`,
    text: `The Board adds an ad hoc action to the work programme ${s.periodStart} to ${s.periodEnd}: ${describe(action)}. Why: ${cmd.reason}`,
    ...decisionCommon(s, voters, cmd.by, closesAt),
  };
  return { action, decision };
}

/** Applies the Board's outcome on an action: adopted, it joins the programme. */
export function applyAdHocOutcome(
  s: PriorityCycleState,
  action: AdHocAction,
  outcome: DecisionOutcome,
  now: number,
): void {
  const at = markDecided(action, outcome, now);
  if (outcome === 'adopted') {
    (s.programme as NonNullable<PriorityCycleState['programme']>).push({
      id: action.id,
      title: action.title,
      theme: action.theme,
      region: action.region,
      rank: null,
      proposalId: null,
      adHoc: true,
      decisionId: action.decisionId,
      adoptedAt: at,
    });
  }
}
