// TEST FIXTURE: run reports in the shape the suite writes, filled with plausible made-up numbers drawn from a seeded
// lognormal generator. Nothing here is a measurement; every fixture says so in its run id and settings.
import lognormal from '@stdlib/random-base-lognormal';
import type { Sample, TestResults } from '../../framework/loadtest/results.js';
import type { AttachmentPoint } from '../../framework/report/charts.js';
import { REPORT_KIND, REPORT_SCHEMA_VERSION, type RunReport } from '../../framework/report/reportFile.js';

export const FIXTURE_NOTE = 'TEST FIXTURE: plausible made-up numbers in the shape of an AttachedRoutesBaseline report, not a measurement';

/** A seeded draw of a latency with the given median (ms) and log-scale spread (sigma 0.3 = a typical run's noise). */
export function latencyGenerator(seed: number): (medianMs: number, sigma: number) => number {
  const draw = lognormal.factory({ seed });
  return (medianMs, sigma) => draw(Math.log(medianMs), sigma);
}

export interface FixtureOptions {
  readonly seed: number;
  readonly samples?: number;
  /** Median of the random part of setup; the other per-sample figures scale with setup (accepted ~ 0.6x, ready ~ 1.3x, teardown ~ 0.7x). */
  readonly setupMedianMs?: number;
  /** A fixed delay added to every setup, like the calibration controller's D. */
  readonly setupOffsetMs?: number;
  readonly sigma?: number;
  readonly testName?: string;
  readonly routes?: number;
  readonly cpuModel?: string;
  readonly cores?: number;
}

