import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { describe, expect, test } from 'vitest';
import { checkInjected, pooledCheck } from '../../framework/ab/trueChange.js';
import { changeInterval, hasInterval } from '../../framework/verdict/interval.js';

const gm = (values: readonly number[]) => Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);

/** An A/B's round values with the verdict's own 95 % interval. */
function ab(a: number[], b: number[]) {
  const interval = changeInterval(a, b, 0.95);
  if (!hasInterval(interval)) throw new Error(interval.noInterval);
  return { a, b, interval };
}

describe('a power A/B against a known added time', () => {
  const a = [60, 62, 58, 61];

  test("the true change is A's rounds with the time added over A's (geometric means); B - A is what it came to", () => {
    const check = checkInjected(12, a, [73, 74, 70, 72], { low: 0.15, high: 0.25 });
    expect(check.trueChange).toBeCloseTo(gm(a.map((v) => v + 12)) / gm(a) - 1, 12);
    expect(check.trueChange).toBeCloseTo(0.199, 3);
    expect(check.measuredMs).toBeCloseTo(gm([73, 74, 70, 72]) - gm(a), 12);
    expect(check.covered).toBe(true);
  });

  test('an interval beside the true change does not cover it', () => {
    expect(checkInjected(12, a, [80, 81, 79, 80], { low: 0.25, high: 0.4 }).covered).toBe(false);
    expect(checkInjected(12, a, [66, 67, 65, 66], { low: 0.05, high: 0.19 }).covered).toBe(false);
  });

  test("the verdict's own interval of B = A + 12 ms covers the true change", () => {
    const { b, interval } = ab(
      a,
      a.map((v) => v + 12),
    );
    expect(checkInjected(12, a, b, interval).covered).toBe(true);
  });

  test('an arm without rounds is refused', () => {
    expect(() => checkInjected(12, [], [70], { low: 0, high: 1 })).toThrow(RangeError);
  });
});

describe("a battery's change, combined from its A/Bs", () => {
  test('two alike A/Bs: the interval is the t quantile with 1 df times the fixed-effect standard error', () => {
    const one = ab([100, 104, 98, 101], [120, 123, 118, 121]);
    const check = pooledCheck([one, one], 0.95);
    if (!check) throw new Error('no combined change');
    const la = one.a.map(Math.log);
    const lb = one.b.map(Math.log);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const variance = (v: number[]) => v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1);
    const d = mean(lb) - mean(la);
    const se = Math.sqrt((variance(la) / 4 + variance(lb) / 4) / 2);
    expect(check.all.count).toBe(2);
    expect(check.all.change).toBeCloseTo(Math.exp(d) - 1, 12);
    expect(check.all.low).toBeCloseTo(Math.exp(d - tQuantile(0.975, 1) * se) - 1, 12);
    expect(check.all.high).toBeCloseTo(Math.exp(d + tQuantile(0.975, 1) * se) - 1, 12);
  });

  test('A/Bs that differ more than their own spreads allow widen the interval (Knapp-Hartung)', () => {
    const alike = pooledCheck([ab([100, 101, 99], [120, 121, 119]), ab([100, 101, 99], [120, 121, 119])], 0.95);
    const apart = pooledCheck([ab([100, 101, 99], [120, 121, 119]), ab([100, 101, 99], [140, 141, 139])], 0.95);
    if (!alike || !apart) throw new Error('no combined change');
    const width = (c: { low: number; high: number }) => Math.log1p(c.high) - Math.log1p(c.low);
    expect(width(apart.all)).toBeGreaterThan(5 * width(alike.all));
  });

  test('a precise A/B outweighs a noisy one; each A/B is checked against the others only (leave one out)', () => {
    const precise = ab([100, 100.5, 99.5, 100], [120, 120.5, 119.5, 120]);
    const noisy = ab([50, 150, 100, 100], [300, 100, 200, 150]);
    const check = pooledCheck([precise, noisy], 0.95);
    if (!check) throw new Error('no combined change');
    // Rounds pooled alike, or equal weights, would give about +49 %; the precise A/B's +20 % decides.
    expect(check.all.change).toBeCloseTo(0.2, 2);
    expect(check.each[0]?.change).toBeCloseTo(gm(noisy.b) / gm(noisy.a) - 1, 10);
    expect(check.each[1]?.change).toBeCloseTo(gm(precise.b) / gm(precise.a) - 1, 10);
    // The precise interval does not hold the noisy +49 %; the noisy one's wide interval holds +20 %.
    expect(check.each.map((e) => e.covered)).toEqual([false, true]);
  });

  test('A/Bs that agree cover each other; one that disagrees does not cover theirs; a noisy one hardly moves the rest', () => {
    const agree = [ab([100, 101, 99], [120, 121, 119]), ab([100, 99, 101], [120, 119, 121]), ab([100, 102, 99], [121, 119, 120])];
    expect(pooledCheck(agree, 0.95)?.each.every((e) => e.covered)).toBe(true);
    const disagree = pooledCheck([...agree, ab([100, 101, 99], [150, 152, 149])], 0.95);
    expect(disagree?.each[3]).toMatchObject({ covered: false });
    expect(disagree?.each[3]?.change).toBeCloseTo(0.2, 2);
    const noisy = pooledCheck([...agree, ab([70, 130, 100], [120, 190, 150])], 0.95);
    expect(noisy?.each[0]?.change).toBeCloseTo(0.2, 2);
  });

  test('an A/B without an interval does not cover; without spread it is not counted; one A/B alone has no others', () => {
    const battery = [ab([100, 101], [120, 121]), { a: [100, 99], b: [120, 119] }, { ...ab([100, 101], [120, 121]), a: [100, 100], b: [120, 120] }];
    const check = pooledCheck(battery, 0.95);
    expect(check?.all.count).toBe(2);
    expect(check?.each[1]?.covered).toBe(false);
    expect(pooledCheck([ab([100, 101], [120, 121])], 0.95)).toBeUndefined();
  });
});
