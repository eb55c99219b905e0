// docs/results/ and the README's block of current figures are what `npm run results` writes from the saved runs, so a
// figure edited by hand (or a run added without regenerating) fails here. The pages are checked against fixtures too.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { controllerNamed } from '../../framework/controllers/index.js';
import { duration } from '../../framework/report/implementations.js';
import { publishedComparison } from '../../framework/report/publishedComparison.js';
import { parseRunReport, type RunReport } from '../../framework/report/reportFile.js';
import {
  controllerOf,
  markedBlock,
  PUBLISHED_PAGE,
  RESULTS_BEGIN,
  RESULTS_END,
  ResultsMarkerError,
  type ResultsOptions,
  resultsPages,
  resultsState,
  savedRunFileName,
  trimmedForDocs,
  writeResults,
} from '../../framework/report/resultsPages.js';
import { figuresOf } from '../../framework/report/runFigures.js';
import { quantile, quantiles } from '../../framework/report/statistics.js';
import { RESULTS_OPTIONS } from '../../scripts/resultsOptions.js';
import { fixtureReport } from '../support/reportFixture.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const OPTIONS: ResultsOptions = { headlineTest: 'AttachedRoutesBaseline', controllerOrder: ['kgateway', 'traefik'], resultsDir: 'docs/results' };

/** A fixture run of another controller, written later. */
function otherController(seed: number, name: string, generatedAt: string): RunReport {
  const report = fixtureReport({ seed });
  return {
    ...report,
    run: {
      ...report.run,
      generatedAt,
      controller: { name, version: 'v9.9.9', origin: 'TEST FIXTURE' },
      host: { ...report.run.host, loadAverage: [1.5, 1.25, 1] },
    },
  };
}

/**
 * TEST FIXTURE: a run of gateway-api-bench's workload (no incremental samples), with made-up once-per-run figures and a
 * made-up 1-minute load average at its end.
 */
function benchWorkloadRun(
  seed: number,
  generatedAt: string,
  figures: { setupMs: number; teardownMs: number; writes: number },
  load: number,
  routes = 1000,
): RunReport {
  const report = fixtureReport({ seed, samples: 0, routes });
  return {
    ...report,
    run: { ...report.run, generatedAt, host: { ...report.run.host, loadAverage: [load, load, load] } },
    results: {
      ...report.results,
      runId: `test-fixture-workload-${seed}`,
      config: { ...report.results.config, workload: 'gateway-api-bench', samples: 0 },
      bench: { ...figures, setupWrites: 50, teardownWrites: figures.writes - 50, teardownMethod: 'TEST FIXTURE: no delete was sent' },
    },
  };
}

const saved = (report: RunReport) => ({ file: savedRunFileName(report), report: trimmedForDocs(report) });

