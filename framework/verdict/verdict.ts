// The verdict rule, read off an interval, and the correction for judging many figures at once.
//
// A figure is "slower" when its interval lies wholly above 0 (significant) AND its estimate exceeds the tolerance:
// significance alone would flag a real 2 % drift nobody cares about, and the estimate alone would flag noise.
// "no change" needs the whole interval inside ±tolerance: a change beyond the tolerance has been ruled out.
// Anything else is "inconclusive": the data allow a change beyond the tolerance without showing one.
//
// Multiple figures: each suite declares one primary figure, judged at the chosen confidence (95 %). The others are
// secondary and share the same error budget (Bonferroni: each at 1 - alpha/m), so the chance that any of them gives a
// false verdict is also at most alpha; their intervals are wider. Holm would reject a little more often, but it has no
// matching intervals, and every verdict here is read from its interval.
import { type ChangeInterval, signedPercent } from './interval.js';

export type Verdict = 'slower' | 'faster' | 'no change' | 'inconclusive';

export interface VerdictOptions {
  /** Relative change of the estimate below which a figure counts as unchanged, e.g. 0.1 for 10 %. */
  readonly tolerance: number;
  /** Error budget: the primary figure's interval is at 1 - alpha, the secondary figures' together too. */
  readonly alpha: number;
}

export const DEFAULT_VERDICT_OPTIONS: VerdictOptions = { tolerance: 0.1, alpha: 0.05 };

export function judge(interval: Pick<ChangeInterval, 'change' | 'low' | 'high'>, tolerance: number): Verdict {
  if (interval.low > 0 && interval.change > tolerance) return 'slower';
  if (interval.high < 0 && interval.change < -tolerance) return 'faster';
  if (interval.low >= -tolerance && interval.high <= tolerance) return 'no change';
  return 'inconclusive';
}

/** Why the rule gave this verdict, in words. */
export function verdictReason(verdict: Verdict, interval: Pick<ChangeInterval, 'change' | 'low' | 'high'>, tolerance: number): string {
  const t = signedPercent(tolerance, 0).replace('+', '±');
  switch (verdict) {
    case 'slower':
      return `the interval lies above 0 and the estimate ${signedPercent(interval.change)} beyond ${t}`;
    case 'faster':
      return `the interval lies below 0 and the estimate ${signedPercent(interval.change)} beyond ${t}`;
    case 'no change':
      return `the whole interval lies within ${t}`;
    case 'inconclusive':
      return interval.low > 0 || interval.high < 0
        ? `significant, but the estimate is within ${t} while the interval reaches beyond it`
        : `the interval reaches beyond ${t} without excluding 0: too wide for the tolerance`;
  }
}

/** The confidence of each figure's interval: the primary at 1 - alpha, each of `secondaries` at 1 - alpha / m. */
export function confidenceOf(role: 'primary' | 'secondary', secondaries: number, alpha: number): number {
  return role === 'primary' ? 1 - alpha : 1 - alpha / Math.max(1, secondaries);
}

/** The correction, said once in every output. */
export function correctionNote(primaryLabel: string | undefined, secondaries: number, alpha: number): string {
  const primary = primaryLabel ? `primary figure "${primaryLabel}" at ${confidencePercent(1 - alpha)}` : 'no primary figure measured';
  if (secondaries === 0) return `${primary}; no secondary figure`;
  return `${primary}; ${secondaries} secondary figure${secondaries === 1 ? '' : 's'} at ${confidencePercent(confidenceOf('secondary', secondaries, alpha))} each (Bonferroni, ${alpha}/${secondaries}: together at most a ${confidencePercent(alpha)} chance of any false verdict among them)`;
}

/** 0.95 -> "95 %", 0.99875 -> "99.875 %". */
export function confidencePercent(confidence: number): string {
  return `${Number((confidence * 100).toPrecision(5))} %`;
}
