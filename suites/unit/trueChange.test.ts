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

describe("a battery's change pooled from its rounds", () => {
  const ab = (a: number[], b: number[], low: number, high: number) => ({ a, b, interval: { low, high } });

  test('all rounds together give the change; each A/B is checked against the others only (leave one out)', () => {
    const battery = [ab([100, 102], [120, 122], 0.15, 0.25), ab([101, 99], [121, 119], 0.15, 0.25), ab([100, 100], [150, 150], 0.4, 0.6)];
    const check = pooledCheck(battery, 0.95);
    if (!check) throw new Error('no pooled check');
    expect(check.all.rounds).toBe(6);
    expect(check.all.change).toBeGreaterThan(0.2);
    expect(check.all.low).toBeLessThan(check.all.change);
    // The 3rd A/B's +50 % pulls the others' pooled change up: the 1st is checked against the 2nd and 3rd (about +34 %).
    expect(check.each[0]?.change).toBeCloseTo(Math.sqrt((121 * 119 * 150 * 150) / (101 * 99 * 100 * 100)) ** 0.5 - 1, 10);
    expect(check.each.map((e) => e.covered)).toEqual([false, false, false]);
  });

  test('A/Bs that agree cover each other', () => {
    const battery = [ab([100, 101], [120, 121], 0.15, 0.25), ab([100, 99], [120, 119], 0.15, 0.25), ab([100, 100], [121, 119], 0.15, 0.25)];
    expect(pooledCheck(battery, 0.95)?.each.every((e) => e.covered)).toBe(true);
  });

  test('an A/B without an interval is not counted as covering; one A/B alone has no others', () => {
    const battery = [ab([100, 101], [120, 121], 0.15, 0.25), { a: [100, 99], b: [120, 119] }];
    expect(pooledCheck(battery, 0.95)?.each[1]?.covered).toBe(false);
    expect(pooledCheck([ab([100, 101], [120, 121], 0.15, 0.25)], 0.95)).toBeUndefined();
  });
});
