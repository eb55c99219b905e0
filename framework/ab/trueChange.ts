// Does a battery's interval cover the true change? Two ways to know the true change of the primary figure:
// - by construction, when arm B adds a known time to every sample (a calibration delay, a sleep injected into a
//   controller's source): A's round values with that time added, over A's, on the scale the interval uses (geometric
//   means). An injected sleep need not add exactly its length (it may overlap a wait the controller had anyway, or
//   sit on the critical path twice), so what B's level minus A's came to is reported beside it;
// - by measurement: the other A/Bs combined (leave one out, so an A/B is not checked against itself). That estimate
//   has its own error, about 1/3 of one A/B's with 10 A/Bs, so a 95 % interval covers it a little less often than 19
//   times in 20 (about 94 % with 10 alike A/Bs), and less when the A/Bs truly differ (the machine's load changed).
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { isMeasured, type RoundStatistic, unitsOfRounds } from '../verdict/units.js';
import type { AbResult } from './abRun.js';

export interface InjectedCheck {
  /** The time B adds to each sample by construction. */
  readonly addedMs: number;
  /** A's round values plus addedMs over A's, geometric means: the true relative change. */
  readonly trueChange: number;
  /** B's level minus A's (geometric means of their round values): what the added time came to here. */
  readonly measuredMs: number;
  /** The primary interval holds the true change. */
  readonly covered: boolean;
}

interface Range {
  readonly low: number;
  readonly high: number;
}

const geometricMean = (values: readonly number[]) => Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
const within = (interval: Range, value: number) => interval.low <= value && value <= interval.high;

/** The check from A's and B's round values of the primary figure and its interval. */
export function checkInjected(addedMs: number, aRounds: readonly number[], bRounds: readonly number[], interval: Range): InjectedCheck {
  if (aRounds.length === 0 || bRounds.length === 0) throw new RangeError('both arms need rounds');
  const a = geometricMean(aRounds);
  const trueChange = geometricMean(aRounds.map((v) => v + addedMs)) / a - 1;
  return { addedMs, trueChange, measuredMs: geometricMean(bRounds) - a, covered: within(interval, trueChange) };
}

/** One A/B's round values of its primary figure, per arm (empty when it was not measured). */
export function primaryRounds(
  result: AbResult,
  statistic: RoundStatistic = 'median',
): { readonly a: readonly number[]; readonly b: readonly number[]; readonly unit?: string } {
  const key = result.comparison.primary ?? '';
  const arm = (name: 'A' | 'B') =>
    unitsOfRounds(
      result.runs.filter((run) => run.arm === name && run.round <= result.rounds).map((run) => run.report.results),
      statistic,
    ).get(key);
  const [a, b] = [arm('A'), arm('B')];
  const values = (units: typeof a) => (units && isMeasured(units) ? units.units : []);
  return { a: values(a), b: values(b), unit: a && isMeasured(a) ? a.unit : undefined };
}

const primaryInterval = (result: AbResult) => result.comparison.figures.find((f) => f.role === 'primary')?.interval;

/** The by-construction check of one A/B's primary figure, or undefined when it has no interval or is not a time. */
export function injectedCheckOf(result: AbResult, addedMs: number, statistic: RoundStatistic = 'median'): InjectedCheck | undefined {
  const interval = primaryInterval(result);
  const { a, b, unit } = primaryRounds(result, statistic);
  if (!interval || unit !== 'ms') return undefined;
  return checkInjected(addedMs, a, b, interval);
}

export interface PooledCheck {
  /** The A/Bs combined, at `confidence`: the battery's best estimate of the change. */
  readonly all: { readonly change: number; readonly low: number; readonly high: number; readonly confidence: number; readonly count: number };
  /** Per A/B: the other A/Bs' combined change (NaN when there is none), and whether this A/B's interval covers it. */
  readonly each: readonly { readonly change: number; readonly covered: boolean }[];
}

const variance = (values: readonly number[]) => {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
};
const meanOf = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** One A/B's change on the log scale and its squared standard error (Welch's), from its round values. */
function logChange(a: readonly number[], b: readonly number[]): { d: number; se2: number } | undefined {
  if (a.length < 2 || b.length < 2 || [...a, ...b].some((v) => !(v > 0))) return undefined;
  const la = a.map(Math.log);
  const lb = b.map(Math.log);
  const se2 = variance(la) / la.length + variance(lb) / lb.length;
  return se2 > 0 ? { d: meanOf(lb) - meanOf(la), se2 } : undefined;
}

/** Inverse-variance weighted mean of log changes, with its standard error by (modified) Knapp-Hartung. */
function combine(changes: readonly { d: number; se2: number }[]): { d: number; se: number; df: number } | undefined {
  const k = changes.length;
  if (k === 0) return undefined;
  const weights = changes.map((c) => 1 / c.se2);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const d = changes.reduce((sum, c, i) => sum + (weights[i] ?? 0) * c.d, 0) / total;
  if (k === 1) return { d, se: Math.sqrt(1 / total), df: Number.NaN };
  // The A/Bs' spread around the mean, not only their own variances: A/Bs run at other loads truly differ, and each
  // A/B's variance is estimated from a few rounds. Never narrower than the fixed-effect interval (the "modified" rule).
  const q = changes.reduce((sum, c, i) => sum + (weights[i] ?? 0) * (c.d - d) ** 2, 0) / (k - 1);
  return { d, se: Math.sqrt(Math.max(1, q) / total), df: k - 1 };
}

/**
 * The battery's change from its A/Bs, and each A/B's coverage of the change from the others. The A/Bs are combined
 * by inverse-variance weights on the log scale, so that a quiet A/B with a narrow interval counts for more than a
 * loaded one (pooling every round alike would let the loaded rounds' spread swamp the quiet ones), with a
 * Knapp-Hartung interval (t with A/Bs - 1 degrees of freedom). `battery` holds each A/B's primary round values and
 * interval (no interval: not covering); an A/B without spread in its rounds is not counted.
 */
export function pooledCheck(battery: readonly { a: readonly number[]; b: readonly number[]; interval?: Range }[], confidence: number): PooledCheck | undefined {
  const changes = battery.map((x) => logChange(x.a, x.b));
  const counted = (skip: number) => changes.filter((c, i): c is { d: number; se2: number } => c !== undefined && i !== skip);
  const all = combine(counted(-1));
  if (!all || !(all.df >= 1)) return undefined;
  const half = tQuantile(1 - (1 - confidence) / 2, all.df) * all.se;
  const each = battery.map((x, i) => {
    const others = combine(counted(i));
    const change = others ? Math.exp(others.d) - 1 : Number.NaN;
    return { change, covered: x.interval !== undefined && within(x.interval, change) };
  });
  return {
    all: { change: Math.exp(all.d) - 1, low: Math.exp(all.d - half) - 1, high: Math.exp(all.d + half) - 1, confidence, count: all.df + 1 },
    each,
  };
}

/** pooledCheck over A/B results. */
export function pooledCheckOf(results: readonly AbResult[], confidence: number, statistic: RoundStatistic = 'median'): PooledCheck | undefined {
  return pooledCheck(
    results.map((result) => ({ ...primaryRounds(result, statistic), interval: primaryInterval(result) })),
    confidence,
  );
}