export function fixtureResults(options: FixtureOptions): TestResults {
  const { seed, samples = 20, setupMedianMs = 300, setupOffsetMs = 0, sigma = 0.3, testName = 'AttachedRoutesBaseline', routes = 1000 } = options;
  const draw = latencyGenerator(seed);
  let clock = 60_000;
  const sampleList: Sample[] = Array.from({ length: samples }, (_, index) => {
    const setupMs = setupOffsetMs + draw(setupMedianMs, sigma);
    const teardownMs = draw(setupMedianMs * 0.7, sigma);
    clock += 1_500;
    const createSentAt = clock;
    clock += 1_000;
    const deleteSentAt = clock;
    return {
      index,
      route: `route-sample-${index}`,
      createSentAt,
      deleteSentAt,
      setupMs,
      acceptedMs: setupMs * 0.6,
      attachedMs: setupMs * 0.95,
      routeReadyMs: setupMs * 1.3,
      teardownMs,
      routeGoneMs: teardownMs * 1.2,
    };
  });
  const thresholds = routes <= 1000 ? { setupMs: 30_000, teardownMs: 10_000 } : { setupMs: 90_000, teardownMs: 20_000 };
  return {
    runId: `test-fixture-${seed}`,
    testName,
    config: {
      workload: 'batched',
      routes,
      batchSize: 100,
      gracePeriodMs: 100,
      samples,
      concurrency: 16,
      gatewayClassName: 'kgateway',
      thresholds,
      phaseTimeoutMs: 300_000,
    },
    cluster: { provider: 'local', server: 'https://127.0.0.1:6443', controller: 'kgateway v2.4.2 (fixture)', kubernetesVersion: 'v1.36.3' },
    gateway: { readyMs: 223, statusNudges: 0 },
    simulatedCluster: { simulationName: 'fixture', fakeNodeCount: 5, servicesPerNode: 66, podsPerService: 2, services: 330, endpointSlices: 330, nodes: 5 },
    baseline: { createMs: 9_800, attachMs: 14_200, xdsAllPushedMs: 13_900 },
    routeReadyMethod: 'http',
    bench: {
      setupMs: draw(setupMedianMs * 14, sigma),
      teardownMs: draw(setupMedianMs * 50, sigma),
      writes: 300,
      setupWrites: 180,
      teardownWrites: 120,
      teardownMethod: 'TEST FIXTURE: no delete was sent',
    },
    samples: sampleList,
    phases: [
      {
        name: 'baseline',
        durationMs: 14_500,
        settle: { quietAfterMs: 320, settleMs: 1_000, settled: true, maxMs: 30_000, events: 14, phaseEvents: 14 },
        writes: { gateway: 4, routes: routes },
        controller: { cpuSeconds: 18.8, residentBytesPeak: 256 * 2 ** 20, residentBytesEnd: 250 * 2 ** 20, apiRequests: { PUT: routes + 3, GET: 1 } },
        controllerProcess: { cpuSeconds: 18.9, residentBytesPeak: 262 * 2 ** 20, residentBytesEnd: 250 * 2 ** 20 },
        apiServerRequests: {
          requests: { 'POST httproutes': routes, 'PUT httproutes/status': routes, 'PUT gateways/status': 4, 'LIST httproutes': 10 },
          harness: { 'POST httproutes': routes, 'LIST httproutes': 2 },
          others: { 'PUT httproutes/status': routes, 'PUT gateways/status': 4, 'LIST httproutes': 8 },
        },
        xds: { 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration': { responses: 120, bytes: 9_000_000 } },
        otherRuns: { runs: [] },
      },
      {
        name: 'incremental',
        durationMs: samples * 2_500,
        settle: { quietAfterMs: 30_000, settleMs: 1_000, settled: false, maxMs: 30_000, events: 300, phaseEvents: 300 },
        writes: { gateway: samples * 2, routes: samples },
        controller: { notMeasured: 'TEST FIXTURE: the controller restarted during the phase' },
        controllerProcess: { notMeasured: 'TEST FIXTURE: process 1234 is another process now: the controller restarted' },
        apiServerRequests: {
          requests: { 'POST httproutes': samples, 'DELETE httproutes': samples, 'PUT httproutes/status': samples },
          harness: { 'POST httproutes': samples, 'DELETE httproutes': samples },
          others: { 'PUT httproutes/status': samples },
        },
        xds: { 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration': { responses: samples * 2, bytes: samples * 2 * 160_000 } },
        otherRuns: { runs: ['test-fixture-other'] },
      },
    ],
    startedAt: '2026-11-28T05:00:00.000Z',
    wallMs: 90_000,
  };
}

/** The baseline's attachment curve of a fixture: ten batches of creates, attachment trailing them. */
export function fixtureTimeline(routes = 1000): AttachmentPoint[] {
  const points: AttachmentPoint[] = [];
  for (let tMs = 0; tMs <= 14_200; tMs += 200) {
    const created = Math.min(routes, Math.floor(tMs / 980) * 100 + 100);
    const attached = Math.min(created, Math.max(0, Math.round(((tMs - 800) / 13_400) * routes)));
    points.push({ tMs, created, attached });
  }
  return points;
}

export function fixtureReport(options: FixtureOptions): RunReport {
  const results = fixtureResults(options);
  return {
    kind: REPORT_KIND,
    schemaVersion: REPORT_SCHEMA_VERSION,
    run: {
      generatedAt: '2026-11-28T05:02:00.000Z',
      host: {
        cpuModel: options.cpuModel ?? 'TEST FIXTURE CPU @ 2.0GHz',
        cores: options.cores ?? 2,
        memoryBytes: 24 * 2 ** 30,
        os: { type: 'Linux', platform: 'linux', release: '6.1.0', arch: 'x64' },
        nodeVersion: 'v20.20.2',
      },
      harness: { commit: '0000000000000000000000000000000000000000', dirty: false },
      controller: { name: 'kgateway', version: 'v2.4.2', origin: 'TEST FIXTURE (no binary)' },
      kubernetesVersion: 'v1.36.3',
      settings: { testFixture: FIXTURE_NOTE, ...results.config },
      environment: {},
    },
    results,
    attachmentTimeline: fixtureTimeline(results.config.routes),
  };
}
