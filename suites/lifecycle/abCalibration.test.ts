// The A/B detector proved on an instrument with a known answer: the calibration controller (fixtures/) writes status
// exactly D ms after it sees a route. `npm run ab`'s runner, on fresh local control planes per run, must call
// D = 80 ms "slower" than D = 50 ms with significance, and D = 50 against D = 50 "no change". The instrument has no
// fixed ports, so these need no kgateway lock. Sized for CI: 100 routes, 10 samples, 2 rounds (4 runs of ~20 s).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runAb } from '../../framework/ab/abRun.js';
import { parseControllerSpec } from '../../framework/controllers/spec.js';
import { comparisonTable, formatP } from '../../framework/report/compare.js';

const SIZE = { rounds: 2, routes: 100, samples: 10, test: 'AttachedRoutesBaseline' } as const;

async function ab(a: string, b: string) {
  const started = performance.now();
  const result = await runAb(
    { ...SIZE, a: parseControllerSpec(a), b: parseControllerSpec(b), outDir: mkdtempSync(join(tmpdir(), 'ab-calibration-')) },
    (line) => console.log(line),
  );
  console.log(`${comparisonTable(result.comparison)}\nA/B ${a} vs ${b}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const figure = (key: string) => {
    const found = result.comparison.figures.find((f) => f.key === key);
    if (!found) throw new Error(`no ${key} figure in the comparison`);
    return found;
  };
  return { result, setup: figure('setup'), teardown: figure('teardown') };
}

describe('A/B on the calibration instrument', () => {
  test('D = 50 ms against D = 80 ms: setup and teardown are significantly slower', async () => {
    const { result, setup, teardown } = await ab('calibration:50', 'calibration:80');
    expect(result.runs.map((run) => `${run.round}${run.arm}`)).toEqual(['1A', '1B', '2B', '2A']);
    for (const figure of [setup, teardown]) {
      expect(figure.samples?.before).toHaveLength(SIZE.rounds * SIZE.samples);
      expect(figure.samples?.after).toHaveLength(SIZE.rounds * SIZE.samples);
      expect(figure.verdict, `${figure.label}: ${figure.basis}`).toBe('slower');
      expect(figure.pValue ?? 1, `${figure.label}: p = ${formatP(figure.pValue ?? 1)}`).toBeLessThan(0.05);
      expect(figure.regression).toBe(true);
    }
    // The instrument's delay is the truth: the medians differ by about 30 ms (more only with queueing).
    expect(((setup.after as { p50: number }).p50 - (setup.before as { p50: number }).p50) / 1).toBeGreaterThan(20);
  }, 600_000);

  test('D = 50 ms against D = 50 ms: no change, nothing flagged', async () => {
    const { result, setup, teardown } = await ab('calibration:50', 'calibration:50');
    expect(setup.verdict, setup.basis).toBe('no change');
    expect(teardown.verdict, teardown.basis).toBe('no change');
    expect(result.comparison.regressions.map((f) => `${f.label}: ${f.basis}`)).toEqual([]);
  }, 600_000);
});
