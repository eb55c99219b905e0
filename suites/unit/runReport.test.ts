// The run report: the envelope's description of the run, the reader's errors, quantiles, and that the charts, the
// HTML and the Markdown are well-formed and carry the data. Pure: TEST FIXTURE reports, no cluster.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { parse } from 'parse5';
import { describe, expect, test } from 'vitest';
import { attachmentCurveSvg, comparisonChartSvg, distributionChartSvg } from '../../framework/report/charts.js';
import { parseRunReport, ReportFileError, readRunReport } from '../../framework/report/reportFile.js';
import { describeRun } from '../../framework/report/runDescription.js';
import { quantile, quantiles } from '../../framework/report/statistics.js';
import { writeRunReport } from '../../framework/report/writeReport.js';
import { fixtureReport, fixtureTimeline } from '../support/reportFixture.js';

const dir = mkdtempSync(join(tmpdir(), 'run-report-test-'));

function expectValidSvg(svg: string): void {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(XMLValidator.validate(svg)).toBe(true);
}

/** The values Vega wrote into the tick marks' accessible labels ("milliseconds: 264.494748389; ..."). */
function tickValues(svg: string): number[] {
  return [...svg.matchAll(/aria-label="milliseconds: ([-\d.e]+);[^"]*" role="graphics-symbol" aria-roledescription="tick"/g)].map((m) => Number(m[1]));
}

describe('quantiles', () => {
  test('nearest rank: p50, p90, p99 and max of 1..20', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(quantiles(values)).toEqual({ n: 20, p50: 10, p90: 18, p99: 20, max: 20 });
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(() => quantiles([])).toThrow(/no samples/);
  });
});

describe('describeRun', () => {
  test('tells the host, the harness commit and keeps only the harness variables of the environment', () => {
    const run = describeRun({
      controller: { name: 'kgateway', version: 'v2.4.2', origin: 'Go module github.com/kgateway-dev/kgateway/v2@v2.4.2' },
      kubernetesVersion: 'v1.36.3',
      settings: { routes: 1000, samples: 20 },
      controllerVariablePrefixes: ['KGATEWAY_'],
      env: { LOADTEST_SAMPLES: '20', KGATEWAY_VERSION: 'v2.4.2', KUBECONFIG: '/tmp/k', HOME: '/root', SOME_TOKEN: 'secret' },
    });
    expect(run.host.cores).toBeGreaterThan(0);
    expect(run.host.cpuModel.length).toBeGreaterThan(0);
    expect(run.host.memoryBytes).toBeGreaterThan(2 ** 30);
    expect(run.environment).toEqual({ KGATEWAY_VERSION: 'v2.4.2', KUBECONFIG: '/tmp/k', LOADTEST_SAMPLES: '20' });
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(run.harness).toMatchObject({ commit: head });
    expect(typeof (run.harness as { dirty: boolean }).dirty).toBe('boolean');
  });

  test('outside a git checkout the commit is "not measured" with the reason', () => {
    const run = describeRun({ controller: { notMeasured: 'existing cluster' }, kubernetesVersion: 'v1.36.3', settings: {}, env: {}, harnessDir: dir });
    expect(run.harness).toMatchObject({ notMeasured: expect.stringContaining('git could not tell') });
  });
});

