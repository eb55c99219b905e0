// `compare` as a regression detector, on TEST FIXTURE reports (seeded, made-up sample sets; no cluster): verdicts,
// the CLI's exit status, refusals, skipped figures, and the detector's false-positive rate and power.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'parse5';
import { describe, expect, test } from 'vitest';
import {
  type Comparison,
  compareReports,
  comparisonMarkdown,
  comparisonTable,
  type FigureComparison,
  ReportMismatchError,
} from '../../framework/report/compare.js';
import type { RunReport } from '../../framework/report/reportFile.js';
import { rankSumTest } from '../../framework/report/statistics.js';
import { type FixtureOptions, fixtureReport } from '../support/reportFixture.js';

const options = { tolerance: 0.1, alpha: 0.05, force: false };
const SAMPLE_KEYS = ['setup', 'accepted', 'attachedRoutes', 'routeReady', 'routeGone', 'teardown'];
const TIMED_FIELDS = ['setupMs', 'acceptedMs', 'attachedMs', 'routeReadyMs', 'teardownMs', 'routeGoneMs'] as const;

const figure = (comparison: Comparison, key: string): FigureComparison => {
  const found = comparison.figures.find((f) => f.key === key);
  if (!found) throw new Error(`no figure ${key}`);
  return found;
};

/** A deep copy of `report` with every per-sample time multiplied by `factor`. */
function scaled(report: RunReport, factor: number): RunReport {
  const copy = JSON.parse(JSON.stringify(report)) as { results: { samples: Record<string, number>[] } };
  for (const sample of copy.results.samples) for (const field of TIMED_FIELDS) sample[field] = (sample[field] as number) * factor;
  return copy as unknown as RunReport;
}

const dir = mkdtempSync(join(tmpdir(), 'compare-test-'));
function save(name: string, report: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

/** Runs `npm run compare`'s script as a child process, as a user would. */
async function compareCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/compare.ts', ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('verdicts', () => {
  test('two runs drawn from the same distribution compare as "no change" on every per-sample figure', () => {
    const comparison = compareReports(fixtureReport({ seed: 1 }), fixtureReport({ seed: 2 }), options);
    for (const key of SAMPLE_KEYS) {
      expect(figure(comparison, key).verdict, `${key}: ${figure(comparison, key).basis}`).toBe('no change');
      expect(figure(comparison, key).pValue).toBeGreaterThan(options.alpha);
    }
    expect(comparison.regressions).toEqual([]);
  });

  test('a copy with every sample time doubled is "slower" on every per-sample figure, significantly', () => {
    const before = fixtureReport({ seed: 1 });
    const comparison = compareReports(before, scaled(before, 2), options);
    for (const key of SAMPLE_KEYS) {
      const f = figure(comparison, key);
      expect(f.verdict).toBe('slower');
      expect(f.regression).toBe(true);
      expect(f.pValue).toBeLessThan(0.001);
      expect(f.medianChange).toBeCloseTo(1, 6);
    }
  });

  test('a copy with every sample time halved is "faster" and no regression', () => {
    const before = fixtureReport({ seed: 1 });
    const comparison = compareReports(before, scaled(before, 0.5), options);
    for (const key of SAMPLE_KEYS) expect(figure(comparison, key).verdict).toBe('faster');
    expect(comparison.regressions).toEqual([]);
  });

  test('a significant shift within the tolerance is "no change"; beyond it, "slower"', () => {
    const before = fixtureReport({ seed: 3, sigma: 0.02 });
    const small = compareReports(before, scaled(before, 1.05), options);
    expect(figure(small, 'setup').pValue).toBeLessThan(options.alpha);
    expect(figure(small, 'setup').verdict).toBe('no change');
    expect(compareReports(before, scaled(before, 1.05), { ...options, tolerance: 0.02 }).regressions.map((f) => f.key)).toContain('setup');
  });

  test('figures measured once per run are judged by the tolerance alone and never count as a regression', () => {
    const before = fixtureReport({ seed: 1 });
    const after = JSON.parse(JSON.stringify(before)) as { results: { baseline: { attachMs: number } } };
    after.results.baseline.attachMs *= 3;
    const f = figure(compareReports(before, after as unknown as RunReport, options), 'baselineAttach');
    expect(f.verdict).toBe('slower');
    expect(f.basis).toContain('no test: single value');
    expect(f.regression).toBe(false);
  });
});

