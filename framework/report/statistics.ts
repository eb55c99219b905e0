// Quantiles of the per-sample figures: nearest rank (the value at rank ceil(q * n)), as the run summary has always
// reported them.
import { quantile } from '../measure/quantiles.js';

export { quantile };

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
