// K3s in a container (testcontainers), where a Docker engine exists; what the installer starts (the controller under
// test) then runs locally against it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { K3sContainer } from '@testcontainers/k3s';
import { getContainerRuntimeClient } from 'testcontainers';
import { resolveConnection } from '../../kube/kubeconfig.js';
import { printProgress } from '../build/progress.js';
import { removeOnExit } from '../process/processes.js';
import type { ClusterDescription, ClusterProvider, StartedCluster } from '../provider.js';
import type { CreatedClusterOptions, Installed } from './install.js';

export const K3S_IMAGE = 'rancher/k3s:v1.33.5-k3s1';
export const K3S_CONTEXT = 'k3s-testcontainers';

/** Throws a clear error when no container runtime answers (this project's CI machines have none). */
export async function requireContainerRuntime(): Promise<void> {
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    throw new Error(`CLUSTER_PROVIDER=k3s needs a Docker (or Podman) engine, and none was found: ${(error as Error).message}`);
  }
}

export class K3sProvider implements ClusterProvider {
  readonly name = 'k3s' as const;

  constructor(private readonly options: CreatedClusterOptions) {}

  async start(): Promise<StartedCluster> {
    const progress = this.options.progress ?? printProgress;
    await requireContainerRuntime();
    await this.options.installer.prepare?.(progress);
    progress(`[k3s] starting ${K3S_IMAGE}`);
    const container = await new K3sContainer(K3S_IMAGE).start();
    const dir = mkdtempSync(join(tmpdir(), 'gateway-loadtest-k3s-'));
    const removeDir = removeOnExit(dir);
    const kubeconfigPath = join(dir, 'k3s.kubeconfig');
    // The container's kubeconfig names its context "default"; ours marks it as a test cluster.
    writeFileSync(kubeconfigPath, container.getKubeConfig().replaceAll(/\bdefault\b/g, K3S_CONTEXT), { mode: 0o600 });
    let installed: Installed;
    let server: string;
    try {
      server = (await resolveConnection({ kubeconfigPath, context: K3S_CONTEXT })).server;
      installed = await this.options.installer.install({ kubeconfigPath, context: K3S_CONTEXT }, progress);
    } catch (error) {
      await container.stop();
      removeDir();
      throw error;
    }
    const description: ClusterDescription = {
      provider: 'k3s',
      kubeconfigPath,
      context: K3S_CONTEXT,
      server,
      // K3s runs a kubelet: fake Nodes would disturb the node's networking.
      capabilities: { canRunFakeNodes: false },
      ...installed.description,
      dataPlaneAbsentReason: installed.description.dataPlaneUrl
        ? undefined
        : `${installed.controllerName} runs outside the K3s container, so no data plane serves routes (${installed.noDataPlaneReason})`,
    };
    return {
      description,
      async stop() {
        await installed.stop();
        await container.stop();
        removeDir();
      },
    };
  }
}
