// The figures a run is judged by: setup and teardown quantiles (p50, p90, p99, max) over its samples, route
// readiness where measured.
import type { Sample } from '../loadtest/results.js';
import { isNotMeasured, type Measured, notMeasured } from '../measure/notMeasured.js';
import { type Quantiles, quantiles } from './statistics.js';

export interface Summary {
  readonly setup: Quantiles;
  readonly teardown: Quantiles;
  readonly routeReady: Measured<Quantiles>;
}

export function summarize(samples: readonly Sample[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize: the run measured no incremental route');
  const ready = samples.flatMap((s) => (isNotMeasured(s.routeReadyMs) ? [] : [s.routeReadyMs]));
  const reason = samples.map((s) => s.routeReadyMs).find(isNotMeasured) ?? notMeasured('no samples');
  return {
    setup: quantiles(samples.map((s) => s.setupMs)),
    teardown: quantiles(samples.map((s) => s.teardownMs)),
    routeReady: ready.length ? quantiles(ready) : reason,
  };
}

/** "p50 272.0 / p90 401.3 / p99 549.2 / max 549.2 ms (20 samples)". */
export function formatQuantiles(q: Quantiles): string {
  return `p50 ${q.p50.toFixed(1)} / p90 ${q.p90.toFixed(1)} / p99 ${q.p99.toFixed(1)} / max ${q.max.toFixed(1)} ms (${q.n} samples)`;
}