describe('not measured figures', () => {
  test('route ready not measured in every sample is skipped with the reason shown', () => {
    const before = fixtureReport({ seed: 1 });
    const after = JSON.parse(JSON.stringify(fixtureReport({ seed: 2 }))) as { results: { samples: Record<string, unknown>[] } };
    for (const sample of after.results.samples) {
      sample.routeReadyMs = { notMeasured: 'no data plane URL (LOADTEST_DATA_PLANE_URL)' };
      sample.routeGoneMs = { notMeasured: 'no data plane URL (LOADTEST_DATA_PLANE_URL)' };
    }
    const comparison = compareReports(before, after as unknown as RunReport, options);
    expect(figure(comparison, 'routeReady')).toMatchObject({ verdict: 'not measured', regression: false });
    expect(figure(comparison, 'routeReady').basis).toContain('not measured after: no data plane URL');
    expect(figure(comparison, 'setup').verdict).toBe('no change');
  });

  test("the { notMeasured } form is skipped too (the controller of the fixture's incremental phase)", () => {
    const comparison = compareReports(fixtureReport({ seed: 1 }), fixtureReport({ seed: 2 }), options);
    const cpu = figure(comparison, 'incremental: controller CPU');
    expect(cpu.verdict).toBe('not measured');
    expect(cpu.basis).toContain('controller restarted');
  });
});

describe('refusals', () => {
  const base = fixtureReport({ seed: 1 });
  const cases: [string, FixtureOptions, RegExp][] = [
    ['tests', { seed: 2, testName: 'AttachedRoutesProduction' }, /different tests/],
    ['route counts', { seed: 2, routes: 5000 }, /different route counts: 1000 and 5000/],
    ['CPU models', { seed: 2, cpuModel: 'Another CPU' }, /different CPU models/],
    ['core counts', { seed: 2, cores: 8 }, /different core counts: 2 and 8/],
  ];
  test.each(cases)('different %s are refused unless forced', (_, other, message) => {
    const after = fixtureReport(other);
    expect(() => compareReports(base, after, options)).toThrow(ReportMismatchError);
    expect(() => compareReports(base, after, options)).toThrow(message);
    const forced = compareReports(base, after, { ...options, force: true });
    expect(forced.warnings.join('; ')).toMatch(message);
  });
});

describe('workloads and stalls', () => {
  const base = fixtureReport({ seed: 1 });
  const withResults = (report: typeof base, change: (results: typeof base.results) => typeof base.results) => ({ ...report, results: change(report.results) });

  test('reports of different workloads are refused unless forced: their setup, teardown and writes measure different things', () => {
    const other = withResults(fixtureReport({ seed: 2 }), (results) => ({ ...results, config: { ...results.config, workload: 'gateway-api-bench' } }));
    expect(() => compareReports(base, other, options)).toThrow(/different workloads \(LOADTEST_WORKLOAD\): batched and gateway-api-bench/);
  });

  test('a stall in one run and not the other is said beside the verdict, not taken for a slowdown', () => {
    const stall = (ms: number) => ({ ms, fromMs: 5000, toMs: 5000 + ms, attachedRoutes: 800, created: 1000 });
    const stalled = withResults(fixtureReport({ seed: 2 }), (results) => ({ ...results, baseline: { ...results.baseline, longestStall: stall(11_600) } }));
    const quiet = withResults(base, (results) => ({ ...results, baseline: { ...results.baseline, longestStall: stall(900) } }));
    const comparison = compareReports(quiet, stalled, options);
    expect(comparison.stalls).toContain('after (test-fixture-2): 1 of 1 run(s) stalled (11.6 s at 800 of 1000)');
    expect(comparisonTable(comparison)).toContain('NOTE: The runs differ in attachment stalls');
    expect(comparisonMarkdown(comparison)).toContain('**Note:** The runs differ in attachment stalls');
    expect(compareReports(quiet, quiet, options).stalls).toBeUndefined();
  });
});

