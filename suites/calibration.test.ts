// Measurement integrity: the harness measured against an instrument that knows the true answer. The calibration
// controller (fixtures/calibrationController.ts) runs in a process of its own, with its own client and event loop,
// and writes a route's status exactly D_route ms and the Gateway's attachedRoutes exactly D_gateway ms after its watch
// sees the route, in either order. For every sample and figure the harness must report:
// - a clock started no later than the request: the request was sent before the instrument's watch saw the route;
// - at least the time from the instrument's sight to the write that ends the figure being sent (which is >= D);
// - at most ERROR_P99_MS after that write returned, at p99 (the bound the README states).
// Needs no controller under test: SKIP_INSTALL=true npx vitest run --project cluster suites/calibration.test.ts
import { availableParallelism, loadavg } from 'node:os';
import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { CalibrationDelays } from '../fixtures/calibrationController.js';
import { type CalibratedFigure, type CalibrationRun, calibrationError, figureTruth, runCalibration } from '../fixtures/calibrationRun.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { quantile } from '../framework/measure/quantiles.js';
import { sharedCluster } from './support/cluster.js';

const { description, connect } = sharedCluster();
const connection = inject('connection');
/** Reported minus true (the write returned), nearest-rank p99 per figure and configuration. */
const ERROR_P99_MS = 10;
// 100 samples: the smallest count whose nearest-rank p99 is not the maximum (rank 99 of 100). With fewer, "p99" would
// be a bound on the worst sample, which one scheduler stall of the busy 2-core machine decides.
const SAMPLES = 100;
let http: KubeHttp;
// Garbage-collection pauses of this process (the harness's), to explain the error's tail.
const gcPauses: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => gcPauses.push(...list.getEntries()));
gcObserver.observe({ entryTypes: ['gc'] });

beforeAll(async () => {
  http = await connect();
});
afterAll(async () => {
  gcObserver.disconnect();
  await http.close();
});

/** Which write ends each figure: acceptedMs the route's own status, attachedMs and teardownMs the Gateway's. */
const FIGURES: CalibratedFigure[] = ['acceptedMs', 'attachedMs', 'setupMs', 'teardownMs'];

function delayOf(figure: CalibratedFigure, delays: CalibrationDelays): number {
  if (figure === 'acceptedMs') return delays.routeMs;
  if (figure === 'setupMs') return Math.max(delays.routeMs, delays.gatewayMs);
  return delays.gatewayMs;
}

