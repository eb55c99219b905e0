// What a test file needs to talk to the run's cluster.
import { inject } from 'vitest';
import { KubeHttp } from '../../framework/cluster/kubeHttp.js';
import { loadKubeConfig } from '../../framework/cluster/provider.js';

export function runCluster() {
  const description = inject('cluster');
  const kubeConfig = loadKubeConfig(description);
  // `connections` caps requests in flight: give it the run's concurrency.
  return { description, kubeConfig, connect: (connections?: number) => KubeHttp.fromKubeConfig(kubeConfig, connections) };
}
