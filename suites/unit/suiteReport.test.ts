// What the suite adds around the run report: the attachment curve recorded from events, the saved report that
// LOADTEST_COMPARE_TO names, the controller's description and the Gateway's readiness in the report. Pure: TEST
// FIXTURE reports and made-up event times, no cluster.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../framework/env.js';
import { AttachmentCurve } from '../../framework/measure/attachmentCurve.js';
import { baselineAnnotations } from '../../framework/report/annotations.js';
import { compareReports } from '../../framework/report/compare.js';
import { readCompareTo } from '../../framework/report/compareTo.js';
import { type DescribedCluster, describeControllerUnderTest, runSettings } from '../../framework/report/runDescription.js';
import { describeRows, gatewayReadiness, runMarkdown } from '../../framework/report/runReport.js';
import { fixtureReport } from '../support/reportFixture.js';

describe('AttachmentCurve', () => {
  test('a point per change of either count, none before the start or for an event that changed nothing', () => {
    let attached = 0;
    const curve = new AttachmentCurve(() => attached);
    curve.record(5); // before the baseline started: ignored
    curve.start(100);
    curve.onCreated(110);
    curve.onCreated(120);
    curve.record(125); // a watch event that changed no count (e.g. a Gateway status write)
    attached = 1;
    curve.record(130);
    curve.record(131);
    attached = 2;
    curve.onCreated(140);
    expect(curve.points).toEqual([
      { tMs: 0, created: 0, attached: 0 },
      { tMs: 10, created: 1, attached: 0 },
      { tMs: 20, created: 2, attached: 0 },
      { tMs: 30, created: 2, attached: 1 },
      { tMs: 40, created: 3, attached: 2 },
    ]);
  });

  test('1,000 routes with many repeated events give at most 2N + 1 points', () => {
    let attached = 0;
    const curve = new AttachmentCurve(() => attached);
    curve.start(0);
    for (let i = 0; i < 1000; i++) curve.onCreated(i);
    for (let i = 0; i < 1000; i++) {
      attached++;
      // Each attachment comes with a Gateway event and a route event that change nothing more.
      for (let repeat = 0; repeat < 3; repeat++) curve.record(1000 + i);
    }
    expect(curve.points.length).toBeLessThanOrEqual(2 * 1000 + 1);
    expect(curve.points.at(-1)).toEqual({ tMs: 1999, created: 1000, attached: 1000 });
  });
});

describe('LOADTEST_COMPARE_TO', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compare-to-test-'));
  const file = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };
  const baseline = file('baseline.json', fixtureReport({ seed: 1 }));
  const production = file('production.json', fixtureReport({ seed: 2, testName: 'AttachedRoutesProduction', routes: 5000 }));

  test('not set: no saved report, and the regression test skips', () => {
    expect(readCompareTo({}, 'AttachedRoutesBaseline', 1000)).toBeUndefined();
    expect(readCompareTo({ LOADTEST_COMPARE_TO: '  ' }, 'AttachedRoutesBaseline', 1000)).toBeUndefined();
  });

  test('one report, or one per test separated by commas: each block takes its own', () => {
    expect(readCompareTo({ LOADTEST_COMPARE_TO: baseline }, 'AttachedRoutesBaseline', 1000)?.results.runId).toBe('test-fixture-1');
    const both = { LOADTEST_COMPARE_TO: `${baseline}, ${production}` };
    expect(readCompareTo(both, 'AttachedRoutesBaseline', 1000)?.results.runId).toBe('test-fixture-1');
    expect(readCompareTo(both, 'AttachedRoutesProduction', 5000)?.results.runId).toBe('test-fixture-2');
  });

  test.each<[string, () => string, string, number, RegExp]>([
    ['a missing file', () => join(dir, 'nope.json'), 'AttachedRoutesBaseline', 1000, /nope\.json does not exist; give the JSON report of an earlier run/],
    ['a file that is not JSON', () => file('bad.json', '{'), 'AttachedRoutesBaseline', 1000, /LOADTEST_COMPARE_TO: .*bad\.json: not JSON/],
    ['bare results', () => file('bare.json', fixtureReport({ seed: 1 }).results), 'AttachedRoutesBaseline', 1000, /no schemaVersion/],
    [
      'a report of another test',
      () => production,
      'AttachedRoutesBaseline',
      1000,
      /names no report of AttachedRoutesBaseline \(.*is a report of AttachedRoutesProduction\)/,
    ],
    ['another route count', () => baseline, 'AttachedRoutesBaseline', 2000, /measured 1000 routes, this run 2000/],
    ['two reports of the same test', () => `${baseline},${baseline}`, 'AttachedRoutesBaseline', 1000, /names 2 reports of AttachedRoutesBaseline/],
  ])('%s is refused before the run starts', (_name, value, testName, routes, message) => {
    const attempt = () => readCompareTo({ LOADTEST_COMPARE_TO: value() }, testName, routes);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  test('the saved report compared with itself has no regression; with every sample time doubled it has', () => {
    const saved = readCompareTo({ LOADTEST_COMPARE_TO: baseline }, 'AttachedRoutesBaseline', 1000);
    if (!saved) throw new Error('fixture report not read');
    expect(compareReports(saved, saved).regressions).toEqual([]);
    const double = (ms: unknown) => (typeof ms === 'number' ? ms * 2 : ms);
    const slower = {
      ...saved,
      results: {
        ...saved.results,
        samples: saved.results.samples.map((s) => ({ ...s, setupMs: s.setupMs * 2, teardownMs: s.teardownMs * 2, acceptedMs: double(s.acceptedMs) as number })),
      },
    };
    expect(compareReports(saved, slower).regressions.map((figure) => figure.key)).toEqual(expect.arrayContaining(['setup', 'teardown']));
  });
});

