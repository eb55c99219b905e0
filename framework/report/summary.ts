// The figures a run is judged by: setup and teardown quantiles over its samples, route readiness where measured.
import type { Sample } from '../loadtest/results.js';
import { isNotMeasured, type Measured, notMeasured } from '../measure/notMeasured.js';
import { quantile } from '../measure/quantiles.js';

export interface Summary {
  readonly setupP50Ms: number;
  readonly setupMaxMs: number;
  readonly teardownP50Ms: number;
  readonly teardownMaxMs: number;
  readonly routeReadyP50Ms: Measured<number>;
}

export function summarize(samples: readonly Sample[]): Summary {
  const setup = samples.map((s) => s.setupMs);
  const teardown = samples.map((s) => s.teardownMs);
  const ready = samples.flatMap((s) => (isNotMeasured(s.routeReadyMs) ? [] : [s.routeReadyMs]));
  const reason = samples.map((s) => s.routeReadyMs).find(isNotMeasured) ?? notMeasured('no samples');
  return {
    setupP50Ms: quantile(setup, 0.5),
    setupMaxMs: Math.max(...setup),
    teardownP50Ms: quantile(teardown, 0.5),
    teardownMaxMs: Math.max(...teardown),
    routeReadyP50Ms: ready.length ? quantile(ready, 0.5) : reason,
  };
}
