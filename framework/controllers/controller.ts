// The controller under test, behind one interface: how to get its binary, start it against a cluster, know it is
// ready, and where its metrics, data plane and log are. kgateway (controllers/kgateway/) is the first module.
import type { Progress } from '../cluster/build/progress.js';
import type { ControllerRestarted } from '../cluster/provider.js';
import type { Env } from '../env.js';
import type { Condition } from '../gatewayApi/types.js';
import type { KubeHttp } from '../kube/http.js';
import type { OwnedObject } from '../run/ownership.js';

/** A Gateway of a run, by namespace and name. */
export interface GatewayRef {
  readonly namespace: string;
  readonly name: string;
}

/** A node metadata value as an Envoy sends it: a string, or a map of strings (Istio's LABELS). */
export type XdsMetadataValue = string | Readonly<Record<string, string>>;

/** An object the run creates beside its Gateway, in the Gateway's namespace, labelled and deleted with the run. */
export interface GatewayCompanion {
  /** The collection to create it in, e.g. /api/v1/namespaces/<ns>/services. */
  readonly collection: string;
  readonly object: OwnedObject;
}

/** What a started controller needs from the cluster it runs against. */
export interface ControllerStartContext {
  readonly kubeconfigPath: string;
  /** The context to use in the kubeconfig. */
  readonly context: string;
  readonly http: KubeHttp;
  readonly installNamespace: string;
  readonly logPath: string;
  readonly progress: Progress;
  /** The embedded default's Envoy binary, when it installed one (kgateway's STRICT validation runs it). */
  readonly envoyBinary?: string;
}

/** A running controller: only what a running thing has. */
export interface StartedController {
  readonly name: string;
  /** A release version, or a checkout's commit (with "-dirty"), or what else tells the build apart. */
  readonly version: string;
  /** Where the binary came from (module proxy, source directory, prebuilt binary), for reports. */
  readonly origin: string;
  readonly gatewayClassName: string;
  readonly pid: number;
  readonly logPath: string;
  /** Prometheus metrics of the controller process, when it serves them. */
  readonly metricsUrl?: string;
  /** A data plane that serves the routes, when one runs. */
  readonly dataPlaneUrl?: string;
  /** host:port of the controller's xDS server, when it serves one. */
  readonly xdsAddress?: string;
  /** Where the controller answers 200 once ready, when it serves such an endpoint. */
  readonly readyUrl?: string;
  /** Stops the process and starts it again with the same settings and ports (ControllerRestart), when it can. */
  restart?(): Promise<ControllerRestarted>;
  stop(): Promise<void>;
}

/**
 * A workaround for a controller bug that leaves a new Gateway without any status: after `everyMs` without one,
 * `nudge` changes the Gateway so that the controller writes again. Route timings are never nudged.
 */
export interface GatewayStatusNudge {
  readonly everyMs: number;
  /** The upstream issue that makes the nudge necessary, for progress lines and reports. */
  readonly issue: string;
  needed(conditions: readonly Condition[]): boolean;
  /** Bumps the Gateway's generation; resolves with the generation the patch produced. */
  nudge(http: KubeHttp, gatewayPath: string, count: number): Promise<number>;
}

/**
 * A policy of the controller's own that attaches to one HTTPRoute and shows in its xDS as a request timeout (kgateway's
 * TrafficPolicy): what the Churn kinds "policy attached / detached" create and delete.
 */
export interface RoutePolicy {
  /** The kind, for messages: "TrafficPolicy". */
  readonly kind: string;
  /** The group-version path the API server serves it under (absent there: the policy phase is skipped). */
  readonly apiPath: string;
  /** Its collection in a namespace, or across namespaces. */
  collectionPath(namespace?: string): string;
  /** A policy named `name` on HTTPRoute `route` of its namespace, setting the route's request timeout. */
  object(options: { name: string; labels: Readonly<Record<string, string>>; route: string; requestTimeoutMs: number }): {
    readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
    readonly [field: string]: unknown;
  };
}

