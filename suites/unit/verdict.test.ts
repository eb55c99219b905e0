// The verdict method on SIMULATED rounds with a known truth (seeded; no cluster): each round draws its own offset
// (between-round variance, as a fresh control plane on a busy machine has) and then its samples. Checked: the interval
// covers the true change as often as it claims, same-build A/Bs rarely give a verdict, a +20 % change is found, and
// pooling samples across rounds (the old method) is overconfident. Cheap, so the method is known to work before any
// machine time is spent.
import normalFactory from '@stdlib/random-base-normal';
import { describe, expect, test } from 'vitest';
import { median } from '../../framework/measure/quantiles.js';
import { type ChangeInterval, changeInterval, formatInterval, hasInterval } from '../../framework/verdict/interval.js';
import { confidenceOf, correctionNote, judge } from '../../framework/verdict/verdict.js';

interface World {
  /** True change of the typical value, as a log ratio (0.2 -> exp(0.2) - 1 = +22 %). */
  readonly shift: number;
  /** Between-round spread (sd of a round's log offset). */
  readonly betweenSd: number;
  /** Within-round spread of a sample (lognormal sigma). */
  readonly withinSd: number;
  readonly samples: number;
  readonly rounds: number;
}

const TYPICAL: World = { shift: 0, betweenSd: 0.08, withinSd: 0.3, samples: 30, rounds: 4 };

function simulator(seed: number) {
  const normal = normalFactory.factory({ seed });
  /** One round: its offset, then its samples around a 100 ms median. */
  const round = (world: World, shift: number) => {
    const offset = normal(0, world.betweenSd);
    return Array.from({ length: world.samples }, () => 100 * Math.exp(shift + offset + normal(0, world.withinSd)));
  };
  return (world: World) => ({
    before: Array.from({ length: world.rounds }, () => round(world, 0)),
    after: Array.from({ length: world.rounds }, () => round(world, world.shift)),
  });
}

const roundMedians = (rounds: number[][]) => rounds.map(median);
const interval = (a: readonly number[], b: readonly number[], confidence = 0.95): ChangeInterval => {
  const found = changeInterval(a, b, confidence);
  if (!hasInterval(found)) throw new Error(found.noInterval);
  return found;
};

/** How often, over `times` simulated A/Bs, the interval covers the truth and the verdict is each of the four. */
function battery(world: World, times: number, seed: number, units: 'rounds' | 'pooled samples' = 'rounds') {
  const draw = simulator(seed);
  const truth = Math.exp(world.shift) - 1;
  let covered = 0;
  const verdicts = { slower: 0, faster: 0, 'no change': 0, inconclusive: 0 };
  const detectable: number[] = [];
  for (let i = 0; i < times; i++) {
    const { before, after } = draw(world);
    const found = units === 'rounds' ? interval(roundMedians(before), roundMedians(after)) : interval(before.flat(), after.flat());
    if (found.low <= truth && truth <= found.high) covered++;
    verdicts[judge(found, 0.1)]++;
    detectable.push(found.detectable);
  }
  return { coverage: covered / times, verdicts, detectable: median(detectable) };
}

describe('the interval on simulated rounds with a known truth', () => {
  // 400 A/Bs: a 95 % interval covers the truth Binomial(400, 0.95) times, mean 380, sd 4.4; below 0.92 (368) is
  // 2.7 sd low, which a calibrated interval does with probability about 0.004.
  test.each([
    ['no change, typical spread', { ...TYPICAL }],
    ['+22 %, typical spread', { ...TYPICAL, shift: 0.2 }],
    ['no change, rounds differ a lot (sd 0.2), few samples', { ...TYPICAL, betweenSd: 0.2, samples: 10 }],
    ['-10 %, rounds alike, 8 rounds', { ...TYPICAL, shift: Math.log(0.9), betweenSd: 0.01, rounds: 8 }],
  ])('%s: the 95 % interval covers the true change in at least 92 % of 400 A/Bs', (_name, world) => {
    const { coverage } = battery(world, 400, 11);
    process.stdout.write(`[coverage] ${_name}: ${(coverage * 100).toFixed(1)} %\n`);
    expect(coverage).toBeGreaterThanOrEqual(0.92);
    // And it is not trivially wide: a calibrated interval misses sometimes (P(all 400 cover) ~ 1e-9).
    expect(coverage).toBeLessThan(1);
  });

  test('pooling the samples of all rounds (the old method) misses the truth far more often when rounds differ', () => {
    const world = { ...TYPICAL, betweenSd: 0.15 };
    const rounds = battery(world, 400, 12);
    const pooled = battery(world, 400, 12, 'pooled samples');
    process.stdout.write(`[coverage] rounds as units ${(rounds.coverage * 100).toFixed(1)} %, samples pooled ${(pooled.coverage * 100).toFixed(1)} %\n`);
    expect(rounds.coverage).toBeGreaterThanOrEqual(0.92);
    expect(pooled.coverage).toBeLessThan(0.8);
  });
});

