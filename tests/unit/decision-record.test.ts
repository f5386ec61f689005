/**
 * Unit tests for the pure state machine of one board decision
 * (workflows/decision/decision-record.ts). Time is always passed explicitly, in ms.
 */
import fc from 'fast-check';
import { DecisionRecord } from '../../workflows/decision/decision-record';
import type { CastBallotCommand, DecisionInput } from '../../workflows/decision/decision.types';
import {
  allowedChoices,
  decisionRules,
  outcomeAtClose,
  tallyBallots,
  type BallotChoice,
} from '../../workflows/rules/decision-rules';
import { RuleError, type RuleErrorKind } from '../../workflows/rules/rule-error';

const OPENED_AT = '2025-03-03T09:00:00.000Z';
const CLOSES_AT = '2025-03-17T17:00:00.000Z';
const opened = Date.parse(OPENED_AT);
const deadline = Date.parse(CLOSES_AT);
const HOUR = 3_600_000;

/** The 32 voting seats of the default ILO board. */
const memberStates = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]; // prettier-ignore
const iloElectorate = [...memberStates, 'COM1', 'COM2', 'FRONTEX', 'EUROPOL', 'EUAA'];

function input(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    id: 'D-2025-007',
    title: 'Ad hoc action: Western Balkans route',
    text: 'The Board agrees the ad hoc action as proposed by the secretariat.',
    rule: 'absolute',
    quorum: null,
    objectionThreshold: 1,
    closesAt: CLOSES_AT,
    electorate: ['DE', 'FR', 'IT', 'ES', 'PL'],
    recused: [],
    closeEarly: true,
    openedBy: 'secretariat-1',
    ...overrides,
  };
}

const open = (overrides: Partial<DecisionInput> = {}, now = opened) =>
  new DecisionRecord(input(overrides), now);

/** Checks then applies a ballot, as the workflow's Update validator and handler do. */
function cast(
  record: DecisionRecord,
  cmd: Partial<CastBallotCommand> & { seat: string },
  now = opened + HOUR,
) {
  const full: CastBallotCommand = { choice: 'yes', by: `${cmd.seat.toLowerCase()}-member`, ...cmd };
  record.checkBallot(full, now);
  record.castBallot(full, now);
}

/** Runs `fn`, expecting a RuleError of `kind` whose message equals `message`. */
function expectRuleError(fn: () => void, kind: RuleErrorKind, message: string | RegExp) {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(RuleError);
  const err = thrown as RuleError;
  expect(err.kind).toBe(kind);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
}

describe('DecisionRecord: opening', () => {
  it('starts open, with the fixed numbers of its rule, awaiting the whole electorate', () => {
    const record = open({ rule: 'absolute', quorum: 2 / 3, electorate: iloElectorate });
    const v = record.view();
    expect(v.status).toBe('open');
    expect(v.outcome).toBeNull();
    expect(v.yesRequired).toBe(17);
    expect(v.quorumRequired).toBe(22);
    expect(v.openedAt).toBe(OPENED_AT);
    expect(v.closesAt).toBe(CLOSES_AT);
    expect(v.awaiting).toEqual(iloElectorate);
    expect(v.tally).toEqual({ yes: 0, no: 0, abstain: 0, objections: 0 });
    expect(record.isOpen).toBe(true);
    expect(record.closesAtMs).toBe(deadline);
  });

  it('drops the quorum under silence', () => {
    const v = open({ rule: 'silence', quorum: 0.5 }).view();
    expect(v.quorum).toBeNull();
    expect(v.quorumRequired).toBe(0);
    expect(v.yesRequired).toBeNull();
  });
});

