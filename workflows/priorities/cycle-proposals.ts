/**
 * The proposal phase of a priority cycle: the window, a seat's own proposals, what a new or
 * amended proposal holds. Pure functions over the cycle's state, behind {@link PriorityCycleRecord}.
 */
import { proposalIdFor } from '../ids';
import { iso } from '../kit/record-base';
import { RuleError } from '../rules/rule-error';
import type {
  AmendProposalCommand,
  PriorityCycleState,
  Proposal,
  SubmitProposalCommand,
} from './priority-cycle.types';

/** The proposal with this id, if the cycle has one. */
export function proposalIn(s: PriorityCycleState, id: string): Proposal | undefined {
  return s.proposals.find((p) => p.id === id);
}

/** The proposals not withdrawn. */
export function openProposals(s: PriorityCycleState): Proposal[] {
  return s.proposals.filter((p) => p.status === 'open');
}

/** Refuses a proposal write once the window has closed. */
export function checkProposalsOpen(s: PriorityCycleState, now: number, action: string): void {
  if (s.status !== 'proposals' || now >= Date.parse(s.proposalsCloseAt)) {
    throw new RuleError(
      'conflict',
      `cycle ${s.id} closed for proposals at ${s.proposalsCloseAt}; cannot ${action}`,
    );
  }
}

/** The proposal `id`, refused when it is missing or another seat's. */
export function ownProposal(s: PriorityCycleState, id: string, seat: string): Proposal {
  const proposal = proposalIn(s, id);
  if (!proposal) throw new RuleError('not-found', `proposal ${id} not found in cycle ${s.id}`);
  if (proposal.seat !== seat) {
    throw new RuleError('forbidden', `proposal ${id} belongs to seat ${proposal.seat}, not ${seat}`);
  }
  return proposal;
}

/** A title that is not empty and a theme the board lists. */
export function checkProposalFields(s: PriorityCycleState, fields: { title: string; theme: string }): void {
  if (fields.title.trim() === '') throw new RuleError('invalid', 'title must not be empty');
  checkTheme(s, fields.theme, 'theme');
}

/** A theme the board lists; `field` names it in the refusal. */
export function checkTheme(s: PriorityCycleState, theme: string, field: string): void {
  if (!s.themes.includes(theme)) {
    throw new RuleError('invalid', `${field} must be one of ${s.themes.join(', ')} (got "${theme}")`);
  }
}

/** Adds the cycle's next proposal. */
export function addProposal(s: PriorityCycleState, cmd: SubmitProposalCommand, now: number): Proposal {
  const n = s.nextProposal++;
  const proposal: Proposal = {
    id: proposalIdFor(s.id, n),
    n,
    seat: cmd.seat,
    title: cmd.title.trim(),
    theme: cmd.theme,
    region: cmd.region?.trim() || null,
    status: 'open',
    submittedBy: cmd.by,
    submittedAt: iso(now),
    amendments: [],
    withdrawal: null,
  };
  s.proposals.push(proposal);
  return proposal;
}

/** Applies an amendment to a proposal, recording each field that changed from what to what. */
export function amendProposal(proposal: Proposal, cmd: AmendProposalCommand, now: number): void {
  const changes: Record<string, [unknown, unknown]> = {};
  if (cmd.title !== undefined && cmd.title.trim() !== proposal.title) {
    changes.title = [proposal.title, cmd.title.trim()];
    proposal.title = cmd.title.trim();
  }
  if (cmd.theme !== undefined && cmd.theme !== proposal.theme) {
    changes.theme = [proposal.theme, cmd.theme];
    proposal.theme = cmd.theme;
  }
  if (cmd.region !== undefined) {
    const region = cmd.region?.trim() || null;
    if (region !== proposal.region) {
      changes.region = [proposal.region, region];
      proposal.region = region;
    }
  }
  proposal.amendments.push({ by: cmd.by, at: iso(now), changes });
}