describe('verdicts on simulated A/Bs', () => {
  test('same build: at most 5 % of 1,000 A/Bs of 4 rounds say "slower" or "faster" (10 % tolerance)', () => {
    const { verdicts } = battery(TYPICAL, 1000, 21);
    const wrong = verdicts.slower + verdicts.faster;
    process.stdout.write(`[false verdicts] ${JSON.stringify(verdicts)}\n`);
    // A false "slower" needs the interval wholly above 0 (2.5 % at most) and the estimate beyond 10 %: rarer still.
    expect(wrong / 1000).toBeLessThanOrEqual(0.05);
  });

  test('+20 %, rounds alike (sd 0.02), 60 samples: "slower" in at least 90 % of 400 A/Bs of 4 rounds; never "faster"', () => {
    const { verdicts, detectable } = battery({ ...TYPICAL, shift: Math.log(1.2), betweenSd: 0.02, samples: 60 }, 400, 22);
    process.stdout.write(`[power] +20 %: ${JSON.stringify(verdicts)}, median detectable ${(detectable * 100).toFixed(1)} %\n`);
    expect(verdicts.slower / 400).toBeGreaterThanOrEqual(0.9);
    expect(verdicts.faster).toBe(0);
    // The detectable change is what the power claims: +20 % is above it, so it is found 4 times in 5 or more.
    expect(detectable).toBeLessThan(0.2);
  });

  test('with rounds that differ more (sd 0.08) 4 rounds cannot promise +20 %, and the detectable change says so', () => {
    const { verdicts, detectable } = battery({ ...TYPICAL, shift: Math.log(1.2) }, 400, 25);
    process.stdout.write(`[power] +20 %, sd 0.08 between rounds: ${JSON.stringify(verdicts)}, median detectable ${(detectable * 100).toFixed(1)} %\n`);
    expect(detectable).toBeGreaterThan(0.2);
    expect(verdicts.slower / 400).toBeLessThan(0.8);
    expect(verdicts.faster).toBe(0);
  });

  test('the detectable change is honest: a change of that size is found about 4 times in 5 (80 % power)', () => {
    const world = { ...TYPICAL, samples: 10 };
    const { detectable } = battery(world, 200, 23);
    // Significance alone (the interval above 0), for a true change equal to the detectable one.
    const draw = simulator(24);
    let significant = 0;
    for (let i = 0; i < 400; i++) {
      const { before, after } = draw({ ...world, shift: Math.log(1 + detectable) });
      if (interval(roundMedians(before), roundMedians(after)).low > 0) significant++;
    }
    process.stdout.write(`[detectable] ${(detectable * 100).toFixed(1)} %: significant in ${significant} of 400\n`);
    expect(significant / 400).toBeGreaterThan(0.7);
    expect(significant / 400).toBeLessThan(0.9);
  });
});

describe('the rule and the correction', () => {
  test.each([
    [{ change: 0.23, low: 0.15, high: 0.31 }, 'slower'],
    [{ change: -0.23, low: -0.31, high: -0.15 }, 'faster'],
    [{ change: 0.02, low: -0.05, high: 0.08 }, 'no change'],
    [{ change: 0.06, low: -0.04, high: 0.17 }, 'inconclusive'],
    // Significant but within the tolerance, while the interval reaches beyond it: not "no change".
    [{ change: 0.07, low: 0.03, high: 0.12 }, 'inconclusive'],
    // Significant and the estimate beyond the tolerance, though the interval starts below it: "slower".
    [{ change: 0.14, low: 0.02, high: 0.27 }, 'slower'],
  ])('%j -> %s at a 10 % tolerance', (found, verdict) => {
    expect(judge(found, 0.1)).toBe(verdict);
  });

  test('primary at 1 - alpha, secondaries share alpha (Bonferroni), and the output says so', () => {
    expect(confidenceOf('primary', 5, 0.05)).toBe(0.95);
    expect(confidenceOf('secondary', 5, 0.05)).toBeCloseTo(0.99, 10);
    expect(correctionNote('setup', 5, 0.05)).toBe(
      'primary figure "setup" at 95 %; 5 secondary figures at 99 % each (Bonferroni, 0.05/5: together at most a 5 % chance of any false verdict among them)',
    );
  });

  test('intervals: exact when neither side varies alike, none when they differ without varying, linear with a 0, none from one unit', () => {
    expect(interval([100, 100], [100, 100])).toMatchObject({ change: 0, low: 0, high: 0, pValue: 1 });
    // Constant but different on each side (a coarse counter over a few rounds): no spread, so no verdict.
    expect(changeInterval([10, 10], [20, 20], 0.95)).toEqual({ noInterval: expect.stringContaining('neither side varies') });
    expect(interval([0, 2, 4], [1, 3, 5])).toMatchObject({ scale: 'linear', change: 0.5 });
    expect(changeInterval([100], [120, 130], 0.95)).toEqual({ noInterval: expect.stringContaining('needs 2 on each side') });
    expect(changeInterval([0, 0], [0, 0], 0.95)).toEqual({ noInterval: 'always 0 on both sides' });
    expect(() => changeInterval([1, -1], [1, 2], 0.95)).toThrow(/not negative/);
    expect(formatInterval({ change: 0.23, low: 0.152, high: 0.314 })).toBe('+23.0 % [+15.2 %, +31.4 %]');
    expect(formatInterval({ change: 0.5, low: -0.999, high: 1e20 })).toBe('+50.0 % [-99.9 %, > +999 %]');
  });

  test('a higher confidence gives a wider interval around the same estimate', () => {
    const a = [100, 104, 97, 101];
    const b = [110, 115, 108, 112];
    const at95 = interval(a, b, 0.95);
    const at99 = interval(a, b, 0.99);
    expect(at99.change).toBe(at95.change);
    expect(at99.low).toBeLessThan(at95.low);
    expect(at99.high).toBeGreaterThan(at95.high);
  });
});
