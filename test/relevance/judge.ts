// Scores one query of the relevance test set against the hits search returned, and
// sums the scores per phenomenon. Pure, so the arithmetic is tested without a system.

export interface RelevanceCase {
  key: string;
  title: string;
  summary: string;
  body: string;
  kind: string;
  themes: string[];
  targetGroups?: string[];
}

export interface RelevanceQuery {
  q: string;
  phenomenon: string;
  /** Cases a good search returns; each must be among the first RECALL_DEPTH hits. */
  relevant: string[];
  /** Cases that must not be returned at all. */
  mustNotMatch?: string[];
  /** [a, b]: a is returned, and b is either not returned or comes after a. */
  ranksAbove?: [string, string][];
  note?: string;
}

export interface Judgement {
  query: RelevanceQuery;
  /** null when the query lists no relevant case (a purely negative query). */
  precisionAt3: number | null;
  recallAt20: number | null;
  failures: string[];
}

export const PRECISION_DEPTH = 3;
export const RECALL_DEPTH = 20;

/**
 * precision@3 is the share of the first three hits that are relevant, out of what
 * could be: a query with one relevant case scores 1 when that case is first, second
 * or third. recall@20 is the share of the relevant cases among the first 20 hits.
 */
export function judge(query: RelevanceQuery, hits: string[]): Judgement {
  const rank = (key: string) => hits.indexOf(key);
  const top3 = hits.slice(0, PRECISION_DEPTH);
  const top20 = hits.slice(0, RECALL_DEPTH);
  const { relevant } = query;
  const failures: string[] = [];
  for (const key of relevant) if (!top20.includes(key)) failures.push(`"${query.q}" should find ${key} (${place(rank(key))})`);
  for (const key of query.mustNotMatch ?? []) if (rank(key) >= 0) failures.push(`"${query.q}" must not find ${key} (found at ${rank(key) + 1})`);
  for (const [a, b] of query.ranksAbove ?? []) {
    const ra = rank(a);
    const rb = rank(b);
    if (ra < 0 || (rb >= 0 && rb < ra)) failures.push(`"${query.q}" should rank ${a} (${place(ra)}) above ${b} (${place(rb)})`);
  }
  if (relevant.length === 0) return { query, precisionAt3: null, recallAt20: null, failures };
  const inTop3 = top3.filter((k) => relevant.includes(k)).length;
  const inTop20 = top20.filter((k) => relevant.includes(k)).length;
  return {
    query,
    precisionAt3: inTop3 / Math.min(PRECISION_DEPTH, relevant.length),
    recallAt20: inTop20 / relevant.length,
    failures,
  };
}

function place(rank: number): string {
  return rank < 0 ? 'not found' : `at ${rank + 1}`;
}

export interface PhenomenonScore {
  phenomenon: string;
  queries: number;
  precisionAt3: number;
  recallAt20: number;
  failedQueries: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 1);

function score(phenomenon: string, judgements: Judgement[]): PhenomenonScore {
  const scored = judgements.filter((j) => j.precisionAt3 !== null);
  return {
    phenomenon,
    queries: judgements.length,
    precisionAt3: mean(scored.map((j) => j.precisionAt3 as number)),
    recallAt20: mean(scored.map((j) => j.recallAt20 as number)),
    failedQueries: judgements.filter((j) => j.failures.length > 0).length,
  };
}

/** One row per phenomenon, in the order they first appear, then "overall". */
export function summarize(judgements: Judgement[]): PhenomenonScore[] {
  const phenomena = [...new Set(judgements.map((j) => j.query.phenomenon))];
  return [...phenomena.map((p) => score(p, judgements.filter((j) => j.query.phenomenon === p))), score('overall', judgements)];
}

export function formatTable(rows: PhenomenonScore[]): string {
  const lines = rows.map((r) =>
    [r.phenomenon.padEnd(14), String(r.queries).padStart(7), r.precisionAt3.toFixed(2).padStart(6), r.recallAt20.toFixed(2).padStart(7), String(r.failedQueries).padStart(6)].join('  '),
  );
  return ['phenomenon      queries     P@3   R@20  failed', ...lines].join('\n');
}
