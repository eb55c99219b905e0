// docs/results/ and the README's block of current figures are what `npm run results` writes from the saved runs, so a
// figure edited by hand (or a run added without regenerating) fails here. The pages are checked against fixtures too.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { duration } from '../../framework/report/implementations.js';
import { parseRunReport, type RunReport } from '../../framework/report/reportFile.js';
import {
  markedBlock,
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

  test('a README without the markers is an error that names them', () => {
    expect(() => markedBlock('# no block here\n', 'README.md')).toThrow(ResultsMarkerError);
    expect(() => markedBlock('# no block here\n', 'README.md')).toThrow(RESULTS_BEGIN);
  });
});
