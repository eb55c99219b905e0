// Quantiles of the per-sample figures and the rank test that tells whether two sample sets differ.
import kruskalTest from '@stdlib/stats-kruskal-test';

/** Nearest-rank quantile (the value at rank ceil(q * n)), as the run summary has always reported it. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/**
 * p50, p90, p99 and max by nearest rank. With fewer than 100 samples p99 is the maximum, and with fewer than 10
 * p90 is too: `n` is kept beside them so a reader can tell.
 */
export interface Quantiles {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export function quantiles(values: readonly number[]): Quantiles {
  if (values.length === 0) throw new Error('quantiles of no values: the figure has no samples');
  return { n: values.length, p50: quantile(values, 0.5), p90: quantile(values, 0.9), p99: quantile(values, 0.99), max: Math.max(...values) };
}

export interface RankTest {
  /** Two-sided p-value for "both sample sets come from the same distribution". */
  readonly pValue: number;
  readonly statistic: number;
  readonly method: string;
}

/**
 * Wilcoxon rank-sum (Mann-Whitney U) test, two-sided, by the normal approximation with a correction for ties.
 * It is computed as the Kruskal-Wallis test of two groups, which is the same statistic squared (chi-square with
 * one degree of freedom), from @stdlib, so no statistics are hand-written here. Ranks make it indifferent to the
 * long right tail that latencies have.
 */
export function rankSumTest(before: readonly number[], after: readonly number[]): RankTest {
  if (before.length < 2 || after.length < 2) throw new Error(`a rank test needs at least 2 samples on each side (got ${before.length} and ${after.length})`);
  const all = [...before, ...after];
  // Every value equal: no rank carries information, and the library would divide by a zero tie correction.
  if (all.every((value) => value === all[0])) return { pValue: 1, statistic: 0, method: 'Wilcoxon rank-sum (all values equal)' };
  const result = kruskalTest([...before], [...after]);
  return { pValue: result.pValue, statistic: result.statistic, method: 'Wilcoxon rank-sum (Kruskal-Wallis of two groups, chi-square approximation)' };
}
