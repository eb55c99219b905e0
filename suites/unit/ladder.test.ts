// The CapacityLadder's pure parts: its settings, the growth fit, and how the API server's own metrics say "saturated".
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../framework/env.js';
import { CI_LADDER, FULL_LADDER, readLadderConfig, stepsUpTo } from '../../framework/ladder/config.js';
import { fitPowerLaw, powerLawAt } from '../../framework/ladder/growth.js';
import { apiServerLoadBetween, saturation, scrapeOf } from '../../framework/measure/apiServerLoad.js';
import { bucketQuantileBound, histogramBuckets } from '../../framework/measure/prometheus.js';

describe('ladder settings', () => {
  test('the cluster tier climbs the reduced ladder unless told; npm run ladder climbs the full one', () => {
    expect(readLadderConfig({}).steps).toEqual(CI_LADDER);
    const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.ladder ?? '';
    expect(script).toContain(`LOADTEST_LADDER_STEPS=\${LOADTEST_LADDER_STEPS:-${FULL_LADDER.join(',')}}`);
    expect(readLadderConfig({ LOADTEST_LADDER_STEPS: ' 100, 300 ,900' }).steps).toEqual([100, 300, 900]);
  });

  test('LOADTEST_LADDER_ROUTES (run ladder --routes) sets the top step of the default ladder: a fifth, half, all of it', () => {
    expect(stepsUpTo(1000)).toEqual(CI_LADDER);
    expect(readLadderConfig({ LOADTEST_LADDER_ROUTES: '5000' }).steps).toEqual([1000, 2500, 5000]);
    expect(readLadderConfig({ LOADTEST_LADDER_ROUTES: '3' }).steps).toEqual([1, 2, 3]);
    expect(readLadderConfig({ LOADTEST_LADDER_ROUTES: '1' }).steps).toEqual([1]);
    expect(() => readLadderConfig({ LOADTEST_LADDER_ROUTES: '5000', LOADTEST_LADDER_STEPS: '100,200' })).toThrow(/both set the ladder: set one/);
  });

  test.each([
    ['1000,1000', /must rise/],
    ['2000,1000', /must rise/],
    ['1000,x', /"x" is not a positive whole number/],
    ['0', /not a positive whole number/],
  ])('LOADTEST_LADDER_STEPS=%s is refused before any cluster starts', (value, message) => {
    expect(() => readLadderConfig({ LOADTEST_LADDER_STEPS: value })).toThrow(ConfigError);
    expect(() => readLadderConfig({ LOADTEST_LADDER_STEPS: value })).toThrow(message);
  });

  test('the setup threshold follows each step unless LOADTEST_LADDER_SETUP_THRESHOLD_MS sets one', () => {
    expect(readLadderConfig({}).setupP50ThresholdMs).toBeUndefined();
    expect(readLadderConfig({ LOADTEST_LADDER_SETUP_THRESHOLD_MS: '2500' }).setupP50ThresholdMs).toBe(2500);
    expect(() => readLadderConfig({ LOADTEST_LADDER_SETUP_THRESHOLD_MS: '-1' })).toThrow(ConfigError);
  });
});

describe('growth fit', () => {
  test('a cost that does not grow fits exponent 0 with R² 1, not NaN', () => {
    const fit = fitPowerLaw([200, 500, 1000].map((n) => ({ n, y: 3 })));
    if ('notMeasured' in fit) throw new Error(fit.notMeasured);
    expect(fit.exponent).toBeCloseTo(0, 10);
    expect(fit.rSquared).toBe(1);
  });

  test('recovers the exponent of a power law, and of a linear cost', () => {
    const quadratic = [1000, 2000, 5000, 10_000].map((n) => ({ n, y: 3e-6 * n ** 2 }));
    const fit = fitPowerLaw(quadratic);
    if ('notMeasured' in fit) throw new Error(fit.notMeasured);
    expect(fit.exponent).toBeCloseTo(2, 10);
    expect(fit.rSquared).toBeCloseTo(1, 10);
    expect(powerLawAt(fit, 20_000)).toBeCloseTo(3e-6 * 20_000 ** 2, 3);
    const flat = fitPowerLaw([1000, 2000, 5000].map((n) => ({ n, y: 42 })));
    expect('exponent' in flat && flat.exponent).toBeCloseTo(0, 10);
  });

  test('says why there is no fit with fewer than two usable steps (a logarithm needs values above 0)', () => {
    expect(fitPowerLaw([{ n: 1000, y: 5 }])).toEqual({ notMeasured: expect.stringContaining('two steps') });
    expect(
      fitPowerLaw([
        { n: 1000, y: 0 },
        { n: 2000, y: 3 },
      ]),
    ).toEqual({ notMeasured: expect.stringContaining('(1 of 2)') });
  });
});

