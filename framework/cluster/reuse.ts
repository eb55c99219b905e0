// What points a later run at a cluster that is kept running (`npm run cluster:up`): every setting the run needs to
// measure there what it measures on the embedded default (the controller's metrics, its xDS server for route ready
// and "all in xDS", a data plane if one runs), and a command that loads the cluster tests only.
import type { ClusterDescription } from './provider.js';

/** The command a reused cluster is meant for: the Attached Routes Baseline, cluster tier only (not all test files). */
export const REUSE_COMMAND = 'npx vitest run --project cluster suites/attachedRoutes.test.ts -t AttachedRoutesBaseline';

/** The environment of a run against `cluster` as the existing-cluster provider (framework/cluster/settings.ts) reads it. */
export function reuseEnvironment(cluster: ClusterDescription): Record<string, string> {
  const optional = {
    LOADTEST_CONTROLLER_METRICS_URL: cluster.controllerMetricsUrl,
    LOADTEST_XDS_ADDRESS: cluster.xdsAddress,
    LOADTEST_DATA_PLANE_URL: cluster.dataPlaneUrl,
  };
  return {
    CLUSTER_PROVIDER: 'existing',
    KUBECONFIG: cluster.kubeconfigPath,
    SKIP_INSTALL: 'true',
    INSTALL_NAMESPACE: cluster.installNamespace,
    GATEWAY_CLASS: cluster.gatewayClassName,
    ...Object.fromEntries(Object.entries(optional).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  };
}

/** A value as the shell reads it back unchanged. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The one line to copy: the environment, then REUSE_COMMAND (or `command`). */
export function reuseLine(cluster: ClusterDescription, command = REUSE_COMMAND): string {
  const variables = Object.entries(reuseEnvironment(cluster)).map(([name, value]) => `${name}=${shellWord(value)}`);
  return `${variables.join(' ')} ${command}`;
}

/** The environment as `export NAME=value` lines, for a script to source. */
export function reuseExports(cluster: ClusterDescription): string {
  return Object.entries(reuseEnvironment(cluster))
    .map(([name, value]) => `export ${name}=${shellWord(value)}\n`)
    .join('');
}
