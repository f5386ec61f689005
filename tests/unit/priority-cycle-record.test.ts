/**
 * Unit tests of the priority-cycle calendar (workflows/rules/priority-rules.ts) and the cycle's
 * record (workflows/priorities/priority-cycle-record.ts): periods and the next one, the checks on
 * every write with the refusal each gives, the draft from the ranking, the Board's outcomes, ad hoc
 * actions, date changes and the next cycle's input.
 */
import { cycleInputProblems } from '../../workflows/priorities/cycle-input';
import { PriorityCycleRecord } from '../../workflows/priorities/priority-cycle-record';
import type { PriorityCycleInput } from '../../workflows/priorities/priority-cycle.types';
import {
  calendarProblems,
  isPeriodBound,
  nextPeriod,
  nextTitle,
  periodBounds,
} from '../../workflows/rules/priority-rules';
import { RuleError } from '../../workflows/rules/rule-error';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const input = (overrides: Partial<PriorityCycleInput> = {}): PriorityCycleInput => ({
  id: 'pc-x',
  seriesId: 'pc-x',
  sequence: 1,
  previousCycleId: null,
  title: 'Work programme 2027-2028',
  periodStart: '2027-01-01',
  periodEnd: '2028-12-31',
  proposalsCloseAt: iso(T0 + 30 * DAY),
  rankingCloseAt: iso(T0 + 60 * DAY),
  decision: { rule: 'absolute', quorum: null, votingIn: 'P14D' },
  topN: 2,
  themes: ['migrant-smuggling', 'border-management', 'capacity-building'],
  nextCycleOpensBefore: 'P6M',
  electorate: ['AT', 'BE', 'DE'],
  seats: ['AT', 'BE', 'DE', 'NO'],
  openedBy: 'sofia',
  ...overrides,
});

/** The rule error a check throws, as [kind, message]. */
function refusal(check: () => void): [string, string] {
  try {
    check();
  } catch (err) {
    if (err instanceof RuleError) return [err.kind, err.message];
    throw err;
  }
  throw new Error('the check passed');
}

describe('the calendar', () => {
  it('reads dates as whole days (end inclusive) and timestamps as they are', () => {
    expect(periodBounds('2027-01-01', '2028-12-31')).toEqual({
      startsAt: Date.parse('2027-01-01T00:00:00Z'),
      endsAt: Date.parse('2029-01-01T00:00:00Z'),
    });
    expect(periodBounds('2027-01-01T10:00:00Z', '2027-01-01T10:00:30Z').endsAt).toBe(
      Date.parse('2027-01-01T10:00:30Z'),
    );
    expect(isPeriodBound('2027-02-30')).toBe(false);
    expect(isPeriodBound('next year')).toBe(false);
  });

  it('moves on by whole calendar months, leap years or not, else by the same span', () => {
    expect(nextPeriod('2027-01-01', '2028-12-31')).toEqual({
      periodStart: '2029-01-01',
      periodEnd: '2030-12-31',
      months: 24,
    });
    expect(nextPeriod('2027-01-01T00:00:00.000Z', '2027-01-01T00:00:30.000Z')).toEqual({
      periodStart: '2027-01-01T00:00:30.000Z',
      periodEnd: '2027-01-01T00:01:00.000Z',
      months: null,
    });
    expect(nextTitle('Work programme 2027-2028', 24)).toBe('Work programme 2029-2030');
    expect(nextTitle('Work programme 2027', 6)).toBe('Work programme 2027');
  });

  it('names the field or the rule of each problem', () => {
    const ok = {
      periodStart: '2027-01-01',
      periodEnd: '2028-12-31',
      proposalsCloseAt: iso(T0 + 30 * DAY),
      rankingCloseAt: iso(T0 + 60 * DAY),
      nextCycleOpensBefore: 'P6M',
    };
    expect(calendarProblems(ok, T0)).toEqual({ invalid: [], refused: [] });
    expect(calendarProblems({ ...ok, periodEnd: '2026-12-31' }, T0).invalid).toEqual([
      'periodEnd must come after periodStart',
    ]);
    expect(calendarProblems({ ...ok, rankingCloseAt: ok.proposalsCloseAt }, T0).invalid).toEqual([
      'rankingCloseAt must come after proposalsCloseAt',
    ]);
    expect(calendarProblems({ ...ok, nextCycleOpensBefore: 'P30M' }, T0).refused[0]).toMatch(
      /^next-cycle-after-ranking: the next cycle would open at 2026-07-01T00:00:00.000Z/,
    );
    expect(calendarProblems({ ...ok, rankingCloseAt: '2029-02-01T00:00:00Z' }, T0).refused[0]).toMatch(
      /^ranking-before-period-end:/,
    );
    expect(cycleInputProblems({ ...input(), topN: 0, title: ' ' }, T0).invalid).toEqual([
      'title must not be empty',
      'topN must be a whole number of at least 1',
    ]);
  });
});

