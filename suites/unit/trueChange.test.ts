import { describe, expect, test } from 'vitest';
import { checkInjected, pooledCheck } from '../../framework/ab/trueChange.js';
import { changeInterval, hasInterval } from '../../framework/verdict/interval.js';

describe('a power A/B against a known added time', () => {
  const a = [60, 62, 58, 61];

  test('the true change is the added time over A geometric mean, and B - A is what it came to', () => {
    const check = checkInjected(12, a, [73, 74, 70, 72], { low: 0.15, high: 0.25 });
    const level = Math.exp((Math.log(60) + Math.log(62) + Math.log(58) + Math.log(61)) / 4);
    expect(check.trueChange).toBeCloseTo(12 / level, 12);
    expect(check.trueChange).toBeCloseTo(0.199, 3);
    expect(check.measuredMs).toBeGreaterThan(11);
    expect(check.measuredMs).toBeLessThan(13);
    expect(check.covered).toBe(true);
  });

  test('an interval beside the true change does not cover it', () => {
    expect(checkInjected(12, a, [80, 81, 79, 80], { low: 0.25, high: 0.4 }).covered).toBe(false);
    expect(checkInjected(12, a, [66, 67, 65, 66], { low: 0.05, high: 0.19 }).covered).toBe(false);
  });

  test("the verdict's own interval of B = A + 12 ms covers the true change", () => {
    const b = a.map((v) => v + 12);
    const interval = changeInterval(a, b, 0.95);
    if (!hasInterval(interval)) throw new Error(interval.noInterval);
    expect(checkInjected(12, a, b, interval).covered).toBe(true);
  });

  test('an arm without rounds is refused', () => {
    expect(() => checkInjected(12, [], [70], { low: 0, high: 1 })).toThrow(RangeError);
  });
});

describe("a battery's change, combined from its A/Bs", () => {
  const ab = (a: number[], b: number[], low: number, high: number) => ({ a, b, interval: { low, high } });
  const gm = (values: number[]) => Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);

  test('a precise A/B outweighs a noisy one; each A/B is checked against the others only (leave one out)', () => {
    const precise = ab([100, 100.5, 99.5, 100], [120, 120.5, 119.5, 120], 0.19, 0.21);
    const noisy = ab([50, 150, 100, 100], [300, 100, 200, 150], -0.5, 2);
    const check = pooledCheck([precise, noisy], 0.95);
    if (!check) throw new Error('no pooled check');
    expect(check.all.abs).toBe(2);
    // Equal weights would give about +47 %; the precise A/B's +20 % decides.
    expect(check.all.change).toBeCloseTo(0.2, 2);
    expect(check.all.low).toBeLessThan(check.all.change);
    expect(check.all.high).toBeGreaterThan(check.all.change);
    expect(check.each[0]?.change).toBeCloseTo(gm(noisy.b) / gm(noisy.a) - 1, 10);
    expect(check.each[1]?.change).toBeCloseTo(gm(precise.b) / gm(precise.a) - 1, 10);
    expect(check.each.map((e) => e.covered)).toEqual([false, true]);
  });

  test('A/Bs that agree cover each other; a noisy one that disagrees neither covers nor moves them', () => {
    const agree = [ab([100, 101], [120, 121], 0.15, 0.25), ab([100, 99], [120, 119], 0.15, 0.25), ab([100, 102], [121, 119], 0.15, 0.25)];
    expect(pooledCheck(agree, 0.95)?.each.every((e) => e.covered)).toBe(true);
    const disagree = [...agree, ab([70, 130], [120, 190], 0.45, 0.55)];
    expect(pooledCheck(disagree, 0.95)?.each.map((e) => e.covered)).toEqual([true, true, true, false]);
  });

  test('an A/B without an interval does not cover; without spread it is not counted; one A/B alone has no others', () => {
    const battery = [ab([100, 101], [120, 121], 0.15, 0.25), { a: [100, 99], b: [120, 119] }, ab([100, 100], [120, 120], 0.2, 0.2)];
    const check = pooledCheck(battery, 0.95);
    expect(check?.all.abs).toBe(2);
    expect(check?.each[1]?.covered).toBe(false);
    expect(pooledCheck([ab([100, 101], [120, 121], 0.15, 0.25)], 0.95)).toBeUndefined();
  });
});
