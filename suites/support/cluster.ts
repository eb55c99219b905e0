// What a test file needs to talk to the run's cluster.
import { inject } from 'vitest';
import { KubeHttp } from '../../framework/cluster/kubeHttp.js';
import { loadKubeConfig } from '../../framework/cluster/provider.js';

export function runCluster() {
  const description = inject('cluster');
  const kubeConfig = loadKubeConfig(description);
  return { description, kubeConfig, connect: () => KubeHttp.fromKubeConfig(kubeConfig) };
}