describe('the run described for the report', () => {
  const cluster: DescribedCluster = {
    provider: 'local',
    server: 'https://127.0.0.1:6443',
    context: 'gateway-loadtest-local',
    installNamespace: 'kgateway-system',
    gatewayClassName: 'kgateway',
    capabilities: { canRunFakeNodes: true },
    controller: { name: 'kgateway', version: 'v2.4.2' },
    dataPlaneAbsentReason: 'no kubelet',
  };
  const modules = { kgateway: 'github.com/kgateway-dev/kgateway/v2' };

  test.each<[string, DescribedCluster, object]>([
    [
      'a controller that names no origin was built from the module proxy',
      cluster,
      { name: 'kgateway', version: 'v2.4.2', origin: 'Go module github.com/kgateway-dev/kgateway/v2@v2.4.2 (module proxy)' },
    ],
    [
      'an origin the controller module reports is kept',
      { ...cluster, controller: { name: 'kgateway', version: 'abc123', origin: 'checkout /src/kgateway at abc123' } },
      { name: 'kgateway', version: 'abc123', origin: 'checkout /src/kgateway at abc123' },
    ],
    [
      'an unknown controller module',
      { ...cluster, controller: { name: 'other', version: 'v1' } },
      { name: 'other', version: 'v1', origin: 'not reported by the controller module' },
    ],
    [
      'no controller started by the run',
      { ...cluster, provider: 'existing', controller: undefined },
      { notMeasured: expect.stringMatching(/not started by this run \(existing cluster\)/) },
    ],
  ])('%s', (_name, described, expected) => {
    expect(describeControllerUnderTest(described, modules)).toEqual(expected);
  });

  test('the settings hold the configuration and the cluster', () => {
    const settings = runSettings({ routes: 1000, samples: 20 }, cluster);
    expect(settings).toMatchObject({
      routes: 1000,
      samples: 20,
      cluster: { provider: 'local', context: 'gateway-loadtest-local', dataPlaneAbsentReason: 'no kubelet' },
    });
  });

  test('the Gateway readiness and its nudges stay in the report', () => {
    const report = fixtureReport({ seed: 1 });
    expect(gatewayReadiness({ readyMs: 223, statusNudges: 0 })).toBe('223.0 ms, no status nudge');
    const nudged = { ...report, results: { ...report.results, gateway: { readyMs: 10_012, statusNudges: 1, nudgedFor: 'kgateway-dev/kgateway#14414' } } };
    const row = Object.fromEntries(describeRows(nudged))['Gateway Accepted+Programmed'];
    expect(row).toBe('10012.0 ms, after 1 status nudge(s): the controller wrote no status until nudged (kgateway-dev/kgateway#14414)');
    expect(runMarkdown(nudged, [])).toContain('| Gateway Accepted+Programmed | 10012.0 ms, after 1 status nudge(s)');
    expect(runMarkdown(nudged, [])).toContain('| baseline create | 9800.0 ms |');
  });
});

describe('annotations', () => {
  test('the baseline figures and the Markdown report as an attachment; no warning without a nudge', () => {
    const { results } = fixtureReport({ seed: 1 });
    expect(baselineAnnotations(results, '/r/run.md')).toEqual([
      { message: 'baseline: 1000 routes created in 9.8 s, all attached after 14.2 s', type: 'notice' },
      { message: 'run report /r/run.md', type: 'notice', attachment: { path: '/r/run.md', contentType: 'text/markdown' } },
    ]);
  });

  test('a nudged Gateway is a warning naming the upstream issue', () => {
    const { results } = fixtureReport({ seed: 1 });
    const nudged = { ...results, gateway: { readyMs: 10_012, statusNudges: 1, nudgedFor: 'kgateway-dev/kgateway#14414' } };
    expect(baselineAnnotations(nudged, '/r/run.md').at(-1)).toEqual({
      message:
        'the Gateway needed 1 status nudge(s) before it was Accepted+Programmed: its controller wrote no status until nudged (kgateway-dev/kgateway#14414)',
      type: 'warning',
    });
  });
});
