// What a provider that creates a cluster (local, k3s) puts on it once its API server answers: the Gateway API CRDs
// and, unless SKIP_INSTALL, the controller under test. framework/testBed.ts gives the installer: cluster/ knows no
// controller.
import type { Progress } from '../build/progress.js';
import type { ClusterDescription, ControllerRestarted } from '../provider.js';

/** What runs on the cluster after the install: the description's fields that follow from it, and how to stop it. */
export interface Installed {
  readonly description: Pick<
    ClusterDescription,
    | 'installNamespace'
    | 'gatewayClassName'
    | 'controller'
    | 'controllerMetricsUrl'
    | 'dataPlaneUrl'
    | 'xdsAddress'
    | 'xdsAbsentReason'
    | 'envoy'
    | 'envoyAbsentReason'
    | 'logDir'
    | 'logs'
  >;
  /** The controller's name, and why it has no data plane without a kubelet (for dataPlaneAbsentReason). */
  readonly controllerName: string;
  readonly noDataPlaneReason: string;
  /** Stops the controller and starts it again (ControllerRestart), when it can. */
  readonly restartController?: () => Promise<ControllerRestarted>;
  /** Stops what the install started (not the cluster). */
  stop(): Promise<void>;
}

export interface ClusterInstaller {
  /**
   * What the install needs that can be had before the cluster starts (a download): done first, so that its failure
   * costs nothing to undo.
   */
  prepare?(progress: Progress): Promise<void>;
  /** Installs onto the new cluster; the provider stops the cluster again if this throws. */
  install(cluster: { readonly kubeconfigPath: string; readonly context: string }, progress: Progress): Promise<Installed>;
}

/** The options every provider that creates a cluster takes. */
export interface CreatedClusterOptions {
  readonly logDir: string;
  readonly progress?: Progress;
  readonly installer: ClusterInstaller;
  /** LOADTEST_KWOK: run KWOK and kube-scheduler beside the control plane, so that simulated backends are pods. */
  readonly kwok?: boolean;
}
