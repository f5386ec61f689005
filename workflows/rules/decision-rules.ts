/**
 * The arithmetic of board decisions (docs/domain.md, "Rules"): tallies, quorum,
 * majorities and early close. Plain functions, no Temporal import; the decision workflow calls them.
 */

/** How a decision is taken. */
export const decisionRules = ['simple', 'absolute', 'two-thirds', 'unanimity', 'silence'] as const;
export type DecisionRule = (typeof decisionRules)[number];

/** What a seat can cast. `object` exists only under `silence`. */
export const ballotChoices = ['yes', 'no', 'abstain', 'object'] as const;
export type BallotChoice = (typeof ballotChoices)[number];

/** How a decision ended. */
export type DecisionOutcome = 'adopted' | 'rejected' | 'failed-quorum' | 'withdrawn';

/** Latest ballot per seat. Only seats of the electorate are counted. */
export type BallotsBySeat = Readonly<Record<string, BallotChoice>>;

/** What the arithmetic needs to know about a decision. */
export interface DecisionParameters {
  rule: DecisionRule;
  /** Share (0..1) of the electorate that must cast a ballot; null for none. Ignored under `silence`. */
  quorum: number | null;
  /** Voting seats minus recused seats. */
  electorate: readonly string[];
  /** Under `silence`: objections that stop adoption (default 1). */
  objectionThreshold: number;
}

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
  objections: number;
}

/** Choices a seat may cast under a rule: silence takes objections (and yes/abstain as explicit consent). */
export function allowedChoices(rule: DecisionRule): readonly BallotChoice[] {
  return rule === 'silence' ? ['object', 'yes', 'abstain'] : ['yes', 'no', 'abstain'];
}

/** Counts the ballots of electorate seats. */
export function tallyBallots(ballots: BallotsBySeat, electorate: readonly string[]): Tally {
  const tally: Tally = { yes: 0, no: 0, abstain: 0, objections: 0 };
  for (const seat of electorate) {
    const choice = ballots[seat];
    if (choice === 'yes') tally.yes++;
    else if (choice === 'no') tally.no++;
    else if (choice === 'abstain') tally.abstain++;
    else if (choice === 'object') tally.objections++;
  }
  return tally;
}

/** Ballots needed for quorum: the smallest count reaching `quorum` of the electorate. */
export function quorumRequired(quorum: number | null, electorateSize: number): number {
  if (quorum === null || quorum <= 0) return 0;
  // The margin keeps float noise (0.28 * 25 = 7.000000000000001) from asking for one more ballot;
  // any positive quorum needs at least one ballot.
  return Math.max(1, Math.ceil(quorum * electorateSize - 1e-9));
}

/**
 * Yes votes that adopt, when the rule fixes a number: `absolute` more than half of the
 * electorate, `two-thirds` at least two thirds of it. Null where it depends on other ballots.
 */
export function yesRequired(rule: DecisionRule, electorateSize: number): number | null {
  if (rule === 'absolute') return Math.floor(electorateSize / 2) + 1;
  if (rule === 'two-thirds') return Math.ceil((2 * electorateSize) / 3);
  return null;
}

/** The outcome if the decision closed now with these ballots (the deadline, or everyone has voted). */
export function outcomeAtClose(
  params: DecisionParameters,
  ballots: BallotsBySeat,
): Exclude<DecisionOutcome, 'withdrawn'> {
  const n = params.electorate.length;
  const t = tallyBallots(ballots, params.electorate);
  if (params.rule === 'silence') {
    return t.objections >= params.objectionThreshold ? 'rejected' : 'adopted';
  }
  const cast = t.yes + t.no + t.abstain;
  if (cast < quorumRequired(params.quorum, n)) return 'failed-quorum';
  switch (params.rule) {
    case 'simple':
      return t.yes > t.no ? 'adopted' : 'rejected';
    case 'absolute':
    case 'two-thirds':
      return t.yes >= (yesRequired(params.rule, n) as number) ? 'adopted' : 'rejected';
    case 'unanimity':
      // Abstentions do not block (as in the Council, Art. 238(4) TFEU); at least one yes is needed.
      return t.no === 0 && t.yes > 0 ? 'adopted' : 'rejected';
  }
}

/** Seats of the electorate that have not cast a ballot. */
export function outstandingSeats(params: DecisionParameters, ballots: BallotsBySeat): string[] {
  return params.electorate.filter((seat) => ballots[seat] === undefined);
}

/**
 * The outcome if it can no longer change, else null: everyone has voted, or every way the
 * outstanding seats could still act (all yes, all no, all abstain, nobody) gives the same result.
 * Cast ballots are taken as final: closing early ends the chance to change them, by design.
 * The uniform completions are the extremes because every rule is monotone in yes, no and
 * turnout; a property test checks this against mixed completions.
 */
export function settledOutcome(params: DecisionParameters, ballots: BallotsBySeat): DecisionOutcome | null {
  const outstanding = outstandingSeats(params, ballots);
  if (outstanding.length === 0) return outcomeAtClose(params, ballots);
  const completions: (BallotChoice | null)[] =
    params.rule === 'silence' ? ['object', 'yes', null] : ['yes', 'no', 'abstain', null];
  const outcomes = new Set(
    completions.map((choice) => {
      if (choice === null) return outcomeAtClose(params, ballots);
      const completed: Record<string, BallotChoice> = { ...ballots };
      for (const seat of outstanding) completed[seat] = choice;
      return outcomeAtClose(params, completed);
    }),
  );
  return outcomes.size === 1 ? [...outcomes][0] : null;
}
