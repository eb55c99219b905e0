// What the providers that create a cluster (local, k3s) do alike: install the Gateway API CRDs, start the controller
// under test unless SKIP_INSTALL, and describe it.
import { join } from 'node:path';
import type { ControllerUnderTest, StartedController } from '../../controllers/index.js';
import type { EnvoySettings } from '../../envoy/settings.js';
import { KubeHttp } from '../../kube/http.js';
import { resolveConnection } from '../../kube/kubeconfig.js';
import type { Progress } from '../build/progress.js';
import type { ClusterDescription } from '../provider.js';

/** The options every provider that creates a cluster takes. */
export interface CreatedClusterOptions {
  readonly installNamespace: string;
  readonly skipInstall: boolean;
  readonly logDir: string;
  readonly progress?: Progress;
  /** The controller under test (the registry's default when not given). */
  readonly controller?: ControllerUnderTest;
  /** The Envoy per Gateway (LOADTEST_ENVOY*): read by selectProvider; the local provider alone runs one. */
  readonly envoy?: EnvoySettings;
}

/** Installs the Gateway API and, unless skipInstall, starts the controller; returns the started controller. */
export async function installOnNewCluster(
  cluster: { kubeconfigPath: string; context: string },
  controller: ControllerUnderTest,
  options: CreatedClusterOptions & { progress: Progress; envoyBinary?: string },
): Promise<StartedController | undefined> {
  const http = KubeHttp.fromConnection(await resolveConnection(cluster));
  try {
    await controller.installGatewayApi(http, options.progress);
    if (options.skipInstall) return undefined;
    return await controller.start({
      kubeconfigPath: cluster.kubeconfigPath,
      context: cluster.context,
      http,
      installNamespace: options.installNamespace,
      logPath: join(options.logDir, `${controller.name}.log`),
      progress: options.progress,
      envoyBinary: options.envoyBinary,
    });
  } finally {
    await http.close();
  }
}

/** The description fields that follow from the controller (started or not). */
export function describeController(
  controller: ControllerUnderTest,
  started: StartedController | undefined,
): Pick<ClusterDescription, 'gatewayClassName' | 'controller' | 'controllerMetricsUrl' | 'dataPlaneUrl' | 'xdsAddress' | 'xdsAbsentReason' | 'logs'> {
  return {
    gatewayClassName: started?.gatewayClassName ?? controller.gatewayClassName,
    controller: started && {
      name: started.name,
      version: started.version,
      origin: started.origin,
      pid: started.pid,
      logPath: started.logPath,
      metricsUrl: started.metricsUrl,
      xdsAddress: started.xdsAddress,
    },
    controllerMetricsUrl: started?.metricsUrl,
    // A controller that is its own proxy (Traefik) gives the run a data plane even without a kubelet.
    dataPlaneUrl: started?.dataPlaneUrl,
    xdsAddress: started?.xdsAddress,
    xdsAbsentReason: started?.xdsAddress
      ? undefined
      : started
        ? `${started.name} serves no xDS`
        : 'SKIP_INSTALL=true: this run did not start the controller, so there is no xDS server to observe',
    logs: started ? { [started.name]: started.logPath } : {},
  };
}