describe('DecisionRecord: ballots', () => {
  it("replaces a seat's earlier ballot; the history keeps both", () => {
    const record = open();
    cast(record, { seat: 'DE', choice: 'yes' }, opened + HOUR);
    cast(record, { seat: 'FR', choice: 'yes' }, opened + 2 * HOUR);
    cast(record, { seat: 'DE', choice: 'no' }, opened + 3 * HOUR);
    const v = record.view();
    expect(v.ballots).toHaveLength(2);
    // The seat keeps its place (order of first vote); its ballot is the latest one.
    expect(v.ballots[0]).toEqual({
      seat: 'DE',
      choice: 'no',
      castBy: 'de-member',
      at: new Date(opened + 3 * HOUR).toISOString(),
    });
    expect(v.ballots[1].seat).toBe('FR');
    expect(v.ballotHistory.map((b) => [b.seat, b.choice])).toEqual([
      ['DE', 'yes'],
      ['FR', 'yes'],
      ['DE', 'no'],
    ]);
    expect(v.ballotHistory[0].at).toBe(new Date(opened + HOUR).toISOString());
    expect(v.tally).toEqual({ yes: 1, no: 1, abstain: 0, objections: 0 });
  });

  it('records who cast it: member then alternate of one seat is one vote, two different `by`', () => {
    const record = open();
    cast(record, { seat: 'DE', choice: 'yes', by: 'de-member' });
    cast(record, { seat: 'DE', choice: 'abstain', by: 'de-alternate' }, opened + 2 * HOUR);
    const v = record.view();
    expect(v.ballots).toEqual([
      expect.objectContaining({ seat: 'DE', choice: 'abstain', castBy: 'de-alternate' }),
    ]);
    expect(v.ballotHistory.map((b) => [b.seat, b.castBy])).toEqual([
      ['DE', 'de-member'],
      ['DE', 'de-alternate'],
    ]);
    expect(v.tally).toEqual({ yes: 0, no: 0, abstain: 1, objections: 0 });
  });

  it('refuses a recused seat as forbidden, naming the seat', () => {
    const record = open({ electorate: ['DE', 'FR', 'IT'], recused: ['HU'] });
    expectRuleError(
      () => record.checkBallot({ seat: 'HU', choice: 'yes', by: 'hu-member' }, opened + HOUR),
      'forbidden',
      'seat HU is recused from this decision',
    );
  });

  it('refuses a seat outside the electorate (a non-voting seat) as forbidden', () => {
    const record = open();
    expectRuleError(
      () => record.checkBallot({ seat: 'NO', choice: 'yes', by: 'no-member' }, opened + HOUR),
      'forbidden',
      'seat NO has no vote on this decision',
    );
  });

  it("refuses 'object' under absolute, and 'no' under silence, as invalid", () => {
    expectRuleError(
      () =>
        open({ rule: 'absolute' }).checkBallot(
          { seat: 'DE', choice: 'object', by: 'de-member' },
          opened + HOUR,
        ),
      'invalid',
      'choice must be one of yes, no, abstain under the absolute rule',
    );
    expectRuleError(
      () =>
        open({ rule: 'silence' }).checkBallot({ seat: 'DE', choice: 'no', by: 'de-member' }, opened + HOUR),
      'invalid',
      'choice must be one of object, yes, abstain under the silence rule',
    );
  });

  it('accepts every allowed choice of each rule', () => {
    for (const rule of decisionRules) {
      const record = open({ rule });
      for (const choice of allowedChoices(rule)) {
        expect(() =>
          record.checkBallot({ seat: 'DE', choice, by: 'de-member' }, opened + HOUR),
        ).not.toThrow();
      }
    }
  });

  it('accepts a ballot until the deadline and refuses it from the deadline on, as a conflict', () => {
    const record = open();
    expect(() =>
      record.checkBallot({ seat: 'DE', choice: 'yes', by: 'de-member' }, deadline - 1),
    ).not.toThrow();
    for (const now of [deadline, deadline + HOUR]) {
      expectRuleError(
        () => record.checkBallot({ seat: 'DE', choice: 'yes', by: 'de-member' }, now),
        'conflict',
        `decision D-2025-007 closed at ${CLOSES_AT}; cannot cast a ballot`,
      );
    }
  });

  it('refuses a ballot after withdrawal, as a conflict', () => {
    const record = open();
    record.checkWithdrawal({ reason: 'superseded', by: 'secretariat-1' }, opened + HOUR);
    record.withdraw({ reason: 'superseded', by: 'secretariat-1' }, opened + HOUR);
    expectRuleError(
      () => record.checkBallot({ seat: 'DE', choice: 'yes', by: 'de-member' }, opened + 2 * HOUR),
      'conflict',
      'decision D-2025-007 is closed (withdrawn); cannot cast a ballot',
    );
  });

  it('refuses a ballot after the decision closed early', () => {
    const record = open({ electorate: ['DE', 'FR', 'IT'] });
    cast(record, { seat: 'DE' });
    cast(record, { seat: 'FR' });
    expect(record.earlyOutcome()).toBe('adopted');
    record.close(opened + 2 * HOUR);
    expectRuleError(
      () => record.checkBallot({ seat: 'IT', choice: 'no', by: 'it-member' }, opened + 3 * HOUR),
      'conflict',
      'decision D-2025-007 is closed (adopted); cannot cast a ballot',
    );
  });

  it('lists in awaiting the seats that have not voted yet, in electorate order, and empties it on close', () => {
    const record = open();
    expect(record.view().awaiting).toEqual(['DE', 'FR', 'IT', 'ES', 'PL']);
    cast(record, { seat: 'IT', choice: 'no' });
    cast(record, { seat: 'DE', choice: 'abstain' });
    expect(record.view().awaiting).toEqual(['FR', 'ES', 'PL']);
    cast(record, { seat: 'DE', choice: 'yes' });
    expect(record.view().awaiting).toEqual(['FR', 'ES', 'PL']);
    record.close(deadline);
    expect(record.view().awaiting).toEqual([]);
  });

  it('counts an accepted write in version', () => {
    const record = open();
    expect(record.version).toBe(0);
    cast(record, { seat: 'DE' });
    cast(record, { seat: 'DE', choice: 'no' });
    expect(record.version).toBe(2);
  });
});

