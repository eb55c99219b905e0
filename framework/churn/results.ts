// What a Churn run measured: the Attached Routes results of its baseline (phases included), and each change.
import type { TestResults } from '../loadtest/results.js';
import type { Measured } from '../measure/notMeasured.js';
import type { StableProbeFigures } from '../measure/stableProbe.js';
import type { ChurnConfig } from './config.js';
import type { QuietCpu } from './quietCpu.js';

/** The kinds of change, each applied in a phase of its own (two kinds share a phase where one undoes the other). */
export const CHANGE_KINDS = [
  'routeAdd',
  'routeDelete',
  'routePath',
  'routeBackend',
  'endpointSlice',
  'irrelevantServiceAdd',
  'irrelevantServiceDelete',
  'certificateRotation',
  'policyAttach',
  'policyDetach',
  'listenerAdd',
  'listenerRemove',
  'backendScaledDown',
  'backendScaledUp',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const KIND_LABELS: Readonly<Record<ChangeKind, string>> = {
  routeAdd: 'route added',
  routeDelete: 'route deleted',
  routePath: "route's path changed",
  routeBackend: "route's backend changed",
  endpointSlice: 'EndpointSlice endpoint moved',
  irrelevantServiceAdd: 'unrouted Service added',
  irrelevantServiceDelete: 'unrouted Service deleted',
  certificateRotation: "HTTPS listener's certificate rotated",
  policyAttach: 'TrafficPolicy attached to a route',
  policyDetach: 'TrafficPolicy detached (deleted)',
  listenerAdd: 'listener added to the Gateway',
  listenerRemove: 'listener removed from the Gateway',
  backendScaledDown: "backend failover: a route's Deployment scaled to 0",
  backendScaledUp: 'backend failover: the Deployment scaled back up',
};

export interface ChurnChange {
  readonly kind: ChangeKind;
  /** The object changed, e.g. "HTTPRoute test-gateway-route-17". */
  readonly object: string;
  /** The phase it ran in (a name of results.phases). */
  readonly phase: string;
  /** performance.now() when its request was sent. */
  readonly sentAt: number;
  /** Request sent -> the status write that reflects it (watch event), or why there is none. */
  readonly statusMs: Measured<number>;
  /** Request sent -> the first xDS push to the Gateway's proxy that reflects it, or why there is none. */
  readonly xdsMs: Measured<number>;
}

/** An RDS push to the Gateway's proxy that lacked the stable route: downtime for every request to it. */
export interface StableRouteMiss {
  /** ms after the first churn phase started. */
  readonly atMs: number;
  readonly version: string;
  /** The change whose request was sent last before the push, if any was in flight. */
  readonly changeInFlight: string | null;
}

export interface StableRouteCheck {
  readonly route: string;
  readonly host: string;
  readonly path: string;
  /** How it was checked: its presence in every RDS push (no data plane here). */
  readonly method: 'xds';
  readonly pushesChecked: number;
  readonly misses: readonly StableRouteMiss[];
}

export interface ChurnPhase {
  readonly name: string;
  readonly kinds: readonly ChangeKind[];
  /** The stream itself: first request -> last change converged (the phase in results.phases adds the settle). */
  readonly streamMs: number;
}

/** A kind of change the run did not make, and why (it needs HTTPS listeners, kgateway's CRDs, KWOK, or was not chosen). */
export interface SkippedChurnPhase {
  readonly name: string;
  readonly kinds: readonly ChangeKind[];
  readonly reason: string;
}

export interface ChurnResults extends TestResults {
  readonly churn: {
    readonly config: ChurnConfig;
    /** Phases the run left out, each with the reason (reports before the newer kinds have none). */
    readonly skipped?: readonly SkippedChurnPhase[];
    /** The wait, after the baseline's phase edge, for the controller's CPU to fall back (a phase of results.phases). */
    readonly baselineTail: Measured<QuietCpu>;
    /** The phase in results.phases with no changes, for the controller's background cost. */
    readonly idlePhase: string;
    readonly phases: readonly ChurnPhase[];
    readonly changes: readonly ChurnChange[];
    readonly stableRoute: Measured<StableRouteCheck>;
    /** The stable route requested through the data plane throughout the changes (absent in older reports). */
    readonly stableRouteHttp?: Measured<StableProbeFigures>;
  };
}

export function isChurnResults(results: TestResults): results is ChurnResults {
  return 'churn' in results && typeof (results as { churn?: unknown }).churn === 'object';
}