describe('reading a report', () => {
  const path = (name: string, value: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  test('a fixture report round-trips through the reader', () => {
    const report = fixtureReport({ seed: 1 });
    expect(readRunReport(path('ok.json', report))).toEqual(report);
  });

  test('the committed TEST FIXTURE file is a valid report', () => {
    const report = readRunReport(join(import.meta.dirname, '..', 'support', 'fixtures', 'AttachedRoutesBaseline.fixture.json'));
    expect(report.run.settings.testFixture).toMatch(/^TEST FIXTURE/);
  });

  test.each([
    ['a missing file', () => join(dir, 'missing.json'), /cannot read/],
    ['bad JSON', () => path('bad.json', '{"schemaVersion": 1,'), /not JSON/],
    ['bare results from before the envelope', () => path('bare.json', fixtureReport({ seed: 1 }).results), /no schemaVersion \(it looks like bare results/],
    [
      'another schemaVersion',
      () => path('v2.json', { ...fixtureReport({ seed: 1 }), schemaVersion: 2 }),
      /schemaVersion 2; this harness reads schemaVersion 1/,
    ],
    ['a JSON array', () => path('array.json', [1, 2]), /not an object/],
  ])('%s gives a clear error', (_, file, message) => {
    expect(() => readRunReport(file())).toThrow(ReportFileError);
    expect(() => readRunReport(file())).toThrow(message);
  });

  test('missing fields are named with their path', () => {
    const report = JSON.parse(JSON.stringify(fixtureReport({ seed: 1 }))) as {
      run: { host: Record<string, unknown> };
      results: { samples: Record<string, unknown>[] };
    };
    delete report.run.host.cpuModel;
    const sample = report.results.samples[3];
    if (!sample) throw new Error('the fixture has fewer than 4 samples');
    sample.setupMs = 'fast';
    expect(() => parseRunReport(report, 'edited.json')).toThrow(
      /edited.json: not a valid run report:\n {2}run\.host\.cpuModel: .*\n {2}results\.samples\.3\.setupMs:/,
    );
  });
});

describe('charts', () => {
  const report = fixtureReport({ seed: 1 });
  const setup = report.results.samples.map((s) => s.setupMs);
  const teardown = report.results.samples.map((s) => s.teardownMs);

  test("the distribution chart is valid SVG with a tick per sample at the sample's value", async () => {
    const svg = await distributionChartSvg(
      [
        { label: 'setup', samples: setup },
        { label: 'teardown', samples: teardown },
      ],
      'fixture',
    );
    expectValidSvg(svg);
    const drawn = tickValues(svg);
    expect(drawn).toHaveLength(setup.length + teardown.length);
    for (const value of [...setup, ...teardown]) expect(drawn.some((v) => Math.abs(v - value) < 1e-6)).toBe(true);
  });

  test("the comparison chart draws both runs' samples", async () => {
    const after = setup.map((v) => v * 2);
    const svg = await comparisonChartSvg([{ label: 'setup', before: setup, after }], 'fixture before/after');
    expectValidSvg(svg);
    expect(tickValues(svg).sort((a, b) => a - b)).toEqual([...setup, ...after].sort((a, b) => a - b).map((v) => expect.closeTo(v, 6)));
    expect(svg).toContain('>before<');
    expect(svg).toContain('>after<');
  });

  test('the attachment curve draws one line each for created and attached, through every point', async () => {
    const points = fixtureTimeline(1000);
    const svg = await attachmentCurveSvg(points, 'fixture curve');
    expectValidSvg(svg);
    const lines = [...svg.matchAll(/aria-label="[^"]*series: (created|attached)" role="graphics-symbol" aria-roledescription="line mark" d="([^"]+)"/g)];
    expect(lines.map((m) => m[1]).sort()).toEqual(['attached', 'created']);
    // A step line has two segments per step: 2 (n - 1) line-to commands for n points.
    for (const line of lines) expect(line[2]?.match(/L/g)).toHaveLength(2 * (points.length - 1));
  });

  test('no samples is an error, not an empty chart', async () => {
    await expect(distributionChartSvg([], 'empty')).rejects.toThrow(/no samples/);
  });
});

describe('writeRunReport', () => {
  test('writes a readable JSON report, Markdown linking existing SVGs, and self-contained HTML with the figures', async () => {
    const fixture = fixtureReport({ seed: 1 });
    const written = await writeRunReport(fixture.results, fixture.run, join(dir, 'out'), fixture.attachmentTimeline);
    expect(readRunReport(written.json)).toEqual(fixture);

    const markdown = readFileSync(written.markdown, 'utf8');
    const links = [...markdown.matchAll(/!\[[^\]]*\]\((\.\/[^)]+\.svg)\)/g)].map((m) => m[1] as string);
    expect(links).toHaveLength(2);
    for (const link of links) expect(existsSync(join(dirname(written.markdown), link))).toBe(true);
    for (const chart of written.charts) expectValidSvg(readFileSync(chart, 'utf8'));

    const html = readFileSync(written.html, 'utf8');
    const errors: string[] = [];
    parse(html, { onParseError: (error) => errors.push(`${error.code} at line ${error.startLine}`) });
    expect(errors).toEqual([]);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(2);
    expect(html).not.toMatch(/<(script|link|img)[\s>]/);
    const setup = quantiles(fixture.results.samples.map((s) => s.setupMs));
    expect(html).toContain(
      `<td>${setup.p50.toFixed(1)} ms</td><td>${setup.p90.toFixed(1)} ms</td><td>${setup.p99.toFixed(1)} ms</td><td>${setup.max.toFixed(1)} ms</td>`,
    );
    expect(html).toContain('TEST FIXTURE CPU @ 2.0GHz, 2 cores');
    expect(html).toContain('not measured: TEST FIXTURE: the controller restarted during the phase');
  });

  test('text from the results is escaped in the HTML', async () => {
    const fixture = fixtureReport({ seed: 1 });
    const hostile = { ...fixture, results: { ...fixture.results, runId: 'x<b onmouseover="1">' } };
    const written = await writeRunReport(hostile.results, hostile.run, join(dir, 'escaped'));
    const html = readFileSync(written.html, 'utf8');
    expect(html).not.toContain('<b onmouseover');
    expect(html).toContain('x&lt;b onmouseover=&quot;1&quot;&gt;');
  });
});
