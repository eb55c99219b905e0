// Starts the run's cluster once (the local control plane with kgateway unless told otherwise) and stops it at the end.
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import type { ClusterDescription } from '../framework/cluster/provider.js';
import { selectProvider } from '../framework/cluster/selectProvider.js';
import type { ApiConnection } from '../framework/kube/connection.js';
import { resolveConnection } from '../framework/kube/kubeconfig.js';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterDescription;
    connection: ApiConnection;
    runLogDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logDir = join(process.cwd(), 'reports', 'logs', new Date().toISOString().replace(/[:.]/g, '-'));
  const provider = selectProvider(process.env, logDir);
  const cluster = await provider.start();
  project.provide('cluster', cluster.description);
  try {
    project.provide('connection', await resolveConnection(cluster.description));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide('runLogDir', logDir);
  return async () => {
    await cluster.stop();
  };
}
