/**
 * Unit and property tests for the decision arithmetic (workflows/rules/decision-rules.ts),
 * checked against docs/domain.md, "Rules".
 */
import fc from 'fast-check';
import {
  allowedChoices,
  ballotChoices,
  decisionRules,
  outcomeAtClose,
  outstandingSeats,
  quorumRequired,
  settledOutcome,
  tallyBallots,
  yesRequired,
  type BallotChoice,
  type BallotsBySeat,
  type DecisionParameters,
  type DecisionRule,
} from '../../workflows/rules/decision-rules';

/** The 32 voting seats of the default ILO board (27 member states, 2 Commission, 3 agencies). */
const memberStates = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]; // prettier-ignore
const iloElectorate = [...memberStates, 'COM1', 'COM2', 'FRONTEX', 'EUROPOL', 'EUAA'];

/** Seats `S0`..`S{n-1}`. */
const seats = (n: number): string[] => Array.from({ length: n }, (_, i) => `S${i}`);

const params = (rule: DecisionRule, electorate: readonly string[], extra: Partial<DecisionParameters> = {}) =>
  ({ rule, quorum: null, electorate, objectionThreshold: 1, ...extra }) satisfies DecisionParameters;

/** Ballots giving the first `counts.yes` seats yes, the next `counts.no` no, and so on; the rest do not vote. */
function ballotsFor(
  electorate: readonly string[],
  counts: Partial<Record<BallotChoice, number>>,
): Record<string, BallotChoice> {
  const ballots: Record<string, BallotChoice> = {};
  let i = 0;
  for (const choice of ['yes', 'no', 'abstain', 'object'] as const) {
    for (let k = 0; k < (counts[choice] ?? 0); k++) {
      if (i >= electorate.length) throw new Error('more ballots than seats');
      ballots[electorate[i++]] = choice;
    }
  }
  return ballots;
}

describe('allowedChoices', () => {
  it('takes objections, consent and abstention under silence, never no', () => {
    expect([...allowedChoices('silence')].sort()).toEqual(['abstain', 'object', 'yes']);
    expect(allowedChoices('silence')).not.toContain('no');
  });

  it.each(['simple', 'absolute', 'two-thirds', 'unanimity'] as const)(
    'takes yes, no and abstain under %s, never object',
    (rule) => {
      expect([...allowedChoices(rule)].sort()).toEqual(['abstain', 'no', 'yes']);
      expect(allowedChoices(rule)).not.toContain('object');
    },
  );
});

describe('tallyBallots', () => {
  it('counts each choice of the electorate seats', () => {
    const electorate = seats(6);
    const ballots: BallotsBySeat = { S0: 'yes', S1: 'yes', S2: 'no', S3: 'abstain', S4: 'object' };
    expect(tallyBallots(ballots, electorate)).toEqual({ yes: 2, no: 1, abstain: 1, objections: 1 });
  });

  it('ignores seats outside the electorate (recused or non-voting)', () => {
    const ballots: BallotsBySeat = { DE: 'yes', NO: 'yes', HU: 'no', CH: 'object' };
    expect(tallyBallots(ballots, ['DE', 'FR'])).toEqual({ yes: 1, no: 0, abstain: 0, objections: 0 });
  });
});

describe('yesRequired', () => {
  it('needs 17 of 32 seats under absolute and 22 of 32 under two-thirds', () => {
    expect(yesRequired('absolute', 32)).toBe(17);
    expect(yesRequired('two-thirds', 32)).toBe(22);
  });

  it.each([
    [1, 1, 1],
    [3, 2, 2],
    [5, 3, 4],
    [27, 14, 18],
    [31, 16, 21],
    [33, 17, 22],
  ])('for %i seats: absolute %i, two-thirds %i', (n, absolute, twoThirds) => {
    expect(yesRequired('absolute', n)).toBe(absolute);
    expect(yesRequired('two-thirds', n)).toBe(twoThirds);
  });

  it('handles even sizes that are multiples of three exactly (30 seats: 16 and 20)', () => {
    expect(yesRequired('absolute', 30)).toBe(16);
    expect(yesRequired('two-thirds', 30)).toBe(20);
  });

  it.each(['simple', 'unanimity', 'silence'] as const)(
    'is null under %s (depends on the other ballots)',
    (rule) => {
      expect(yesRequired(rule, 32)).toBeNull();
    },
  );
});

