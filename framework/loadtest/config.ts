// The Attached Routes configuration (mirroring the Go harness's AttachedRoutesConfig) and its thresholds by scale.

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
