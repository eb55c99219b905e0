// The Attached Routes configuration (mirroring the Go harness's AttachedRoutesConfig) and its thresholds by scale.
import type { Topology } from './topology.js';

export interface AttachedRoutesConfig {
  /** Number of baseline routes attached before the incremental samples. */
  readonly routes: number;
  readonly batchSize: number;
  /** Pause between baseline batches (the methodology's grace period). */
  readonly gracePeriodMs: number;
  /** Incremental routes measured, one after another. */
  readonly samples: number;
  /** Concurrent create requests within a batch. */
  readonly concurrency: number;
  readonly gatewayClassName: string;
  readonly thresholds: Thresholds;
  /** How long a phase may wait for the controller before the run fails. */
  readonly phaseTimeoutMs: number;
  /** Gateways, listeners (HTTP and HTTPS) and route namespaces; the methodology's single Gateway when absent (older reports). */
  readonly topology?: Topology;
}

export interface Thresholds {
  /** Create request -> route Accepted for the Gateway and attachedRoutes = N+1. */
  readonly setupMs: number;
  /** Delete request -> attachedRoutes = N. */
  readonly teardownMs: number;
}

/** The thresholds the Go harness enforces, and its batch size, by route count. */
export function thresholdsFor(routes: number): Thresholds & { readonly batchSize: number } {
  if (routes <= 1000) return { setupMs: 30_000, teardownMs: 10_000, batchSize: 100 };
  if (routes <= 5000) return { setupMs: 90_000, teardownMs: 20_000, batchSize: 500 };
  return { setupMs: 120_000, teardownMs: 30_000, batchSize: 500 };
}

export const GRACE_PERIOD_MS = 100;

/**
 * Incremental samples per block by default. 20 is the smallest count whose nearest-rank p90 is not the maximum
 * with room to spare (rank 18 of 20) and that gives the interval of `npm run compare` the power to see a
 * shift of about one standard deviation within a run. Baseline: a sample costs about 0.3 s setup + 0.2 s teardown at 1,000
 * routes, so 20 cost about 10 s. Production: a sample cost 1.3-2.5 s setup + 0.4-0.9 s teardown at 5,000 routes
 * on the 2-core machine (README, "Figures from real runs here"), so 20 cost about 40-70 s, a quarter of a run
 * whose baseline alone takes about 220 s; more would buy a p99 that is still the maximum below 100 samples.
 */
export const DEFAULT_SAMPLES: Readonly<Record<string, number>> = { BASELINE: 20, PRODUCTION: 20 };
