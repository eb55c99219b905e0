// What an Attached Routes run measured (mirroring TestResults of the Go harness), every figure measured or "not
// measured" with its reason (measure/notMeasured.ts).
import type { ApiServerRequests } from '../measure/apiServerRequests.js';
import type { ControllerUsage } from '../measure/controllerUsage.js';
import type { Measured } from '../measure/notMeasured.js';
import type { RouteReadyMethod } from '../measure/routeReadiness.js';
import type { StatusWrites } from '../measure/statusWrites.js';
import type { XdsCounters } from '../xds/counters.js';
import type { AttachedRoutesConfig } from './config.js';
import type { GatewayReadiness } from './gatewayReady.js';
import type { VClusterConfig } from './sizing.js';

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
  /**
   * Create request sent -> the route is served, by the run's routeReadyMethod: the data plane answers its redirect
   * rule (302), or the first xDS push to the Gateway's proxy holds that rule.
   */
  readonly routeReadyMs: Measured<number>;
  /** Delete request sent -> attachedRoutes back to N. */
  readonly teardownMs: number;
  /** Delete request sent -> the data plane answers 404, or the first xDS push without the route. */
  readonly routeGoneMs: Measured<number>;
}

/** The figures of one phase (the phase runner's measurements, measure/). */
export interface PhaseResult {
  readonly name: string;
  readonly durationMs: number;
  /** Always measured: the watches see every status write. */
  readonly writes: StatusWrites;
  readonly controller: Measured<ControllerUsage>;
  readonly apiServerRequests: Measured<ApiServerRequests>;
  /** xDS responses and bytes by type URL that the run's observer (a proxy of the Gateway) received. */
  readonly xds: Measured<XdsCounters>;
}

export interface BaselineResult {
  /** First create request -> last create response. */
  readonly createMs: number;
  /** First create request -> attachedRoutes = N and every route Accepted+ResolvedRefs. */
  readonly attachMs: number;
  /** First create request -> the first xDS push to the Gateway's proxy that holds all N routes. */
  readonly xdsAllPushedMs: Measured<number>;
}

export interface TestResults {
  readonly runId: string;
  readonly testName: string;
  readonly config: AttachedRoutesConfig;
  readonly cluster: { readonly provider: string; readonly server: string; readonly controller?: string; readonly kubernetesVersion: string };
  readonly gateway: GatewayReadiness;
  readonly simulatedCluster: VClusterConfig & { readonly services: number; readonly endpointSlices: number; readonly nodes: number };
  readonly baseline: BaselineResult;
  /** How route ready was measured: HTTP through a data plane, the xDS push to a proxy, or not at all (null). */
  readonly routeReadyMethod: RouteReadyMethod | null;
  readonly samples: readonly Sample[];
  readonly phases: readonly PhaseResult[];
  readonly startedAt: string;
  readonly wallMs: number;
}
