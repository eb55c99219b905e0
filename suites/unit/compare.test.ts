// `compare` of two single runs, on TEST FIXTURE reports (seeded, made-up sample sets; no cluster): verdicts from the
// samples' interval, the CLI's exit status, refusals, skipped figures, and the detector's false-verdict rate and power
// when samples are all there is (the between-round case is suites/unit/verdict.test.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'parse5';
import { afterAll, describe, expect, test } from 'vitest';
import {
  type Comparison,
  compareReports,
  comparisonMarkdown,
  comparisonRows,
  comparisonTable,
  exitCodeOf,
  type FigureComparison,
  ReportMismatchError,
} from '../../framework/report/compare.js';
import type { RunReport } from '../../framework/report/reportFile.js';
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
afterAll(() => rmSync(dir, { recursive: true, force: true }));
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
  test('two single runs say plainly that between-run variance is unknown, in every rendering', () => {
    const comparison = compareReports(fixtureReport({ seed: 1 }), fixtureReport({ seed: 2 }), options);
    expect(comparison.replication).toMatchObject({ unit: 'sample', before: 1, after: 1 });
    expect(comparisonTable(comparison)).toContain('between-run variance is unknown');
    expect(comparisonMarkdown(comparison)).toContain('between-run variance is unknown');
    expect(comparison.correction).toMatch(/^primary figure "setup \(create -> Accepted and counted\)" at 95 %; 5 secondary figures at 99 % each \(Bonferroni/);
  });

  test('two runs drawn from the same distribution: no per-sample figure is "slower" or "faster"', () => {
    const comparison = compareReports(fixtureReport({ seed: 1 }), fixtureReport({ seed: 2 }), options);
    for (const key of SAMPLE_KEYS) {
      const f = figure(comparison, key);
      expect(['no change', 'inconclusive'], `${key}: ${f.basis}`).toContain(f.verdict);
      expect(f.interval?.low).toBeLessThan(0);
      expect(f.interval?.high).toBeGreaterThan(0);
    }
    expect(comparison.regressions).toEqual([]);
  });

  test('a copy with every sample time doubled is "slower" on every per-sample figure, its interval around +100 %', () => {
    const before = fixtureReport({ seed: 1 });
    const comparison = compareReports(before, scaled(before, 2), options);
    for (const key of SAMPLE_KEYS) {
      const f = figure(comparison, key);
      expect(f.verdict).toBe('slower');
      expect(f.regression).toBe(true);
      expect(f.interval?.change).toBeCloseTo(1, 6);
      expect(f.interval?.low).toBeGreaterThan(0.5);
    }
    expect(comparison.outcome).toBe('regression');
    expect(exitCodeOf(comparison)).toBe(1);
    expect(figure(comparison, 'setup').role).toBe('primary');
  });

  test('a copy with every sample time halved is "faster" and no regression', () => {
    const before = fixtureReport({ seed: 1 });
    const comparison = compareReports(before, scaled(before, 0.5), options);
    for (const key of SAMPLE_KEYS) expect(figure(comparison, key).verdict).toBe('faster');
    expect(comparison.regressions).toEqual([]);
    expect(exitCodeOf(comparison)).toBe(0);
  });

  test('a significant shift within the tolerance is "no change"; beyond it, "slower"', () => {
    const before = fixtureReport({ seed: 3, sigma: 0.02 });
    const small = compareReports(before, scaled(before, 1.05), options);
    expect(figure(small, 'setup').interval?.low).toBeGreaterThan(0);
    expect(figure(small, 'setup').verdict).toBe('no change');
    expect(exitCodeOf(small)).toBe(0);
    expect(compareReports(before, scaled(before, 1.05), { ...options, tolerance: 0.02 }).regressions.map((f) => f.key)).toContain('setup');
  });

  test('an interval too wide for the tolerance is "inconclusive", and the comparison exits 3', () => {
    const comparison = compareReports(fixtureReport({ seed: 1, samples: 5 }), fixtureReport({ seed: 2, samples: 5 }), options);
    expect(figure(comparison, 'setup').verdict).toBe('inconclusive');
    expect(comparison.outcome).toBe('inconclusive');
    expect(exitCodeOf(comparison)).toBe(3);
  });

  test('figures measured once per run have no interval from one run per side and never count as a regression', () => {
    const before = fixtureReport({ seed: 1 });
    const after = JSON.parse(JSON.stringify(before)) as { results: { baseline: { attachMs: number } } };
    after.results.baseline.attachMs *= 3;
    const f = figure(compareReports(before, after as unknown as RunReport, options), 'baselineAttach');
    expect(f.verdict).toBe('not tested');
    expect(f.basis).toContain('one value per run');
    expect(f.regression).toBe(false);
    expect(comparisonRows(compareReports(before, after as unknown as RunReport, options)).find((row) => row[0] === f.label)?.[3]).toBe(
      '+200.0 % (no interval)',
    );
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
    expect(['no change', 'inconclusive']).toContain(figure(comparison, 'setup').verdict);
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

// Each case starts `tsx` in a child: seconds on a quiet machine, much longer on a loaded one.
describe('the CLI (npm run compare)', { timeout: 120_000 }, () => {
  const before = save('before.json', fixtureReport({ seed: 1 }));

  test('exits 1 and says SLOWER for a copy with every sample time doubled, and writes Markdown with a chart', async () => {
    const doubled = save('doubled.json', scaled(fixtureReport({ seed: 1 }), 2));
    const markdown = join(dir, 'doubled.md');
    const html = join(dir, 'doubled.html');
    const result = await compareCli(before, doubled, '--tolerance', '10%', '--markdown', markdown, '--html', html);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('SLOWER: setup');
    const text = readFileSync(markdown, 'utf8');
    expect(text).toContain('| setup (create -> Accepted and counted) (primary) |');
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

  test('exits 0 for a quiet run against itself, and 3 when the interval is too wide for the tolerance', async () => {
    const quiet = save('quiet.json', fixtureReport({ seed: 2, sigma: 0.02 }));
    const same = await compareCli(quiet, quiet);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/^NO REGRESSION: setup/);
    expect(same.stdout).toContain('between-run variance is unknown');
    const wide = await compareCli(save('few1.json', fixtureReport({ seed: 1, samples: 5 })), save('few2.json', fixtureReport({ seed: 2, samples: 5 })));
    expect(wide.code, wide.stderr).toBe(3);
    expect(wide.stdout).toMatch(/^INCONCLUSIVE: setup/);
  });

  test('exits 2 with a clear error for reports of different route counts, and compares them with --force', async () => {
    const other = save('routes.json', fixtureReport({ seed: 2, routes: 5000 }));
    const refused = await compareCli(before, other);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not comparable: different route counts: 1000 and 5000');
    const forced = await compareCli(before, other, '--force');
    expect([0, 3]).toContain(forced.code);
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

describe('the detector on many seeded single runs (samples as units: right only when runs do not differ)', () => {
  const PAIRS = 200;

  test('false verdicts: 200 pairs of same-distribution sample sets (n = 20 each)', () => {
    let significant = 0;
    let wrong = 0;
    for (let i = 0; i < PAIRS; i++) {
      const f = figure(compareReports(fixtureReport({ seed: 10_000 + 2 * i }), fixtureReport({ seed: 10_001 + 2 * i }), options), 'setup');
      const interval = f.interval;
      if (!interval) throw new Error(f.basis);
      if (interval.low > 0 || interval.high < 0) significant++;
      if (f.verdict === 'slower' || f.verdict === 'faster') wrong++;
    }
    process.stdout.write(
      `[false verdicts] ${PAIRS} pairs, n = 20, lognormal sigma 0.3: interval excludes 0 in ${significant}, "slower" or "faster" in ${wrong}\n`,
    );
    // A 95 % interval excludes the truth Binomial(200, 0.05) times: mean 10, sd 3.1; 19 or more happens with
    // probability about 0.004 for a calibrated interval.
    expect(significant / PAIRS).toBeLessThan(0.095);
    expect(wrong).toBeLessThanOrEqual(significant);
    // And it is not trivially silent (P(X <= 2) ~ 0.001 for a calibrated interval).
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
    expect(at5.detected).toBeLessThan(at20.detected);
    expect(at20.falseFaster).toBe(0);
  });
});