describe('quorumRequired', () => {
  it.each([
    [0.1, 30, 3],
    [0.28, 25, 7], // 0.28 * 25 = 7.000000000000001 in floating point
    [0.56, 25, 14], // 0.56 * 25 = 14.000000000000002
    [0.7, 10, 7],
    [2 / 3, 32, 22],
    [2 / 3, 30, 20],
    [0.5, 31, 16],
    [0.5, 32, 16],
    [1, 32, 32],
    [0.01, 32, 1],
  ])('quorum %d of %i seats needs %i ballots', (quorum, n, expected) => {
    expect(quorumRequired(quorum, n)).toBe(expected);
  });

  it('is the smallest count reaching every percentage quorum of 1..40 seats (exhaustive, exact)', () => {
    for (let percent = 0; percent <= 100; percent++) {
      for (let n = 1; n <= 40; n++) {
        // Smallest c with c / n >= percent / 100, in integers.
        const expected = Math.floor((percent * n + 99) / 100);
        expect([percent, n, quorumRequired(percent / 100, n)]).toEqual([percent, n, expected]);
      }
    }
  });

  it('is the smallest count reaching every quorum k/d (d <= 12) of 1..40 seats (exhaustive, exact)', () => {
    for (let d = 1; d <= 12; d++) {
      for (let k = 1; k <= d; k++) {
        for (let n = 1; n <= 40; n++) {
          const expected = Math.floor((k * n + d - 1) / d);
          expect([k, d, n, quorumRequired(k / d, n)]).toEqual([k, d, n, expected]);
        }
      }
    }
  });

  it('needs no ballot without a quorum or with a zero quorum', () => {
    expect(quorumRequired(null, 32)).toBe(0);
    expect(quorumRequired(0, 32)).toBe(0);
  });

  it('a positive quorum always needs at least one ballot', () => {
    // The 1e-9 absolute guard against floating-point noise turns any quorum * n <= 1e-9 into 0.
    expect(quorumRequired(1e-12, 30)).toBe(1);
  });
});

