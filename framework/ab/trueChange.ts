// Does a battery's interval cover the true change? Two ways to know the true change of the primary figure:
// - by construction, when arm B adds a known time to every sample (a calibration delay, a sleep injected into a
//   controller's source): that time over A's level, on the scale the interval uses (the geometric mean of A's round
//   values). An injected sleep need not add exactly its length (it may overlap a wait the controller had anyway, or
//   sit on the critical path twice), so what B's level minus A's came to is reported beside it;
// - by measurement: the other A/Bs combined (leave one out, so an A/B is not checked against itself), whose
//   interval is about 1/sqrt(A/Bs - 1) as wide as one A/B's. A 95 % interval should cover it about 19 times in 20.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { isMeasured, type RoundStatistic, unitsOfRounds } from '../verdict/units.js';
import type { AbResult } from './abRun.js';

export interface InjectedCheck {
  /** The time B adds to each sample by construction. */
  readonly addedMs: number;
  /** addedMs over A's level: the true relative change. */
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
  const trueChange = addedMs / a;
  return { addedMs, trueChange, measuredMs: geometricMean(bRounds) - a, covered: within(interval, trueChange) };
}

/** One A/B's round values of its primary figure, per arm (empty when it was not measured). */
export function primaryRounds(result: AbResult, statistic: RoundStatistic = 'median'): { readonly a: readonly number[]; readonly b: readonly number[] } {
  const key = result.comparison.primary;
  const arm = (name: 'A' | 'B') => {
    const units = unitsOfRounds(
      result.runs.filter((run) => run.arm === name && run.round <= result.rounds).map((run) => run.report.results),
      statistic,
    ).get(key ?? '');
    return units && isMeasured(units) ? units.units : [];
  };
  return { a: arm('A'), b: arm('B') };
}

const primaryInterval = (result: AbResult) => result.comparison.figures.find((f) => f.role === 'primary')?.interval;

/** The by-construction check of one A/B's primary figure, or undefined when that figure has no interval. */
export function injectedCheckOf(result: AbResult, addedMs: number, statistic: RoundStatistic = 'median'): InjectedCheck | undefined {
  const interval = primaryInterval(result);
  if (!interval) return undefined;
  const { a, b } = primaryRounds(result, statistic);
  return checkInjected(addedMs, a, b, interval);
}

export interface PooledCheck {
  /** Every A/B together, at `confidence`: the battery's best estimate of the change. */
  readonly all: { readonly change: number; readonly low: number; readonly high: number; readonly abs: number };
  /** Per A/B: the other A/Bs' pooled estimate, and whether this A/B's primary interval covers it. */
  readonly each: readonly { readonly change: number; readonly covered: boolean }[];
}

const variance = (values: readonly number[]) => {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
};

/** One A/B's change on the log scale with its squared standard error (Welch's), from its round values. */
function logChange(a: readonly number[], b: readonly number[]): { d: number; se2: number; df: number } | undefined {
  if (a.length < 2 || b.length < 2 || [...a, ...b].some((v) => !(v > 0))) return undefined;
  const la = a.map(Math.log);
  const lb = b.map(Math.log);
  const se2 = variance(la) / la.length + variance(lb) / lb.length;
  if (!(se2 > 0)) return undefined;
  return { d: lb.reduce((s, v) => s + v, 0) / lb.length - la.reduce((s, v) => s + v, 0) / la.length, se2, df: a.length + b.length - 2 };
}

/**
 * The battery's change from all its A/Bs, and each A/B's coverage of the estimate from the others. The A/Bs are
 * combined by inverse-variance weights on the log scale (a fixed-effect meta-analysis): a quiet A/B with a narrow
 * interval counts for more than a loaded one, where pooling the rounds alike would let the loaded rounds' spread
 * swamp the quiet ones. `battery` holds each A/B's primary round values and interval (no interval: not covering).
 */
export function pooledCheck(
  battery: readonly { a: readonly number[]; b: readonly number[]; interval?: Range }[],
  confidence: number,
): PooledCheck | undefined {
  const changes = battery.map((x) => logChange(x.a, x.b));
  const combine = (skip: number) => {
    let weights = 0;
    let weighted = 0;
    let df = 0;
    changes.forEach((c, i) => {
      if (!c || i === skip) return;
      weights += 1 / c.se2;
      weighted += c.d / c.se2;
      df += c.df;
    });
    return weights > 0 ? { d: weighted / weights, se: Math.sqrt(1 / weights), df } : undefined;
  };
  const all = combine(-1);
  const counted = changes.filter((c) => c !== undefined).length;
  if (!all || counted < 2) return undefined;
  // df: the A/Bs' own degrees of freedom together (conservative next to the normal quantile for this many rounds).
  const half = tQuantile(1 - (1 - confidence) / 2, all.df) * all.se;
  const each = battery.map((x, i) => {
    const others = combine(i);
    const change = others ? Math.exp(others.d) - 1 : Number.NaN;
    return { change, covered: x.interval !== undefined && within(x.interval, change) };
  });
  return { all: { change: Math.exp(all.d) - 1, low: Math.exp(all.d - half) - 1, high: Math.exp(all.d + half) - 1, abs: counted }, each };
}

/** pooledCheck over A/B results. */
export function pooledCheckOf(results: readonly AbResult[], confidence: number, statistic: RoundStatistic = 'median'): PooledCheck | undefined {
  return pooledCheck(
    results.map((result) => ({ ...primaryRounds(result, statistic), interval: primaryInterval(result) })),
    confidence,
  );
}
