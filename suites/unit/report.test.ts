// Report rendering: every figure of a run in the table and the Markdown, "not measured" always with its reason.
import { describe, expect, test } from 'vitest';
import type { TestResults } from '../../framework/loadtest/results.js';
import { notMeasured } from '../../framework/measure/notMeasured.js';
import { formatValue } from '../../framework/report/figures.js';
import { headline, printSummary, rows } from '../../framework/report/render.js';

const results: TestResults = {
  runId: 'lt2611280000000abc',
  testName: 'AttachedRoutesBaseline',
  config: {
    workload: 'batched',
    routes: 1000,
    batchSize: 100,
    gracePeriodMs: 100,
    samples: 2,
    concurrency: 16,
    gatewayClassName: 'example',
    thresholds: { setupMs: 30_000, teardownMs: 10_000 },
    phaseTimeoutMs: 300_000,
  },
  cluster: { provider: 'local', server: 'https://127.0.0.1:1', controller: 'example v1', kubernetesVersion: 'v1.36.3' },
  gateway: { readyMs: 812.34, statusNudges: 0 },
  simulatedCluster: { simulationName: 's', fakeNodeCount: 5, servicesPerNode: 66, podsPerService: 2, services: 330, endpointSlices: 330, nodes: 5 },
  baseline: { createMs: 4000, attachMs: 4500, xdsAllPushedMs: notMeasured('no xDS address: none known') },
  routeReadyMethod: null,
  samples: [0, 1].map((index) => ({
    index,
    route: `test-gateway-route-${1000 + index}`,
    createSentAt: 0,
    deleteSentAt: 0,
    setupMs: 100 + index * 50,
    acceptedMs: 90,
    attachedMs: 100,
    routeReadyMs: notMeasured('no data plane: no kubelet'),
    teardownMs: 40,
    routeGoneMs: notMeasured('no data plane: no kubelet'),
  })),
  phases: [
    {
      name: 'baseline',
      durationMs: 4600,
      settle: { quietAfterMs: 240, settleMs: 1000, settled: true, maxMs: 30_000, events: 7, phaseEvents: 7 },
      writes: { gateway: 12, routes: 1000 },
      controller: { cpuSeconds: 3.25, residentBytesPeak: 100 * 2 ** 20, residentBytesEnd: 90 * 2 ** 20, apiRequests: { PATCH: 1012 } },
      controllerProcess: { cpuSeconds: 3.31, residentBytesPeak: 104 * 2 ** 20, residentBytesEnd: 90 * 2 ** 20 },
      apiServerRequests: {
        requests: { 'POST httproutes': 1000, 'PATCH httproutes/status': 1000, 'GET (non-resource)': 3 },
        harness: { 'POST httproutes': 1000, 'GET (non-resource)': 3 },
        others: { 'PATCH httproutes/status': 1000 },
      },
      xds: { 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration': { responses: 12, bytes: 800_000 } },
      otherRuns: { runs: ['other-run'] },
    },
    {
      name: 'incremental',
      durationMs: 900,
      settle: { quietAfterMs: 30_000, settleMs: 1000, settled: false, maxMs: 30_000, events: 500, phaseEvents: 500 },
      writes: { gateway: 4, routes: 2 },
      controller: notMeasured('the controller restarted during the phase'),
      controllerProcess: notMeasured('the controller process 42 ended during the phase'),
      apiServerRequests: notMeasured("the API server's /metrics is not readable (HTTP 403)"),
      xds: notMeasured('no xDS address: none known'),
      otherRuns: { runs: [] },
    },
  ],
  startedAt: '2026-11-28T00:00:00.000Z',
  wallMs: 12_000,
};

describe('Report', () => {
  test('the table shows every figure, and each missing one with its reason', () => {
    const table = Object.fromEntries(rows(results));
    expect(table).toMatchObject({
      'baseline create': '4000.0 ms',
      'baseline all attached': '4500.0 ms',
      setup: 'p50 100.0 / p90 150.0 / p99 150.0 / max 150.0 ms (2 samples), threshold 30000 ms',
      teardown: 'p50 40.0 / p90 40.0 / p99 40.0 / max 40.0 ms (2 samples), threshold 10000 ms',
      'route ready': 'not measured: no data plane: no kubelet',
      'baseline: status writes': 'Gateway 12, HTTPRoutes 1000',
      'baseline: phase end':
        "quiet 240 ms after the work (7 of the phase's 7 status writes/xDS pushes came after it), then 1000 ms without any; phase 4600 ms in all",
      'incremental: phase end': "did not settle within 30000 ms (500 of the phase's 500 status writes/xDS pushes came after the work); phase 900 ms in all",
      'baseline: controller (/metrics)':
        'CPU 3.25 s, RSS peak 100.0 MiB (1 s samples), end 90.0 MiB, API requests PATCH 1012 (shared with other runs: other-run)',
      'baseline: controller (kernel)': 'CPU 3.31 s, VmHWM peak 104.0 MiB, RSS end 90.0 MiB (shared with other runs: other-run)',
      'baseline: API server requests':
        "2003 in all (shared with other runs: other-run); POST httproutes 1000, PATCH httproutes/status 1000, GET (non-resource) 3. The harness's own: 1003 (POST httproutes 1000, GET (non-resource) 3). The rest (controller and other clients): 1000 (PATCH httproutes/status 1000)",
      'incremental: controller (/metrics)': 'not measured: the controller restarted during the phase',
      'incremental: controller (kernel)': 'not measured: the controller process 42 ended during the phase',
      'incremental: API server requests': "not measured: the API server's /metrics is not readable (HTTP 403)",
      'baseline all in xDS': 'not measured: no xDS address: none known',
      'baseline: xDS pushes': 'RDS 12 (781 KiB)',
      'incremental: xDS pushes': 'not measured: no xDS address: none known',
    });
  });

  test('the route-ready row names the method that measured it', () => {
    const byXds = { ...results, routeReadyMethod: 'xds' as const, samples: results.samples.map((s) => ({ ...s, routeReadyMs: 12.5 })) };
    expect(Object.fromEntries(rows(byXds))['route ready (xDS push)']).toBe('p50 12.5 / p90 12.5 / p99 12.5 / max 12.5 ms (2 samples)');
    const byHttp = { ...results, routeReadyMethod: 'http' as const, samples: results.samples.map((s) => ({ ...s, routeReadyMs: 30 })) };
    expect(Object.fromEntries(rows(byHttp))['route ready (HTTP 302)']).toBe('p50 30.0 / p90 30.0 / p99 30.0 / max 30.0 ms (2 samples)');
  });

  test('the summary leads with the answer: each judged figure against its threshold, then what was not measured', () => {
    expect(headline(results)).toBe(
      'AttachedRoutesBaseline: setup p50 100 ms, max 150 ms: within 30000 ms; teardown p50 40 ms, max 40 ms: within 10000 ms ' +
        '(2 samples beside 1000 routes; all 1000 routes attached after 4.5 s)\nnot measured: route ready (no data plane: no kubelet)',
    );
    const slow = { ...results, routeReadyMethod: 'xds' as const, samples: results.samples.map((s) => ({ ...s, teardownMs: 12_000, routeReadyMs: 80 })) };
    expect(headline(slow)).toContain('teardown p50 12000 ms, max 12000 ms: OVER 10000 ms; route ready (xDS push) p50 80 ms, max 80 ms: within 30000 ms');
    expect(printSummary(results).startsWith(headline(results))).toBe(true);
  });

  test('a run without samples (the gateway-api-bench workload) says so instead of failing, with its own figures named', () => {
    const apps: TestResults = {
      ...results,
      config: { ...results.config, workload: 'gateway-api-bench', samples: 0 },
      bench: {
        workload: 'gateway-api-bench',
        setupMs: 120,
        teardownMs: 9_000,
        writes: 84,
        setupWrites: 36,
        teardownWrites: 48,
        teardownMethod: 'app by app in reverse',
      },
      samples: [],
    };
    expect(headline(apps)).toBe(
      'AttachedRoutesBaseline: all 1000 routes attached after 4.5 s\nnot measured: setup, teardown and route ready per sample (the run has no incremental samples)',
    );
    const table = Object.fromEntries(rows(apps));
    expect(table.setup).toBe('not measured: the run has no incremental samples');
    expect(table.workload).toMatch(/^gateway-api-bench: /);
    expect(table['gateway-api-bench setup']).toMatch(/^0\.1 s: gateway-api-bench's add-all/);
    expect(table['gateway-api-bench writes']).toMatch(/^84 \(36 \+ 48\)/);
    expect(printSummary(apps).startsWith(headline(apps))).toBe(true);
  });

  test('a nudged Gateway says how often and which upstream issue the nudge works around', () => {
    const nudged = { ...results, gateway: { readyMs: 20_512, statusNudges: 2, nudgedFor: 'example-dev/example#1' } };
    expect(Object.fromEntries(rows(nudged))['gateway Accepted+Programmed']).toBe(
      '20512.0 ms after 2 status nudge(s): the controller wrote no status until nudged (example-dev/example#1)',
    );
  });
});

describe('formatValue', () => {
  test('bytes below a MiB are in KiB, so that a small xDS push is not "0.0 MiB"', () => {
    expect(formatValue(48.2 * 1024, 'bytes')).toBe('48.2 KiB');
    expect(formatValue(85 * 2 ** 20, 'bytes')).toBe('85.0 MiB');
    expect(formatValue(312.44, 'ms')).toBe('312.4 ms');
  });
});
