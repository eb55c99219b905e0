// Configuration, samples and results of the Attached Routes test, and the scale-aware thresholds it asserts.
import type { GatewayReadiness } from './gatewayReady.js';

/** Mirrors the Go harness's AttachedRoutesConfig, plus the knobs this suite adds. */
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

/** Mirrors VClusterConfig of the Go harness: the simulated cluster's size. */
export interface VClusterConfig {
  readonly simulationName: string;
  readonly fakeNodeCount: number;
  readonly servicesPerNode: number;
  readonly podsPerService: number;
}

/** The thresholds the Go harness enforces, by route count. */
export function thresholdsFor(routes: number): Thresholds & { readonly batchSize: number } {
  if (routes <= 1000) return { setupMs: 30_000, teardownMs: 10_000, batchSize: 100 };
  if (routes <= 5000) return { setupMs: 90_000, teardownMs: 20_000, batchSize: 500 };
  return { setupMs: 120_000, teardownMs: 30_000, batchSize: 500 };
}

export const GRACE_PERIOD_MS = 100;

/** The simulator's sizing rules of the Go harness. */
export function vclusterSizing(routes: number, simulationName: string): VClusterConfig {
  if (routes <= 1000) {
    const fakeNodeCount = Math.max(2, Math.floor(routes / 200));
    return { simulationName, fakeNodeCount, servicesPerNode: Math.max(20, Math.floor(routes / (fakeNodeCount * 3))), podsPerService: 2 };
  }
  const fakeNodeCount = Math.max(3, Math.floor(routes / 100));
  return { simulationName, fakeNodeCount, servicesPerNode: Math.max(15, Math.floor(routes / (fakeNodeCount * 2))), podsPerService: 2 };
}

/** One incremental route: measured from its create request and its delete request. */
export interface Sample {
  readonly index: number;
  readonly route: string;
  /** performance.now() when the create and the delete request were sent (to compare with other instruments). */
  readonly createSentAt: number;
  readonly deleteSentAt: number;
  /** Create request sent -> route Accepted+ResolvedRefs for the Gateway and attachedRoutes = N+1, seen by watches. */
  readonly setupMs: number;
  /** Create request sent -> the route's own status said Accepted (part of setupMs). */
  readonly acceptedMs: number;
  /** Create request sent -> the Gateway's listener counted the route (part of setupMs). */
  readonly attachedMs: number;
  /** Create request sent -> the data plane answers with the route's redirect (302); null when not measured. */
  readonly routeReadyMs: number | null;
  /** Delete request sent -> attachedRoutes back to N. */
  readonly teardownMs: number;
  /** Delete request sent -> data plane answers 404; null when not measured. */
  readonly routeGoneMs: number | null;
}

export interface StatusWrites {
  readonly gateway: number;
  readonly routes: number;
}

export interface ControllerUsage {
  readonly cpuSeconds: number;
  readonly residentBytesPeak: number;
  readonly residentBytesEnd: number;
  /** API requests the controller made, by HTTP method. */
  readonly apiRequests: Readonly<Record<string, number>>;
}

/** A figure that could not be measured, and why. */
export interface NotMeasured {
  readonly notMeasured: string;
}

export interface PhaseResult {
  readonly name: string;
  readonly durationMs: number;
  readonly writes: StatusWrites;
  /** Absent when the run knows no controller metrics endpoint. */
  readonly controller?: ControllerUsage | NotMeasured;
  /** Requests the API server served, by "VERB resource[/subresource]", or why they were not measured. */
  readonly apiServerRequests: { readonly requests: Readonly<Record<string, number>> } | NotMeasured;
}

/** Mirrors TestResults of the Go harness, with every figure measured. */
export interface TestResults {
  readonly runId: string;
  readonly testName: string;
  readonly config: AttachedRoutesConfig;
  readonly cluster: { readonly provider: string; readonly server: string; readonly controller?: string; readonly kubernetesVersion: string };
  readonly gateway: GatewayReadiness;
  readonly simulatedCluster: VClusterConfig & { readonly services: number; readonly endpointSlices: number; readonly nodes: number };
  readonly baseline: {
    /** First create request -> last create response. */
    readonly createMs: number;
    /** First create request -> attachedRoutes = N and every route Accepted+ResolvedRefs. */
    readonly attachMs: number;
  };
  readonly samples: readonly Sample[];
  readonly phases: readonly PhaseResult[];
  readonly routeReadyNotMeasuredReason?: string;
  readonly startedAt: string;
  readonly wallMs: number;
}
