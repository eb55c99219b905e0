// Which cluster a run uses, read from the environment the Go harness uses plus a few variables of ours.
import { ConfigError, readBoolean, readChoice, readString, type Env } from '../env.js';
import type { ProviderName } from './provider.js';

export interface ClusterSettings {
  readonly provider: ProviderName;
  /** CLUSTER_NAME: kind's cluster name, selecting context kind-<name>. */
  readonly clusterName?: string;
  /** KUBECONFIG as kubectl reads it; undefined means ~/.kube/config. */
  readonly kubeconfig?: string;
  readonly installNamespace: string;
  readonly skipInstall: boolean;
  /** LOADTEST_ALLOW_CONTEXT: the one non-test context the user allows this run to use. */
  readonly allowContext?: string;
}

export const PROVIDERS: readonly ProviderName[] = ['local', 'existing', 'k3s'];

export function readClusterSettings(env: Env): ClusterSettings {
  const clusterName = readString(env, 'CLUSTER_NAME');
  const kubeconfig = readString(env, 'KUBECONFIG');
  const installNamespace = readString(env, 'INSTALL_NAMESPACE') ?? 'kgateway-system';
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(installNamespace)) {
    throw new ConfigError(`INSTALL_NAMESPACE=${JSON.stringify(installNamespace)} is not a valid namespace name`);
  }
  return {
    provider: readChoice(env, 'CLUSTER_PROVIDER', PROVIDERS, clusterName || kubeconfig ? 'existing' : 'local'),
    clusterName,
    kubeconfig,
    installNamespace,
    skipInstall: readBoolean(env, 'SKIP_INSTALL', false),
    allowContext: readString(env, 'LOADTEST_ALLOW_CONTEXT'),
  };
}
