// What an Attached Routes run measured (mirroring TestResults of the Go harness), every figure measured or "not
// measured" with its reason (measure/notMeasured.ts).

import type { ApiServerLoad } from '../measure/apiServerLoad.js';
import type { ApiServerRequests } from '../measure/apiServerRequests.js';
import type { AttachmentStall } from '../measure/attachmentStall.js';
import type { BenchFigures } from '../measure/benchFigures.js';
import type { ControllerUsage } from '../measure/controllerUsage.js';
import type { EnvoyConfigUpdates } from '../measure/envoyConfig.js';
import type { Measured } from '../measure/notMeasured.js';
import type { OtherRuns } from '../measure/otherRuns.js';
import type { ProcessUsage } from '../measure/processUsage.js';
import type { RouteReadyMethod } from '../measure/routeReadiness.js';
import type { Settle } from '../measure/settle.js';
import type { StableProbeFigures } from '../measure/stableProbe.js';
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
  /**
   * Where route ready is HTTP and the run also observes xDS: the first push holding (without) the route, timed beside
   * it from the same request. routeReadyMs minus this is the data plane's own apply time. Absent otherwise.
   */
  readonly routeReadyXdsMs?: Measured<number>;
  readonly routeGoneXdsMs?: Measured<number>;
}

/** The figures of one phase (the phase runner's measurements, measure/). */
export interface PhaseResult {
  readonly name: string;
  /** Phase start -> its edge: the moment the controller had been quiet for the settle time after the phase's work. */
  readonly durationMs: number;
  /** How the edge was found: when the controller went quiet after the work, or that it did not within the bound. */
  readonly settle?: Settle;
  /** Always measured: the watches see every status write. */
  readonly writes: StatusWrites;
  /** From the controller's /metrics (sampled once a second for the peak). */
  readonly controller: Measured<ControllerUsage>;
  /** From the kernel (/proc) for a controller process this run started on this machine: exact CPU, VmHWM peak. */
  readonly controllerProcess: Measured<ProcessUsage>;
  readonly apiServerRequests: Measured<ApiServerRequests>;
  /** Rejections, queue waits, mutating latency and CPU of the API server itself (reports before it have none). */
  readonly apiServerLoad?: Measured<ApiServerLoad>;
  /** This harness process's own CPU and peak memory (kernel counts; reports before it have none). */
  readonly harness?: Measured<ProcessUsage>;
  /** xDS responses and bytes by type URL that the run's observer (a proxy of the Gateway) received. */
  readonly xds: Measured<XdsCounters>;
  /** The Gateway's Envoy (embedded default): CPU and VmHWM peak from the kernel. Absent in older reports. */
  readonly envoyProcess?: Measured<ProcessUsage>;
  /** The Gateway's Envoy: LDS/CDS/RDS/EDS updates taken and rejected (NACKs), from its admin stats. Absent in older reports. */
  readonly envoyConfig?: Measured<EnvoyConfigUpdates>;
  /** Other runs with namespaces in the cluster during the phase: if any, the controller and API-server figures are shared. */
  readonly otherRuns: Measured<OtherRuns>;
}

export interface BaselineResult {
  /** First create request -> last create response. */
  readonly createMs: number;
  /** First create request -> attachedRoutes = N and every route Accepted+ResolvedRefs (not measured by the gateway-api-bench workload). */
  readonly attachMs: Measured<number>;
  /** First create request -> the first xDS push to the Gateway's proxy that holds all N routes. */
  readonly xdsAllPushedMs: Measured<number>;
  /**
   * The longest time in which created routes waited and the listener's attachedRoutes did not move
   * (measure/attachmentStall.ts). Reports written before it have none.
   */
  readonly longestStall?: Measured<AttachmentStall>;
}

export interface TestResults {
  readonly runId: string;
  readonly testName: string;
  readonly config: AttachedRoutesConfig;
  readonly cluster: { readonly provider: string; readonly server: string; readonly controller?: string; readonly kubernetesVersion: string };
  readonly gateway: GatewayReadiness;
  /** Not measured in the gateway-api-bench workload, whose apps bring their own Services. */
  readonly simulatedCluster: Measured<VClusterConfig & { readonly services: number; readonly endpointSlices: number; readonly nodes: number }>;
  readonly baseline: BaselineResult;
  /** How route ready was measured: HTTP through a data plane, the xDS push to a proxy, or not at all (null). */
  readonly routeReadyMethod: RouteReadyMethod | null;
  /** The data plane the HTTP probes went through: one the cluster named, or the Envoy the run started. Absent in older reports. */
  readonly dataPlane?: Measured<
    | { readonly kind: 'given'; readonly url: string }
    | { readonly kind: 'envoy'; readonly url: string; readonly version: string; readonly pid: number; readonly readyMs: number }
  >;
  /** The stable route probed through the data plane during the samples: requests, failures, rate. Absent in older reports. */
  readonly stableRoute?: Measured<StableProbeFigures>;
  /**
   * gateway-api-bench's own setup, teardown and writes (measure/benchFigures.ts); not measured when the run did not
   * tear its baseline down at once. Reports written before it have none.
   */
  readonly bench?: Measured<BenchFigures>;
  readonly samples: readonly Sample[];
  readonly phases: readonly PhaseResult[];
  readonly startedAt: string;
  readonly wallMs: number;
}
