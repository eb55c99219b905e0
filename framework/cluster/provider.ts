// What every cluster provider gives a run: a started cluster with its kubeconfig and a plain-data description
// (so that Vitest's globalSetup can hand it to test files), including what the cluster can do.
export type ProviderName = 'local' | 'existing' | 'k3s';

/** What a run may do on this cluster, decided by its provider (never by comparing provider names). */
export interface ClusterCapabilities {
  /** No kubelet runs, so fake Nodes disturb nothing (on kind or K3s they would disturb the node's networking). */
  readonly canRunFakeNodes: boolean;
  /**
   * KWOK runs beside the control plane (LOADTEST_KWOK, local provider only): pods on its fake Nodes become Ready, so the
   * simulated backends are Deployments whose EndpointSlices the endpointslice controller writes. Absent: false.
   */
  readonly simulatesPods?: boolean;
}

export interface ClusterDescription {
  readonly provider: ProviderName;
  /** A kubeconfig file (or a KUBECONFIG list) and the context to use in it. */
  readonly kubeconfigPath: string;
  readonly context: string;
  readonly server: string;
  readonly installNamespace: string;
  readonly gatewayClassName: string;
  readonly capabilities: ClusterCapabilities;
  /** Set when this run started the controller under test itself. */
  readonly controller?: {
    readonly name: string;
    readonly version: string;
    /** Where its binary came from (module proxy, source directory, prebuilt binary, or that it is an instrument). */
    readonly origin: string;
    readonly pid: number;
    readonly logPath: string;
    readonly metricsUrl?: string;
    readonly xdsAddress?: string;
  };
  /** Where the run can read the controller's Prometheus metrics, when it can. */
  readonly controllerMetricsUrl?: string;
  /** Base URL of a data plane that serves the routes, when the run knows one. */
  readonly dataPlaneUrl?: string;
  /** Why there is no data plane, when there is none. */
  readonly dataPlaneAbsentReason?: string;
  /** An Envoy binary the run starts per Gateway as its data plane (embedded default, framework/envoy/). */
  readonly envoy?: { readonly binary: string; readonly version: string; readonly origin: string };
  /** Why no Envoy is started per Gateway, when none is. */
  readonly envoyAbsentReason?: string;
  /** host:port of the controller's xDS (ADS) server, where an observer can connect as the Gateway's proxy. */
  readonly xdsAddress?: string;
  /** Why there is no xDS address, when there is none (route ready by xDS is then not measured). */
  readonly xdsAbsentReason?: string;
  /** The directory of those logs (reports/logs/<time>/), where processes a test starts (a Gateway's Envoy) write theirs. */
  readonly logDir?: string;
  /** Log files of the processes this run started, by component. */
  readonly logs: Readonly<Record<string, string>>;
}

/** A controller process stopped and started again; whether it is ready is for the caller to measure. */
export interface ControllerRestarted {
  readonly pid: number;
  /** SIGTERM sent -> the old process gone. */
  readonly stopMs: number;
  readonly readyUrl?: string;
}

export interface StartedCluster {
  readonly description: ClusterDescription;
  /** Stops the controller this cluster started and starts it again (ControllerRestart), when it can. */
  restartController?(): Promise<ControllerRestarted>;
  stop(): Promise<void>;
}

export interface ClusterProvider {
  readonly name: ProviderName;
  start(): Promise<StartedCluster>;
}
