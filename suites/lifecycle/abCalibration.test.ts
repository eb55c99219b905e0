// The A/B verdict proved on an instrument with a known answer: the calibration controller (fixtures/) writes status
// exactly D ms after it sees a route. `npm run ab`'s runner, on fresh local control planes per round, must call
// D = 100 ms "slower" than D = 50 ms with the interval above 0, in ABBA order; run again on the same directory it must
// resume every saved run and reach the same verdict without starting a cluster. The instrument has no fixed ports, so
// this needs no kgateway lock. Sized for CI: 3 rounds per side of 100 routes and 40 samples (6 runs of ~25 s on a quiet
// machine). Rounds are summarised by their fastest sample (--round-statistic min): on a loaded machine (load average
// 40 on 2 cores here) round medians of this instrument varied 5-fold and D = 80 against 50 over 3 rounds was
// "inconclusive" by the median, "slower" by the minimum; a CI test must not fail because the machine is busy.
// Same-build A/Bs (the false-verdict rate) are measured by `npm run ab:noise` and simulated in
// suites/unit/verdict.test.ts: at up to 5 % per A/B they would make a flaky CI test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type AbResult, runAb } from '../../framework/ab/abRun.js';
import { parseControllerSpec } from '../../framework/controllers/spec.js';
import { comparisonTable, DEFAULT_COMPARE_OPTIONS, exitCodeOf } from '../../framework/report/compare.js';

const SIZE = { rounds: 3, minRounds: 3, routes: 100, samples: 40, test: 'AttachedRoutesBaseline' } as const;
const COMPARE = { ...DEFAULT_COMPARE_OPTIONS, roundStatistic: 'min' } as const;
const outDir = mkdtempSync(join(tmpdir(), 'ab-calibration-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function ab(): Promise<AbResult> {
  const started = performance.now();
  const result = await runAb(
    { ...SIZE, compare: COMPARE, a: parseControllerSpec('calibration:50'), b: parseControllerSpec('calibration:100'), outDir },
    (line) => console.log(line),
  );
  console.log(`${comparisonTable(result.comparison)}\nA/B: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return result;
}

const primaryOf = (result: AbResult) => {
  const found = result.comparison.figures.find((f) => f.role === 'primary');
  if (!found?.interval) throw new Error(`no primary figure with an interval: ${found?.basis ?? 'none'}`);
  return found;
};

describe('A/B on the calibration instrument', () => {
  let first: AbResult;

  test('D = 50 ms against D = 100 ms: setup is "slower", its interval above 0, in ABBA order; exit status 1', async () => {
    first = await ab();
    expect(first.runs.map((run) => `${run.round}${run.arm}`)).toEqual(['1A', '1B', '2B', '2A', '3A', '3B']);
    expect(first.runs.every((run) => !run.resumed && run.loadAverage.length === 3)).toBe(true);
    const setup = primaryOf(first);
    expect(setup.key).toBe('setup');
    expect(setup.verdict, setup.basis).toBe('slower');
    expect(setup.interval?.low).toBeGreaterThan(0);
    expect(first.comparison.replication).toMatchObject({ unit: 'round', before: 3, after: 3 });
    expect(exitCodeOf(first.comparison)).toBe(1);
    // The instrument's delay is the truth: +50 ms on a fastest setup of roughly 55-100 ms is +50 % to +90 %.
    expect(setup.interval?.change).toBeGreaterThan(0.3);
    expect(first.comparison.replication.statistic).toBe('min');
  }, 900_000);

  test('run again on the same directory: every run is resumed from what it saved, and the verdict is the same', async () => {
    const again = await ab();
    expect(again.runs.every((run) => run.resumed)).toBe(true);
    expect(primaryOf(again).interval).toEqual(primaryOf(first).interval);
  }, 120_000);
});
