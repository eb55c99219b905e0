// The interval every verdict is read from: how much after differs from before, as a ratio, with its confidence
// interval. One value per unit of replication goes in (a round's median in an A/B, where the round is the unit; a
// sample when only one run per side exists), and Welch's t on their logarithms comes out, from @stdlib. Logarithms
// make the change multiplicative (+23 % reads the same at 50 ms and at 5 s) and tame latency's right tail; Welch
// does not assume both sides spread alike. docs/verdict.md says why this and not a bootstrap (small numbers of
// rounds: simulated coverage).
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import ttest2 from '@stdlib/stats-ttest2';

/** The power at which `detectable` is stated: a change this large is caught 4 times in 5. */
export const DETECTABLE_POWER = 0.8;

export interface ChangeInterval {
  /** after / before - 1: the estimated relative change (of geometric means; on the linear scale, of means). */
  readonly change: number;
  /** The interval's ends, as relative changes. */
  readonly low: number;
  readonly high: number;
  /** The interval's two-sided confidence, e.g. 0.95. */
  readonly confidence: number;
  /** Two-sided p-value of "no change". */
  readonly pValue: number;
  /** Welch's degrees of freedom (Infinity when neither side varies). */
  readonly df: number;
  /**
   * The smallest slowdown (relative) that this many units with this spread would call significant at this
   * confidence with DETECTABLE_POWER: (t(1 - a/2) + t(power)) standard errors.
   */
  readonly detectable: number;
  /** Units on each side. */
  readonly before: number;
  readonly after: number;
  /** `log`: ratio of geometric means; `linear`: some value was 0, so difference of means over before's mean. */
  readonly scale: 'log' | 'linear';
}

/** Why no interval could be formed, in words for the report. */
export interface NoInterval {
  readonly noInterval: string;
}

export const hasInterval = (value: ChangeInterval | NoInterval): value is ChangeInterval => !('noInterval' in value);

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const varies = (values: readonly number[]) => values.some((v) => v !== values[0]);

/**
 * The relative change from `before` to `after` with its interval at `confidence`. Needs 2 units on each side (a
 * spread to estimate); values must be finite and not negative. With a 0 among them the logarithm is undefined and the
 * linear scale is used (before's mean as the denominator, its own uncertainty ignored: said in `scale`).
 */
export function changeInterval(before: readonly number[], after: readonly number[], confidence: number): ChangeInterval | NoInterval {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be within (0, 1), got ${confidence}`);
  if (before.length < 2 || after.length < 2) {
    return { noInterval: `${before.length} and ${after.length} units: an interval needs 2 on each side (a spread to estimate)` };
  }
  const bad = [...before, ...after].find((v) => !Number.isFinite(v) || v < 0);
  if (bad !== undefined) throw new RangeError(`values must be finite and not negative, got ${bad}`);
  const linear = [...before, ...after].some((v) => v === 0);
  if (linear && mean(before) === 0) {
    return { noInterval: before.every((v) => v === 0) && after.every((v) => v === 0) ? 'always 0 on both sides' : 'before is 0: no relative change' };
  }
  const x = linear ? [...after] : after.map(Math.log);
  const y = linear ? [...before] : before.map(Math.log);
  const toChange = linear ? (d: number) => d / mean(before) : (d: number) => Math.exp(d) - 1;
  const base = { confidence, before: before.length, after: after.length, scale: linear ? 'linear' : 'log' } as const;
  const difference = mean(x) - mean(y);
  if (!varies(x) && !varies(y)) {
    // Neither side varies. Equal: no change, exactly. Different: there is no spread to judge the difference by; a
    // coarse counter (CPU seconds in 10 ms steps, a handful of status writes) looks constant over a few rounds
    // without being so, and calling its difference certain would be a false verdict waiting to happen.
    if (difference !== 0) return { noInterval: `neither side varies between units (${y.length} and ${x.length}), and they differ: no spread to judge by` };
    return { ...base, change: 0, low: 0, high: 0, pValue: 1, df: Number.POSITIVE_INFINITY, detectable: 0 };
  }
  const alpha = 1 - confidence;
  const test = ttest2(x, y, { alpha });
  const [lowDiff, highDiff] = test.ci as [number, number];
  const critical = tQuantile(1 - alpha / 2, test.df);
  const standardError = (highDiff - lowDiff) / (2 * critical);
  return {
    ...base,
    change: toChange(difference),
    low: toChange(lowDiff),
    high: toChange(highDiff),
    pValue: test.pValue,
    df: test.df,
    detectable: toChange((critical + tQuantile(DETECTABLE_POWER, test.df)) * standardError),
  };
}

/** "+23.0 %"; "-4.1 %"; beyond +999 %, "> +999 %" (a ratio that large only says the interval is useless). */
export function signedPercent(change: number, digits = 1): string {
  if (!Number.isFinite(change)) return change > 0 ? '+inf' : '-inf';
  if (change > 9.99) return '> +999 %';
  const text = (change * 100).toFixed(digits);
  return `${change >= 0 && !text.startsWith('-') ? '+' : ''}${text} %`;
}

/** "+23.0 % [+15.2 %, +31.4 %]". */
export function formatInterval(interval: Pick<ChangeInterval, 'change' | 'low' | 'high'>): string {
  return `${signedPercent(interval.change)} [${signedPercent(interval.low)}, ${signedPercent(interval.high)}]`;
}