describe('DecisionRecord: opinions', () => {
  it('records the opinion of a non-voting seat outside the tally', () => {
    const record = open();
    const cmd = { seat: 'NO', text: 'Norway supports the action.', by: 'no-member' };
    record.checkOpinion(cmd, opened + HOUR);
    record.addOpinion(cmd, opened + HOUR);
    const v = record.view();
    expect(v.opinions).toEqual([{ ...cmd, n: 1, at: new Date(opened + HOUR).toISOString(), response: null }]);
    expect(v.tally).toEqual({ yes: 0, no: 0, abstain: 0, objections: 0 });
    expect(v.awaiting).toEqual(['DE', 'FR', 'IT', 'ES', 'PL']);
  });

  it('refuses an empty opinion as invalid', () => {
    expectRuleError(
      () => open().checkOpinion({ seat: 'NO', text: '  ', by: 'no-member' }, opened + HOUR),
      'invalid',
      'text must not be empty',
    );
  });
});

describe('DecisionRecord: the right to an opinion', () => {
  const withOpinions = () => open({ opinionSeats: ['IS', 'NO'], chair: 'COM1' });
  const give = (record: DecisionRecord, seat: string, now = opened + HOUR) => {
    const cmd = { seat, text: `${seat} has a view.`, by: `${seat.toLowerCase()}-member` };
    record.checkOpinion(cmd, now);
    record.addOpinion(cmd, now);
  };
  const decline = (record: DecisionRecord, seat: string, now = opened + HOUR) => {
    const cmd = { seat, by: `${seat.toLowerCase()}-member` };
    record.checkDecline(cmd, now);
    record.declineOpinion(cmd, now);
  };
  const respond = (record: DecisionRecord, n: number, now = opened + 2 * HOUR) => {
    const cmd = { n, text: `Taken into account in point ${n}.`, by: 'secretariat-1' };
    record.checkResponse(cmd, now);
    record.respondToOpinion(cmd, now);
  };
  const allYes = (record: DecisionRecord) => {
    for (const seat of ['DE', 'FR', 'IT', 'ES', 'PL']) cast(record, { seat });
  };

  it('names the chair and awaits every opinion seat from the opening', () => {
    const v = withOpinions().view();
    expect(v.chair).toBe('COM1');
    expect(v.opinionSeats).toEqual(['IS', 'NO']);
    expect(v.opinionsAwaited).toEqual(['IS', 'NO']);
  });

  it('does not close early while an opinion is awaited, even with every ballot cast', () => {
    const record = withOpinions();
    allYes(record);
    expect(record.earlyOutcome()).toBeNull();
    give(record, 'IS');
    expect(record.view().opinionsAwaited).toEqual(['NO']);
    decline(record, 'NO');
    expect(record.view().opinionsAwaited).toEqual([]);
    // IS's opinion still has no response on the record.
    expect(record.earlyOutcome()).toBeNull();
    respond(record, 1);
    expect(record.earlyOutcome()).toBe('adopted');
    expect(record.view().opinions[0].response).toMatchObject({ by: 'secretariat-1' });
  });

  it('closes at the deadline whatever is missing, with the outcome of the ballots', () => {
    const record = withOpinions();
    allYes(record);
    record.close(deadline);
    const v = record.view();
    expect(v.outcome).toBe('adopted');
    expect(v.opinionsAwaited).toEqual([]);
  });

  it('a decision opened before opinion rights keeps its early close (no opinion seats recorded)', () => {
    const record = open();
    give(record, 'NO');
    allYes(record);
    expect(record.view().opinionSeats).toBeNull();
    expect(record.earlyOutcome()).toBe('adopted');
  });

  it('a voting seat cannot decline; a seat cannot decline twice, or after giving an opinion', () => {
    const record = withOpinions();
    expectRuleError(
      () => record.checkDecline({ seat: 'DE', by: 'de' }, opened + HOUR),
      'forbidden',
      /no opinion is awaited from seat DE/,
    );
    decline(record, 'NO');
    expectRuleError(
      () => record.checkDecline({ seat: 'NO', by: 'no' }, opened + HOUR),
      'conflict',
      /already declined/,
    );
    give(record, 'IS');
    expectRuleError(
      () => record.checkDecline({ seat: 'IS', by: 'is' }, opened + HOUR),
      'conflict',
      /has given an opinion/,
    );
  });

  it('an opinion after a decline takes the decline back', () => {
    const record = withOpinions();
    decline(record, 'NO');
    give(record, 'NO');
    expect(record.view().declined).toEqual([]);
    expect(record.view().opinions.map((o) => o.seat)).toEqual(['NO']);
  });

  it('a response names an existing opinion, once, and not after the close', () => {
    const record = withOpinions();
    expectRuleError(
      () => record.checkResponse({ n: 1, text: 'x', by: 's' }, opened + HOUR),
      'not-found',
      /has no opinion 1/,
    );
    give(record, 'NO');
    expectRuleError(
      () => record.checkResponse({ n: 1, text: ' ', by: 's' }, opened + HOUR),
      'invalid',
      'text must not be empty',
    );
    respond(record, 1);
    expectRuleError(
      () => record.checkResponse({ n: 1, text: 'again', by: 's' }, opened + 3 * HOUR),
      'conflict',
      /already has a response/,
    );
    give(record, 'IS');
    expectRuleError(
      () => record.checkResponse({ n: 2, text: 'late', by: 's' }, deadline),
      'conflict',
      /closed at/,
    );
  });

  it('after the close, responses are taken until the period for them set at the close, and no later', () => {
    const record = withOpinions();
    give(record, 'NO');
    give(record, 'IS');
    record.close(deadline);
    expect(record.awaitsResponses).toBe(true);
    // Closed without the period opened (as on runs from before it): refused as closed.
    expectRuleError(
      () => record.checkResponse({ n: 1, text: 'late', by: 's' }, deadline + HOUR),
      'conflict',
      /is closed/,
    );
    record.openResponses(deadline + 10 * HOUR);
    respond(record, 1, deadline + HOUR);
    expect(record.awaitsResponses).toBe(true);
    expect(record.view().responsesDueAt).toBe(new Date(deadline + 10 * HOUR).toISOString());
    expectRuleError(
      () => record.checkResponse({ n: 2, text: 'too late', by: 's' }, deadline + 10 * HOUR),
      'conflict',
      /is closed/,
    );
    respond(record, 2, deadline + 9 * HOUR);
    expect(record.awaitsResponses).toBe(false);
    // Ballots and opinions stay closed.
    expectRuleError(() => cast(record, { seat: 'DE' }, deadline + HOUR), 'conflict', /is closed/);
  });

  it('a state carried over from before opinion rights gets its fields', () => {
    const old = open().view() as unknown as Record<string, unknown>;
    for (const field of ['opinionSeats', 'observers', 'declined', 'opinionsAwaited', 'chair'])
      delete old[field];
    old.opinions = [{ seat: 'NO', text: 'old', by: 'n', at: OPENED_AT }];
    const carried = new DecisionRecord(input({ carriedState: old as never }), opened).view();
    expect(carried).toMatchObject({ opinionSeats: null, declined: [], chair: null });
    expect(carried.opinions[0]).toMatchObject({ n: 1, response: null });
  });
});

