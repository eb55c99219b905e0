// The Churn suite's pure parts, without a cluster: the xDS checks a change is judged by, the quiet-CPU rule, the
// cost per change, and its figures in reports and `compare` (on TEST FIXTURE reports: seeded, made-up numbers).
import { describe, expect, test } from 'vitest';
import { readChurnConfig } from '../../framework/churn/config.js';
import { changeCost, churnCosts } from '../../framework/churn/figures.js';
import { quietWindowsAtEnd } from '../../framework/churn/quietCpu.js';
import { CHANGE_KINDS, type ChurnChange, type ChurnResults } from '../../framework/churn/results.js';
import { churnSuite } from '../../framework/churn/suite.js';
import { churnAddress, clusterIsFor, endpointsHold, routeGoesTo } from '../../framework/churn/xdsChecks.js';
import { ConfigError } from '../../framework/env.js';
import type { PhaseResult } from '../../framework/loadtest/results.js';
import { compareReports } from '../../framework/report/compare.js';
import { isSampleFigure } from '../../framework/report/figures.js';
import { parseRunReport, type RunReport } from '../../framework/report/reportFile.js';
import { figuresOf } from '../../framework/report/runFigures.js';
import type { ClusterLoadAssignment, RouteConfiguration } from '../../framework/xds/protos.js';
import type { RouteConfigs } from '../../framework/xds/routeConfigs.js';
import { fixtureReport, latencyGenerator } from '../support/reportFixture.js';

const NS = 'lt1-sim';

function routeConfigs(host: string, prefix: string, cluster: string): RouteConfigs {
  const route = { name: 'r', match: { path_specifier: 'path_separated_prefix', path_separated_prefix: prefix }, route: { cluster } };
  const config = { name: 'listener~80', virtual_hosts: [{ name: 'vh', domains: [host], routes: [route] }] } as unknown as RouteConfiguration;
  return new Map([[config.name, config]]);
}

function assignment(addresses: string[]): ClusterLoadAssignment {
  return {
    cluster_name: 'c',
    endpoints: [{ lb_endpoints: addresses.map((address) => ({ endpoint: { address: { socket_address: { address } } } })) }],
  } as unknown as ClusterLoadAssignment;
}

describe('xDS checks of a change', () => {
  test('a cluster is matched to its Service by whole name parts: sim-service-1 is not sim-service-10', () => {
    expect(clusterIsFor(`kube_sim-service-1_${NS}_80`, NS, 'sim-service-1')).toBe(true);
    expect(clusterIsFor(`kube_sim-service-10_${NS}_80`, NS, 'sim-service-1')).toBe(false);
    expect(clusterIsFor('kube_sim-service-1_other-ns_80', NS, 'sim-service-1')).toBe(false);
  });

  test("a route goes to a Service once its host and prefix route to that Service's cluster", () => {
    const configs = routeConfigs('3-route.example.com', '/test-route-3', `kube_sim-service-4_${NS}_80`);
    expect(routeGoesTo('3-route.example.com', '/test-route-3', NS, 'sim-service-4')(configs)).toBe(true);
    expect(routeGoesTo('3-route.example.com', '/test-route-3', NS, 'sim-service-3')(configs)).toBe(false);
    expect(routeGoesTo('4-route.example.com', '/test-route-3', NS, 'sim-service-4')(configs)).toBe(false);
  });

  test('endpoints are found by address across load assignments', () => {
    expect(endpointsHold([assignment(['10.244.0.1']), assignment(['10.244.200.7'])], '10.244.200.7')).toBe(true);
    expect(endpointsHold([assignment(['10.244.0.1'])], '10.244.200.7')).toBe(false);
  });

  test('churned endpoint addresses stay in 10.244.0.0/16, above the simulator range, and do not repeat soon', () => {
    const addresses = Array.from({ length: 56 * 254 }, (_, k) => churnAddress(k));
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const address of addresses) {
      const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
      expect([a, b]).toEqual([10, 244]);
      expect(c).toBeGreaterThanOrEqual(200);
      expect(c).toBeLessThanOrEqual(255);
      expect(d).toBeGreaterThanOrEqual(1);
      expect(d).toBeLessThanOrEqual(254);
    }
  });
});

test('quiet CPU: only the windows in a row at the end count', () => {
  expect(quietWindowsAtEnd([0.9, 0.05, 0.8, 0.05, 0.02], 0.1)).toBe(2);
  expect(quietWindowsAtEnd([0.05, 0.5], 0.1)).toBe(0);
  expect(quietWindowsAtEnd([], 0.1)).toBe(0);
});

test('bad Churn settings are refused with the variable named', () => {
  expect(() => readChurnConfig({ LOADTEST_CHURN_PHASE_MS: '10s' })).toThrow(ConfigError);
  expect(() => readChurnConfig({ LOADTEST_CHURN_QUIET_CORES: '-1' })).toThrow(/LOADTEST_CHURN_QUIET_CORES/);
  expect(readChurnConfig({ LOADTEST_CHURN_PHASE_MS: '3000' }).phaseMs).toBe(3000);
});

const RDS = 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration';

function phase(name: string, durationMs: number, cpuSeconds: number, allocatedBytes: number, pushes: number): PhaseResult {
  return {
    name,
    durationMs,
    writes: { gateway: pushes, routes: pushes },
    controller: { cpuSeconds, residentBytesPeak: 2 ** 28, residentBytesEnd: 2 ** 28, allocatedBytes, apiRequests: {} },
    controllerProcess: { notMeasured: 'TEST FIXTURE' },
    apiServerRequests: { notMeasured: 'TEST FIXTURE' },
    xds: { [RDS]: { responses: pushes, bytes: pushes * 200_000 } },
    otherRuns: { runs: [] },
  };
}