function checkRun(run: CalibrationRun, delays: CalibrationDelays, routes: number): string[] {
  const label = `route write ${delays.routeMs} ms, Gateway write ${delays.gatewayMs} ms, ${routes} routes`;
  expect(run.controllerErrors).toEqual([]);
  // The two processes' absolute clocks: the instrument's reading falls inside the harness's IPC round trip.
  const { sentAt, instrumentAt, receivedAt } = run.clock;
  expect(instrumentAt, `${label}: instrument clock before the harness asked`).toBeGreaterThanOrEqual(sentAt);
  expect(instrumentAt, `${label}: instrument clock after the harness got the answer`).toBeLessThanOrEqual(receivedAt);
  expect(run.samples).toHaveLength(SAMPLES);
  const lines: string[] = [];
  for (const figure of FIGURES) {
    const errors: number[] = [];
    for (const calibrated of run.samples) {
      const truth = figureTruth(calibrated, figure);
      const what = `${label}, ${calibrated.sample.route} ${figure}: reported ${truth.reported.toFixed(2)} ms`;
      // The harness's clock started before the route reached the instrument (a late start would break this).
      expect(truth.requestSentAt, `${what}; request sent after the instrument saw the event`).toBeLessThanOrEqual(truth.seenAt);
      // The instrument waited its delay between seeing the event and sending the write that ends the figure.
      expect(truth.write.sentAt - truth.seenAt, `${what}; instrument wrote before its delay`).toBeGreaterThanOrEqual(delayOf(figure, delays) - 1);
      // The harness cannot have seen a write before it was sent: from its sight, nor from the request.
      expect(truth.reported, `${what}; earlier than the write was sent after the instrument saw the event`).toBeGreaterThanOrEqual(
        truth.write.sentAt - truth.seenAt,
      );
      expect(truth.reported, `${what}; earlier than the write was sent`).toBeGreaterThanOrEqual(truth.write.sentAt - truth.requestSentAt);
      errors.push(calibrationError(truth));
    }
    const [p50, p99] = [quantile(errors, 0.5), quantile(errors, 0.99)];
    lines.push(
      `${label}: ${figure} error p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, min ${Math.min(...errors).toFixed(2)} ms, max ${Math.max(...errors).toFixed(2)} ms (${errors.length} samples)`,
    );
    const worst = [...errors].sort((a, b) => b - a).slice(0, 5);
    if (figure === 'acceptedMs') {
      // For the largest errors: how late the instrument's own watch saw the same write (API server + machine, no harness).
      const echoes = run.samples
        .map((s) => {
          const truth = figureTruth(s, figure);
          // The harness's garbage-collection pauses between the write returning and the harness seeing it.
          const [from, to] = [truth.write.at - performance.timeOrigin, truth.requestSentAt + truth.reported - performance.timeOrigin];
          const pauses = gcPauses.filter((p) => p.startTime < to && p.startTime + p.duration > from).map((p) => p.duration.toFixed(1));
          return {
            error: calibrationError(truth),
            echo: (s.timeline.routeWriteSeenAt ?? Number.NaN) - (s.timeline.routeWrite?.at ?? Number.NaN),
            gc: pauses.length ? `${pauses.join(' + ')} ms` : 'none',
          };
        })
        .sort((a, b) => b.error - a.error)
        .slice(0, 3);
      lines.push(
        `${label}: acceptedMs largest errors ${echoes.map((e) => `${e.error.toFixed(1)} (instrument's own watch saw that write ${e.echo.toFixed(1)} ms after it returned; harness GC pauses meanwhile ${e.gc})`).join(', ')}`,
      );
    }
    // Soft: every figure is checked and printed, not only the first that misses.
    expect
      .soft(p99, `${label}: ${figure} error p99 ${p99.toFixed(2)} ms (largest errors ${worst.map((e) => e.toFixed(2)).join(', ')})`)
      .toBeLessThanOrEqual(ERROR_P99_MS);
  }
  // The machine's load decides the tail: print it with the figures.
  lines.push(
    `${label}: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
  return lines;
}

describe('Calibration', () => {
  test.each([
    // [D_route, D_gateway, baseline routes]
    [0, 0, 20],
    [100, 0, 20],
    [0, 100, 20],
    [50, 50, 300],
    [0, 0, 1000],
    [100, 0, 1000],
    [0, 100, 1000],
  ])(
    'route write after %i ms, Gateway write after %i ms, %i baseline routes: each figure within its write, error p99 <= 10 ms',
    async (routeMs, gatewayMs, routes) => {
      const delays = { routeMs, gatewayMs };
      const run = await runCalibration({ cluster: description, connection, http, delays, routes, samples: SAMPLES });
      const lines = checkRun(run, delays, routes);
      console.log(lines.join('\n'));
    },
    600_000,
  );

  test('a harness that waited for only one of the two writes would be caught: setup follows the later write, in either order', async () => {
    // Gateway first by 150 ms: the route's own status ends setup; then the other way round.
    for (const delays of [
      { routeMs: 150, gatewayMs: 0 },
      { routeMs: 0, gatewayMs: 150 },
    ]) {
      const run = await runCalibration({ cluster: description, connection, http, delays, routes: 20, samples: 3 });
      const later = Math.max(delays.routeMs, delays.gatewayMs);
      for (const { sample } of run.samples) {
        // The harness reports the later of its two parts as setup, and that part took at least the later delay:
        // a harness that waited only for the early write would report a few ms here.
        const late = delays.routeMs > delays.gatewayMs ? sample.acceptedMs : sample.attachedMs;
        expect(late, `${sample.route}: the later write came ${later} ms after the instrument saw the route`).toBeGreaterThanOrEqual(later);
        expect(sample.setupMs).toBe(Math.max(sample.acceptedMs, sample.attachedMs));
        expect(sample.setupMs).toBe(late);
      }
    }
  }, 120_000);
});
