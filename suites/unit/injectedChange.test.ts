import { describe, expect, test } from 'vitest';
import { checkInjected } from '../../framework/ab/injectedChange.js';
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