describe('the record', () => {
  const propose = (r: PriorityCycleRecord, seat: string, title: string, theme = 'migrant-smuggling') => {
    const cmd = { seat, title, theme, by: `${seat}-m` };
    r.checkProposal(cmd, T0);
    return r.propose(cmd, T0);
  };

  /** A record through proposals and rankings to the draft: p2 > p1 > p3. */
  function drafted(overrides: Partial<PriorityCycleInput> = {}): PriorityCycleRecord {
    const r = new PriorityCycleRecord(input(overrides), T0);
    propose(r, 'DE', 'Balkan route');
    propose(r, 'NO', 'Sahel borders', 'border-management');
    propose(r, 'AT', 'Training');
    r.closeProposals();
    for (const [seat, ranking] of [
      ['AT', ['pc-x-p2', 'pc-x-p1']],
      ['BE', ['pc-x-p2']],
      ['DE', ['pc-x-p1', 'pc-x-p2', 'pc-x-p3']],
    ] as const) {
      const cmd = { seat, ranking: [...ranking], by: 'x' };
      r.checkRanking(cmd, T0 + 40 * DAY);
      r.rank(cmd, T0 + 40 * DAY);
    }
    r.closeRanking();
    return r;
  }

  it('takes proposals from any seat while the window is open; amendments and withdrawals by their seat', () => {
    const r = new PriorityCycleRecord(input(), T0);
    const p = propose(r, 'NO', 'Information exchange');
    expect(p).toMatchObject({ id: 'pc-x-p1', n: 1, seat: 'NO', region: null, status: 'open' });
    expect(
      refusal(() => r.checkProposal({ seat: 'US', title: 't', theme: 'migrant-smuggling', by: 'u' }, T0)),
    ).toEqual(['forbidden', 'seat US is not on this board; only its seats propose']);
    expect(refusal(() => r.checkProposal({ seat: 'DE', title: 't', theme: 'tourism', by: 'u' }, T0))[1]).toBe(
      'theme must be one of migrant-smuggling, border-management, capacity-building (got "tourism")',
    );
    expect(
      refusal(() => r.checkAmendment({ proposalId: p.id, seat: 'DE', title: 'x', by: 'd' }, T0)),
    ).toEqual(['forbidden', 'proposal pc-x-p1 belongs to seat NO, not DE']);
    const amend = { proposalId: p.id, seat: 'NO', region: 'Western Balkans', by: 'n' };
    r.checkAmendment(amend, T0);
    expect(r.amend(amend, T0).amendments[0].changes).toEqual({ region: [null, 'Western Balkans'] });
    const withdraw = { proposalId: p.id, seat: 'NO', reason: 'merged', by: 'n' };
    r.checkWithdrawal(withdraw, T0);
    expect(r.withdraw(withdraw, T0)).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'merged' } });
    expect(
      refusal(() =>
        r.checkProposal({ seat: 'DE', title: 't', theme: 'migrant-smuggling', by: 'd' }, T0 + 30 * DAY),
      ),
    ).toEqual([
      'conflict',
      `cycle pc-x closed for proposals at ${iso(T0 + 30 * DAY)}; cannot propose a priority`,
    ]);
  });

  it('takes the latest ranking of each voting seat and drafts the top N', () => {
    const r = drafted();
    const s = r.view();
    expect(s.status).toBe('drafting');
    expect(s.result?.map((x) => x.proposalId)).toEqual(['pc-x-p2', 'pc-x-p1', 'pc-x-p3']);
    expect(s.draft).toEqual([
      { proposalId: 'pc-x-p2', title: 'Sahel borders', theme: 'border-management', region: null },
      { proposalId: 'pc-x-p1', title: 'Balkan route', theme: 'migrant-smuggling', region: null },
    ]);
  });

  it('refuses rankings from seats without a vote, outside the window, or naming unknown proposals', () => {
    const r = new PriorityCycleRecord(input(), T0);
    propose(r, 'DE', 'Balkan route');
    expect(refusal(() => r.checkRanking({ seat: 'NO', ranking: ['pc-x-p1'], by: 'n' }, T0))[0]).toBe(
      'forbidden',
    );
    expect(refusal(() => r.checkRanking({ seat: 'AT', ranking: ['pc-x-p1'], by: 'a' }, T0))[0]).toBe(
      'conflict',
    );
    r.closeProposals();
    expect(refusal(() => r.checkRanking({ seat: 'AT', ranking: ['pc-x-p9'], by: 'a' }, T0))).toEqual([
      'invalid',
      'ranking names pc-x-p9, which is not an open proposal of this cycle',
    ]);
    const cmd = { seat: 'AT', ranking: ['pc-x-p1'], by: 'a' };
    r.rank(cmd, T0);
    r.rank({ ...cmd, by: 'a-alternate' }, T0 + 1);
    expect(r.view().rankings).toEqual([
      expect.objectContaining({ seat: 'AT', by: 'a-alternate', revision: 2 }),
    ]);
    expect(r.view().awaitingRankings).toEqual(['BE', 'DE']);
  });

  it('puts the draft to the Board; a rejection returns it to drafting, an adoption makes it the programme', () => {
    const r = drafted();
    expect(
      refusal(() =>
        r.checkAdHocAction({ title: 'x', theme: 'migrant-smuggling', reason: 'y', by: 's' }, T0),
      )[0],
    ).toBe('conflict');
    const first = r.submitDraft({ by: 'sofia' }, T0 + 61 * DAY);
    expect(first).toMatchObject({
      id: 'dec-pc-x-d1',
      parentId: 'pc-x',
      electorate: ['AT', 'BE', 'DE'],
      rule: 'absolute',
    });
    expect(first.text).toContain('1. Sahel borders (border-management)');
    expect(refusal(() => r.checkCancellation({ reason: 'stop', by: 's' }, T0))[1]).toContain(
      'withdraw that decision before cancelling',
    );
    r.applyOutcome('dec-pc-x-d1', 'rejected', T0 + 70 * DAY);
    expect(r.current.status).toBe('drafting');
    expect(refusal(() => r.checkDraftEdit({ items: [{ proposalId: 'pc-x-p9' }], by: 's' }, T0))[1]).toBe(
      'items[0].proposalId pc-x-p9 is not an open proposal of cycle pc-x',
    );
    expect(refusal(() => r.checkDraftEdit({ items: [{ title: 'New' }], by: 's' }, T0))[1]).toBe(
      'items[0] needs a proposalId, or a title and a theme',
    );
    const edit = {
      items: [
        { proposalId: 'pc-x-p3', title: 'Training of ILOs' },
        { title: 'New', theme: 'capacity-building' },
      ],
      by: 's',
    };
    r.checkDraftEdit(edit, T0);
    r.editDraft(edit, T0);
    r.submitDraft({ by: 'sofia' }, T0 + 71 * DAY);
    r.applyOutcome('dec-pc-x-d2', 'adopted', T0 + 80 * DAY);
    const s = r.view();
    expect(s).toMatchObject({ status: 'adopted', decisionId: 'dec-pc-x-d2', adoptedAt: iso(T0 + 80 * DAY) });
    expect(s.attempts.map((a) => a.outcome)).toEqual(['rejected', 'adopted']);
    expect(s.programme).toEqual([
      expect.objectContaining({
        id: 'pc-x-1',
        rank: 1,
        title: 'Training of ILOs',
        proposalId: 'pc-x-p3',
        adHoc: false,
      }),
      expect.objectContaining({ id: 'pc-x-2', rank: 2, title: 'New', proposalId: null }),
    ]);

    const adHoc = {
      title: 'Belarus route',
      theme: 'border-management',
      region: 'Belarus',
      reason: 'emerging',
      by: 's',
    };
    r.checkAdHocAction(adHoc, T0 + 90 * DAY);
    const { action, decision } = r.proposeAdHocAction(adHoc, T0 + 90 * DAY);
    expect(decision.id).toBe('dec-pc-x-x1');
    r.applyOutcome(action.decisionId, 'adopted', T0 + 95 * DAY);
    expect(r.view().programme?.[2]).toMatchObject({
      id: 'pc-x-x1',
      adHoc: true,
      rank: null,
      decisionId: 'dec-pc-x-x1',
    });
    expect(refusal(() => r.checkCancellation({ reason: 'stop', by: 's' }, T0))).toEqual([
      'conflict',
      'cycle pc-x is adopted; only a cycle whose programme is not yet adopted can be cancelled',
    ]);
  });

  it('changes dates that have not passed, with the rule that refuses the others', () => {
    const r = new PriorityCycleRecord(input(), T0);
    const later = iso(T0 + 40 * DAY);
    r.checkDateChange({ proposalsCloseAt: later, reason: 'more time', by: 's' }, T0);
    r.changeDates({ proposalsCloseAt: later, reason: 'more time', by: 's' }, T0);
    expect(r.current.dateChanges).toEqual([
      expect.objectContaining({ field: 'proposalsCloseAt', to: later }),
    ]);
    const [kind, message] = refusal(() =>
      r.checkDateChange({ periodEnd: '2027-01-15', reason: 'x', by: 's' }, T0),
    );
    expect(kind).toBe('refused');
    expect(message).toMatch(
      /^next-cycle-after-ranking: the next cycle would open at 2026-07-16T00:00:00.000Z, before .*; windows-fit-period:/,
    );
    expect(refusal(() => r.checkDateChange({ reason: 'x', by: 's' }, T0))[1]).toBe(
      'give at least one of proposalsCloseAt, rankingCloseAt, periodStart, periodEnd to change',
    );
    r.changeDates({ periodEnd: '2029-06-30', reason: 'aligned with the budget', by: 's' }, T0);
    expect(r.current).toMatchObject({
      endsAt: '2029-07-01T00:00:00.000Z',
      nextCycleOpensAt: '2029-01-01T00:00:00.000Z',
    });
  });

  it('gives its decisions and the next cycle the opinion seats and the chair it was opened with', () => {
    const withRights = drafted({ opinionSeats: ['NO'], chair: 'DE' });
    expect(withRights.submitDraft({ by: 'sofia' }, T0 + 61 * DAY)).toMatchObject({
      opinionSeats: ['NO'],
      chair: 'DE',
    });
    const opensAt = Date.parse(withRights.current.nextCycleOpensAt as string);
    expect(withRights.nextCycleInput(opensAt)).toMatchObject({ opinionSeats: ['NO'], chair: 'DE' });
    // A cycle opened before opinion rights: its decisions keep their early close, and so does the next.
    const before = drafted();
    const decision = before.submitDraft({ by: 'sofia' }, T0 + 61 * DAY);
    expect(decision.chair).toBeNull();
    expect(decision).not.toHaveProperty('opinionSeats');
    const next = before.nextCycleInput(opensAt);
    expect(next).not.toHaveProperty('opinionSeats');
    expect(next).not.toHaveProperty('chair');
  });

  it('builds the next cycle: the next period, the same settings, the same windows from its opening', () => {
    const r = new PriorityCycleRecord(input(), T0);
    const opensAt = Date.parse(r.current.nextCycleOpensAt as string);
    expect(iso(opensAt)).toBe('2028-07-01T00:00:00.000Z');
    expect(r.nextCycleDue(opensAt - 1)).toBe(false);
    expect(r.nextCycleDue(opensAt)).toBe(true);
    expect(r.nextCycleInput(opensAt)).toMatchObject({
      id: 'pc-x-2',
      seriesId: 'pc-x',
      sequence: 2,
      previousCycleId: 'pc-x',
      title: 'Work programme 2029-2030',
      periodStart: '2029-01-01',
      periodEnd: '2030-12-31',
      proposalsCloseAt: iso(opensAt + 30 * DAY),
      rankingCloseAt: iso(opensAt + 60 * DAY),
      openedAt: iso(opensAt),
      topN: 2,
      nextCycleOpensBefore: 'P6M',
    });
  });
});
