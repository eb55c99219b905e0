// Measurement integrity of route ready by xDS: the observer measured against an instrument that knows the true
// answer. The calibration ADS server pushes a route configuration with the route exactly D ms after its watch sees
// the route (and without it D ms after it sees the delete), through the real API server, as the suite's routes go.
// The true route ready of a sample is T = (the instrument's push sent) - (create sent): D after the instrument's watch
// event, plus the API server's create -> watch delivery, plus the instrument's timer lateness. Reported route ready
// and route gone must lie in [T, T + 10 ms] at p99 (never below T: a push cannot be seen before it is sent), and
// never below D. With an exact instrument on an idle API server T = D, and this is the issue's [D, D + 10 ms]; on
// this shared 2-core machine the API server (p99 5-24 ms) and the instrument's own timer (p99 up to 10 ms under
// load) add to T, which is printed beside, not bounded: neither is the observer's error. 100 samples per delay, so
// that p99 is not simply the maximum.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AdsPush, CalibrationAds } from '../fixtures/calibrationAds.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { quantile } from '../framework/measure/quantiles.js';
import { RUN_LABEL, runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';
import { XdsObserver } from '../framework/xds/adsObserver.js';
import { routeConfigHas } from '../framework/xds/routeConfigs.js';
import { sharedCluster } from './support/cluster.js';

const { connect } = sharedCluster();
const runId = newRunId();
const labels = runLabels(runId);
const SAMPLES = 100;
const MAX_ERROR_MS = 10;
let http: KubeHttp;

beforeAll(async () => {
  http = await connect();
});
afterAll(async () => {
  // Delete by label: only this run's namespaces.
  const list = await http.get<{ items: { metadata: { name: string } }[] }>(`/api/v1/namespaces?labelSelector=${encodeURIComponent(`${RUN_LABEL}=${runId}`)}`);
  for (const item of list.items) await http.delete(`/api/v1/namespaces/${item.metadata.name}`);
  await http.close();
});

/** One route's round: when the harness sent its requests and saw the pushes, and the instrument's two pushes. */
interface Sample {
  createSentAt: number;
  readyAt: number;
  deleteSentAt: number;
  goneAt: number;
  added: AdsPush;
  removed: AdsPush;
}

async function calibrate(delayMs: number): Promise<Sample[]> {
  const namespace = `${runId}-xdscal${delayMs}`;
  await http.create('/api/v1/namespaces', { metadata: { name: namespace, labels } });
  const instrument = new CalibrationAds(http, { namespace, delayMs });
  // The instrument answers any node.
  const observer = new XdsObserver({
    address: await instrument.start(),
    nodeId: `observer.${namespace}`,
    nodeMetadata: { role: `calibration~${namespace}~calibration` },
  });
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
      const gone = observer.when(
        (configs) => !has(configs),
        10_000,
        () => `${name} never removed`,
      );
      const deleteSentAt = performance.now();
      await http.delete(`${routes}/${name}`);
      const goneAt = await gone;
      const added = instrument.push(name, true);
      const removed = instrument.push(name, false);
      if (!added || !removed) throw new Error(`${name}: the instrument made no push (${instrument.errors.join('; ')})`);
      samples.push({ createSentAt, readyAt, deleteSentAt, goneAt, added, removed });
    }
  } finally {
    observer.stop();
    instrument.stop();
  }
  expect(instrument.errors).toEqual([]);
  return samples;
}

const fmt = (values: number[]) =>
  `p50 ${quantile(values, 0.5).toFixed(1)} ms, p99 ${quantile(values, 0.99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;

describe('xDS calibration', () => {
  test.each([0, 100])(
    `with an ADS push delay of %i ms, route ready and route gone are >= D and lie in [T, T + ${MAX_ERROR_MS} ms] at p99 over ${SAMPLES} samples, T the instrument's true push`,
    async (delayMs) => {
      const samples = await calibrate(delayMs);
      // As the suite measures: from the request sent to the push seen. This includes the API server's own time to
      // deliver the create to the instrument's watch, which no xDS observer can see or remove.
      const ready = samples.map((s) => s.readyAt - s.createSentAt);
      const gone = samples.map((s) => s.goneAt - s.deleteSentAt);
      // The observer's part: from the instrument seeing the change (the start of its delay D) to the push seen.
      const xdsReady = samples.map((s) => s.readyAt - s.added.seenAt);
      const xdsGone = samples.map((s) => s.goneAt - s.removed.seenAt);
      // The harness's error against the truth (reported minus T): push seen minus push sent.
      const lags = samples.flatMap((s) => [s.readyAt - s.added.sentAt, s.goneAt - s.removed.sentAt]);
      const apiServer = samples.flatMap((s) => [s.added.seenAt - s.createSentAt, s.removed.seenAt - s.deleteSentAt]);
      const timerLate = samples.flatMap((s) => [s.added.sentAt - s.added.seenAt - delayMs, s.removed.sentAt - s.removed.seenAt - delayMs]);
      console.log(
        `D=${delayMs} ms, ${samples.length} samples: observer (from the instrument's watch event) ready ${fmt(xdsReady)}, gone ${fmt(xdsGone)}; ` +
          `from the request, as the suite measures: ready ${fmt(ready)}, gone ${fmt(gone)}; ` +
          `parts: API server request -> instrument's watch ${fmt(apiServer)}, instrument timer past D ${fmt(timerLate)}, push sent -> seen ${fmt(lags)}`,
      );
      expect(samples).toHaveLength(SAMPLES);
      // The push goes out D ms after the watch event, which follows the request: nothing can be seen earlier.
      expect(Math.min(...ready, ...gone, ...xdsReady, ...xdsGone), 'a time below D').toBeGreaterThanOrEqual(delayMs);
      const readyErrors = samples.map((s) => s.readyAt - s.added.sentAt);
      const goneErrors = samples.map((s) => s.goneAt - s.removed.sentAt);
      expect(Math.min(...readyErrors, ...goneErrors), 'the observer saw a push before it was sent').toBeGreaterThanOrEqual(0);
      expect(quantile(readyErrors, 0.99), 'route ready p99 more than the error bound after the true push').toBeLessThanOrEqual(MAX_ERROR_MS);
      expect(quantile(goneErrors, 0.99), 'route gone p99 more than the error bound after the true push').toBeLessThanOrEqual(MAX_ERROR_MS);
    },
    180_000,
  );
});
