/**
 * Unit and property tests of the Schulze ranking (workflows/rules/ranking.ts): the textbook
 * example, partial rankings, the written tie rule, and properties (a permutation of the
 * candidates, Condorcet winner first, unanimity respected, order of ballots irrelevant).
 */
import fc from 'fast-check';
import {
  byTieRule,
  pairwisePreferences,
  rankingProblems,
  schulzeRanking,
  strongestPaths,
  type RankingCandidate,
} from '../../workflows/rules/ranking';

const candidates = (...ids: string[]): RankingCandidate[] => ids.map((id, i) => ({ id, submitted: i + 1 }));
const order = (ranked: { id: string }[]) => ranked.map((r) => r.id);
const times = (n: number, ranking: string[]) => Array.from({ length: n }, () => ranking);

describe('schulzeRanking', () => {
  it('gives E > A > C > B > D on the example of the Schulze method (45 voters)', () => {
    // Wikipedia, "Schulze method", the example with five candidates.
    const ballots = [
      ...times(5, ['A', 'C', 'B', 'E', 'D']),
      ...times(5, ['A', 'D', 'E', 'C', 'B']),
      ...times(8, ['B', 'E', 'D', 'A', 'C']),
      ...times(3, ['C', 'A', 'B', 'E', 'D']),
      ...times(7, ['C', 'A', 'E', 'B', 'D']),
      ...times(2, ['C', 'B', 'A', 'D', 'E']),
      ...times(7, ['D', 'C', 'E', 'B', 'A']),
      ...times(8, ['E', 'B', 'A', 'D', 'C']),
    ];
    const ids = ['A', 'B', 'C', 'D', 'E'];
    const d = pairwisePreferences(ids, ballots);
    expect(d[0]).toEqual([0, 20, 26, 30, 22]);
    const p = strongestPaths(d);
    expect(p[4]).toEqual([25, 28, 28, 31, 0]);
    const ranked = schulzeRanking(candidates(...ids), ballots);
    expect(order(ranked)).toEqual(['E', 'A', 'C', 'B', 'D']);
    expect(ranked.map((r) => [r.rank, r.wins, r.tieBroken])).toEqual([
      [1, 4, false],
      [2, 3, false],
      [3, 2, false],
      [4, 1, false],
      [5, 0, false],
    ]);
  });

  it('reads a partial ranking as: named ones above the rest, the rest tied', () => {
    const d = pairwisePreferences(['a', 'b', 'c'], [['b']]);
    expect(d).toEqual([
      [0, 0, 0],
      [1, 0, 1],
      [0, 0, 0],
    ]);
    // One seat ranks only c; another ranks a over b and leaves c out: a beats b 1:0, c ties
    // both 1:1, so a is first and b (submitted before c) second by the tie rule.
    const ranked = schulzeRanking(candidates('a', 'b', 'c'), [['c'], ['a', 'b']]);
    expect(order(ranked)).toEqual(['a', 'b', 'c']);
    expect(ranked.map((r) => [r.wins, r.tieBroken])).toEqual([
      [1, false],
      [0, true],
      [0, true],
    ]);
  });

  it('breaks ties by the earlier submission, then by the smaller id', () => {
    const tied: RankingCandidate[] = [
      { id: 'late', submitted: 3 },
      { id: 'early', submitted: 1 },
      { id: 'b-same', submitted: 2 },
      { id: 'a-same', submitted: 2 },
    ];
    expect(order(schulzeRanking(tied, []))).toEqual(['early', 'a-same', 'b-same', 'late']);
    // A perfect cycle a > b > c > a is a three-way tie too.
    const cycle = [
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
    ];
    expect(order(schulzeRanking(candidates('c', 'b', 'a'), cycle))).toEqual(['c', 'b', 'a']);
    expect(byTieRule({ id: 'x', submitted: 1 }, { id: 'y', submitted: 1 })).toBeLessThan(0);
  });

  it('ignores ids that are not candidates and repeated mentions', () => {
    expect(order(schulzeRanking(candidates('a', 'b'), [['gone', 'b', 'b', 'a']]))).toEqual(['b', 'a']);
  });

  const ids = ['p1', 'p2', 'p3', 'p4', 'p5'];
  const ballot = fc.subarray(ids).chain((named) => fc.shuffledSubarray(named, { minLength: named.length }));
  const ballots = fc.array(ballot, { maxLength: 25 });

  it('ranks every candidate exactly once, ranks 1..n', () => {
    fc.assert(
      fc.property(ballots, (bs) => {
        const ranked = schulzeRanking(candidates(...ids), bs);
        expect([...order(ranked)].sort()).toEqual(ids);
        expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
      }),
    );
  });

  it('puts a Condorcet winner first', () => {
    fc.assert(
      fc.property(ballots, (bs) => {
        const d = pairwisePreferences(ids, bs);
        const winner = ids.findIndex((_, i) => ids.every((__, j) => i === j || d[i][j] > d[j][i]));
        if (winner >= 0) expect(schulzeRanking(candidates(...ids), bs)[0].id).toBe(ids[winner]);
      }),
    );
  });

  it('returns a full ranking everyone agrees on', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ids, { minLength: 5 }), fc.integer({ min: 1, max: 9 }), (agreed, n) => {
        expect(order(schulzeRanking(candidates(...ids), times(n, agreed)))).toEqual(agreed);
      }),
    );
  });

  it('does not depend on the order the rankings arrive in', () => {
    fc.assert(
      fc.property(ballots, fc.func(fc.integer()), (bs, key) => {
        const shuffled = [...bs].sort((a, b) => key(a) - key(b));
        expect(schulzeRanking(candidates(...ids), shuffled)).toEqual(schulzeRanking(candidates(...ids), bs));
      }),
    );
  });

  it('never puts a candidate below one it beats', () => {
    fc.assert(
      fc.property(ballots, (bs) => {
        const p = strongestPaths(pairwisePreferences(ids, bs));
        const position = new Map(order(schulzeRanking(candidates(...ids), bs)).map((id, k) => [id, k]));
        for (const [i, a] of ids.entries()) {
          for (const [j, b] of ids.entries()) {
            if (p[i][j] > p[j][i]) expect(position.get(a) as number).toBeLessThan(position.get(b) as number);
          }
        }
      }),
    );
  });
});

describe('rankingProblems', () => {
  it('names empty rankings, repeats and unknown proposals', () => {
    expect(rankingProblems(['p1', 'p2'], ['p1', 'p2', 'p3'])).toEqual([]);
    expect(rankingProblems([], ['p1'])).toEqual(['ranking must name at least one proposal']);
    expect(rankingProblems(['p1', 'p1', 'p9'], ['p1'])).toEqual([
      'ranking names proposal p1 twice',
      'ranking names p9, which is not an open proposal of this cycle',
    ]);
  });
});