describe('DecisionRecord: recusals', () => {
  it('records every recused seat with its reason, a general one when none is given', () => {
    const v = open({
      recused: ['AT', 'BE'],
      recusals: [{ seat: 'AT', reason: 'its own funding request r-1 is part of what this decision awards' }],
    }).view();
    expect(v.recusals).toEqual([
      { seat: 'AT', reason: 'its own funding request r-1 is part of what this decision awards' },
      { seat: 'BE', reason: 'recused when the decision was opened' },
    ]);
  });
});

describe('DecisionRecord: extensions', () => {
  const by = 'secretariat-1';

  it.each([
    ['an earlier time', new Date(deadline - HOUR).toISOString()],
    ['the same time', CLOSES_AT],
    ['the same time written differently', '2025-03-17T18:00:00+01:00'],
  ])('refuses an extension to %s', (_label, closesAt) => {
    const record = open();
    expectRuleError(
      () => record.checkExtension({ closesAt, reason: 'more time', by }, opened + HOUR),
      'refused',
      `an extension must move the deadline later than ${CLOSES_AT}`,
    );
  });

  it('refuses a closesAt that is not a timestamp as invalid', () => {
    expectRuleError(
      () => open().checkExtension({ closesAt: 'next week', reason: 'more time', by }, opened + HOUR),
      'invalid',
      'closesAt must be an ISO 8601 timestamp',
    );
  });

  it('refuses an extension once the deadline has passed', () => {
    const later = new Date(deadline + 7 * 24 * HOUR).toISOString();
    expectRuleError(
      () => open().checkExtension({ closesAt: later, reason: 'late', by }, deadline),
      'conflict',
      `decision D-2025-007 closed at ${CLOSES_AT}; cannot extend it`,
    );
  });

  it('moves the deadline later and records from, to, reason and by', () => {
    const record = open();
    const to = '2025-03-24T17:00:00.000Z';
    const cmd = { closesAt: to, reason: 'Member states asked for national consultations', by };
    record.checkExtension(cmd, opened + HOUR);
    record.extend(cmd, opened + HOUR);
    const v = record.view();
    expect(v.closesAt).toBe(to);
    expect(record.closesAtMs).toBe(Date.parse(to));
    expect(v.extensions).toEqual([
      { from: CLOSES_AT, to, reason: cmd.reason, by, at: new Date(opened + HOUR).toISOString() },
    ]);
    // A ballot after the old deadline is now accepted.
    expect(() =>
      record.checkBallot({ seat: 'DE', choice: 'yes', by: 'de-member' }, deadline + HOUR),
    ).not.toThrow();
    // A second extension starts from the new deadline.
    expectRuleError(
      () =>
        record.checkExtension({ closesAt: '2025-03-20T17:00:00.000Z', reason: 'x', by }, opened + 2 * HOUR),
      'refused',
      `an extension must move the deadline later than ${to}`,
    );
  });

  it('normalises the new deadline to UTC ISO 8601', () => {
    const record = open();
    const cmd = { closesAt: '2025-03-24T18:00:00+01:00', reason: 'more time', by };
    record.checkExtension(cmd, opened + HOUR);
    record.extend(cmd, opened + HOUR);
    expect(record.view().closesAt).toBe('2025-03-24T17:00:00.000Z');
  });
});

