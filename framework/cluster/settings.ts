// Which cluster a run uses, read and validated once from the environment the Go harness uses plus a few variables
// of ours. Providers get these settings and never read the environment themselves.
import type { Env } from '../env.js';
import type { ProviderName } from './provider.js';
import { clusterSection } from './section.js';

export interface ClusterSettings {
  readonly provider: ProviderName;
  /** What chose the provider: CLUSTER_PROVIDER itself, or (when it is not set) CLUSTER_NAME, KUBECONFIG or nothing. */
  readonly providerChosenBy: 'CLUSTER_PROVIDER' | 'CLUSTER_NAME' | 'KUBECONFIG' | 'default';
  /** CLUSTER_NAME: kind's cluster name, selecting context kind-<name>. */
  readonly clusterName?: string;
  /** KUBECONFIG as kubectl reads it; undefined means ~/.kube/config. */
  readonly kubeconfig?: string;
  readonly installNamespace: string;
  /**
   * SKIP_INSTALL: do not install or start the controller under test. A cluster this run creates (local, k3s) still
   * gets the Gateway API CRDs, since it has nothing else; on an existing cluster nothing is ever installed.
   */
  readonly skipInstall: boolean;
  /** LOADTEST_ALLOW_CONTEXT: the one non-test context the user allows this run to use. */
  readonly allowContext?: string;
  /** GATEWAY_CLASS: the class the run's Gateways use on an existing cluster. */
  readonly gatewayClassName?: string;
  /** LOADTEST_CONTROLLER_METRICS_URL: the controller's Prometheus endpoint on an existing cluster. */
  readonly controllerMetricsUrl?: string;
  /** LOADTEST_DATA_PLANE_URL: a data plane serving the run's Gateway on an existing cluster. */
  readonly dataPlaneUrl?: string;
  /** LOADTEST_XDS_ADDRESS: host:port of the controller's xDS server on an existing cluster (e.g. a port-forward). */
  readonly xdsAddress?: string;
  /** LOADTEST_KWOK: KWOK and kube-scheduler beside the local control plane; backends become pods of Deployments. */
  readonly kwok: boolean;
}

/** `defaultInstallNamespace`: the controller's, when INSTALL_NAMESPACE is not set. */
export function readClusterSettings(env: Env, defaultInstallNamespace: string): ClusterSettings {
  const settings = clusterSection.read(env);
  const { name: clusterName, kubeconfig } = settings;
  return {
    provider: settings.provider ?? (clusterName || kubeconfig ? 'existing' : 'local'),
    providerChosenBy: settings.provider ? 'CLUSTER_PROVIDER' : clusterName ? 'CLUSTER_NAME' : kubeconfig ? 'KUBECONFIG' : 'default',
    clusterName,
    kubeconfig,
    installNamespace: settings.installNamespace ?? defaultInstallNamespace,
    skipInstall: settings.skipInstall,
    allowContext: settings.allowContext,
    gatewayClassName: settings.gatewayClass,
    controllerMetricsUrl: settings.controllerMetricsUrl,
    dataPlaneUrl: settings.dataPlaneUrl,
    xdsAddress: settings.xdsAddress,
    kwok: settings.kwok,
  };
}

/**
 * When an exported KUBECONFIG alone chose the existing-cluster provider (a newcomer's shell often has one), how to
 * run on the embedded default instead; empty when the user chose the provider or the cluster on purpose.
 */
export function embeddedDefaultHint(settings: Pick<ClusterSettings, 'providerChosenBy' | 'kubeconfig'>): string {
  if (settings.providerChosenBy !== 'KUBECONFIG') return '';
  return (
    `. CLUSTER_PROVIDER is not set, so the exported KUBECONFIG (${settings.kubeconfig}) chose the existing-cluster provider. ` +
    'To run on the embedded default instead (a local control plane with the controller under test, started and stopped by the run): ' +
    '`env -u KUBECONFIG npm run baseline`, or `CLUSTER_PROVIDER=local npm run baseline`'
  );
}