describe('outcomeAtClose: the rules', () => {
  describe('simple: more yes than no among the ballots cast', () => {
    const electorate = seats(10);
    it.each([
      [{ yes: 3, no: 2 }, 'adopted'],
      [{ yes: 2, no: 2 }, 'rejected'],
      [{ yes: 2, no: 3 }, 'rejected'],
      [{ yes: 1, abstain: 8 }, 'adopted'],
      [{ abstain: 10 }, 'rejected'],
      [{}, 'rejected'],
    ])('%j -> %s', (counts, expected) => {
      expect(outcomeAtClose(params('simple', electorate), ballotsFor(electorate, counts))).toBe(expected);
    });
  });

  describe('absolute: yes from more than half of all voting seats', () => {
    it('adopts with 17 of 32 even if the others do not vote', () => {
      expect(outcomeAtClose(params('absolute', iloElectorate), ballotsFor(iloElectorate, { yes: 17 }))).toBe(
        'adopted',
      );
    });

    it('rejects 16 yes of 32, even with nobody against', () => {
      const ballots = ballotsFor(iloElectorate, { yes: 16, abstain: 16 });
      expect(outcomeAtClose(params('absolute', iloElectorate), ballots)).toBe('rejected');
    });

    it('counts all seats, not ballots cast: 5 yes, 1 no of 32 is rejected', () => {
      expect(
        outcomeAtClose(params('absolute', iloElectorate), ballotsFor(iloElectorate, { yes: 5, no: 1 })),
      ).toBe('rejected');
    });

    it('on an odd electorate (31 seats) needs 16', () => {
      const electorate = seats(31);
      expect(outcomeAtClose(params('absolute', electorate), ballotsFor(electorate, { yes: 16 }))).toBe(
        'adopted',
      );
      expect(outcomeAtClose(params('absolute', electorate), ballotsFor(electorate, { yes: 15, no: 0 }))).toBe(
        'rejected',
      );
    });
  });

  describe('two-thirds: yes from at least two thirds of all voting seats', () => {
    it('adopts with 22 of 32 and rejects 21 of 32', () => {
      const p = params('two-thirds', iloElectorate);
      expect(outcomeAtClose(p, ballotsFor(iloElectorate, { yes: 22, no: 10 }))).toBe('adopted');
      expect(outcomeAtClose(p, ballotsFor(iloElectorate, { yes: 21, abstain: 11 }))).toBe('rejected');
    });

    it('exactly two thirds is enough (20 of 30)', () => {
      const electorate = seats(30);
      expect(outcomeAtClose(params('two-thirds', electorate), ballotsFor(electorate, { yes: 20 }))).toBe(
        'adopted',
      );
      expect(outcomeAtClose(params('two-thirds', electorate), ballotsFor(electorate, { yes: 19 }))).toBe(
        'rejected',
      );
    });
  });

  describe('unanimity: nobody says no, at least one yes', () => {
    const electorate = seats(5);
    it.each([
      [{ yes: 5 }, 'adopted'],
      [{ yes: 3, abstain: 2 }, 'adopted'],
      [{ yes: 2 }, 'adopted'],
      [{ yes: 4, no: 1 }, 'rejected'],
      [{ abstain: 5 }, 'rejected'],
      [{}, 'rejected'],
    ])('%j -> %s', (counts, expected) => {
      expect(outcomeAtClose(params('unanimity', electorate), ballotsFor(electorate, counts))).toBe(expected);
    });
  });

  describe('silence: adopted unless objections reach the threshold', () => {
    const electorate = seats(8);
    it.each([
      [1, {}, 'adopted'],
      [1, { yes: 3, abstain: 2 }, 'adopted'],
      [1, { object: 1 }, 'rejected'],
      [1, { yes: 7, object: 1 }, 'rejected'],
      [2, { object: 1 }, 'adopted'],
      [2, { yes: 5, object: 1 }, 'adopted'],
      [2, { object: 2 }, 'rejected'],
      [2, { object: 3 }, 'rejected'],
    ])('threshold %i, %j -> %s', (objectionThreshold, counts, expected) => {
      expect(
        outcomeAtClose(params('silence', electorate, { objectionThreshold }), ballotsFor(electorate, counts)),
      ).toBe(expected);
    });

    it('ignores the quorum: silence with nobody voting is adopted', () => {
      expect(outcomeAtClose(params('silence', electorate, { quorum: 0.5 }), {})).toBe('adopted');
    });
  });
});

describe('outcomeAtClose: quorum', () => {
  const electorate = seats(10);

  it('abstentions count towards quorum but not towards yes', () => {
    const p = params('simple', electorate, { quorum: 0.5 });
    expect(outcomeAtClose(p, ballotsFor(electorate, { yes: 1, abstain: 4 }))).toBe('adopted');
    expect(outcomeAtClose(p, ballotsFor(electorate, { yes: 1, abstain: 3 }))).toBe('failed-quorum');
    // Abstentions reach the quorum but adopt nothing on their own.
    expect(outcomeAtClose(p, ballotsFor(electorate, { abstain: 10 }))).toBe('rejected');
    const abs = params('absolute', electorate, { quorum: 0.5 });
    expect(outcomeAtClose(abs, ballotsFor(electorate, { yes: 5, abstain: 5 }))).toBe('rejected');
  });

  it('a decision without quorum is failed-quorum, never adopted', () => {
    const ballots = ballotsFor(electorate, { yes: 4 });
    expect(outcomeAtClose(params('simple', electorate, { quorum: 0.5 }), ballots)).toBe('failed-quorum');
    expect(outcomeAtClose(params('unanimity', electorate, { quorum: 0.5 }), ballots)).toBe('failed-quorum');
    // Absolute majority reached (6 of 10) but a quorum of 0.7 needs 7 ballots.
    expect(
      outcomeAtClose(params('absolute', electorate, { quorum: 0.7 }), ballotsFor(electorate, { yes: 6 })),
    ).toBe('failed-quorum');
  });

  it('ballots of seats outside the electorate do not make the quorum', () => {
    const p = params('simple', ['A', 'B', 'C', 'D'], { quorum: 0.5 });
    expect(outcomeAtClose(p, { A: 'yes', X: 'yes', Y: 'abstain' })).toBe('failed-quorum');
  });

  it('0.1 of 30 seats is reached with 3 ballots', () => {
    const thirty = seats(30);
    expect(
      outcomeAtClose(params('simple', thirty, { quorum: 0.1 }), ballotsFor(thirty, { yes: 2, no: 1 })),
    ).toBe('adopted');
  });

  it('2/3 of 32 seats needs 22 ballots', () => {
    const p = params('simple', iloElectorate, { quorum: 2 / 3 });
    expect(outcomeAtClose(p, ballotsFor(iloElectorate, { yes: 11, no: 10 }))).toBe('failed-quorum');
    expect(outcomeAtClose(p, ballotsFor(iloElectorate, { yes: 11, no: 10, abstain: 1 }))).toBe('adopted');
  });
});