describe('DecisionRecord: withdrawal', () => {
  it('closes the decision as withdrawn and records who and why', () => {
    const record = open();
    cast(record, { seat: 'DE' });
    const cmd = { reason: 'Superseded by D-2025-009', by: 'secretariat-1' };
    record.checkWithdrawal(cmd, opened + 2 * HOUR);
    record.withdraw(cmd, opened + 2 * HOUR);
    const v = record.view();
    expect(v.status).toBe('closed');
    expect(v.outcome).toBe('withdrawn');
    expect(v.closedAt).toBe(new Date(opened + 2 * HOUR).toISOString());
    expect(v.withdrawal).toEqual({ ...cmd, at: new Date(opened + 2 * HOUR).toISOString() });
    expect(v.awaiting).toEqual([]);
    expect(record.isOpen).toBe(false);
  });

  it('refuses a second withdrawal as a conflict', () => {
    const record = open();
    const cmd = { reason: 'Superseded', by: 'secretariat-1' };
    record.withdraw(cmd, opened + HOUR);
    expectRuleError(
      () => record.checkWithdrawal(cmd, opened + 2 * HOUR),
      'conflict',
      'decision D-2025-007 is closed (withdrawn); cannot withdraw it',
    );
  });
});

describe('DecisionRecord: close', () => {
  it('uses the early outcome once it is settled (17 yes of 32 under absolute)', () => {
    const record = open({ electorate: iloElectorate });
    for (const seat of iloElectorate.slice(0, 16)) cast(record, { seat });
    expect(record.earlyOutcome()).toBeNull();
    cast(record, { seat: iloElectorate[16] });
    expect(record.earlyOutcome()).toBe('adopted');
    record.close(opened + 2 * HOUR);
    const v = record.view();
    expect(v.status).toBe('closed');
    expect(v.outcome).toBe('adopted');
    expect(v.closedAt).toBe(new Date(opened + 2 * HOUR).toISOString());
    expect(v.awaiting).toEqual([]);
  });

  it('settles a silence procedure as rejected at the first objection', () => {
    const record = open({ rule: 'silence', objectionThreshold: 1 });
    cast(record, { seat: 'FR', choice: 'yes' });
    expect(record.earlyOutcome()).toBeNull();
    cast(record, { seat: 'PL', choice: 'object' });
    expect(record.earlyOutcome()).toBe('rejected');
    record.close(opened + 2 * HOUR);
    expect(record.view().outcome).toBe('rejected');
  });

  it('without a settled outcome, closes with the deadline outcome', () => {
    const record = open({ electorate: iloElectorate });
    for (const seat of iloElectorate.slice(0, 10)) cast(record, { seat });
    expect(record.earlyOutcome()).toBeNull();
    record.close(deadline);
    expect(record.view().outcome).toBe('rejected');
    expect(record.view().closedAt).toBe(CLOSES_AT);
  });

  it('without a quorum at the deadline, closes as failed-quorum', () => {
    const record = open({ rule: 'simple', quorum: 0.5, electorate: iloElectorate });
    for (const seat of iloElectorate.slice(0, 15)) cast(record, { seat });
    record.close(deadline);
    expect(record.view().outcome).toBe('failed-quorum');
  });

  it('never settles early when closeEarly is off, but closes with the same arithmetic', () => {
    const record = open({ closeEarly: false });
    for (const seat of ['DE', 'FR', 'IT', 'ES', 'PL']) cast(record, { seat });
    expect(record.earlyOutcome()).toBeNull();
    record.close(deadline);
    expect(record.view().outcome).toBe('adopted');
  });

  it('silence with no objection is adopted at the deadline', () => {
    const record = open({ rule: 'silence', quorum: 0.9 });
    record.close(deadline);
    expect(record.view().outcome).toBe('adopted');
  });
});

