// Measurement integrity: the harness measured against an instrument that knows the true answer. The calibration
// controller writes status exactly D ms after seeing a route; the harness must report at least D, never a time
// before the controller's write was sent, and no more than a small error after that write returned.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GatewayWrite } from '../fixtures/calibrationController.js';
import { calibrationErrors, runCalibration } from '../fixtures/calibrationRun.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { quantile } from '../framework/measure/quantiles.js';
import { sharedCluster } from './support/cluster.js';

const { description, connect } = sharedCluster();
// Generous for a busy 2-core machine: the watch event crosses the API server and this process's event loop.
const MAX_ERROR_MS = 100;
let http: KubeHttp;

beforeAll(async () => {
  http = await connect();
});
afterAll(async () => {
  await http.close();
});

function checkBounds(reported: number, start: number, write: GatewayWrite | undefined, delayMs: number, what: string): void {
  expect(write, `${what}: the calibration controller wrote status`).toBeDefined();
  expect(reported, `${what}: reported ${reported.toFixed(1)} ms, less than the controller's delay ${delayMs} ms`).toBeGreaterThanOrEqual(delayMs);
  // The write takes effect between being sent and returning: the harness cannot have seen it before it was sent.
  expect(reported, `${what}: reported before the controller's write was sent`).toBeGreaterThanOrEqual((write?.sentAt ?? Infinity) - start);
}

describe('Calibration', () => {
  test.each([
    [0, 20],
    [50, 20],
    [500, 20],
    [50, 300],
  ])(
    'with a controller delay of %i ms and %i baseline routes, reported times are >= the delay and within the error bound',
    async (delayMs, routes) => {
      const run = await runCalibration({ cluster: description, http, delayMs, routes, samples: 5 });
      expect(run.controllerErrors).toEqual([]);
      for (const { sample, setupWrite, teardownWrite } of run.samples) {
        const what = `delay ${delayMs} ms, ${routes} routes, ${sample.route}`;
        checkBounds(sample.setupMs, sample.createSentAt, setupWrite, delayMs, `${what} setup`);
        checkBounds(sample.teardownMs, sample.deleteSentAt, teardownWrite, delayMs, `${what} teardown`);
      }
      const errors = calibrationErrors(run.samples);
      const fmt = (values: number[]) => `p50 ${quantile(values, 0.5).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
      console.log(`delay ${delayMs} ms, ${routes} routes: setup error ${fmt(errors.setup)}; teardown error ${fmt(errors.teardown)}`);
      for (const error of [...errors.setup, ...errors.teardown]) expect(error).toBeLessThan(MAX_ERROR_MS);
    },
    180_000,
  );
});