describe('settledOutcome (early close)', () => {
  it('is the outcome at close once every seat has voted', () => {
    const electorate = seats(4);
    expect(settledOutcome(params('simple', electorate), ballotsFor(electorate, { yes: 2, no: 2 }))).toBe(
      'rejected',
    );
    expect(settledOutcome(params('unanimity', electorate), ballotsFor(electorate, { yes: 4 }))).toBe(
      'adopted',
    );
  });

  it('absolute: settles as adopted at 17 yes of 32, as rejected at 16 no of 32', () => {
    const p = params('absolute', iloElectorate);
    expect(settledOutcome(p, ballotsFor(iloElectorate, { yes: 16 }))).toBeNull();
    expect(settledOutcome(p, ballotsFor(iloElectorate, { yes: 17 }))).toBe('adopted');
    expect(settledOutcome(p, ballotsFor(iloElectorate, { no: 15 }))).toBeNull();
    expect(settledOutcome(p, ballotsFor(iloElectorate, { no: 16 }))).toBe('rejected');
  });

  it('two-thirds: settles as rejected once 11 of 32 say no or abstain', () => {
    const p = params('two-thirds', iloElectorate);
    expect(settledOutcome(p, ballotsFor(iloElectorate, { no: 10 }))).toBeNull();
    expect(settledOutcome(p, ballotsFor(iloElectorate, { no: 5, abstain: 6 }))).toBe('rejected');
    expect(settledOutcome(p, ballotsFor(iloElectorate, { yes: 22 }))).toBe('adopted');
  });

  it('absolute with a quorum: a majority is not settled until the quorum is reached', () => {
    const p = params('absolute', iloElectorate, { quorum: 0.6 }); // 20 ballots
    expect(settledOutcome(p, ballotsFor(iloElectorate, { yes: 17 }))).toBeNull();
    expect(settledOutcome(p, ballotsFor(iloElectorate, { yes: 17, abstain: 2 }))).toBeNull();
    expect(settledOutcome(p, ballotsFor(iloElectorate, { yes: 17, abstain: 3 }))).toBe('adopted');
  });

  it('a missing quorum is not settled while the outstanding seats could still reach it', () => {
    const electorate = seats(10);
    const p = params('simple', electorate, { quorum: 0.5 });
    expect(settledOutcome(p, ballotsFor(electorate, { yes: 1 }))).toBeNull();
  });

  it('simple: never settled while enough seats are outstanding to turn it', () => {
    const electorate = seats(10);
    const p = params('simple', electorate);
    expect(settledOutcome(p, ballotsFor(electorate, { yes: 5 }))).toBeNull();
    expect(settledOutcome(p, ballotsFor(electorate, { yes: 6 }))).toBe('adopted');
    expect(settledOutcome(p, ballotsFor(electorate, { no: 5 }))).toBe('rejected');
  });

  it('unanimity: one no settles it as rejected', () => {
    const electorate = seats(10);
    const p = params('unanimity', electorate);
    expect(settledOutcome(p, ballotsFor(electorate, { yes: 9 }))).toBeNull();
    expect(settledOutcome(p, ballotsFor(electorate, { yes: 3, no: 1 }))).toBe('rejected');
  });

  it('silence threshold 1: one objection settles it as rejected; no objection is not settled', () => {
    const electorate = seats(6);
    const p = params('silence', electorate, { objectionThreshold: 1 });
    expect(settledOutcome(p, ballotsFor(electorate, { yes: 5 }))).toBeNull();
    expect(settledOutcome(p, ballotsFor(electorate, { object: 1 }))).toBe('rejected');
    expect(settledOutcome(p, ballotsFor(electorate, { yes: 5, abstain: 1 }))).toBe('adopted');
  });

  it('silence threshold 2: one objection does not settle it, two do', () => {
    const electorate = seats(6);
    const p = params('silence', electorate, { objectionThreshold: 2 });
    expect(settledOutcome(p, ballotsFor(electorate, { object: 1 }))).toBeNull();
    expect(settledOutcome(p, ballotsFor(electorate, { object: 2 }))).toBe('rejected');
    // One seat left: its objection would make two, so not settled.
    expect(settledOutcome(p, ballotsFor(electorate, { yes: 4, object: 1 }))).toBeNull();
    // One seat left and no objection: at most one objection, below the threshold.
    expect(settledOutcome(p, ballotsFor(electorate, { yes: 5 }))).toBe('adopted');
  });

  it('lists outstanding seats in electorate order', () => {
    const p = params('absolute', ['A', 'B', 'C', 'D']);
    expect(outstandingSeats(p, { C: 'yes', A: 'no', X: 'yes' })).toEqual(['B', 'D']);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/**
 * A quorum and an independent check of whether `cast` ballots of `n` seats reach it. Rational
 * quorums (k/d) are checked exactly in integers; arbitrary doubles with a 1e-6 tolerance, so
 * only a real rounding error (not floating-point noise) fails.
 */
interface QuorumCase {
  quorum: number | null;
  /** Exact: the check is the whole truth; inexact: only ±1e-6 from the boundary. */
  exact: boolean;
  holds: (cast: number, n: number) => boolean;
  fails: (cast: number, n: number) => boolean;
}

const quorumArb: fc.Arbitrary<QuorumCase> = fc.oneof(
  fc.constant<QuorumCase>({ quorum: null, exact: true, holds: () => true, fails: () => false }),
  fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 12 }))
    .filter(([d, k]) => k <= d)
    .map(([d, k]): QuorumCase => ({
      quorum: k / d,
      exact: true,
      holds: (cast, n) => cast * d >= k * n,
      fails: (cast, n) => cast * d < k * n,
    })),
  fc.integer({ min: 0, max: 100 }).map((p): QuorumCase => ({
    quorum: p / 100,
    exact: true,
    holds: (cast, n) => cast * 100 >= p * n,
    fails: (cast, n) => cast * 100 < p * n,
  })),
  fc.double({ min: 0, max: 1, noNaN: true }).map((q): QuorumCase => ({
    quorum: q,
    exact: false,
    holds: (cast, n) => cast >= q * n - 1e-6,
    fails: (cast, n) => cast < q * n + 1e-6,
  })),
);

interface Scenario {
  p: DecisionParameters;
  quorumCase: QuorumCase;
  /** One entry per electorate seat: its ballot, or null when it has not voted. */
  choices: (BallotChoice | null)[];
}

const ruleArb = fc.constantFrom(...decisionRules);

/** Random electorate (1..40 seats), rule, quorum, objection threshold and a ballot (or none) per seat. */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    n: fc.integer({ min: 1, max: 40 }),
    rule: ruleArb,
    quorumCase: quorumArb,
    objectionThreshold: fc.integer({ min: 1, max: 5 }),
    /** Probability-ish weight for "has not voted", to get both full and sparse turnouts. */
    absentWeight: fc.integer({ min: 0, max: 6 }),
  })
  .chain(({ n, rule, quorumCase, objectionThreshold, absentWeight }) => {
    const choice = fc.oneof(
      { arbitrary: fc.constantFrom(...allowedChoices(rule)), weight: 3 },
      { arbitrary: fc.constant(null), weight: absentWeight },
    );
    return fc.array(choice, { minLength: n, maxLength: n }).map((choices): Scenario => ({
      p: { rule, quorum: quorumCase.quorum, electorate: seats(n), objectionThreshold },
      quorumCase,
      choices,
    }));
  });

