// Power against a known change: when arm B adds a known time to every sample of the primary figure (a calibration
// delay, a sleep injected into a controller's source), the true relative change is that time over A's level, on the
// scale the interval uses (the geometric mean of A's round values). A power A/B is right when it says "slower" and
// its interval covers that true change; what B's level really came to beside A's is reported too, since an injected
// sleep need not add exactly its length (it may sit on the critical path once, twice, or not at all).
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

const geometricMean = (values: readonly number[]) => Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);

/** The check from A's and B's round values of the primary figure and its interval. */
export function checkInjected(
  addedMs: number,
  aRounds: readonly number[],
  bRounds: readonly number[],
  interval: { readonly low: number; readonly high: number },
): InjectedCheck {
  if (aRounds.length === 0 || bRounds.length === 0) throw new RangeError('both arms need rounds');
  const a = geometricMean(aRounds);
  const trueChange = addedMs / a;
  return { addedMs, trueChange, measuredMs: geometricMean(bRounds) - a, covered: interval.low <= trueChange && trueChange <= interval.high };
}

/** The check for one A/B's primary figure, or undefined when that figure has no interval. */
export function injectedCheckOf(result: AbResult, addedMs: number, statistic: RoundStatistic = 'median'): InjectedCheck | undefined {
  const primary = result.comparison.figures.find((f) => f.role === 'primary');
  if (!primary?.interval) return undefined;
  const roundValues = (arm: 'A' | 'B') => {
    const units = unitsOfRounds(
      result.runs.filter((run) => run.arm === arm && run.round <= result.rounds).map((run) => run.report.results),
      statistic,
    ).get(primary.key);
    return units && isMeasured(units) ? units.units : [];
  };
  return checkInjected(addedMs, roundValues('A'), roundValues('B'), primary.interval);
}