// A trimmed page of kube-apiserver's /metrics, as v1.36 writes it.
const page = (post: { fast: number; slow: number; inf: number }, rejected: number, wait: { sum: number; count: number }, cpu: number) => `
# HELP apiserver_request_duration_seconds [STABLE] Response latency distribution in seconds for each verb, ...
# TYPE apiserver_request_duration_seconds histogram
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="gateway.networking.k8s.io",resource="httproutes",scope="namespace",subresource="",verb="POST",version="v1",le="0.1"} ${post.fast}
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="gateway.networking.k8s.io",resource="httproutes",scope="namespace",subresource="",verb="POST",version="v1",le="1"} ${post.fast + post.slow}
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="gateway.networking.k8s.io",resource="httproutes",scope="namespace",subresource="",verb="POST",version="v1",le="+Inf"} ${post.inf}
apiserver_request_duration_seconds_sum{component="apiserver",dry_run="",group="gateway.networking.k8s.io",resource="httproutes",scope="namespace",subresource="",verb="POST",version="v1"} 12
apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="gateway.networking.k8s.io",resource="httproutes",scope="namespace",subresource="",verb="POST",version="v1"} ${post.inf}
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="LIST",version="v1",le="0.1"} 0
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="LIST",version="v1",le="1"} 0
apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="LIST",version="v1",le="+Inf"} 900
# HELP apiserver_flowcontrol_rejected_requests_total [BETA] Number of requests rejected by API Priority and Fairness subsystem
# TYPE apiserver_flowcontrol_rejected_requests_total counter
apiserver_flowcontrol_rejected_requests_total{flow_schema="service-accounts",priority_level="workload-low",reason="queue-full"} ${rejected}
# HELP apiserver_flowcontrol_request_wait_duration_seconds [BETA] Length of time a request spent waiting in its queue
# TYPE apiserver_flowcontrol_request_wait_duration_seconds histogram
apiserver_flowcontrol_request_wait_duration_seconds_sum{execute="true",flow_schema="service-accounts",priority_level="workload-low"} ${wait.sum}
apiserver_flowcontrol_request_wait_duration_seconds_count{execute="true",flow_schema="service-accounts",priority_level="workload-low"} ${wait.count}
apiserver_flowcontrol_request_wait_duration_seconds_sum{execute="true",flow_schema="exempt",priority_level="exempt"} 99
apiserver_flowcontrol_request_wait_duration_seconds_count{execute="true",flow_schema="exempt",priority_level="exempt"} 1
# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total ${cpu}
# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
# TYPE process_start_time_seconds gauge
process_start_time_seconds 1.7e9
`;

describe("the API server's own load", () => {
  test("reads a labelled histogram's buckets (which the Prometheus parser alone would lose) and bounds its quantile", () => {
    const buckets = histogramBuckets(
      page({ fast: 98, slow: 1, inf: 100 }, 0, { sum: 0, count: 0 }, 1),
      'apiserver_request_duration_seconds',
      (l) => l.verb === 'POST',
    );
    expect(buckets).toEqual(
      new Map([
        [0.1, 98],
        [1, 99],
        [Number.POSITIVE_INFINITY, 100],
      ]),
    );
    expect(bucketQuantileBound(buckets, 0.5)).toBe(0.1);
    expect(bucketQuantileBound(buckets, 0.99)).toBe(1);
    expect(bucketQuantileBound(buckets, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(bucketQuantileBound(new Map([[Number.POSITIVE_INFINITY, 0]]), 0.99)).toBeUndefined();
  });

  test('a phase with no rejection and short APF queue waits is not saturated; rejections or long waits are, slow latency alone not', () => {
    const scrape = scrapeOf;
    const before = scrape(page({ fast: 100, slow: 0, inf: 100 }, 2, { sum: 1, count: 10 }, 50));
    const calm = apiServerLoadBetween(before, scrape(page({ fast: 300, slow: 1, inf: 301 }, 2, { sum: 1.5, count: 20 }, 60)));
    expect(calm).toEqual({ rejected: {}, meanQueueWaitMs: 50, mutatingRequests: 201, mutatingP99BoundMs: 100, cpuSeconds: 10 });
    expect(saturation(calm, { meanQueueWaitMs: 100 })).toBeUndefined();
    const rejecting = apiServerLoadBetween(before, scrape(page({ fast: 200, slow: 0, inf: 200 }, 7, { sum: 1, count: 10 }, 55)));
    expect(saturation(rejecting, { meanQueueWaitMs: 100 })).toMatch(/rejected 5 request/);
    const slow = apiServerLoadBetween(before, scrape(page({ fast: 100, slow: 0, inf: 150 }, 2, { sum: 1, count: 10 }, 55)));
    expect(slow.mutatingP99BoundMs).toBe(Number.POSITIVE_INFINITY);
    expect(saturation(slow, { meanQueueWaitMs: 100 })).toBeUndefined();
    const queued = apiServerLoadBetween(before, scrape(page({ fast: 100, slow: 0, inf: 100 }, 2, { sum: 5, count: 30 }, 55)));
    expect(queued.meanQueueWaitMs).toBe(200);
    expect(saturation(queued, { meanQueueWaitMs: 100 })).toMatch(/waited 200 ms on average/);
  });
});