describe('cost per change', () => {
  test("a phase's figures divided by its changes, and CPU net of the idle rate over the same time", () => {
    const idle = phase('idle', 5_000, 0.05, 5_000_000, 0);
    const cost = changeCost(phase('churn: x', 10_000, 2.1, 400_000_000, 40), 20, idle);
    expect(cost.cpuMs).toBeCloseTo(105);
    // Idle: 10 ms/s, so 100 ms over the 10 s phase, 5 ms per change.
    expect(cost.cpuMsNetOfIdle).toBeCloseTo(100);
    expect(cost.allocatedBytes).toBeCloseTo(20_000_000);
    expect(cost.xdsResponses).toBeCloseTo(2);
    expect(cost.xdsBytes).toBeCloseTo(400_000);
    expect(cost.statusWrites).toBeCloseTo(4);
  });

  test('a controller without metrics gives "not measured" with the reason, and no changes is an error', () => {
    const unmeasured = { ...phase('churn: x', 10_000, 1, 1, 1), controller: { notMeasured: 'no metrics' } };
    expect(changeCost(unmeasured, 5, undefined).cpuMs).toEqual({ notMeasured: 'no metrics' });
    expect(changeCost(unmeasured, 5, undefined).allocatedBytes).toEqual({ notMeasured: 'no metrics' });
    expect(() => changeCost(unmeasured, 0, undefined)).toThrow(/no changes/);
  });
});

/** A Churn report from the Attached Routes fixture: its baseline, with made-up changes (TEST FIXTURE, not measured). */
function churnFixture(seed: number, factor = 1): RunReport {
  const base = fixtureReport({ seed, samples: 0, testName: 'Churn' });
  const draw = latencyGenerator(seed);
  const phases = [
    { name: 'churn: routes', kinds: ['routeAdd', 'routeDelete'] as const },
    { name: 'churn: endpoints', kinds: ['endpointSlice'] as const },
  ];
  const changes: ChurnChange[] = phases.flatMap(({ name, kinds }) =>
    Array.from({ length: 24 }, (_, i) => {
      const kind = kinds[i % kinds.length] as ChurnChange['kind'];
      return {
        kind,
        object: `TEST FIXTURE ${kind} ${i}`,
        phase: name,
        sentAt: 1000 * i,
        statusMs: kind === 'endpointSlice' ? { notMeasured: 'an EndpointSlice has no status' } : factor * draw(120, 0.3),
        xdsMs: factor * draw(kind === 'endpointSlice' ? 8 : 60, 0.3),
      };
    }),
  );
  const results: ChurnResults = {
    ...base.results,
    phases: [
      ...base.results.phases,
      phase('idle', 5_000, 0.1, 10_000_000, 0),
      phase('churn: routes', 12_000, 5, 2e9, 24),
      phase('churn: endpoints', 12_000, 0.3, 3e7, 24),
    ],
    churn: {
      config: readChurnConfig({}),
      baselineTail: { quiet: true, waitedMs: 8_000, lastCores: 0.02 },
      idlePhase: 'idle',
      phases: phases.map(({ name, kinds }) => ({ name, kinds, streamMs: 12_000 })),
      changes,
      stableRoute: { route: 'test-gateway-route-0', host: '0-route.example.com', path: '/test-route-0', method: 'xds', pushesChecked: 30, misses: [] },
    },
  };
  return { ...base, results };
}

describe('Churn figures in reports and compare', () => {
  test('per kind, status and xDS times are sample figures; kinds without a status say why', () => {
    const report = churnFixture(1);
    const figures = figuresOf(report.results);
    const samples = figures.filter(isSampleFigure).map((f) => f.key);
    expect(samples).toEqual(['churn:routeAdd:status', 'churn:routeAdd:xds', 'churn:routeDelete:status', 'churn:routeDelete:xds', 'churn:endpointSlice:xds']);
    expect(figures.find((f) => f.key === 'churn:endpointSlice:status')).toMatchObject({ notMeasured: 'an EndpointSlice has no status' });
    // Attached Routes' per-sample figures are not Churn's.
    expect(figures.some((f) => f.key === 'setup')).toBe(false);
    expect(figures.find((f) => f.key === 'churn:churn: routes:cpu')).toMatchObject({ value: (5 * 1000) / 24 });
    expect(figures.find((f) => f.key === 'churn:stable:misses')).toMatchObject({ value: 0 });
    expect(churnSuite.sampleTable(report.results).rows).toHaveLength(48);
    // The verdict's primary figure is one of its per-change figures.
    expect(samples).toContain(churnSuite.primaryFigure);
    expect(CHANGE_KINDS).toContain('routeAdd');
    expect(churnCosts(report.results as ChurnResults).map((c) => c.changes)).toEqual([24, 24]);
  });

  test('a Churn report is a valid run report, and compare gives each kind an interval; route added status is primary', () => {
    const before = parseRunReport(JSON.parse(JSON.stringify(churnFixture(1))), 'before');
    const same = compareReports(before, churnFixture(2));
    expect(same.figures.find((f) => f.key === 'churn:routeAdd:xds')?.basis).toMatch(/^Welch's t on the logarithms of 12 and 12 samples of one run each/);
    expect(same.figures[0]).toMatchObject({ key: 'churn:routeAdd:status', role: 'primary' });
    const slower = compareReports(before, churnFixture(3, 2));
    const routeAdd = slower.figures.find((f) => f.key === 'churn:routeAdd:xds');
    expect(routeAdd?.verdict).toBe('slower');
    expect(slower.regressions.map((f) => f.key)).toContain('churn:endpointSlice:xds');
  });
});