describe('DecisionRecord: Idempotency-Key', () => {
  it('refuses the same key with a different request hash', () => {
    const record = open();
    cast(record, { seat: 'DE', idempotencyKey: 'k-1', requestHash: 'h-yes' });
    expect(record.view().idempotency).toEqual({ 'k-1': 'h-yes' });
    expectRuleError(
      () =>
        record.checkBallot(
          { seat: 'DE', choice: 'no', by: 'de-member', idempotencyKey: 'k-1', requestHash: 'h-no' },
          opened + 2 * HOUR,
        ),
      'refused',
      /Idempotency-Key/,
    );
  });

  it('accepts the same key with the same request hash, and another key', () => {
    const record = open();
    cast(record, { seat: 'DE', idempotencyKey: 'k-1', requestHash: 'h-yes' });
    const replay = {
      seat: 'DE',
      choice: 'yes' as const,
      by: 'de-member',
      idempotencyKey: 'k-1',
      requestHash: 'h-yes',
    };
    expect(() => record.checkBallot(replay, opened + 2 * HOUR)).not.toThrow();
    const other = { ...replay, choice: 'no' as const, idempotencyKey: 'k-2', requestHash: 'h-no' };
    expect(() => record.checkBallot(other, opened + 2 * HOUR)).not.toThrow();
  });

  it('applies to the other writes too (a key used for a ballot cannot be reused to withdraw)', () => {
    const record = open();
    cast(record, { seat: 'DE', idempotencyKey: 'k-1', requestHash: 'h-ballot' });
    expectRuleError(
      () =>
        record.checkWithdrawal(
          { reason: 'oops', by: 'secretariat-1', idempotencyKey: 'k-1', requestHash: 'h-withdraw' },
          opened + 2 * HOUR,
        ),
      'refused',
      'Idempotency-Key was already used with a different request',
    );
    expectRuleError(
      () =>
        record.checkExtension(
          {
            closesAt: '2025-04-01T00:00:00Z',
            reason: 'x',
            by: 'secretariat-1',
            idempotencyKey: 'k-1',
            requestHash: 'h-ext',
          },
          opened + 2 * HOUR,
        ),
      'refused',
      /Idempotency-Key/,
    );
  });
});