describe('npm run results', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  test('the committed docs/results and README block are what the command writes from docs/results/runs', async () => {
    const { runs, stale } = await resultsState(root, RESULTS_OPTIONS);
    expect(runs, 'docs/results/runs holds the runs the docs quote').toBeGreaterThan(0);
    expect(stale, 'out of date: run `npm run results` (and do not edit docs/results or the README block by hand)').toEqual([]);
  });

  test('the saved copy drops only the attachment curve: it is still a report, with the same figures', () => {
    const report = fixtureReport({ seed: 1 });
    expect(report.attachmentTimeline?.length).toBeGreaterThan(10);
    const trimmed = trimmedForDocs(report);
    expect(trimmed).not.toHaveProperty('attachmentTimeline');
    expect(parseRunReport(JSON.parse(JSON.stringify(trimmed)), 'trimmed')).toEqual(trimmed);
    expect(figuresOf(trimmed.results)).toEqual(figuresOf(report.results));
    expect(JSON.stringify(trimmed).length).toBeLessThan(JSON.stringify(report).length);
  });

  test('a page per controller with every run as a column, and the README block from the newest Baseline of each', async () => {
    const older = fixtureReport({ seed: 1 });
    const newer = { ...fixtureReport({ seed: 2 }), run: { ...fixtureReport({ seed: 2 }).run, generatedAt: '2026-11-29T10:00:00.000Z' } };
    const other = otherController(3, 'traefik', '2026-11-29T11:00:00.000Z');
    const output = await resultsPages([older, newer, other].map(saved), OPTIONS);
    expect([...output.files.keys()].sort()).toEqual(['README.md', 'baseline.svg', 'kgateway.md', 'traefik.md']);
    // Tables are padded for the formatter; compare with single spaces.
    const page = (output.files.get('kgateway.md') ?? '').replace(/ {2,}/g, ' ');
    // Newest first, each run linked to its saved report.
    expect(page.indexOf('run [test-fixture-2](runs/test-fixture-2-AttachedRoutesBaseline.json)')).toBeGreaterThan(0);
    expect(page.indexOf('test-fixture-2')).toBeLessThan(page.indexOf('test-fixture-1'));
    const setup = quantiles(newer.results.samples.map((sample) => sample.setupMs));
    expect(page).toContain(`${[setup.p50, setup.p90, setup.p99, setup.max].map((value) => value.toFixed(1)).join(' / ')} ms (20)`);
    expect(page).toContain('TEST FIXTURE CPU');
    expect(page).toContain('| routes | 1000 | 1000 |');
    expect(output.files.get('traefik.md')).toContain('load average 1.50 / 1.25 / 1.00');
    expect(output.files.get('README.md')).toContain('[kgateway](kgateway.md): AttachedRoutesBaseline (2)');
    // The README block: the newest kgateway run, not the older one, beside traefik's; kgateway first, as ordered.
    const block = output.readmeBlock.replace(/ {2,}/g, ' ');
    const setupP50 = `${duration(
      quantile(
        newer.results.samples.map((s) => s.setupMs),
        0.5,
      ),
    )} / ${duration(
      quantile(
        newer.results.samples.map((s) => s.setupMs),
        0.9,
      ),
    )}`;
    expect(block).toContain(`| setup p50 / p90 | ${setupP50} |`);
    expect(block.indexOf('kgateway v2.4.2')).toBeLessThan(block.indexOf('traefik v9.9.9'));
    expect(block).toContain('](docs/results/baseline.svg)');
    expect(block).toContain('| load average at the end (1 / 5 / 15 min) | not recorded | 1.5 / 1.3 / 1.0 |');
    expect(output.files.get('baseline.svg')).toMatch(/^<svg/);
  });

  test('what was edited by hand, added without regenerating or left behind is named as out of date', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'results-test-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'docs/results/runs'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), `# x\n\n${RESULTS_BEGIN}\nold\n${RESULTS_END}\n\nrest\n`);
    const report = trimmedForDocs(fixtureReport({ seed: 4 }));
    writeFileSync(join(dir, 'docs/results/runs', savedRunFileName(report)), JSON.stringify(report));
    const first = await resultsState(dir, OPTIONS);
    expect(first.stale).toEqual([
      'docs/results/README.md',
      'docs/results/kgateway.md',
      'docs/results/baseline.svg',
      'README.md (the block of current figures)',
    ]);
    writeResults(dir, OPTIONS, first.output);
    expect((await resultsState(dir, OPTIONS)).stale).toEqual([]);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/^# x\n\n<!-- results:begin -->\n<!-- generated[\s\S]*<!-- results:end -->\n\nrest\n$/);

    const page = join(dir, 'docs/results/kgateway.md');
    writeFileSync(page, readFileSync(page, 'utf8').replace(/ms \(20\)/, 'ms (21)'));
    const readme = join(dir, 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace('| setup p50 / p90', '| setup p50 / p9X'));
    writeFileSync(join(dir, 'docs/results/old.md'), 'a page nothing generates');
    expect((await resultsState(dir, OPTIONS)).stale).toEqual([
      'docs/results/kgateway.md',
      'docs/results/old.md (no longer generated)',
      'README.md (the block of current figures)',
    ]);
    writeResults(dir, OPTIONS, (await resultsState(dir, OPTIONS)).output);
    expect((await resultsState(dir, OPTIONS)).stale).toEqual([]);

    // A second run saved without regenerating.
    cpSync(join(dir, 'docs/results/runs', savedRunFileName(report)), join(dir, 'docs/results/runs/copy-AttachedRoutesBaseline.json'));
    expect((await resultsState(dir, OPTIONS)).stale).toContain('docs/results/kgateway.md');
  });

  test("the published figures are the controller modules' (as compare:implementations shows them), not typed here", () => {
    const kgateway = controllerNamed('kgateway').publishedBench;
    expect(kgateway).toBeDefined();
    expect(RESULTS_OPTIONS.published?.figures.kgateway).toEqual(kgateway);
    expect(RESULTS_OPTIONS.published?.figures).not.toHaveProperty('calibration');
  });

  test("gateway-api-bench's workload's runs sit beside its published figures, by median and range; a batched run never does", async () => {
    const published = RESULTS_OPTIONS.published;
    const kgateway = published?.figures.kgateway;
    if (!published || !kgateway) throw new Error('RESULTS_OPTIONS has no published figures for kgateway');
    const options: ResultsOptions = { ...OPTIONS, published };
    // Batched runs of kgateway before and after its workload runs, a 500-app workload run, and traefik with batched only.
    const batchedOld = fixtureReport({ seed: 1 });
    const workloadRuns = [
      benchWorkloadRun(11, '2026-11-29T10:00:00.000Z', { setupMs: 2_000, teardownMs: 30_000, writes: 121 }, 6),
      benchWorkloadRun(12, '2026-11-29T10:05:00.000Z', { setupMs: 5_000, teardownMs: 35_000, writes: 139 }, 13),
      benchWorkloadRun(13, '2026-11-29T10:10:00.000Z', { setupMs: 3_500, teardownMs: 28_000, writes: 126 }, 9),
    ];
    const smaller = benchWorkloadRun(14, '2026-11-29T10:15:00.000Z', { setupMs: 900, teardownMs: 9_000, writes: 60 }, 7, 500);
    const batchedNew = { ...fixtureReport({ seed: 5 }), run: { ...fixtureReport({ seed: 5 }).run, generatedAt: '2026-11-29T09:00:00.000Z' } };
    const traefik = otherController(3, 'traefik', '2026-11-29T11:00:00.000Z');
    const all = [batchedOld, batchedNew, ...workloadRuns, smaller, traefik].map(saved);

    const comparison = publishedComparison(
      all.map((run) => ({ ...run, controller: controllerOf(run.report) })),
      'AttachedRoutesBaseline',
      published,
    );
    expect(comparison.workload?.comparesWithPublished).toBe(true);
    expect(comparison.controllers.map(({ controller }) => controller)).toEqual(['kgateway']);
    const [row] = comparison.controllers;
    expect(row?.runs.map(({ report }) => report.results.runId)).toEqual(workloadRuns.map(({ results }) => results.runId));
    expect(row?.setupMs).toEqual({ median: 3_500, min: 2_000, max: 5_000, n: 3 });
    expect(row?.teardownMs).toEqual({ median: 30_000, min: 28_000, max: 35_000, n: 3 });
    expect(row?.writes).toEqual({ median: 126, min: 121, max: 139, n: 3 });
    expect(row?.loadAverage).toEqual({ median: 9, min: 6, max: 13, n: 3 });
    expect(row?.published).toEqual(kgateway);

    const output = await resultsPages(all, options);
    const page = (output.files.get(PUBLISHED_PAGE) ?? '').replace(/ {2,}/g, ' ');
    const block = output.readmeBlock.replace(/ {2,}/g, ' ');
    const here = '| kgateway v2.4.2 here, median (range) of 3 runs | 3.5 s (2.0-5.0) | 30.0 s (28.0-35.0) | 126 (121-139) | 2 cores, 6.0-13.0 |';
    const theirs = `| kgateway, published by gateway-api-bench | ${kgateway.setupS} s | ${kgateway.teardownS} s | ${kgateway.writes} | ${published.cores} cores, not published |`;
    for (const text of [page, block]) {
      expect(text).toContain(here);
      expect(text).toContain(theirs);
      expect(text).toContain(
        `Times are not comparable: 2 cores here at load average 6.0-13.0 (1 min, at each run's end), against gateway-api-bench's ${published.cores}`,
      );
      expect(text).toContain('Writes follow the same definition (');
      // No batched run, no run at another route count, no controller without a run of the workload.
      for (const other of [batchedOld, batchedNew, smaller, traefik]) expect(text).not.toContain(other.results.runId);
      expect(text).not.toContain('traefik, published');
    }
    for (const other of [batchedOld, batchedNew, smaller]) expect(page).not.toContain(`runs/${savedRunFileName(other)}`);
    for (const run of workloadRuns) expect(page).toContain(`[${run.results.runId}](runs/${savedRunFileName(run)})`);
    // The README's part stays small: the table's four lines, the note, its heading.
    expect(block.slice(block.indexOf("gateway-api-bench's own test")).split('\n').length).toBeLessThanOrEqual(10);

    // The headline is still the newest batched run, though the workload's runs are newer.
    expect(block).toContain('| routes, samples | 1000, 20 |');
    expect(block).toContain('(batched workload) |');
    expect(block).toContain('| run | [2026-11-29 09:00 UTC](docs/results/kgateway.md) |');
    // The controller page keeps the workloads apart, and the index links the comparison.
    const kgatewayPage = output.files.get('kgateway.md') ?? '';
    expect(kgatewayPage).toContain('## AttachedRoutesBaseline\n');
    expect(kgatewayPage).toContain('## AttachedRoutesBaseline, gateway-api-bench workload\n');
    expect(output.files.get('README.md')).toContain(
      `](${PUBLISHED_PAGE}): AttachedRoutesBaseline with the gateway-api-bench workload at 1,000 routes (3 runs)`,
    );
  });

  test('with batched runs only, nothing is set beside the published figures, and the page and README say so', async () => {
    const published = RESULTS_OPTIONS.published;
    if (!published) throw new Error('RESULTS_OPTIONS has no published figures');
    const output = await resultsPages([fixtureReport({ seed: 1 }), fixtureReport({ seed: 2 })].map(saved), { ...OPTIONS, published });
    expect(output.files.get(PUBLISHED_PAGE)).toContain('No saved run of AttachedRoutesBaseline with the gateway-api-bench workload at 1,000 routes yet.');
    expect(output.files.get(PUBLISHED_PAGE)).not.toContain('published by gateway-api-bench');
    expect(output.readmeBlock).toContain("gateway-api-bench's published figures: no saved run of its workload (gateway-api-bench) at 1,000 routes yet");
    expect(output.readmeBlock).not.toContain('published by gateway-api-bench');
    // Without the published table (OPTIONS), neither the page nor the README's part is written.
    const without = await resultsPages([fixtureReport({ seed: 1 })].map(saved), OPTIONS);
    expect(without.files.has(PUBLISHED_PAGE)).toBe(false);
    expect(without.readmeBlock).not.toContain('gateway-api-bench');
  });

  test('a README without the markers is an error that names them', () => {
    expect(() => markedBlock('# no block here\n', 'README.md')).toThrow(ResultsMarkerError);
    expect(() => markedBlock('# no block here\n', 'README.md')).toThrow(RESULTS_BEGIN);
  });
});
