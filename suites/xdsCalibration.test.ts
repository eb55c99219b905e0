// Measurement integrity of route ready by xDS: the observer measured against an instrument that knows the true
// answer. The calibration ADS server pushes a route configuration with the route exactly D ms after its watch sees
// the route (and without it D ms after it sees the delete), through the real API server, as the suite's routes go.
// Route ready (create sent -> push that holds the route) must be >= D always and <= D + 10 ms at p99; route gone
// likewise. The observer's own error (its arrival time minus the instrument's send) must be >= 0 always and within
// the same 10 ms at p99. 100 samples per delay, so that p99 is not simply the maximum.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CalibrationAds } from '../fixtures/calibrationAds.js';
import type { KubeHttp } from '../framework/cluster/kubeHttp.js';
import { quantile } from '../framework/report.js';
import { newRunId, runLabels } from '../framework/runId.js';
import { XdsObserver } from '../framework/xds/adsObserver.js';
import { routeConfigHas } from '../framework/xds/routeConfigs.js';
import { runCluster } from './support/cluster.js';

const { connect } = runCluster();
const runId = newRunId();
const labels = runLabels(runId);
const SAMPLES = 100;
const MAX_ERROR_MS = 10;
let http: KubeHttp;
const namespaces: string[] = [];

beforeAll(async () => {
  http = await connect();
});
afterAll(async () => {
  for (const namespace of namespaces) await http.delete(`/api/v1/namespaces/${namespace}`);
  await http.close();
});

interface Sample {
  readyMs: number;
  goneMs: number;
  /** Observer arrival minus the instrument's send, for the push that added and the one that removed the route. */
  readyLagMs: number;
  goneLagMs: number;
  /** Where the rest went: request sent -> the instrument's watch event (API server), and timer lateness past D. */
  apiServerMs: number[];
  timerLateMs: number[];
}

async function calibrate(delayMs: number): Promise<Sample[]> {
  const namespace = `${runId}-xdscal${delayMs}`;
  namespaces.push(namespace);
  await http.create('/api/v1/namespaces', { metadata: { name: namespace, labels } });
  const instrument = new CalibrationAds(http, { namespace, delayMs });
  const observer = new XdsObserver({ address: await instrument.start(), gateway: { namespace, name: 'calibration' } });
  const routes = `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/httproutes`;
  const samples: Sample[] = [];
  try {
    await observer.start();
    for (let i = 0; i < SAMPLES; i++) {
      const name = `cal-${i}`;
      const host = `${name}.example.com`;
      const has = routeConfigHas(host, `/${name}`);
      const ready = observer.when(has, 10_000, () => `${name} never pushed`);
      const createSentAt = performance.now();
      await http.create(routes, {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name, labels },
        spec: { hostnames: [host], rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/${name}` } }] }] },
      });
      const readyAt = await ready;
      const gone = observer.when((configs) => !has(configs), 10_000, () => `${name} never removed`);
      const deleteSentAt = performance.now();
      await http.delete(`${routes}/${name}`);
      const goneAt = await gone;
      const added = instrument.push(name, true);
      const removed = instrument.push(name, false);
      if (!added || !removed) throw new Error(`${name}: the instrument made no push (${instrument.errors.join('; ')})`);
      samples.push({
        readyMs: readyAt - createSentAt,
        goneMs: goneAt - deleteSentAt,
        readyLagMs: readyAt - added.sentAt,
        goneLagMs: goneAt - removed.sentAt,
        apiServerMs: [added.seenAt - createSentAt, removed.seenAt - deleteSentAt],
        timerLateMs: [added.sentAt - added.seenAt - delayMs, removed.sentAt - removed.seenAt - delayMs],
      });
    }
  } finally {
    observer.stop();
    instrument.stop();
  }
  expect(instrument.errors).toEqual([]);
  return samples;
}

const fmt = (values: number[]) => `p50 ${quantile(values, 0.5).toFixed(1)} ms, p99 ${quantile(values, 0.99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;

describe('xDS calibration', () => {
  test.each([0, 100])(`with an ADS push delay of %i ms, route ready and route gone lie in [D, D + ${MAX_ERROR_MS} ms] at p99 over ${SAMPLES} samples`, async (delayMs) => {
    const samples = await calibrate(delayMs);
    const ready = samples.map((s) => s.readyMs);
    const gone = samples.map((s) => s.goneMs);
    const lags = samples.flatMap((s) => [s.readyLagMs, s.goneLagMs]);
    console.log(
      `D=${delayMs} ms, ${samples.length} samples: route ready ${fmt(ready)}; route gone ${fmt(gone)}; ` +
        `error vs D: ready ${fmt(ready.map((v) => v - delayMs))}, gone ${fmt(gone.map((v) => v - delayMs))}; of which: API server to the instrument's watch ` +
        `${fmt(samples.flatMap((s) => s.apiServerMs))}, instrument timer past D ${fmt(samples.flatMap((s) => s.timerLateMs))}, observer after the push was sent ${fmt(lags)}`,
    );
    expect(samples).toHaveLength(SAMPLES);
    // The push is sent D ms after the watch event, which follows the request: nothing can be seen earlier.
    expect(Math.min(...ready), 'route ready below D').toBeGreaterThanOrEqual(delayMs);
    expect(Math.min(...gone), 'route gone below D').toBeGreaterThanOrEqual(delayMs);
    expect(Math.min(...lags), 'observer saw a push before it was sent').toBeGreaterThanOrEqual(0);
    expect(quantile(ready, 0.99), 'route ready p99 above D + error').toBeLessThanOrEqual(delayMs + MAX_ERROR_MS);
    expect(quantile(gone, 0.99), 'route gone p99 above D + error').toBeLessThanOrEqual(delayMs + MAX_ERROR_MS);
    expect(quantile(lags, 0.99), 'observer p99 lag after the push was sent').toBeLessThanOrEqual(MAX_ERROR_MS);
  }, 180_000);
});