describe('DecisionRecord: view()', () => {
  it('returns a copy: mutating it does not change the record', () => {
    const record = open();
    cast(record, { seat: 'DE' });
    const before = record.view();
    const v = record.view();
    v.ballots[0].choice = 'no';
    v.ballots.push({ seat: 'FR', choice: 'yes', castBy: 'x', at: OPENED_AT });
    v.ballotHistory.length = 0;
    v.tally.yes = 99;
    v.electorate.push('NO');
    v.awaiting.length = 0;
    v.status = 'closed';
    v.outcome = 'adopted';
    v.idempotency['forged'] = 'x';
    expect(record.view()).toEqual(before);
    expect(record.isOpen).toBe(true);
  });

  it('does not share the electorate array with the input', () => {
    const electorate = ['DE', 'FR'];
    const record = new DecisionRecord(input({ electorate }), opened);
    electorate.push('IT');
    expect(record.view().electorate).toEqual(['DE', 'FR']);
  });
});

describe('DecisionRecord: properties', () => {
  const seatsOf = (n: number) => iloElectorate.slice(0, n);
  const arb = fc
    .record({ n: fc.integer({ min: 1, max: 32 }), rule: fc.constantFrom(...decisionRules) })
    .chain(({ n, rule }) =>
      fc.record({
        n: fc.constant(n),
        rule: fc.constant(rule),
        casts: fc.array(
          fc.record({
            seat: fc.integer({ min: 0, max: n - 1 }),
            choice: fc.constantFrom(...allowedChoices(rule)),
            alternate: fc.boolean(),
          }),
          { maxLength: 3 * n },
        ),
      }),
    );

  it('a changed ballot replaces the earlier one: one ballot per seat, every cast in the history', () => {
    fc.assert(
      fc.property(arb, ({ n, rule, casts }) => {
        const electorate = seatsOf(n);
        const record = open({ rule, electorate, closeEarly: false });
        const latest: Record<string, BallotChoice> = {};
        casts.forEach((c, i) => {
          const seat = electorate[c.seat];
          const by = `${seat.toLowerCase()}-${c.alternate ? 'alternate' : 'member'}`;
          cast(record, { seat, choice: c.choice, by }, opened + i + 1);
          latest[seat] = c.choice;
        });
        const v = record.view();
        expect(v.ballots).toHaveLength(Object.keys(latest).length);
        expect(v.ballotHistory).toHaveLength(casts.length);
        expect(Object.fromEntries(v.ballots.map((b) => [b.seat, b.choice]))).toEqual(latest);
        expect(v.tally).toEqual(tallyBallots(latest, electorate));
        const t = v.tally;
        expect(t.yes + t.no + t.abstain + t.objections).toBe(Object.keys(latest).length);
        expect(v.awaiting).toEqual(electorate.filter((s) => latest[s] === undefined));
        record.close(deadline);
        expect(record.view().outcome).toBe(
          outcomeAtClose({ rule, quorum: null, electorate, objectionThreshold: 1 }, latest),
        );
      }),
      { numRuns: 300 },
    );
  });
});
