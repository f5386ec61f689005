/**
 * Aggregating the seats' rankings of priority proposals with the Schulze method (a well-known
 * Condorcet method; Markus Schulze, "A new monotonic, clone-independent, reversal symmetric, and
 * Condorcet-consistent single-winner election method", Social Choice and Welfare 36, 2011).
 * Plain functions, no Temporal import; the priority-cycle workflow and the unit tests call them.
 *
 * - A ranking lists proposal ids, most important first. It may be partial: every proposal it
 *   names is preferred to every proposal it leaves out; the ones it leaves out are tied with each
 *   other (no preference either way). Ids that are not candidates are ignored, and so is a second
 *   mention of the same id.
 * - `d[X][Y]` counts the rankings that prefer X to Y. The strength of a path is its weakest link;
 *   links are "winning votes" (`d[X][Y]` when `d[X][Y] > d[Y][X]`, else no link). `p[X][Y]` is the
 *   strength of the strongest path from X to Y (widest path, Floyd–Warshall). X beats Y when
 *   `p[X][Y] > p[Y][X]`; this relation is transitive.
 * - Order: by the number of proposals each beats, most first; that count strictly respects the
 *   beats relation, so equal counts only ever group proposals neither of which beats the other.
 * - Tie rule (written down): among proposals with the same count, the one submitted earlier ranks
 *   higher (`submitted`, smaller first; in a cycle this is the proposal's submission number); if
 *   that is equal too, the smaller id in code-unit order.
 */

/** A proposal as the ranking sees it. */
export interface RankingCandidate {
  id: string;
  /** Submission order: smaller is earlier. Breaks ties. */
  submitted: number;
}

/** One proposal's place in the aggregated ranking. */
export interface RankedCandidate {
  id: string;
  /** 1 for the first; every candidate gets a distinct rank. */
  rank: number;
  /** How many other proposals it beats under Schulze. */
  wins: number;
  /** True when its place among proposals with the same `wins` was decided by the tie rule. */
  tieBroken: boolean;
}

/** The tie rule, as the API and README state it. */
export const tieRule =
  'equal Schulze standing: the proposal submitted earlier ranks higher; same submission: the smaller id';

/**
 * `d[i][j]`: how many rankings prefer candidate `i` to candidate `j` (indices into `ids`).
 * Partial rankings prefer every named candidate to every unnamed one.
 */
export function pairwisePreferences(
  ids: readonly string[],
  rankings: readonly (readonly string[])[],
): number[][] {
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const d = ids.map(() => new Array<number>(n).fill(0));
  for (const ranking of rankings) {
    // Position of each candidate in this ranking; unnamed ones share the position after the last.
    const position = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
    let next = 0;
    for (const id of ranking) {
      const i = index.get(id);
      if (i === undefined || position[i] !== Number.POSITIVE_INFINITY) continue;
      position[i] = next++;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) if (position[i] < position[j]) d[i][j]++;
    }
  }
  return d;
}

/** `p[i][j]`: strength of the strongest path from `i` to `j` (winning votes); 0 when there is none. */
export function strongestPaths(d: readonly (readonly number[])[]): number[][] {
  const n = d.length;
  const p = d.map((row, i) => row.map((v, j) => (i !== j && v > d[j][i] ? v : 0)));
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      for (let j = 0; j < n; j++) {
        if (j === i || j === k) continue;
        p[i][j] = Math.max(p[i][j], Math.min(p[i][k], p[k][j]));
      }
    }
  }
  return p;
}

/**
 * The aggregated ranking of `candidates` under Schulze, every candidate ranked once, ties
 * broken by {@link tieRule}. With no rankings at all, the order is the tie rule's.
 */
export function schulzeRanking(
  candidates: readonly RankingCandidate[],
  rankings: readonly (readonly string[])[],
): RankedCandidate[] {
  const ids = candidates.map((c) => c.id);
  const p = strongestPaths(pairwisePreferences(ids, rankings));
  const wins = ids.map((_, i) => ids.reduce((sum, __, j) => sum + (i !== j && p[i][j] > p[j][i] ? 1 : 0), 0));
  const order = candidates.map((c, i) => ({ c, i, wins: wins[i] }));
  order.sort((a, b) => b.wins - a.wins || byTieRule(a.c, b.c));
  return order.map(({ c, wins: w }, k) => ({
    id: c.id,
    rank: k + 1,
    wins: w,
    tieBroken: order.some((o, m) => m !== k && o.wins === w),
  }));
}

/** The tie rule as a comparator: earlier submission first, then the smaller id. */
export function byTieRule(a: RankingCandidate, b: RankingCandidate): number {
  if (a.submitted !== b.submitted) return a.submitted - b.submitted;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Problems with one seat's ranking: unknown or repeated ids, empty. The API answers 400/422 with them. */
export function rankingProblems(ranking: readonly string[], candidateIds: readonly string[]): string[] {
  const problems: string[] = [];
  if (ranking.length === 0) problems.push('ranking must name at least one proposal');
  const seen = new Set<string>();
  for (const id of ranking) {
    if (seen.has(id)) problems.push(`ranking names proposal ${id} twice`);
    seen.add(id);
    if (!candidateIds.includes(id))
      problems.push(`ranking names ${id}, which is not an open proposal of this cycle`);
  }
  return problems;
}
