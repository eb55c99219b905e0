// Pure figures: quantiles, the thresholds and sizing of the Go harness, the load-test settings' defaults, summaries.
import { describe, expect, test } from 'vitest';
import { thresholdsFor } from '../../framework/loadtest/config.js';
import type { Sample } from '../../framework/loadtest/results.js';
import { readAttachedRoutesConfig } from '../../framework/loadtest/settings.js';
import { vclusterSizing } from '../../framework/loadtest/sizing.js';
import { notMeasured } from '../../framework/measure/notMeasured.js';
import { quantile } from '../../framework/measure/quantiles.js';
import { formatQuantiles, summarize } from '../../framework/report/summary.js';

describe('quantile', () => {
  test('nearest rank: the smallest value with at least q of the values at or below it', () => {
    const values = [50, 10, 40, 20, 30];
    expect(quantile(values, 0.5)).toBe(30);
    expect(quantile(values, 0.2)).toBe(10);
    expect(quantile(values, 0.21)).toBe(20);
    expect(quantile(values, 0.99)).toBe(50);
    expect(quantile(values, 1)).toBe(50);
    expect(quantile(values, 0)).toBe(10);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
  });

  test('no values give NaN, and the input is not reordered', () => {
    expect(quantile([], 0.5)).toBeNaN();
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('Thresholds and sizing of the Go harness', () => {
  test.each([
    [1000, { setupMs: 30_000, teardownMs: 10_000, batchSize: 100 }],
    [1001, { setupMs: 90_000, teardownMs: 20_000, batchSize: 500 }],
    [5000, { setupMs: 90_000, teardownMs: 20_000, batchSize: 500 }],
    [5001, { setupMs: 120_000, teardownMs: 30_000, batchSize: 500 }],
  ])('%i routes: %o', (routes, expected) => {
    expect(thresholdsFor(routes)).toEqual(expected);
  });

  test.each([
    [50, { fakeNodeCount: 2, servicesPerNode: 20 }],
    [1000, { fakeNodeCount: 5, servicesPerNode: 66 }],
    [5000, { fakeNodeCount: 50, servicesPerNode: 50 }],
  ])('%i routes simulate %o with 2 pods per service', (routes, expected) => {
    expect(vclusterSizing(routes, 'sim')).toEqual({ simulationName: 'sim', podsPerService: 2, ...expected });
  });

  test('the settings follow the route count unless overridden', () => {
    const config = readAttachedRoutesConfig({ LOADTEST_PRODUCTION_ROUTES: '2000' }, 'PRODUCTION', 5000, 'kgateway');
    expect(config).toMatchObject({
      routes: 2000,
      batchSize: 500,
      samples: 20,
      concurrency: 16,
      gracePeriodMs: 100,
      thresholds: { setupMs: 90_000, teardownMs: 20_000 },
    });
    expect(config.phaseTimeoutMs).toBe(300_000);
    expect(readAttachedRoutesConfig({}, 'BASELINE', 1000, 'kgateway').samples).toBe(20);
    expect(readAttachedRoutesConfig({}, 'SAFETY', 50, 'kgateway').samples).toBe(5);
    expect(readAttachedRoutesConfig({ LOADTEST_SAMPLES: '7' }, 'BASELINE', 1000, 'kgateway').samples).toBe(7);
    const small = readAttachedRoutesConfig({ LOADTEST_BASELINE_ROUTES: '30', LOADTEST_SETUP_THRESHOLD_MS: '5' }, 'BASELINE', 1000, 'kgateway');
    expect(small).toMatchObject({ routes: 30, batchSize: 30, thresholds: { setupMs: 5, teardownMs: 10_000 } });
  });
});

describe('summarize', () => {
  const sample = (index: number, setupMs: number, teardownMs: number, routeReadyMs: Sample['routeReadyMs']): Sample => ({
    index,
    route: `r-${index}`,
    createSentAt: 0,
    deleteSentAt: 0,
    setupMs,
    acceptedMs: setupMs,
    attachedMs: setupMs,
    routeReadyMs,
    teardownMs,
    routeGoneMs: routeReadyMs,
  });

  test('p50, p90, p99 and max of setup and teardown; route readiness over the samples that measured it', () => {
    const summary = summarize([sample(0, 10, 5, 12), sample(1, 30, 1, notMeasured('probe failed')), sample(2, 20, 3, 8)]);
    expect(summary).toEqual({
      setup: { n: 3, p50: 20, p90: 30, p99: 30, max: 30 },
      teardown: { n: 3, p50: 3, p90: 5, p99: 5, max: 5 },
      routeReady: { n: 2, p50: 8, p90: 12, p99: 12, max: 12 },
    });
  });

  test('with 20 samples p90 is rank 18, below the maximum', () => {
    const samples = Array.from({ length: 20 }, (_, i) => sample(i, i + 1, 1, 1));
    expect(summarize(samples).setup).toEqual({ n: 20, p50: 10, p90: 18, p99: 20, max: 20 });
    expect(formatQuantiles(summarize(samples).setup)).toBe('p50 10.0 / p90 18.0 / p99 20.0 / max 20.0 ms (20 samples)');
  });

  test('route readiness measured nowhere says why; no samples at all is an error, not NaN', () => {
    const summary = summarize([sample(0, 10, 5, notMeasured('no data plane: no kubelet'))]);
    expect(summary.routeReady).toEqual({ notMeasured: 'no data plane: no kubelet' });
    expect(() => summarize([])).toThrow(/no samples/);
  });
});