function toBallots(electorate: readonly string[], choices: readonly (BallotChoice | null)[]): BallotsBySeat {
  const ballots: Record<string, BallotChoice> = {};
  electorate.forEach((seat, i) => {
    const choice = choices[i];
    if (choice !== null) ballots[seat] = choice;
  });
  return ballots;
}

/** Counts by hand, independently of tallyBallots. */
function count(choices: readonly (BallotChoice | null)[]) {
  const of = (c: BallotChoice) => choices.filter((x) => x === c).length;
  return { yes: of('yes'), no: of('no'), abstain: of('abstain'), objections: of('object') };
}

/** The rule's own condition on yes/no/objections, as docs/domain.md states it. */
function ruleHolds(p: DecisionParameters, c: ReturnType<typeof count>): boolean {
  const n = p.electorate.length;
  switch (p.rule) {
    case 'simple':
      return c.yes > c.no;
    case 'absolute':
      return 2 * c.yes > n;
    case 'two-thirds':
      return 3 * c.yes >= 2 * n;
    case 'unanimity':
      return c.no === 0 && c.yes >= 1;
    case 'silence':
      return c.objections < p.objectionThreshold;
  }
}

const runs = { numRuns: 1000 };

describe('properties of outcomeAtClose', () => {
  it('(a) adopts only when the rule and (outside silence) the quorum hold; failed-quorum only without quorum', () => {
    fc.assert(
      fc.property(scenarioArb, ({ p, quorumCase, choices }) => {
        const outcome = outcomeAtClose(p, toBallots(p.electorate, choices));
        const c = count(choices);
        const cast = c.yes + c.no + c.abstain;
        const n = p.electorate.length;
        if (outcome === 'adopted') {
          expect(ruleHolds(p, c)).toBe(true);
          if (p.rule !== 'silence') expect(quorumCase.holds(cast, n)).toBe(true);
        }
        if (outcome === 'failed-quorum') {
          expect(p.rule).not.toBe('silence');
          expect(quorumCase.fails(cast, n)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('(a) matches the rules of docs/domain.md exactly for rational quorums', () => {
    fc.assert(
      fc.property(
        scenarioArb.filter((s) => s.quorumCase.exact),
        ({ p, quorumCase, choices }) => {
          const c = count(choices);
          const cast = c.yes + c.no + c.abstain;
          const expected =
            p.rule !== 'silence' && !quorumCase.holds(cast, p.electorate.length)
              ? 'failed-quorum'
              : ruleHolds(p, c)
                ? 'adopted'
                : 'rejected';
          expect(outcomeAtClose(p, toBallots(p.electorate, choices))).toBe(expected);
        },
      ),
      runs,
    );
  });

  it('(b) the order in which ballots are applied never changes the outcome', () => {
    const arb = scenarioArb.chain((s) => {
      const n = s.p.electorate.length;
      const cast = fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constantFrom(...allowedChoices(s.p.rule)));
      return fc.array(cast, { maxLength: 3 * n }).chain((sequence) =>
        fc.record({
          s: fc.constant(s),
          sequence: fc.constant(sequence),
          shuffled: fc.shuffledSubarray(sequence, { minLength: sequence.length, maxLength: sequence.length }),
          finalOrder: fc.shuffledSubarray(s.p.electorate.slice(), { minLength: n, maxLength: n }),
          electorateOrder: fc.shuffledSubarray(s.p.electorate.slice(), { minLength: n, maxLength: n }),
        }),
      );
    });
    fc.assert(
      fc.property(arb, ({ s, sequence, shuffled, finalOrder, electorateOrder }) => {
        const { electorate } = s.p;
        // Latest wins.
        const first: Record<string, BallotChoice> = {};
        for (const [i, choice] of sequence) first[electorate[i]] = choice;
        // The same casts in another order, then each seat's final ballot again, in yet another order.
        const second: Record<string, BallotChoice> = {};
        for (const [i, choice] of shuffled) second[electorate[i]] = choice;
        for (const seat of finalOrder) if (first[seat] !== undefined) second[seat] = first[seat];
        expect(second).toEqual(first);

        const reordered = { ...s.p, electorate: electorateOrder };
        const outcome = outcomeAtClose(s.p, first);
        expect(outcomeAtClose(s.p, second)).toBe(outcome);
        expect(outcomeAtClose(reordered, second)).toBe(outcome);
        expect(tallyBallots(second, electorateOrder)).toEqual(tallyBallots(first, electorate));
        expect(settledOutcome(reordered, second)).toBe(settledOutcome(s.p, first));
      }),
      runs,
    );
  });

  it('(c) changing a ballot replaces it: the tally counts each seat that voted once, with its latest ballot', () => {
    const arb = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        sequence: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constantFrom(...ballotChoices)), {
          maxLength: 4 * n,
        }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ n, sequence }) => {
        const electorate = seats(n);
        const ballots: Record<string, BallotChoice> = {};
        const latest = new Map<number, BallotChoice>();
        for (const [i, choice] of sequence) {
          ballots[electorate[i]] = choice;
          latest.set(i, choice);
        }
        const t = tallyBallots(ballots, electorate);
        expect(t.yes + t.no + t.abstain + t.objections).toBe(latest.size);
        expect(t).toEqual(count([...latest.values()]));
      }),
      runs,
    );
  });

  it('(e) ballots of seats outside the electorate never change the tally or the outcome', () => {
    const arb = scenarioArb.chain((s) =>
      fc.record({
        s: fc.constant(s),
        outsiders: fc.dictionary(
          fc.constantFrom('NO', 'CH', 'IS', 'LI', 'HU', 'OBSERVER', 'X1', 'X2'),
          fc.constantFrom(...ballotChoices),
        ),
      }),
    );
    fc.assert(
      fc.property(arb, ({ s, outsiders }) => {
        const ballots = toBallots(s.p.electorate, s.choices);
        const withOutsiders = { ...outsiders, ...ballots };
        expect(tallyBallots(withOutsiders, s.p.electorate)).toEqual(tallyBallots(ballots, s.p.electorate));
        expect(outcomeAtClose(s.p, withOutsiders)).toBe(outcomeAtClose(s.p, ballots));
        expect(settledOutcome(s.p, withOutsiders)).toBe(settledOutcome(s.p, ballots));
        expect(outstandingSeats(s.p, withOutsiders)).toEqual(outstandingSeats(s.p, ballots));
      }),
      runs,
    );
  });
});

describe('properties of settledOutcome', () => {
  it('(d) a settled outcome is the outcome of every mixed completion of the outstanding seats', () => {
    const arb = scenarioArb.chain((s) => {
      const completionChoices: (BallotChoice | null)[] =
        s.p.rule === 'silence' ? ['object', 'yes', 'abstain', null] : ['yes', 'no', 'abstain', null];
      return fc.record({
        s: fc.constant(s),
        completions: fc.array(
          fc.array(fc.constantFrom(...completionChoices), {
            minLength: s.p.electorate.length,
            maxLength: s.p.electorate.length,
          }),
          { minLength: 1, maxLength: 8 },
        ),
      });
    });
    let settledEarly = 0;
    fc.assert(
      fc.property(arb, ({ s, completions }) => {
        const ballots = toBallots(s.p.electorate, s.choices);
        const settled = settledOutcome(s.p, ballots);
        if (settled === null) return;
        if (outstandingSeats(s.p, ballots).length > 0) settledEarly++;
        expect(settled).toBe(outcomeAtClose(s.p, ballots));
        for (const completion of completions) {
          // Outstanding seats take the completion's choice (or stay silent); cast ballots stay.
          const completed = s.choices.map((choice, i) => choice ?? completion[i]);
          expect(outcomeAtClose(s.p, toBallots(s.p.electorate, completed))).toBe(settled);
        }
      }),
      { numRuns: 3000 },
    );
    // Guard against a vacuous property: many scenarios must settle with seats still outstanding.
    expect(settledEarly).toBeGreaterThan(300);
  });

  it('(d) is settled once every seat has voted, with the outcome at close', () => {
    fc.assert(
      fc.property(scenarioArb, ({ p, choices }) => {
        const full = choices.map((c) => c ?? allowedChoices(p.rule)[0]);
        const ballots = toBallots(p.electorate, full);
        expect(settledOutcome(p, ballots)).toBe(outcomeAtClose(p, ballots));
      }),
      runs,
    );
  });
});