describe('the CLI (npm run compare)', () => {
  const before = save('before.json', fixtureReport({ seed: 1 }));

  test('exits 1 and says SLOWER for a copy with every sample time doubled, and writes Markdown with a chart', async () => {
    const doubled = save('doubled.json', scaled(fixtureReport({ seed: 1 }), 2));
    const markdown = join(dir, 'doubled.md');
    const html = join(dir, 'doubled.html');
    const result = await compareCli(before, doubled, '--tolerance', '10%', '--markdown', markdown, '--html', html);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('SLOWER: setup');
    const text = readFileSync(markdown, 'utf8');
    expect(text).toContain('| setup (create -> Accepted and counted) |');
    expect(text).toContain('slower (regression)');
    expect(text).toContain('![');
    expect(readFileSync(join(dir, 'doubled-distributions.svg'), 'utf8')).toMatch(/^<svg/);
    const page = readFileSync(html, 'utf8');
    const errors: string[] = [];
    parse(page, { onParseError: (error) => errors.push(error.code) });
    expect(errors).toEqual([]);
    expect(page.match(/<svg[\s>]/g)).toHaveLength(1);
    expect(page).toContain('<td>slower (regression)</td>');
  });

  test('exits 0 for two runs from the same distribution', async () => {
    const result = await compareCli(before, save('same.json', fixtureReport({ seed: 2 })));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No figure is significantly slower');
  });

  test('exits 2 with a clear error for reports of different route counts, and compares them with --force', async () => {
    const other = save('routes.json', fixtureReport({ seed: 2, routes: 5000 }));
    const refused = await compareCli(before, other);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not comparable: different route counts: 1000 and 5000');
    const forced = await compareCli(before, other, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('WARNING (--force): different route counts');
  });

  test('exits 2 for a file that is not a report, and for a bad tolerance', async () => {
    const bare = await compareCli(before, save('bare.json', fixtureReport({ seed: 2 }).results));
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('has no schemaVersion');
    const tolerance = await compareCli(before, before, '--tolerance', 'ten');
    expect(tolerance.code).toBe(2);
    expect(tolerance.stderr).toContain('--tolerance "ten"');
  });
});

describe('the detector on many seeded runs', () => {
  const PAIRS = 200;

  test('false-positive rate: 200 pairs of same-distribution sample sets (n = 20 each)', () => {
    let significant = 0;
    let slower = 0;
    let changed = 0;
    for (let i = 0; i < PAIRS; i++) {
      const f = figure(compareReports(fixtureReport({ seed: 10_000 + 2 * i }), fixtureReport({ seed: 10_001 + 2 * i }), options), 'setup');
      if ((f.pValue as number) < options.alpha) significant++;
      if (f.verdict === 'slower') slower++;
      if (f.verdict !== 'no change') changed++;
    }
    const rate = (n: number) => n / PAIRS;
    process.stdout.write(
      `[false positives] ${PAIRS} pairs, n = 20, lognormal sigma 0.3: p < ${options.alpha} in ${significant} (${rate(significant)}), verdict other than "no change" in ${changed} (${rate(changed)}), "slower" in ${slower} (${rate(slower)})\n`,
    );
    // A test at level alpha rejects Binomial(200, 0.05) times: mean 10, sd 3.1. 19 or more (rate >= 0.095, 3 sd
    // above) happens with probability about 0.004 for a calibrated test, so more means the test is miscalibrated.
    expect(rate(significant)).toBeLessThan(0.095);
    // A verdict also needs the median to move by more than the tolerance, so it can only be rarer.
    expect(changed).toBeLessThanOrEqual(significant);
    expect(rate(slower)).toBeLessThanOrEqual(0.05);
    // And the test is not trivially silent: a calibrated test rejects about alpha of the time (P(X <= 2) ~ 0.001).
    expect(significant).toBeGreaterThan(2);
  });

  // The calibration controller's D = 50 ms against D = 80 ms, with setup = D + a lognormal overhead (median 30 ms,
  // sigma 0.6: p90 about 65 ms, p99 about 120 ms, a long tail like the watches' and the API server's).
  function power(samples: number): { detected: number; falseFaster: number } {
    let detected = 0;
    let falseFaster = 0;
    for (let i = 0; i < PAIRS; i++) {
      const common = { samples, setupMedianMs: 30, sigma: 0.6 };
      const comparison = compareReports(
        fixtureReport({ ...common, seed: 20_000 + 2 * i, setupOffsetMs: 50 }),
        fixtureReport({ ...common, seed: 20_001 + 2 * i, setupOffsetMs: 80 }),
        options,
      );
      const verdict = figure(comparison, 'setup').verdict;
      if (verdict === 'slower') detected++;
      if (verdict === 'faster') falseFaster++;
    }
    return { detected: detected / PAIRS, falseFaster: falseFaster / PAIRS };
  }

  test('power: D = 50 ms against D = 80 ms with realistic noise is "slower" in most pairs at n = 20', () => {
    const at20 = power(20);
    const at5 = power(5);
    process.stdout.write(
      `[power] D 50 -> 80 ms, overhead lognormal(median 30 ms, sigma 0.6), ${PAIRS} pairs: "slower" in ${at20.detected} at n = 20, ${at5.detected} at n = 5; "faster" in ${at20.falseFaster} / ${at5.falseFaster}\n`,
    );
    expect(at20.detected).toBeGreaterThanOrEqual(0.9);
    expect(at20.falseFaster).toBe(0);
  });

  test('the rank test itself: identical sets give p = 1, clearly separated sets a tiny p', () => {
    expect(rankSumTest([5, 5, 5], [5, 5, 5]).pValue).toBe(1);
    expect(rankSumTest([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]).pValue).toBeLessThan(0.001);
    expect(() => rankSumTest([1], [2, 3])).toThrow(/at least 2 samples/);
  });
});
