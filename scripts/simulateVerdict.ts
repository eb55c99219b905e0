// npx tsx scripts/simulateVerdict.ts: the simulation behind docs/verdict.md's choice of method. Same-build A/Bs
// (no change) are drawn with a known between-round and within-round spread, and three ways of forming a 95 % interval
// for the change are scored by how often they wrongly exclude 0 (should be 5 %):
//   - Welch's t on the logarithms of the round medians (the method `npm run ab` uses),
//   - a two-level (hierarchical) bootstrap of the ratio of medians: resample rounds, then samples within them,
//   - the samples of all rounds pooled (what `npm run ab` did before rounds were the unit).
// The bootstrap lives here only, as the alternative that was measured and not chosen.
import normalFactory from '@stdlib/random-base-normal';
import { median } from '../framework/measure/quantiles.js';
import { changeInterval, hasInterval } from '../framework/verdict/interval.js';

const normal = normalFactory.factory({ seed: 42 });
const uniform = normalFactory.factory({ seed: 7 }).PRNG;
const pick = <T>(values: readonly T[]): T => values[Math.floor(uniform() * values.length)] as T;

function round(betweenSd: number, withinSd: number, samples: number): number[] {
  const offset = normal(0, betweenSd);
  return Array.from({ length: samples }, () => 100 * Math.exp(offset + normal(0, withinSd)));
}

function excludesZero(low: number, high: number): boolean {
  return low > 0 || high < 0;
}

function welch(a: number[][], b: number[][]): boolean {
  const found = changeInterval(a.map(median), b.map(median), 0.95);
  return hasInterval(found) && excludesZero(found.low, found.high);
}

function pooled(a: number[][], b: number[][]): boolean {
  const found = changeInterval(a.flat(), b.flat(), 0.95);
  return hasInterval(found) && excludesZero(found.low, found.high);
}

function bootstrap(a: number[][], b: number[][], resamples = 400): boolean {
  const medianOf = (rounds: number[][]) => median(rounds.map(() => pick(rounds)).flatMap((r) => r.map(() => pick(r))));
  const ratios = Array.from({ length: resamples }, () => Math.log(medianOf(b) / medianOf(a))).sort((x, y) => x - y);
  return excludesZero(ratios[Math.floor(0.025 * resamples)] as number, ratios[Math.floor(0.975 * resamples)] as number);
}

const worlds = [
  { betweenSd: 0.02, withinSd: 0.3, samples: 10, rounds: 4 },
  { betweenSd: 0.1, withinSd: 0.3, samples: 10, rounds: 4 },
  { betweenSd: 0.1, withinSd: 0.3, samples: 20, rounds: 4 },
  { betweenSd: 0.2, withinSd: 0.1, samples: 20, rounds: 4 },
  { betweenSd: 0.2, withinSd: 0.1, samples: 20, rounds: 6 },
  { betweenSd: 0.5, withinSd: 0.3, samples: 40, rounds: 4 },
];
const TIMES = 300;
console.log('| between-round sd | within-round sd | samples | rounds per side | Welch on log round medians | hierarchical bootstrap | samples pooled |');
console.log('|---|---|---|---|---|---|---|');
for (const world of worlds) {
  const counts = { welch: 0, bootstrap: 0, pooled: 0 };
  for (let i = 0; i < TIMES; i++) {
    const draw = () => Array.from({ length: world.rounds }, () => round(world.betweenSd, world.withinSd, world.samples));
    const a = draw();
    const b = draw();
    if (welch(a, b)) counts.welch++;
    if (bootstrap(a, b)) counts.bootstrap++;
    if (pooled(a, b)) counts.pooled++;
  }
  const rate = (n: number) => `${((100 * n) / TIMES).toFixed(1)} %`;
  console.log(
    `| ${world.betweenSd} | ${world.withinSd} | ${world.samples} | ${world.rounds} | ${rate(counts.welch)} | ${rate(counts.bootstrap)} | ${rate(counts.pooled)} |`,
  );
}
console.log(`\n${TIMES} same-build A/Bs per row; a 95 % interval should exclude 0 in 5 % of them.`);