/** An A/B arm's controller spec after the name: `name@version` and `name:argument` (see spec.ts). */
export interface ControllerSpecParts {
  readonly version?: string;
  readonly argument?: string;
}

/** gateway-api-bench's README, whose Attached Routes table (1,000 routes, 16-core cluster) controller modules cite. */
export const GATEWAY_API_BENCH_README = 'https://github.com/howardjohn/gateway-api-bench (README, attached routes)';
/** What that table was measured with, as its README states: the route count and the cluster's cores. */
export const GATEWAY_API_BENCH_CONDITIONS = { routes: 1000, cores: 16 } as const;

/** Figures as gateway-api-bench published them (its README): not measured by this harness. */
export interface PublishedBenchFigures {
  readonly setupS: number;
  readonly teardownS: number;
  readonly writes: number;
  /** Where they were published. */
  readonly source: string;
}

export interface ControllerUnderTest {
  readonly name: string;
  /** The environment variables this module reads (which build to run, its settings). */
  readonly variables: readonly string[];
  /** This controller as its own variables configure it; bad values throw ConfigError before anything starts. */
  configure(env: Env): ControllerUnderTest;
  /** The variables that select `name@version` / `name:argument`; ConfigError for what this module does not take. */
  specEnv(spec: ControllerSpecParts): Record<string, string>;
  /** The spec syntax this module takes, for --help. */
  readonly specHelp: readonly string[];
  /** The GatewayClass the controller creates or claims. */
  readonly gatewayClassName: string;
  readonly defaultInstallNamespace: string;
  /** Ports the controller cannot be told to change: only one instance can run on a machine. */
  readonly fixedPorts: readonly number[];
  /** Why no data plane serves routes when this controller runs without a kubelet. */
  readonly noDataPlaneReason: string;
  /**
   * Whether the embedded default serves this controller's Gateways with an upstream Envoy per Gateway (framework/envoy/),
   * identified by xdsNodeId/xdsNodeMetadata: `default` unless LOADTEST_ENVOY=false (kgateway), `opt-in` only with
   * LOADTEST_ENVOY=true (an experiment); absent: never (a controller that is its own proxy, or serves no xDS).
   */
  readonly envoyDataPlane?: 'default' | 'opt-in';
  /**
   * gateway-api-bench's published Attached Routes figures for this controller (1,000 routes, 16-core cluster), shown
   * beside ours by `npm run compare:implementations`; absent when it published none.
   */
  readonly publishedBench?: PublishedBenchFigures;
  /** A phase timeout for `routes` routes, for a controller slower by design than the default allows. */
  readonly phaseTimeoutMs?: (routes: number) => number;
  /** Installs the Gateway API CRDs at the version this controller release is built against. */
  installGatewayApi(http: KubeHttp, progress: Progress): Promise<void>;
  /** Builds (or finds in the cache) the controller's binary; returns its path. */
  build(progress: Progress): Promise<string>;
  /** Installs what the controller needs (its CRDs, parameters), starts it, and resolves once it is ready. */
  start(context: ControllerStartContext): Promise<StartedController>;
  readonly gatewayStatusNudge?: GatewayStatusNudge;
  /** The controller's own route policy, when it has one the Churn policy kinds can attach. */
  readonly routePolicy?: RoutePolicy;
  /**
   * The node metadata an Envoy of `gateway` presents on the controller's xDS server, when it serves one: what an
   * xDS observer standing in for that proxy sends (framework/xds/adsObserver.ts).
   */
  xdsNodeMetadata?(gateway: GatewayRef): Readonly<Record<string, XdsMetadataValue>>;
  /** The node id that Envoy presents, when the controller reads it (Istio does; kgateway ignores it). */
  xdsNodeId?(gateway: GatewayRef): string;
  /**
   * Objects the controller expects beside a Gateway of its class that its own deployment machinery would create
   * with a kubelet (Istio: the proxy's Service and its endpoint), created by the run just before the Gateway.
   */
  gatewayCompanions?(gateway: GatewayRef): GatewayCompanion[];
  /** The controller's own account of a failed run, from its log. */
  recentProblems(logPath: string | undefined): string;
}
